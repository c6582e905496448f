"""Bots under test act on the conversation's records: openai (tools in the request, through
the fake server), python (callables, and a LangGraph graph's config); http (the tool endpoint
on 127.0.0.1, and MCP) in tests/test_target_tools_http.py."""

from __future__ import annotations

import json
from typing import Annotated, Any, TypedDict

import pytest
from langchain_core.messages import AIMessage, AnyMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, StateGraph
from langgraph.graph.message import add_messages
from target_tools_fixture import play, tool_turns

from agents.llm.fake import FakeSettings, serve
from agents.llm.fake.tools import ToolScript
from agents.targets.model import OpenAITarget, PythonTarget
from agents.targets.openai import OpenAIAdapter
from agents.targets.python import PythonAdapter
from agents.targets.tools import BotTools


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")


def openai_target(base_url: str, **extra: Any) -> OpenAIAdapter:
    spec = OpenAITarget.model_validate(
        {"kind": "openai", "base_url": base_url, "model": "fake",
         "system_prompt": "You are the Acme refund bot.", **extra}
    )  # fmt: skip
    return OpenAIAdapter(spec)


def test_openai_target_gets_tools_and_convsim_runs_its_calls() -> None:
    script = ToolScript.parse(
        [
            {"calls": [{"name": "get_order", "arguments": {"order_id": "ORD-10001"}}]},
            {
                "calls": [
                    {"name": "refund_order", "arguments": {"order_id": "ORD-10001"}},
                    {"name": "refund_order", "arguments": "order ORD-10001"},
                ]
            },
        ]
    )
    with serve(FakeSettings(seed=2, tool_script=script)) as fake:
        turns, outcome = play(openai_target(fake.base_url))
    assert [t.role for t in turns] == [
        "customer", "support", "tool", "support", "tool", "tool", "support", "customer"
    ]  # fmt: skip
    found = tool_turns(turns)
    assert json.loads(found[0][2])["status"] == "delivered"
    assert json.loads(found[1][2])["status"] == "refunded"
    assert found[2] == (
        "refund_order",
        True,
        "Error: the arguments of refund_order are not a JSON object: 'order ORD-10001'",
    )
    reply = turns[-2]
    assert reply.content and not reply.tool_calls  # the text reply after the results
    assert reply.usage is not None and reply.usage["calls"] == 3
    assert outcome.status == "resolved"


def test_openai_target_past_its_tool_rounds_is_a_target_error() -> None:
    step = {"calls": [{"name": "get_order", "arguments": {"order_id": "ORD-10001"}}]}
    with serve(FakeSettings(seed=2, tool_script=ToolScript.parse([step] * 2))) as fake:
        turns, outcome = play(openai_target(fake.base_url, max_tool_rounds=1))
    assert outcome.status == "error"
    assert outcome.reason == (
        "support role failed: TargetToolLimit: the model still called tools after 1 rounds in "
        "one reply (max_tool_rounds)"
    )
    assert [t.role for t in turns] == ["customer", "support", "tool"]


# --- python ---------------------------------------------------------------------------------
def tool_bot(messages: list[dict[str, str]], tools: BotTools | None = None) -> str:
    assert tools is not None and sorted(tools) == ["cancel_order", "get_order", "refund_order"]
    order = json.loads(tools["get_order"](order_id="ORD-10001"))
    refund = tools["refund_order"]
    refund(order_id=order["order_id"])
    assert refund.last_error is False and tools.last_error is False
    tools.call("teleport_order", {"order_id": "ORD-10001"})
    assert tools.last_error is True  # an unknown tool: the mapping's flag, no tool's
    tools.call("refund_order", "{not json")
    # however a call is made, the tool's flag and the mapping's tell the refusal
    assert refund.last_error is True and tools.last_error is True
    assert tools.openai()[0]["function"]["name"] == "get_order"
    return f"Refunded {order['order_id']}."


def plain_bot(messages: list[dict[str, str]]) -> str:
    assert [m["role"] for m in messages] == ["user"]
    return "Hello!"


def python_target(fn: Any, **extra: Any) -> PythonAdapter:
    spec = PythonTarget.model_validate({"kind": "python", "callable": "x:y", **extra})
    return PythonAdapter(spec, fn)


def test_python_bot_calls_tools_as_callables() -> None:
    turns, _ = play(python_target(tool_bot))
    found = tool_turns(turns)
    assert [(n, e) for n, e, _ in found] == [
        ("get_order", False), ("refund_order", False), ("teleport_order", True),
        ("refund_order", True),
    ]  # fmt: skip
    assert found[2][2] == "Error: unknown tool 'teleport_order'"
    assert found[3][2] == (
        "Error: the arguments of refund_order are not a JSON object: '{not json'"
    )
    ids = [t.tool_call_id for t in turns if t.role == "tool"]
    assert ids == ["call_1", "call_2", "call_3", "call_4"]
    assert turns[-2].content == "Refunded ORD-10001."


def test_python_bot_that_ignores_tools_plays_as_before() -> None:
    turns, _ = play(python_target(plain_bot))
    assert [t.role for t in turns] == ["customer", "support", "customer"]
    no_domain, _ = play(python_target(plain_bot), domain=False)
    assert [t.content for t in no_domain] == [t.content for t in turns]


def test_python_bot_past_its_call_limit_is_a_target_error() -> None:
    turns, outcome = play(python_target(tool_bot, max_tool_calls=2))
    assert outcome.reason == (
        "support role failed: TargetToolLimit: more than 2 tool calls in one reply (max_tool_calls)"
    )
    assert len(tool_turns(turns)) == 2


class GraphState(TypedDict):
    messages: Annotated[list[AnyMessage], add_messages]


def test_a_langgraph_bot_finds_the_tools_in_its_config() -> None:
    def node(state: GraphState, config: RunnableConfig) -> dict[str, Any]:
        tools = config["configurable"]["tools"]
        status = json.loads(tools["get_order"](order_id="ORD-10002"))["status"]
        return {"messages": [AIMessage(f"Order ORD-10002 is {status}.")]}

    graph = StateGraph(GraphState)
    graph.add_node("bot", node)
    graph.add_edge(START, "bot")
    compiled = graph.compile(checkpointer=InMemorySaver())  # a bot that keeps its threads
    turns, _ = play(python_target(compiled))
    assert [(n, e) for n, e, _ in tool_turns(turns)] == [("get_order", False)]
    assert turns[-2].content == "Order ORD-10002 is pending."
