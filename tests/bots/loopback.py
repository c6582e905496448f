"""A test bot on 127.0.0.1 over HTTP, the set-up the bot tests share.

`serve(handle)` runs a stdlib server on a free loopback port for the duration of a `with`;
every POST's JSON body, its headers and its path go to `handle`, whose dict is the JSON
reply. `chat(reply)` adapts a bot written as a function of the conversation so far
([{"role", "content"}], as `convsim test` calls Python bots) to the body an `http` target
file sends (`message` + `history`), so one bot can be played both ways.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Messages = list[dict[str, str]]
Handle = Callable[[dict[str, Any], Mapping[str, str], str], dict[str, Any]]

TARGET = (
    "kind: http\nurl: {url}\n"
    "body: {{conversation_id: '{{conversation_id}}', message: '{{message}}', "
    "history: '{{history}}'}}\n"
    "reply: $.reply\n"
)
"""A target file for a bot served by `serve(chat(...))`: format it with the bot's url."""


@contextmanager
def serve(handle: Handle) -> Iterator[str]:
    """Yield the server's base url ("http://127.0.0.1:PORT"); it is shut down on exit."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            data = json.dumps(handle(body, dict(self.headers), self.path)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def conversation(body: Mapping[str, Any]) -> Messages:
    """The conversation so far from a request body: its history, then the new message."""
    return [*body.get("history", []), {"role": "user", "content": body["message"]}]


def chat(reply: Callable[[Messages], str | dict[str, Any]]) -> Handle:
    """A handler playing `reply`, a bot written as a function of the conversation so far."""

    def handle(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
        said = reply(conversation(body))
        return said if isinstance(said, dict) else {"reply": said}

    return handle
