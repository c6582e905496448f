"""The direct wire sends what ChatOpenAI sends and reads a reply as ChatOpenAI reads it.

Both wires go through an httpx MockTransport (no socket), so the request bodies and the
replies can be compared exactly; then malformed replies through LLMClient on the fake server.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from typing import Any

import httpx2
import openai
import pytest
from pydantic import BaseModel

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMOutputError
from agents.llm.fake import FakeSettings, serve
from agents.llm.messages import ModelToolCall
from agents.llm.structured import response_format
from agents.llm.wire import DirectWire, LangChainWire, Reply, Retry, read_reply

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_order",
            "description": "Look an order up.",
            "parameters": {"type": "object", "properties": {"id": {"type": "string"}}},
        },
    }
]
ROUND = [
    {"role": "system", "content": "You are support."},
    {"role": "user", "content": "Où est ma commande A-1 ?"},
    {
        "role": "assistant",
        "content": "",
        "tool_calls": [
            {"id": "c1", "name": "get_order", "arguments": {"id": "A-1é"}, "raw": "{}"},
            {"id": "c2", "name": "get_order", "arguments": None, "raw": '{"id": '},
        ],
    },
    {"role": "tool", "content": '{"status": "shipped"}', "tool_call_id": "c1"},
    {"role": "tool", "content": "error: arguments are not JSON", "tool_call_id": "c2"},
    {"role": "assistant", "content": "It shipped.", "tool_calls": []},
    {"role": "user", "content": "thanks"},
]


class Answer(BaseModel):
    message: str


def completion(message: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "served-name",
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        **extra,
    }


def through_both(
    config: ModelConfig, reply: dict[str, Any], call: Callable[[Any], Any]
) -> tuple[list[Any], list[Any]]:
    """(bodies sent, results) of `call(wire)` on the direct wire, then on ChatOpenAI's."""
    bodies: list[Any] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        bodies.append(json.loads(request.content))
        return httpx2.Response(200, json=reply)

    async def go() -> list[Any]:
        http = openai.DefaultAsyncHttpxClient(transport=httpx2.MockTransport(handler))
        wires = [DirectWire(config, http), LangChainWire(config, http)]
        return [await call(wire) for wire in wires]

    results = asyncio.run(go())
    return bodies, results


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")


@pytest.mark.parametrize("model", ["gpt-4o-mini", "o3-mini"])  # o-series: a developer message
def test_a_tool_round_with_a_schema_is_sent_as_chatopenai_sends_it(model: str) -> None:
    config = ModelConfig(model=model, base_url="http://h/v1", temperature=0.7, max_tokens=300)
    fmt = response_format(Answer)
    bodies, _ = through_both(
        config,
        completion({"role": "assistant", "content": '{"message": "ok"}'}),
        lambda wire: wire.complete(ROUND, fmt=fmt, seed=42, tools=TOOLS),
    )
    direct, langchain = bodies
    assert direct == langchain
    assert direct["messages"][2]["content"] is None
    assert direct["messages"][2]["tool_calls"][1]["function"]["arguments"] == '{"id": '


def test_plain_and_preflight_calls_are_sent_as_chatopenai_sends_them() -> None:
    config = ModelConfig(model="m", base_url="http://h/v1")
    plain = [{"role": "user", "content": "ping"}]
    for kwargs in ({}, {"max_tokens": 1}, {"fmt": {"type": "json_object"}, "max_tokens": 16}):
        bodies, _ = through_both(
            config,
            completion({"role": "assistant", "content": "pong"}),
            lambda wire, kw=kwargs: wire.complete(plain, **kw),
        )
        assert bodies[0] == bodies[1], kwargs


def test_a_reply_is_read_as_chatopenai_reads_it() -> None:
    config = ModelConfig(model="m", base_url="http://h/v1")
    calls = [
        {"id": "a", "type": "function", "function": {"name": "f", "arguments": '{"x": [1]}'}},
        {"id": "b", "type": "function", "function": {"name": "g", "arguments": "{bad"}},
        {"id": "c", "type": "function", "function": {"name": "h", "arguments": ""}},
    ]
    for message in (
        {"role": "assistant", "content": "plain text"},
        {"role": "assistant", "content": None, "tool_calls": calls},
        {"role": "assistant", "content": "thinking aloud", "tool_calls": calls[:1]},
    ):
        _, (direct, langchain) = through_both(
            config, completion(message), lambda wire: wire.complete(ROUND[:2], tools=TOOLS)
        )
        assert direct == langchain
    assert direct.model == "served-name"
    assert (direct.prompt_tokens, direct.completion_tokens) == (11, 7)
    _, (direct, _) = through_both(
        config,
        completion({"role": "assistant", "content": None, "tool_calls": calls}),
        lambda wire: wire.complete(ROUND[:2], tools=TOOLS),
    )
    assert direct.calls == (
        ModelToolCall("a", "f", {"x": [1]}, '{"x": [1]}'),
        ModelToolCall("c", "h", {}, "{}"),
        ModelToolCall("b", "g", None, "{bad"),
    )


def test_arguments_that_are_json_but_not_an_object_are_one_invalid_call() -> None:
    """ChatOpenAI fails the whole reply here; the direct wire keeps the call apart, so the
    tool loop answers it like arguments that do not parse."""
    calls = [
        {"id": "a", "type": "function", "function": {"name": "f", "arguments": "[1, 2]"}},
        {"id": "b", "type": "function", "function": {"name": "g", "arguments": '{"k": 1}'}},
    ]
    raw = json.dumps(completion({"role": "assistant", "content": None, "tool_calls": calls}))
    assert read_reply(raw, "m").calls == (
        ModelToolCall("b", "g", {"k": 1}, '{"k": 1}'),
        ModelToolCall("a", "f", None, "[1, 2]"),
    )


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (
            '{"id": "chatcmpl-cut", "choices": [{"index": 0, "mess',
            "the reply is not JSON: Unterminated string",
        ),
        ("<html>busy</html>", "the reply is an HTML page, not JSON ('<html>busy</html>')"),
        ("", "the reply body is empty"),
        (
            "data: {}\n\n",
            "the reply is a stream (text/event-stream), though the request said stream: false",
        ),
        ("[1, 2]", "the reply is JSON but not an object: [1, 2]"),
        ('{"error": {"message": "overloaded"}}', "the reply is an error: {'message': 'overloa"),
        ('{"id": "x", "object": "chat.completion"}', "the reply has no `choices` list"),
    ],
)
def test_a_body_that_is_not_a_completion_is_a_value_error(raw: str, error: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(error)):
        read_reply(raw, "m")


def test_a_completion_without_a_message_is_retried() -> None:
    with pytest.raises(Retry, match="no message in the reply"):
        read_reply('{"choices": []}', "m")


def test_missing_content_usage_and_model_read_as_empty_zero_and_the_configs() -> None:
    raw = '{"choices": [{"index": 0, "message": {"role": "assistant", "content": null}}]}'
    assert read_reply(raw, "my-model") == Reply("", "my-model", 0, 0, ())


@pytest.mark.parametrize(("faults", "attempts"), [(1, 2), (2, None)])
def test_a_reply_that_is_not_json_is_malformed_output_retried(faults: int, attempts: int) -> None:
    """Not a crash: a failed attempt; after the retries, the malformed-output error."""
    with serve(FakeSettings(first_faults=("malformed",) * faults)) as fake:
        config = ModelConfig(model="fake", base_url=fake.base_url, max_retries=1, backoff_s=0.001)
        call = LLMClient(config).structured([{"role": "user", "content": "hi"}], Answer)
        if attempts is not None:
            assert asyncio.run(call).usage["attempts"] == attempts
            return
        with pytest.raises(LLMOutputError) as failed:
            asyncio.run(call)
    assert str(failed.value).startswith(
        "fake: malformed structured output: the reply is not JSON: Unterminated string"
    )
    assert str(failed.value).endswith("(after 2 attempts)")
