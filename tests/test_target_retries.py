"""A bot reached over the network is asked again after a transient failure (a 5xx, a timeout,
a reset connection), with backoff, `retries` times (default 2) before the conversation is an
infrastructure error; a 4xx is never retried. The retries are recorded on the support turn."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from simulator.bots.testing import simulate_bot

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "data" / "bots" / "refund.yaml"


@contextmanager
def flaky(status: int, always: bool) -> Iterator[tuple[str, list[bytes]]]:
    """A bot that answers `status` the first time it gets each request (or every time)."""
    seen: list[bytes] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                first = body not in seen
                seen.append(body)
            if always or first:
                code, body = status, b'{"error": "boom"}'
            else:
                code, body = (
                    200,
                    json.dumps({"reply": "Could you give me the order number?"}).encode(),
                )
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/chat", seen
    finally:
        server.shutdown()
        server.server_close()


def _target(tmp: Path, url: str, extra: str = "") -> Path:
    path = tmp / "bot.yaml"
    path.write_text(f"kind: http\nurl: {url}\ntimeout_s: 5\n{extra}")
    return path


def test_a_500_now_and_then_is_retried_and_recorded(tmp_path: Path) -> None:
    with flaky(500, always=False) as (url, _):  # each message fails once
        run = simulate_bot(_target(tmp_path, url), SCENARIO, n=2, seed=1, out=tmp_path / "r")
    assert {r.status for r in run.results} != {"error"}
    assert all(r.status != "error" for r in run.results), [r.reason for r in run.results]
    retried = [
        t.usage
        for tr in run.transcripts
        for t in tr.turns
        if t.usage and "target_retries" in t.usage
    ]
    assert retried and all(u["retried_on"] == ["http_status"] for u in retried)


def test_retries_are_bounded_and_a_4xx_is_not_retried(tmp_path: Path) -> None:
    with flaky(503, always=True) as (url, seen):
        run = simulate_bot(
            _target(tmp_path, url, "retries: 1\n"), SCENARIO, n=1, seed=1, out=tmp_path / "a"
        )
    assert [r.status for r in run.results] == ["error"]
    assert "after 1 retries: http_status" in run.results[0].reason
    assert len(seen) == 2  # the first ask and one retry
    with flaky(404, always=True) as (url, seen):
        run = simulate_bot(_target(tmp_path, url), SCENARIO, n=1, seed=1, out=tmp_path / "b")
    assert [r.status for r in run.results] == ["error"]
    assert len(seen) == 1
