"""The tool endpoint `convsim test` serves on 127.0.0.1 for an http bot, keyed by conversation.

While convsim waits for an http bot's reply, the bot may call the conversation's tools:

    GET  {tools_url}          -> 200 {"conversation_id": ID, "tools": [OpenAI function tools]}
    POST {tools_url}/call     {"name": "get_order", "arguments": {...} | "<JSON text>",
                               "id": "optional call id"}
                              -> 200 {"id": ..., "content": "text the agent sees", "error": bool}

`tools_url` is `http://127.0.0.1:PORT/conversations/{conversation_id}/tools`; the bot learns
it, and `mcp_url` (`.../mcp/{conversation_id}`, the same tools over MCP's streamable HTTP,
when the `mcp` extra is installed) from the request convsim sends it (headers
`X-Convsim-Tools-Url`, `X-Convsim-Mcp-Url`, `X-Convsim-Conversation-Id`, and body
placeholders). A tool's refusal, an unknown tool and arguments that are not a JSON object
are 200s with `"error": true` (recorded like every call); a conversation that is not waiting
for a reply is 404, a body that is not a JSON object with a `name` is 400 (JSON nested too
deeply to read included), one over 1 MB is 413, and a call past the reply's limit is 429
(the conversation then ends in `error`).

The server runs on the run's own event loop (uvicorn on a Starlette app), so a call runs
between the bot's request and its reply, on the same records the conversation sees.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from agents.calls import ToolLimitError
from agents.targets.tools import ToolAccess

HOST = "127.0.0.1"
MAX_CALL_BYTES = 1 << 20  # one tool call's request; more is refused unread (413)


class _QuietServer(uvicorn.Server):
    """uvicorn inside the run's loop: Ctrl-C stays the run's (no signal handlers taken)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ToolServer:
    """Conversations waiting for a bot's reply, by id, and the server that exposes them."""

    def __init__(self) -> None:
        self.open: dict[str, ToolAccess] = {}
        self.port = 0
        self._server: _QuietServer | None = None
        self._task: asyncio.Task[None] | None = None
        self._starting: asyncio.Lock | None = None
        self.mcp = False  # whether /mcp/{id} is served (the `mcp` extra is installed)

    def tools_url(self, conversation_id: str) -> str:
        return f"http://{HOST}:{self.port}/conversations/{conversation_id}/tools"

    def mcp_url(self, conversation_id: str) -> str | None:
        return f"http://{HOST}:{self.port}/mcp/{conversation_id}" if self.mcp else None

    @contextlib.asynccontextmanager
    async def serving(self, access: ToolAccess) -> AsyncIterator[None]:
        """Open `access.conversation_id` for calls while the bot works on one reply."""
        await self.start()
        self.open[access.conversation_id] = access
        try:
            yield
        finally:
            self.open.pop(access.conversation_id, None)

    async def start(self) -> None:
        if self._task is not None:
            return
        self._starting = self._starting or asyncio.Lock()
        async with self._starting:
            if self._task is not None:
                return
            app, lifespan = self._app()
            config = uvicorn.Config(
                app,
                host=HOST,
                port=0,
                log_config=None,
                log_level="warning",
                access_log=False,
                lifespan="on" if lifespan else "off",
                timeout_graceful_shutdown=1,
            )
            server = _QuietServer(config)
            task = asyncio.create_task(server.serve())
            while not server.started:
                if task.done():
                    task.result()  # raises why it could not start
                    raise RuntimeError("the tool endpoint stopped before it started")
                await asyncio.sleep(0.005)
            self.port = server.servers[0].sockets[0].getsockname()[1]
            self._server, self._task = server, task

    async def aclose(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        self._server = self._task = None

    # --- the app ---------------------------------------------------------------------
    def _app(self) -> tuple[Starlette, bool]:
        routes: list[Route | Mount] = [
            Route("/conversations/{cid}/tools", self._list, methods=["GET"]),
            Route("/conversations/{cid}/tools/call", self._call, methods=["POST"]),
        ]
        lifespan = None
        try:
            from agents.targets.mcpserver import mcp_routes
        except ImportError:  # the `mcp` extra is not installed: REST only
            pass
        else:
            mcp_route, lifespan = mcp_routes(self.open)
            routes.append(mcp_route)
            self.mcp = True
        # Only requests addressed to the loopback server (no DNS rebinding from a web page).
        hosts = [Middleware(TrustedHostMiddleware, allowed_hosts=[HOST])]
        app = Starlette(routes=routes, lifespan=lifespan, middleware=hosts)
        return app, lifespan is not None

    def _access(self, request: Request) -> ToolAccess | None:
        return self.open.get(str(request.path_params["cid"]))

    async def _list(self, request: Request) -> Response:
        access = self._access(request)
        if access is None:
            return _not_open(request)
        return JSONResponse({"conversation_id": access.conversation_id, "tools": access.openai()})

    async def _call(self, request: Request) -> Response:
        access = self._access(request)
        if access is None:
            return _not_open(request)
        raw = await _capped_body(request)
        if raw is None:
            return JSONResponse(
                {"error": f"the body is over {MAX_CALL_BYTES:,} bytes: not one tool call"},
                status_code=413,
            )
        try:
            body: Any = json.loads(raw)
        except (ValueError, RecursionError):  # RecursionError: nested too deeply to read
            body = None
        if not isinstance(body, dict) or not isinstance(body.get("name"), str):
            return JSONResponse(
                {"error": 'the body must be a JSON object {"name": ..., "arguments": {...}}'},
                status_code=400,
            )
        given = body.get("id")
        call_id = given if isinstance(given, str) else ""
        if self._access(request) is not access:  # the reply ended while the body came in
            return _not_open(request)
        try:
            result = access.calls.call(body["name"], body.get("arguments"), call_id)
        except ToolLimitError as exc:
            if access.calls.over_limit is None:  # not past the limit: the reply is over
                return _not_open(request)
            return JSONResponse({"error": str(exc)}, status_code=429)
        made = access.calls.desk.pending
        used = made[-1].tool_call_id if made else call_id
        return JSONResponse({"id": used, "content": result.content, "error": result.error})


async def _capped_body(request: Request) -> bytes | None:
    """The request's body, or None past MAX_CALL_BYTES (read no further: bounded memory)."""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_CALL_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_CALL_BYTES:
            return None
    return bytes(body)


def _not_open(request: Request) -> Response:
    cid = request.path_params["cid"]
    return JSONResponse(
        {"error": f"conversation {cid} is not waiting for a reply: call tools while answering"},
        status_code=404,
    )
