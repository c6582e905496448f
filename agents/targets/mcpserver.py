"""The conversation's tools as an MCP server (the official `mcp` SDK, `convsim[mcp]`).

Served by the tool endpoint at `/mcp/{conversation_id}` over MCP's streamable HTTP
transport, stateless (every request stands alone, so a bot may open a client per reply or
keep one). `tools/list` gives the domain's tools (name, description, the JSON Schema as
`inputSchema`); `tools/call` runs one on the conversation's records, recorded like every
call, and answers with the text the agent sees as one text content block, `isError` for a
refusal. A conversation that is not waiting for a reply, or a call past the reply's limit,
is an MCP error (`-32600`, invalid request) with the reason.

A request is read whole before the SDK sees it (`WholeBody`): a bot whose client hangs up
partway through sending one is dropped quietly, where the SDK logged a traceback for each
(`starlette.requests.ClientDisconnect`), fifteen of them on convsim's stderr for one bot.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import mcp_types as types
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPASGIApp, StreamableHTTPSessionManager
from mcp.server.transport_security import TransportSecuritySettings
from mcp.shared.exceptions import MCPError
from starlette.routing import Route

from agents.calls import ToolLimitError
from agents.targets.tools import ToolAccess

Lifespan = Callable[[Any], contextlib.AbstractAsyncContextManager[None]]
MAX_BODY = 1 << 20  # as the REST tool endpoint: a tool call is a name and a few arguments


class WholeBody:
    """ASGI middleware: the request body read whole first; a client that disconnects before
    it is complete gets no answer and leaves no log, and one over MAX_BODY gets a 413."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the bot hung up mid-request: nobody is left to answer
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                await send({"type": "http.response.start", "status": 413, "headers": []})
                await send({"type": "http.response.body", "body": b"request body over 1 MB"})
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        whole = {"type": "http.request", "body": b"".join(chunks), "more_body": False}
        given = False

        async def replay() -> Any:
            nonlocal given
            if not given:
                given = True
                return whole
            return await receive()

        await self.app(scope, replay, send)


def mcp_routes(open_: Mapping[str, ToolAccess]) -> tuple[Route, Lifespan]:
    """The `/mcp/{cid}` route over the conversations in `open_`, and the lifespan that runs
    the SDK's session manager (the app's lifespan)."""

    def access(ctx: Any) -> ToolAccess:
        request = getattr(ctx, "request", None)
        cid = str(request.path_params.get("cid", "")) if request is not None else ""
        found = open_.get(cid)
        if found is None:
            message = f"conversation {cid} is not waiting for a reply: call tools while answering"
            raise MCPError(types.INVALID_REQUEST, message)
        return found

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        tools = [
            types.Tool(
                name=spec.name, description=spec.description, input_schema=dict(spec.parameters)
            )
            for spec in access(ctx).specs
        ]
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            result = access(ctx).calls.call(params.name, params.arguments)
        except ToolLimitError as exc:  # the conversation ends in error; the bot is told why
            raise MCPError(types.INVALID_REQUEST, str(exc)) from exc
        return types.CallToolResult(
            content=[types.TextContent(type="text", text=result.content)], is_error=result.error
        )

    server: Server[Any] = Server("convsim", on_list_tools=list_tools, on_call_tool=call_tool)
    # Only requests addressed to the loopback server (no DNS rebinding from a web page).
    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1:*"],
        allowed_origins=["http://127.0.0.1:*"],
    )
    manager = StreamableHTTPSessionManager(
        app=server, stateless=True, json_response=True, security_settings=security
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async with manager.run():
            yield

    return Route("/mcp/{cid}", endpoint=WholeBody(StreamableHTTPASGIApp(manager))), lifespan
