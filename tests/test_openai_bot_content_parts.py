"""An openai-kind bot whose `content` is a list of parts (outsider 16 #4: the raw JSON of
`[{"type": "text", "text": "Hello"}, {"type": "image"}, 5]` was sent to the customer as the
bot's words and graded): the text parts are the reply, a part that is not text is left out,
and a list with no text at all is a `malformed` infrastructure error saying what it held."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest
from bots.loopback import serve
from bots.raw import completion

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.model import OpenAITarget
from agents.targets.openai import OpenAIAdapter


def answering(content: Any) -> Any:
    """A chat-completions handler whose message's content is `content`, as given."""

    def handle(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
        return json.loads(completion({"role": "assistant", "content": content}))

    return handle


def ask(content: Any) -> str:
    with serve(answering(content)) as base:
        url = f"{base}/v1"
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
