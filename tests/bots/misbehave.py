"""An HTTP bot on 127.0.0.1 that misbehaves in one way per path, for the target adapters'
tests: each answer is what some real endpoint does now and then (an HTML error page, an
empty 200, an error object with status 200, a stream nobody asked for, a body that trickles
in slower than any timeout, a 429 with Retry-After, a redirect, Latin-1 bytes, 50 MB).

    python tests/bots/misbehave.py --port 8799        # then POST /<mode>

`/ok` is a well-behaved bot (`{"reply": ...}`). Every loop is bounded: the trickle stops
after `TRICKLE_S` seconds, the huge body is written in 1 MB pieces and stops when the client
hangs up. `Misbehaving.hits` counts requests per mode, so a test can see a retry.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TRICKLE_S = 20.0  # the trickle gives up after this, whatever the client does
HUGE_MB = 50
OK = {"reply": "Hello! How can I help with your order today?"}


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b'{"reply": "' + b" " * (HUGE_MB << 20) + b'"}', compresslevel=1)


class Handler(BaseHTTPRequestHandler):
    server: Misbehaving
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _send(
        self, status: int, body: bytes, ctype: str = "application/json", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        sent = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        mode = self.path.strip("/").split("?")[0]
        if mode.startswith("v1/") and mode.endswith("/chat/completions"):
            mode = mode.removeprefix("v1/").removesuffix("/chat/completions")
            if mode.startswith("tool-"):  # an OpenAI-compatible model with odd tool calls
                self._model_tools(mode, json.loads(sent or b"{}"))
                return
            if mode == "ok":
                self._send(200, json.dumps(completion({"content": OK["reply"]})).encode())
                return
        with self.server.lock:
            self.server.hits[mode] += 1
            hit = self.server.hits[mode]
        if mode.startswith("later/"):  # fine for the first request (the preflight), then not
            mode = "ok" if hit == 1 else mode.removeprefix("later/")
        try:
            self._answer(mode, hit)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client hung up: what a bounded client does to a huge or slow body

    def _answer(self, mode: str, hit: int) -> None:
        ok = json.dumps(OK).encode()
        if mode == "ok":
            self._send(200, ok)
        elif mode == "html":
            page = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"
            self._send(200, page, "text/html")
        elif mode == "empty":
            self._send(200, b"")
        elif mode == "error200":
            err = {"error": {"message": "upstream model overloaded", "code": "overloaded"}}
            self._send(200, json.dumps(err).encode())
        elif mode == "sse":
            events = b"".join(
                b"data: " + json.dumps({"delta": w}).encode() + b"\n\n"
                for w in ("Hello", " there", "!")
            )
            self._send(200, events + b"data: [DONE]\n\n", "text/event-stream")
        elif mode == "trickle":
            self._trickle()
        elif mode == "429once":  # busy once, then fine: a client that honours Retry-After passes
            if hit == 1:
                self._send(429, b'{"error": "slow down"}', Retry_After="1")
            else:
                self._send(200, ok)
        elif mode == "429long":
            self._send(429, b'{"error": "slow down"}', Retry_After="3600")
        elif mode == "redirect":
            self._send(307, b"", Location="/ok")
        elif mode == "latin1":
            self._send(
                200, '{"reply": "Caf\u00e9 cr\u00e8me: your order is fine."}'.encode("latin-1")
            )
        elif mode == "latin1-declared":
            body = '{"reply": "Caf\u00e9 cr\u00e8me: your order is fine."}'.encode("latin-1")
            self._send(200, body, "application/json; charset=iso-8859-1")
        elif mode == "huge":
            self._huge()
        elif mode == "huge-chunked":
            self._huge_chunked()
        elif mode == "gzip-bomb":
            self._gzip_bomb()
        elif mode == "crash":  # read the request, then die before a byte of answer
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            self._send(404, b'{"error": "unknown mode"}')

    def _trickle(self) -> None:
        """A valid JSON answer, one byte per second: each read is quick, the whole is not."""
        body = json.dumps(OK).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        deadline = time.monotonic() + TRICKLE_S
        for i in range(len(body)):
            if time.monotonic() > deadline:
                return
            self.wfile.write(body[i : i + 1])
            self.wfile.flush()
            time.sleep(1.0)

    def _huge(self) -> None:
        chunk = b" " * (1 << 20)
        head = b'{"reply": "'
        size = len(head) + HUGE_MB * len(chunk) + 2
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        self.wfile.write(head)
        for _ in range(HUGE_MB):
            self.wfile.write(chunk)
        self.wfile.write(b'"}')

    def _gzip_bomb(self) -> None:
        """A few hundred kilobytes on the wire, 50 MB once unpacked."""
        body = _bomb()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _huge_chunked(self) -> None:
        """The same size with no Content-Length: only counting what arrives can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b" " * (1 << 20)
        for piece in [b'{"reply": "', *([chunk] * HUGE_MB), b'"}']:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        self.wfile.write(b"0\r\n\r\n")

    def _model_tools(self, mode: str, request: dict[str, Any]) -> None:
        """Calls a tool in a way a real server sometimes does, then answers once it got the
        result (the last message is a tool message)."""
        messages = request.get("messages") or [{}]
        if messages[-1].get("role") == "tool":
            message: dict[str, Any] = {"content": "I have looked into it for you."}
        else:
            message = {"content": None, "tool_calls": [TOOL_CALLS[mode]]}
        self._send(200, json.dumps(completion(message)).encode())


def completion(message: dict[str, Any]) -> dict[str, Any]:
    """A chat completion holding one assistant message."""
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "misbehaving",
        "choices": [{"index": 0, "message": {"role": "assistant", **message}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 3, "total_tokens": 8},
    }


def _call(name: str, arguments: Any) -> dict[str, Any]:
    return {"id": "call-1", "type": "function", "function": {"name": name, "arguments": arguments}}


TOOL_CALLS: dict[str, dict[str, Any]] = {
    "tool-unknown": _call("launch_rocket", "{}"),  # no such tool
    "tool-badjson": _call("get_order", "{order_id: W1"),  # arguments that are not JSON
    "tool-object": _call("get_order", {"order_id": "W1"}),  # an object, not JSON text
    "tool-list": _call("get_order", "[1, 2]"),  # JSON, but not an object
    "tool-noname": {"id": "call-1", "type": "function", "function": {"arguments": "{}"}},
    "tool-null": _call("get_order", None),  # arguments null
}


class Misbehaving(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    def url(self, mode: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{mode}"


@contextmanager
def serving() -> Iterator[Misbehaving]:
    server = Misbehaving()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="An HTTP bot that misbehaves per path.")
    parser.add_argument("--port", type=int, default=8799)
    server = Misbehaving(parser.parse_args().port)
    print(f"misbehaving bot on {server.url('<mode>')}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
