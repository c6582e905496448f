"""Bots under test act on the conversation's records: openai (tools in the request, through
the fake server), python (callables), http (the tool endpoint on 127.0.0.1, and MCP)."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated, Any, TypedDict

import httpx
import pytest
from langchain_core.messages import AIMessage, AnyMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, StateGraph
from langgraph.graph.message import add_messages
from persona_fixture import ADA
from tool_domain import orders_domain

from agents.llm.fake import FakeSettings, serve
from agents.llm.fake.tools import ToolScript
from agents.targets import TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget
from agents.targets.openai import OpenAIAdapter
from agents.targets.python import PythonAdapter
from agents.targets.tools import BotTools
from agents.types import ConversationPlan, Outcome, Reply, Turn, Verdict
from scenarios.domains import Domain
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

SCENARIO = Scenario.model_validate(
    {
        "id": "test/bot-tools",
        "title": "Refund through a bot's tools",
        "domain": "ecommerce",
        "intent": "refund_request",
        "customer": {"goal": "Get a refund.", "openings": ["Hello."]},
        "support": {"policy": "Refund.", "rules": [{"action": "resolve", "say": ["Done."]}]},
        "max_turns": 2,
    }
)
PLAN = ConversationPlan(
    id="plan-bt", run_seed=1, index=0, seed=5, scenario=SCENARIO, persona=ADA, variables={}
)
CID = "plan-bt-s1"  # the conversation id the bot sees (plan id + session suffix)


def shop() -> Domain:
    """The shared orders fixture narrowed to the three tools these tests are about, so a tool
    added to the fixture for other tests does not change what the policy here calls."""
    domain = orders_domain()
    domain.tools = {k: domain.tools[k] for k in ("get_order", "refund_order", "cancel_order")}
    return domain


class Customer:
    """Asks once, then closes satisfied: one bot reply per conversation."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if turns:
            done = Outcome(status="resolved", reason="thanked", ended_by="customer")
            return Reply(turn=Turn(role="customer", content="Thanks."), stop=done)
        return Reply(turn=Turn(role="customer", content="Please refund ORD-10001, it broke."))


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT")


def play(adapter: Any, *, domain: bool = True) -> tuple[list[Turn], Outcome]:
    role = TargetRole(adapter, session_suffix="s1")
    found = shop()
    world: Callable[[Any], Any] = (lambda s: found) if domain else (lambda s: None)

    async def go() -> tuple[list[Turn], Outcome]:
        graph = build_graph(Customer(), role, grade, world=world)
        try:
            turns, outcome, _ = await run_conversation(graph, PLAN)
        finally:
            await role.aclose()
        return turns, outcome

    return asyncio.run(go())


def tool_turns(turns: Sequence[Turn]) -> list[tuple[str | None, bool | None, str]]:
    return [(t.name, t.error, t.content) for t in turns if t.role == "tool"]


# --- openai ---------------------------------------------------------------------------------
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


# --- http: a bot written here, on 127.0.0.1, calling the tool endpoint -------------------------
@contextmanager
def bot_server(
    handle: Callable[[dict[str, Any], Mapping[str, str]], dict[str, Any]],
) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            data = json.dumps(handle(body, dict(self.headers))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/chat"
    finally:
        server.shutdown()
        server.server_close()


def http_target(url: str, **extra: Any) -> HttpAdapter:
    spec = HttpTarget.model_validate(
        {"kind": "http", "url": url,
         "body": {"session": "{conversation_id}", "text": "{message}", "tools": "{tools}",
                  "tools_url": "{tools_url}", "mcp_url": "{mcp_url}"}, **extra}
    )  # fmt: skip
    return HttpAdapter(spec, {})


def test_http_bot_calls_the_tool_endpoint() -> None:
    seen: dict[str, Any] = {}

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        url = body["tools_url"]
        seen.update(body=body, header=headers["X-Convsim-Tools-Url"])
        seen["cid"] = headers["X-Convsim-Conversation-Id"]
        seen["listed"] = httpx.get(url).json()
        lookup = {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}
        got = httpx.post(url + "/call", json=lookup).json()
        seen["got"] = got
        bad = {"name": "refund_order", "arguments": "{oops", "id": "b-1"}
        seen["bad"] = httpx.post(url + "/call", json=bad).json()
        seen["unknown"] = httpx.post(url + "/call", json={"name": "nope"}).json()
        seen["not_json"] = httpx.post(url + "/call", content=b"[1, 2]").status_code
        seen["rebound"] = httpx.get(url, headers={"Host": "evil.example"}).status_code
        return {"reply": f"Your order is {json.loads(got['content'])['status']}."}

    with bot_server(handle) as url:
        turns, outcome = play(http_target(url))
    assert seen["body"]["session"] == seen["cid"] == CID
    assert seen["header"] == seen["body"]["tools_url"]
    assert seen["body"]["tools_url"].endswith(f"/conversations/{CID}/tools")
    assert seen["body"]["mcp_url"].endswith(f"/mcp/{CID}")
    assert [t["function"]["name"] for t in seen["body"]["tools"]] == [
        "get_order", "refund_order", "cancel_order"
    ]  # fmt: skip
    assert seen["listed"] == {"conversation_id": CID, "tools": seen["body"]["tools"]}
    assert seen["got"]["id"] == "call_1" and seen["got"]["error"] is False
    assert seen["bad"] == {
        "id": "b-1",
        "content": "Error: the arguments of refund_order are not a JSON object: '{oops'",
        "error": True,
    }
    assert seen["unknown"]["content"] == "Error: unknown tool 'nope'"
    assert seen["not_json"] == 400
    assert seen["rebound"] == 400  # addressed to another host name: refused
    assert [(n, e) for n, e, _ in tool_turns(turns)] == [
        ("get_order", False), ("refund_order", True), ("nope", True)
    ]  # fmt: skip
    assert turns[-2].content == "Your order is delivered."
    assert outcome.status == "resolved"


def test_http_tool_calls_outside_a_reply_are_refused() -> None:
    kept: dict[str, str] = {}

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        kept["url"] = body["tools_url"]
        return {"reply": "Hi."}

    with bot_server(handle) as url:
        role_adapter = http_target(url)
        role = TargetRole(role_adapter, session_suffix="s1")
        domain = shop()

        async def go() -> tuple[int, dict[str, Any]]:
            graph = build_graph(Customer(), role, grade, world=lambda s: domain)
            await run_conversation(graph, PLAN)
            async with httpx.AsyncClient() as client:  # the server lives until aclose
                late = await client.post(kept["url"] + "/call", json={"name": "get_order"})
            await role.aclose()
            return late.status_code, late.json()

        status, body = asyncio.run(go())
    assert status == 404
    assert body == {
        "error": f"conversation {CID} is not waiting for a reply: call tools while answering"
    }


def test_http_bot_past_its_call_limit_gets_429_and_an_error_outcome() -> None:
    codes: list[int] = []

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        for _ in range(3):
            call = {"name": "get_order", "arguments": {"order_id": "ORD-10001"}}
            codes.append(httpx.post(body["tools_url"] + "/call", json=call).status_code)
        return {"reply": "Done."}

    with bot_server(handle) as url:
        turns, outcome = play(http_target(url, max_tool_calls=2))
    assert codes == [200, 200, 429]
    assert outcome.status == "error"
    assert outcome.reason == (
        "support role failed: TargetToolLimit: more than 2 tool calls in one reply (max_tool_calls)"
    )
    assert len(tool_turns(turns)) == 2


# --- MCP: the same tools through the official SDK's client ----------------------------------
def test_mcp_client_lists_and_calls_the_conversations_tools() -> None:
    mcp = pytest.importorskip("mcp", reason="the MCP server needs the `mcp` extra")
    seen: dict[str, Any] = {}

    async def use(url: str) -> str:
        async with mcp.Client(url) as client:
            listed = await client.list_tools()
            seen["tools"] = [(t.name, t.input_schema) for t in listed.tools]
            found = await client.call_tool("get_order", {"order_id": "ORD-10001"})
            refused = await client.call_tool("cancel_order", {"order_id": "ORD-10001"})
            seen["refused"] = (refused.is_error, refused.content[0].text)
            return str(found.content[0].text)

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        text = asyncio.run(use(headers["X-Convsim-Mcp-Url"]))
        return {"reply": f"Status: {json.loads(text)['status']}."}

    with bot_server(handle) as url:
        turns, _ = play(http_target(url))
    assert seen["tools"][0] == ("get_order", dict(shop().specs()[0].parameters))
    assert seen["refused"] == (
        True, "Error: only pending orders can be cancelled (status delivered)"
    )  # fmt: skip
    assert [(n, e) for n, e, _ in tool_turns(turns)] == [
        ("get_order", False), ("cancel_order", True)
    ]  # fmt: skip
    assert turns[-2].content == "Status: delivered."


def test_an_mcp_call_past_the_limit_is_an_mcp_error() -> None:
    mcp = pytest.importorskip("mcp", reason="the MCP server needs the `mcp` extra")
    errors: list[str] = []

    async def use(url: str) -> None:
        async with mcp.Client(url) as client:
            await client.call_tool("get_order", {"order_id": "ORD-10001"})
            try:
                await client.call_tool("get_order", {"order_id": "ORD-10001"})
            except mcp.MCPError as exc:
                errors.append(f"{exc.code} {exc.message}")

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        asyncio.run(use(headers["X-Convsim-Mcp-Url"]))
        return {"reply": "Done."}

    with bot_server(handle) as url:
        turns, outcome = play(http_target(url, max_tool_calls=1))
    assert errors == ["-32600 more than 1 tool calls in one reply (max_tool_calls)"]
    assert outcome.reason.startswith("support role failed: TargetToolLimit: more than 1")
    assert len(tool_turns(turns)) == 1


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
