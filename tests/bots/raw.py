"""A loopback server that answers each path with exact bytes, for endpoints that break HTTP
itself (a body cut short, a status line that is not HTTP, a Content-Encoding that lies),
which an `http.server` handler cannot send. Shared by the bot-target and model tests.

    with raw_server({"cut": b"HTTP/1.1 200 OK\\r\\n..."}) as server:
        server.url("cut")           # http://127.0.0.1:PORT/cut
        server.url("v1/cut")        # the same answer (a model endpoint's /v1/<name>/...)

The first path segment after an optional `v1/` picks the answer: bytes sent as they are,
or a callable given the socket. The connection is closed after each answer.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

Answer = bytes | Callable[[socket.socket], None]


def http(
    body: bytes | str,
    status: str = "200 OK",
    ctype: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """A whole HTTP/1.1 answer with a Content-Length."""
    data = body.encode() if isinstance(body, str) else body
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(data)}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    return (head + "Connection: close\r\n\r\n").encode() + data


def completion(message: Any, finish_reason: str = "stop", usage: Any = None) -> str:
    """A chat completion whose first choice holds `message`."""
    return json.dumps(
        {
            "id": "chatcmpl-raw",
            "object": "chat.completion",
            "model": "raw",
            "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
            "usage": usage if usage is not None else {"prompt_tokens": 3, "completion_tokens": 2},
        }
    )


def endless_headers(conn: socket.socket) -> None:
    """An answer whose status line is followed by headers that never end (100 MB of them,
    far past what any client reads)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    try:
        for _ in range(100_000):
            conn.sendall(b"X-Pad: " + b"a" * 1000 + b"\r\n")
    except OSError:  # the client hung up: what should happen
        pass


async def failure(adapter: Any, message: str = "Hi") -> Any:
    """The TargetError an adapter's reply to `message` ends in (an AssertionError if it
    answers); the adapter is closed either way, so no socket outlives the test."""
    from agents.targets import TargetError
    from agents.targets.base import BotRequest

    try:
        await adapter.call(BotRequest("c-1", message, [], 1))
    except TargetError as exc:
        return exc
    finally:
        await adapter.aclose()
    raise AssertionError("the adapter answered")


class RawServer:
    def __init__(self, answers: Mapping[str, Answer]) -> None:
        self.answers = dict(answers)
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.closed = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def serve(self) -> None:
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    got = conn.recv(65536)
                    if not got:
                        return
                    data += got
                head, _, body = data.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                length = next(
                    (int(v) for k, _, v in (h.partition(":") for h in lines[1:])
                     if k.strip().lower() == "content-length"),
                    0,
                )  # fmt: skip
                while len(body) < length:
                    got = conn.recv(65536)
                    if not got:
                        return
                    body += got
                parts = lines[0].split()[1].strip("/").split("/")
                key = parts[1] if parts[0] == "v1" and len(parts) > 1 else parts[0]
                answer = self.answers.get(key, http(b'{"error": "no such answer"}', "404 No"))
                if callable(answer):
                    answer(conn)
                else:
                    conn.sendall(answer)
            except OSError:
                return  # the client hung up


@contextmanager
def raw_server(answers: Mapping[str, Answer]) -> Iterator[RawServer]:
    server = RawServer(answers)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.closed.set()
        server.sock.close()
