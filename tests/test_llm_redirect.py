"""An LLM endpoint that answers the chat POST with a redirect (outsider 16 #2: a 301 to itself,
the GET it leads to a 404) was blamed on the model name ('--model fake: not served ... (404);
pick one listed'): the preflight says the endpoint redirected, where to, and that a POST is
not followed across a redirect."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Redirecting(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(self, code: int, body: Any, location: str = "") -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path.endswith("/models"):
            self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
        else:
            self._send(404, {"error": {"message": f"no route GET {self.path}"}})

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(301, {}, location=self.path)


class SignIn(Redirecting):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._send(302, {}, location="http://login.example.invalid/sso")


def preflight(handler: type[BaseHTTPRequestHandler], out: Path) -> tuple[str, Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "run", "--n", "1", "--seed", "1",
             "--model", "fake", "--base-url", base, "--out", str(out)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": "sk-x"},
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    return base, done


def test_a_redirect_to_another_host_is_one_whole_sentence(tmp_path: Path) -> None:
    """Outsider 16 #14: '... (the endpoint redirects to another host (URL); put the ), 2
    attempts': the cause was cut inside its own quote."""
    base, done = preflight(SignIn, tmp_path / "r")
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: --base-url {base}: the endpoint redirects to another host "
        "(http://login.example.invalid/sso); put the endpoint's own URL in --base-url\n",
    )


def test_a_post_redirected_to_a_get_is_named_as_a_redirect(tmp_path: Path) -> None:
    base, done = preflight(Redirecting, tmp_path / "r")
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: {base} answered the chat request (a POST) with HTTP 301 to "
        f"{base}/chat/completions; convsim does not follow a POST across a redirect (it would "
        "arrive as a GET, here answered 404): put the URL the endpoint lives at in --base-url\n",
    )
    assert not (tmp_path / "r").exists()
