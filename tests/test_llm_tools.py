"""The LLM support agent acting through tools, against the fake server, through ChatOpenAI."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
from langchain_openai import ChatOpenAI
from persona_fixture import ADA
from target_tools_fixture import grade, shop

from agents.llm.budget import llm_usage
from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.fake import FakeSettings, Running, serve
from agents.llm.fake.tools import ToolScript
from agents.llm.roles import LLMSupport
from agents.types import INVALID_ARGUMENTS, ConversationPlan, Outcome, Reply, Turn
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

SCENARIO = Scenario.model_validate(
    {
        "id": "test/llm-tools",
        "title": "Refund through tools",
        "domain": "ecommerce",
        "intent": "refund_request",
        "customer": {"goal": "Get a refund.", "openings": ["Hello."]},
        "support": {
            "policy": "Refund delivered orders after looking them up.",
            "rules": [{"action": "resolve", "say": ["Done."]}],
        },
        "max_turns": 2,
    }
)
PLAN = ConversationPlan(
    id="plan-llm", run_seed=1, index=0, seed=11, scenario=SCENARIO, persona=ADA, variables={}
)


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")


@pytest.fixture
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=3)) as running:
        yield running


class TwoQuestions:
    """Gives an order id first, then asks again without closing (unlike the fixture's one-question
    `Customer`): the second support turn shows that a lookup already made is not made again."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        n = sum(1 for t in turns if t.role == "customer")
        text = ["My order ORD-10001 arrived broken.", "Is it done?"][n]
        return Reply(turn=Turn(role="customer", content=text))


def play(base_url: str, **config: Any) -> tuple[list[Turn], Outcome]:
    client = LLMClient(ModelConfig(model="fake", base_url=base_url, backoff_s=0.001, **config))
    domain = shop()
    graph = build_graph(TwoQuestions(), LLMSupport(client), grade, world=lambda s: domain)
    turns, outcome, _ = asyncio.run(run_conversation(graph, PLAN))
    return turns, outcome


def test_fake_calls_a_lookup_with_the_id_from_the_conversation(fake: Running) -> None:
    import httpx

    tools = [spec.openai() for spec in shop().specs()]

    async def ask() -> Any:
        async with httpx.AsyncClient() as http:
            chat = ChatOpenAI(
                model="fake", base_url=fake.base_url, max_retries=0, http_async_client=http
            )
            return await chat.bind_tools(tools).ainvoke([("user", "Where is ORD-20001? Late.")])

    message = asyncio.run(ask())
    assert [(c["name"], c["args"]) for c in message.tool_calls] == [
        ("get_order", {"order_id": "ORD-20001"})
    ]


def test_llm_support_looks_up_then_answers_and_sees_its_calls(fake: Running) -> None:
    turns, outcome = play(fake.base_url)
    shape = [(t.role, t.name or "", bool(t.tool_calls)) for t in turns]
    assert shape == [
        ("customer", "", False),
        ("support", "", True),
        ("tool", "get_order", False),
        ("support", "", False),
        ("customer", "", False),
        ("support", "", False),  # get_order was called already: the policy answers
    ]
    call = turns[1].tool_calls[0]  # type: ignore[index]
    assert (call.name, call.arguments) == ("get_order", {"order_id": "ORD-10001"})
    assert turns[2].tool_call_id == call.id and call.id.startswith("call_")
    assert json.loads(turns[2].content)["status"] == "delivered"
    assert turns[3].content and turns[3].act is not None  # the structured reply, read
    # The reply that went through a tool round counts both requests.
    assert turns[3].usage is not None and turns[3].usage["calls"] == 2
    assert llm_usage(turns)["llm"]["support"]["calls"] == 3
    assert outcome.status in ("max_turns", "resolved", "escalated", "abandoned")


def test_scripted_bad_calls_become_tool_errors(fake: Running) -> None:
    fake.app.settings = FakeSettings(
        seed=3,
        tool_script=ToolScript.parse(
            [
                {
                    "calls": [
                        {"name": "teleport_order", "arguments": {"order_id": "ORD-10001"}},
                        {"name": "refund_order", "arguments": '{"order_id": "ORD-10001"'},
                    ]
                },
                {"calls": [{"name": "refund_order", "arguments": {"order_id": "ORD-10001"}}]},
                {"answer": True},
            ]
        ),
    )
    turns, _ = play(fake.base_url)
    tools = [t for t in turns if t.role == "tool"]
    assert [(t.name, t.error) for t in tools[:3]] == [
        ("teleport_order", True),
        ("refund_order", True),
        ("refund_order", False),
    ]
    assert tools[0].content == "Error: unknown tool 'teleport_order'"
    assert tools[1].content == (
        'Error: the arguments of refund_order are not a JSON object: \'{"order_id": "ORD-10001"\''
    )
    assert json.loads(tools[2].content)["status"] == "refunded"
    # A call whose arguments did not parse is recorded with its text under the marker (so a
    # replay refuses it too), never run.
    first = turns[1].tool_calls
    assert first is not None and [c.arguments for c in first] == [
        {"order_id": "ORD-10001"},
        {INVALID_ARGUMENTS: '{"order_id": "ORD-10001"'},
    ]


def test_too_many_tool_rounds_end_the_conversation_in_error(fake: Running) -> None:
    step = {"calls": [{"name": "get_order", "arguments": {"order_id": "ORD-10002"}}]}
    fake.app.settings = FakeSettings(seed=3, tool_script=ToolScript.parse([step] * 3))
    turns, outcome = play(fake.base_url, max_tool_rounds=2)
    assert outcome.status == "error"
    assert outcome.reason == (
        "support role failed: ToolLimitError: the model still called tools after 2 rounds in "
        "one reply (max_tool_rounds)"
    )
    assert [t.role for t in turns] == ["customer", "support", "tool", "support", "tool"]


@pytest.mark.parametrize("mode", ["json_object", "prompt"])
def test_tools_work_in_every_structured_mode(mode: str) -> None:
    settings = FakeSettings(seed=3, no_json_schema=True)
    with serve(settings) as running:
        turns, _ = play(running.base_url, structured_output=mode)
    assert [t.role for t in turns[:4]] == ["customer", "support", "tool", "support"]
    assert turns[3].act is not None and turns[3].content


def test_tool_script_parse_errors_name_the_step() -> None:
    with pytest.raises(ValueError) as info:
        ToolScript.parse([{"answer": True}, {"calls": [{"arguments": {}}]}])
    assert str(info.value) == (
        "step 1, call 0: needs a name (text) and arguments (an object, or a string sent as it is)"
    )


def test_a_cached_run_replays_the_tool_rounds_without_requests(tmp_path: Any) -> None:
    cache = str(tmp_path / "cache.db")
    with serve(FakeSettings(seed=3)) as running:
        first, _ = play(running.base_url, cache_path=cache)
        sent = running.stats.requests
        again, _ = play(running.base_url, cache_path=cache)
        assert running.stats.requests == sent  # every round came from the cache
    strip = ("usage", "latency_ms")
    assert [t.model_dump(exclude=set(strip)) for t in again] == [
        t.model_dump(exclude=set(strip)) for t in first
    ]
    assert again[3].usage is not None and again[3].usage["cached"] is True


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("My user id is mia_li_3668, thanks.", [{"user_id": "mia_li_3668"}]),
        ("Order #W2378156 please; mail bob2@example.com", [{"user_id": "#W2378156"}]),
        ("I forgot it.", []),  # no grounds for the required id: no lookup yet
    ],
)
def test_the_policy_fills_ids_from_the_latest_customer_words(
    said: str, expected: list[dict[str, str]]
) -> None:
    import random

    from agents.llm.fake.tools import tool_calls

    lookup = {
        "type": "function",
        "function": {
            "name": "get_user_details",
            "parameters": {
                "type": "object",
                "properties": {"user_id": {"type": "string"}, "note": {"type": "string"}},
                "required": ["user_id"],
            },
        },
    }
    write = {"type": "function", "function": {"name": "cancel", "parameters": {}}}
    request = {"tools": [write, lookup], "messages": [{"role": "user", "content": said}]}
    calls = tool_calls(request, random.Random(0), False, None)
    assert all(c["function"]["name"] == "get_user_details" for c in calls)  # never a write
    assert [json.loads(c["function"]["arguments"]) for c in calls] == expected  # no note
    if calls:  # the same lookup is not made twice
        later = [*request["messages"], {"role": "assistant", "content": None,
                 "tool_calls": calls}, {"role": "tool", "content": "{}", "tool_call_id": "x"},
                 {"role": "user", "content": said}]  # fmt: skip
        assert tool_calls({**request, "messages": later}, random.Random(0), False, None) == []


def test_the_fake_refuses_tool_names_and_parameters_the_api_refuses(fake: Running) -> None:
    import httpx
    import openai

    bad_name = {"name": "get order", "parameters": {"type": "object"}}
    bad_params = {"name": "get_order", "parameters": {"type": "string"}}

    async def send_both() -> list[str]:
        async with httpx.AsyncClient() as http:
            chat = ChatOpenAI(
                model="fake", base_url=fake.base_url, max_retries=0, http_async_client=http
            )
            messages = []
            for function in (bad_name, bad_params):
                bound = chat.bind_tools([{"type": "function", "function": function}])
                with pytest.raises(openai.BadRequestError) as info:
                    await bound.ainvoke("hi")
                messages.append(str(info.value.body["message"]))  # type: ignore[index]
            return messages

    assert asyncio.run(send_both()) == [
        "Invalid 'tools[0].function.name': string does not match pattern. Expected a string "
        "that matches the pattern '^[a-zA-Z0-9_-]+$'.",
        "Invalid schema for function 'get_order': schema must be a JSON Schema of "
        "'type: \"object\"', got 'type: \"string\"'.",
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("OK - account number 6221659630 and account PIN is 1463", "6221659630"),
        ("I paid $474.41 in roaming over 12 days, since 10:30 on the 3rd", None),
        ("My Aurora 4K monitor, order ORD-55555", "ORD-55555"),
    ],
)
def test_ids_nearest_their_name_and_never_amounts_or_times(said: str, expected: str | None) -> None:
    import random

    from agents.llm.fake.tools import tool_calls

    schema = {"type": "object", "properties": {"account_number": {"type": "string"}},
              "required": ["account_number"]}  # fmt: skip
    request = {
        "tools": [{"type": "function", "function": {"name": "get_account", "parameters": schema}}],
        "messages": [{"role": "user", "content": said}],
    }
    calls = tool_calls(request, random.Random(0), False, None)
    got = [json.loads(c["function"]["arguments"])["account_number"] for c in calls]
    assert got == ([expected] if expected else [])
