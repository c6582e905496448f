"""An openai-kind bot whose `content` is a list of parts (outsider 16 #4: the raw JSON of
`[{"type": "text", "text": "Hello"}, {"type": "image"}, 5]` was sent to the customer as the
bot's words and graded): the text parts are the reply, a part that is not text is left out,
and a list with no text at all is a `malformed` infrastructure error saying what it held."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.model import OpenAITarget
from agents.targets.openai import OpenAIAdapter


@contextmanager
def endpoint(content: Any) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            reply = {
                "id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": content}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }  # fmt: skip
            data = json.dumps(reply).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def ask(content: Any) -> str:
    with endpoint(content) as url:
        spec = OpenAITarget.model_validate(
            {"kind": "openai", "base_url": url, "model": "fake", "system_prompt": "Help."}
        )
        adapter = OpenAIAdapter(spec)
        return asyncio.run(adapter.call(BotRequest("c-1", "My order broke", [], 1))).text


def test_the_text_parts_are_the_reply_and_other_parts_are_left_out() -> None:
    parts = [{"type": "text", "text": "Hello"}, {"type": "image"}, 5,
             {"type": "text", "text": ", what is your order number?"}]  # fmt: skip
    assert ask(parts) == "Hello, what is your order number?"


@pytest.mark.parametrize(
    ("content", "held"),
    [
        (
            [{"type": "image_url", "image_url": {"url": "x"}}, 5],
            "a part of type 'image_url', an int",
        ),
        ({"text": "Hello"}, None),
    ],
)
def test_content_without_text_is_a_malformed_reply(content: Any, held: str | None) -> None:
    with pytest.raises(TargetError) as info:
        ask(content)
    assert info.value.kind == "malformed"
    if held is not None:
        assert f"malformed reply: the content is a list with no text part ({held})" in str(
            info.value
        )
    else:
        assert "malformed reply: the content is a dict, not text or a list of parts" in str(
            info.value
        )
