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


def test_a_post_redirected_to_a_get_is_named_as_a_redirect(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "run", "--n", "1", "--seed", "1",
             "--model", "fake", "--base-url", base, "--out", str(tmp_path / "r")],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": "sk-x"},
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
    finally:
        server.shutdown()
        server.server_close()
    assert (done.returncode, done.stderr) == (
        2,
        f"convsim: error: {base} answered the chat request (a POST) with HTTP 301 to "
        f"{base}/chat/completions; convsim does not follow a POST across a redirect (it would "
        "arrive as a GET, here answered 404): put the URL the endpoint lives at in --base-url\n",
    )
    assert not (tmp_path / "r").exists()
