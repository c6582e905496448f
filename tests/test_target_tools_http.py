"""Bots under test over HTTP act on the conversation's records: the tool endpoint `convsim test`
serves on 127.0.0.1 per conversation (called only while answering, up to its call limit) and
the same tools as an MCP server, exercised by the real MCP client."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from target_tools_fixture import CID, PLAN, Customer, grade, play, shop, tool_turns

from agents.targets import TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget
from simulator.run.graph import build_graph, run_conversation


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


def test_an_mcp_client_that_hangs_up_mid_request_leaves_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Outsider 16: half a tools/call body, then the socket closed: 15 ClientDisconnect
    tracebacks on convsim's stderr. Now nothing is logged, and the server answers the bot's
    next requests."""
    mcp = pytest.importorskip("mcp", reason="the MCP server needs the `mcp` extra")
    listed: list[str] = []

    def hang_up(url: str) -> None:
        parts = httpx.URL(url)
        body = b'{"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name"'
        with socket.create_connection((parts.host, parts.port)) as raw:
            raw.sendall(
                f"POST {parts.raw_path.decode()} HTTP/1.1\r\nHost: {parts.host}:{parts.port}\r\n"
                "Content-Type: application/json\r\nAccept: application/json, text/event-stream"
                f"\r\nContent-Length: {len(body) + 100}\r\n\r\n".encode()
                + body
            )
            time.sleep(0.3)

    async def use(url: str) -> None:
        async with mcp.Client(url) as client:
            listed.extend(t.name for t in (await client.list_tools()).tools)

    def handle(body: dict[str, Any], headers: Mapping[str, str]) -> dict[str, Any]:
        for _ in range(3):
            hang_up(headers["X-Convsim-Mcp-Url"])
        asyncio.run(use(headers["X-Convsim-Mcp-Url"]))
        return {"reply": "Done."}

    with caplog.at_level(logging.DEBUG), bot_server(handle) as url:
        turns, _ = play(http_target(url))
        time.sleep(0.5)
    assert listed == ["get_order", "refund_order", "cancel_order"]
    assert [
        r.getMessage() for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR
    ] == []
    assert turns[-2].content == "Done."
