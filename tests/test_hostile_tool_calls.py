"""Tool calls no well-behaved bot makes: a call body nested 100,000 deep or over a megabyte
on the tool endpoint, arguments nested too deeply to read, half a surrogate pair in a call's
id, 100 calls in one model message (500 from the LLM support agent), a call whose name or
arguments are too large to store. Each is a refusal the bot reads (400, 413, an `Error:`
result) or the reply's `tool_limit` error; the conversation is stored, the server lives."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from target_tools_fixture import play, tool_turns
from test_llm_tools import play as play_llm
from test_target_tools import openai_target
from test_target_tools_http import bot_server, http_target

from agents.llm.fake import FakeSettings, serve
from agents.llm.fake.tools import ToolScript
from agents.types import INVALID_ARGUMENTS

DEEP = "[" * 100_000 + "]" * 100_000


def test_the_tool_endpoint_refuses_what_it_cannot_read_and_goes_on() -> None:
    codes: dict[str, Any] = {}

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        url = body["tools_url"] + "/call"
        codes["deep body"] = httpx.post(url, content=DEEP.encode()).status_code
        codes["huge body"] = httpx.post(url, content=b" " * (2 << 20)).status_code
        deep_args = {"name": "get_order", "arguments": DEEP, "id": "d-1"}
        codes["deep arguments"] = httpx.post(url, json=deep_args).json()
        half = '{"name": "get_order", "arguments": {"order_id": "ORD-10001"}, "id": "c-\\ud800"}'
        codes["half surrogate"] = httpx.post(url, content=half.encode()).json()["id"]
        return {"reply": "I looked."}

    with bot_server(handle) as url:
        turns, outcome = play(http_target(url))
    assert codes["deep body"] == 400
    assert codes["huge body"] == 413
    assert codes["deep arguments"]["error"] is True
    assert codes["deep arguments"]["content"].startswith(
        "Error: the arguments of get_order are not a JSON object: '[[[["
    )
    assert codes["half surrogate"] == "c-\ufffd"
    assert [(n, e) for n, e, _ in tool_turns(turns)] == [("get_order", True), ("get_order", False)]
    assert outcome.status != "error"
    json.dumps([t.model_dump(mode="json") for t in turns]).encode("utf-8")  # storable


def test_a_hundred_calls_in_one_model_message_is_the_replys_tool_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    call = {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}
    script = ToolScript.parse([{"calls": [call] * 100}])
    with serve(FakeSettings(seed=2, tool_script=script)) as fake:
        turns, outcome = play(openai_target(fake.base_url))
    assert outcome.status == "error"
    assert outcome.reason == (
        "support role failed: TargetToolLimit: more than 20 tool calls in one reply "
        "(max_tool_calls)"
    )
    assert tool_turns(turns) == []  # refused as a whole: none of the 100 ran


def test_an_llm_support_reply_with_500_calls_is_the_replys_tool_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The LLM support agent was limited in rounds only: 500 calls in one message, eight
    # rounds, made 4,000 tool turns in one conversation.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    call = {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}
    script = ToolScript.parse([{"calls": [call] * 500}] * 8)
    with serve(FakeSettings(seed=2, tool_script=script)) as fake:
        turns, outcome = play_llm(fake.base_url)
        assert outcome.status == "error"
        assert outcome.reason == (
            "support role failed: ToolLimitError: more than 20 tool calls in one reply "
            "(max_tool_calls)"
        )
        assert [t for t in turns if t.role == "tool"] == []  # refused whole: none ran
        # A model that is meant to make many calls gets them with max_tool_calls.
        fake.app.settings = FakeSettings(seed=2, tool_script=ToolScript.parse(
            [{"calls": [call] * 30}, {"answer": True}]))  # fmt: skip
        turns, outcome = play_llm(fake.base_url, max_tool_calls=30)
    assert sum(t.role == "tool" for t in turns) == 30
    assert outcome.status != "error"


def test_a_call_too_large_to_store_is_refused_and_kept_cut_short(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 5 MB argument stored in every round made 150 MB of run.db for two conversations.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    big = {"order_id": "ORD-10001", "note": "A" * 100_000}
    steps = [
        {"calls": [{"name": "get_order", "arguments": big},
                   {"name": "x" * 200_000, "arguments": {}},
                   {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}]},
        {"answer": True},
    ]  # fmt: skip
    for target in (openai_target, None):
        with serve(FakeSettings(seed=2, tool_script=ToolScript.parse(steps))) as fake:
            turns, outcome = play(target(fake.base_url)) if target else play_llm(fake.base_url)
        assert outcome.status != "error"
        found = tool_turns(turns)
        assert [(n and n[:4], e) for n, e, _ in found] == [
            ("get_", True),
            ("xxxx", True),
            ("get_", False),
        ]
        assert re.fullmatch(
            r"Error: the arguments of get_order are 100,0\d\d characters, more than the "
            r"65,536 a tool call may carry",
            found[0][2],
        )
        assert found[1][0] == "x" * 200 + "..."  # no tool's name: refused as unknown
        assert found[1][2] == f"Error: unknown tool '{'x' * 200}...'"
        (sent,) = [t.tool_calls for t in turns if t.tool_calls]
        assert sent is not None and list(sent[0].arguments) == [INVALID_ARGUMENTS]
        kept = sent[0].arguments[INVALID_ARGUMENTS]
        assert kept.startswith('{"order_id"') and kept.endswith("AAA...") and len(kept) == 203
        assert len(json.dumps([t.model_dump(mode="json") for t in turns])) < 20_000
