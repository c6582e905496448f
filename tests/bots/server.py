"""The test bots on loopback: one stdlib HTTP server, a bot per path.

- `POST /correct`, `POST /leaky`: JSON `{conversation_id, message, history}` in,
  `{"reply": ..., "handoff": ...}` out; with a token set, anything without
  `Authorization: Bearer <token>` gets 401.
- `POST /flaky`: the correct bot, slow (`delay_s` per reply) and failing now and then: a reply
  whose content hash falls in a bucket gets a 500 or hangs past the client's timeout. The
  choice hashes the conversation content (not the session id), so it is the same every run.
- `POST /malformed`: answers with text that is not JSON.
- `POST /v1/chat/completions`: the correct bot behind the OpenAI Chat Completions protocol;
  the system prompts it was sent are kept in `seen_system`.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bots.logic import answer


@dataclass
class BotServer:
    url: str
    token: str | None = None
    delay_s: float = 0.0
    hang_s: float = 30.0
    seen_system: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # session id -> "500" or "hang"
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    release: threading.Event = field(default_factory=threading.Event)  # ends every hang


def fault(message: str, history: list[dict[str, str]]) -> str | None:
    """'500', 'hang' or None for this reply: about one reply in 12 fails."""
    digest = hashlib.blake2b(f"{len(history)}:{message}".encode(), digest_size=4).digest()
    bucket = int.from_bytes(digest, "big") % 24
    return "500" if bucket == 0 else "hang" if bucket == 1 else None


def _handler(state: BotServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real bot servers do

        def log_message(self, format: str, *args: Any) -> None:
            return None

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            size = int(self.headers.get("Content-Length", "0"))
            data = json.loads(self.rfile.read(size) or b"{}")
            with state.lock:
                state.calls += 1
            if self.path == "/v1/chat/completions":
                self._chat(data)
                return
            if state.token and self.headers.get("Authorization") != f"Bearer {state.token}":
                self._send(401, b'{"error": "unauthorized"}')
                return
            history = data.get("history", [])
            messages = [*history, {"role": "user", "content": data.get("message", "")}]
            if self.path == "/malformed":
                self._send(200, b"{'reply': 'sure thing'")
                return
            if self.path == "/flaky":
                kind = fault(data.get("message", ""), history)
                if kind is not None:
                    with state.lock:
                        state.failed[data.get("conversation_id", "")] = kind
                    if kind == "500":
                        self._send(500, b'{"error": "internal"}')
                        return
                    state.release.wait(state.hang_s)
                time.sleep(state.delay_s)
            leak = self.path == "/leaky"
            self._send(200, json.dumps(answer(messages, leak_on_injection=leak)).encode())

        def _chat(self, data: dict[str, Any]) -> None:
            messages = data.get("messages", [])
            system = [m["content"] for m in messages if m.get("role") == "system"]
            with state.lock:
                state.seen_system.extend(system)
            talk = [m for m in messages if m.get("role") in ("user", "assistant")]
            reply = answer(talk)["reply"]
            body = {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": 0,
                "model": data.get("model", "bot"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": reply},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
            }
            self._send(200, json.dumps(body).encode())

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        return None  # a client that timed out closed the socket a hung reply writes to


@contextmanager
def serve(
    token: str | None = None, delay_s: float = 0.0, hang_s: float = 2.0
) -> Iterator[BotServer]:
    """Serve the bots on 127.0.0.1 with an ephemeral port for the duration of the block."""
    state = BotServer(url="", token=token, delay_s=delay_s, hang_s=hang_s)
    server = _Server(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join()
