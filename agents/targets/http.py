"""A bot behind an HTTP JSON API (httpx, one pooled client per run).

When the scenario has a domain, the bot may call its tools while it answers, over the tool
endpoint this adapter serves on 127.0.0.1 (agents.targets.toolserver, started on first use):
each request names it in headers (`X-Convsim-Tools-Url`, `X-Convsim-Mcp-Url` when the MCP
server is available, `X-Convsim-Conversation-Id`) and, where the body template asks, in the
body (`{tools_url}`, `{mcp_url}`, `{tools}`).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import httpx

from agents.scrub import keep_secret
from agents.targets.base import BotReply, BotRequest, public_url
from agents.targets.errors import TargetCrossed, TargetMalformedReply
from agents.targets.jsonpath import find, parse
from agents.targets.model import ENV_REF, LIST_NAMES, HttpTarget
from agents.targets.wire import ENCODINGS, error_reply, exchange, json_of

if TYPE_CHECKING:
    from agents.targets.toolserver import ToolServer
from scenarios.templates import render


def resolve_headers(spec: HttpTarget, environ: Mapping[str, str]) -> dict[str, str]:
    """Header values with ${VAR} filled from the environment: kept in memory only."""
    return {
        name: ENV_REF.sub(lambda m: environ.get(m.group(1), ""), value)
        for name, value in spec.headers.items()
    }


def secret_values(spec: HttpTarget, environ: Mapping[str, str]) -> tuple[str, ...]:
    """What the target file keeps out of itself: the values its headers read from the
    environment, and a password in its URL (as it is and as its Basic auth token)."""
    found = [
        environ.get(m.group(1), "") for v in spec.headers.values() for m in ENV_REF.finditer(v)
    ]
    parts = urlsplit(spec.url)
    if parts.password:  # sent as Basic auth: the password, and the header's token
        pair = f"{unquote(parts.username or '')}:{unquote(parts.password)}"
        found += [unquote(parts.password), base64.b64encode(pair.encode()).decode()]
    keep_secret(*found)
    return tuple(v for v in found if v)


def render_body(template: Any, request: BotRequest, urls: Mapping[str, str] | None = None) -> Any:
    """The body for one request; "{history}", "{messages}", "{tools}" alone become the lists.
    `urls`: the conversation's `tools_url` and `mcp_url` (empty without a domain)."""
    tools = request.tools.openai() if request.tools is not None else []
    lists: dict[str, Any] = {
        "history": request.history, "messages": request.messages, "tools": tools
    }  # fmt: skip
    text = {
        "message": request.message,
        "conversation_id": request.conversation_id,
        "turn": str(request.turn),
        "history": json.dumps(request.history, ensure_ascii=False),
        "messages": json.dumps(request.messages, ensure_ascii=False),
        "tools": json.dumps(tools, ensure_ascii=False),
        "tools_url": (urls or {}).get("tools_url", ""),
        "mcp_url": (urls or {}).get("mcp_url", ""),
    }
    if isinstance(template, str):
        stripped = template.strip()
        for name in LIST_NAMES:
            if stripped == "{" + name + "}":
                return lists[name]
        return render(template, text)
    if isinstance(template, dict):
        return {k: render_body(v, request, urls) for k, v in template.items()}
    if isinstance(template, list):
        return [render_body(v, request, urls) for v in template]
    return template


def _flag(doc: Any, path: str | None) -> bool:
    if path is None:
        return False
    found = find(doc, parse(path))
    return any(v is True or (isinstance(v, str) and v.lower() == "true") for v in found)


def read_reply(doc: Any, spec: HttpTarget) -> BotReply:
    found = find(doc, parse(spec.reply))
    texts = [v for v in found if isinstance(v, str)]
    if not found:
        raise TargetMalformedReply(f"no reply at {spec.reply} in the response")
    if len(texts) != len(found):
        raise TargetMalformedReply(f"the reply at {spec.reply} is not text")
    return BotReply("\n".join(texts), handoff=_flag(doc, spec.handoff), end=_flag(doc, spec.end))


def id_paths(template: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Where the body template puts the conversation id alone (`session: "{conversation_id}"`):
    the keys, from the top, of each such value (not inside lists)."""
    if isinstance(template, str):
        return [path] if template.strip() == "{conversation_id}" and path else []
    if isinstance(template, dict):
        return [p for k, v in template.items() for p in id_paths(v, (*path, str(k)))]
    return []


def check_conversation(doc: Any, spec: HttpTarget, request: BotRequest, where: str) -> None:
    """A bot that echoes the conversation id where the body sent it must echo this one: an
    answer naming another conversation of this run is that conversation's reply, which a bot
    mixing up sessions sent to the wrong request (`crossed`, an infrastructure error). Ids
    of the run share their last part (agents.targets.base.TargetRole), so a bot that puts an
    id of its own making in that field is not mistaken for one."""
    cid = request.conversation_id
    ours = "-" + cid.rpartition("-")[2]
    for path in id_paths(spec.body):
        found: Any = doc
        for key in path:
            found = found.get(key) if isinstance(found, dict) else None
        if isinstance(found, str) and found != cid and found.endswith(ours) and "-" in cid:
            field = ".".join(path)
            raise TargetCrossed(
                f"the answer from {where} is for conversation {found[:80]!r} ($.{field}), not "
                f"{request.conversation_id!r}: the bot answered another conversation (it mixes "
                "up its sessions)"
            )


def answer_keys(doc: Any) -> str:
    """What the answer holds instead of a reply, for a message: its first keys as paths."""
    if isinstance(doc, dict) and doc:
        shown = ", ".join(f"$.{k}" for k in list(doc)[:6])
        return f" (the answer has {shown})"
    return f" (the answer is a JSON {type(doc).__name__})"


class HttpAdapter:
    def __init__(self, spec: HttpTarget, environ: Mapping[str, str] | None = None) -> None:
        self.spec = spec
        self.where = public_url(spec.url)  # for messages: no credentials
        env = os.environ if environ is None else environ
        self.secrets = secret_values(spec, env)
        self.client = httpx.AsyncClient(
            headers={
                "Accept-Encoding": ENCODINGS,  # the ones `exchange` inflates with a bound
                **resolve_headers(spec, env),
            },
            timeout=httpx.Timeout(spec.timeout_s),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
            follow_redirects=False,
        )
        self.tool_server: ToolServer | None = None  # started by the first reply with tools

    async def call(self, request: BotRequest) -> BotReply:
        if request.tools is None:
            return await self._send(request, {})
        if self.tool_server is None:
            from agents.targets.toolserver import ToolServer  # starlette, uvicorn: when used

            self.tool_server = ToolServer()
        server = self.tool_server
        async with server.serving(request.tools):
            cid = request.conversation_id
            urls = {"tools_url": server.tools_url(cid), "mcp_url": server.mcp_url(cid) or ""}
            return await self._send(request, urls)

    def request_kwargs(self, request: BotRequest, urls: Mapping[str, str]) -> dict[str, Any]:
        """httpx's keyword arguments for one message: the rendered body and the tool headers."""
        spec = self.spec
        body = render_body(spec.body, request, urls)
        headers = {}
        if urls:
            headers = {
                "X-Convsim-Conversation-Id": request.conversation_id,
                "X-Convsim-Tools-Url": urls["tools_url"],
            }
            if urls.get("mcp_url"):
                headers["X-Convsim-Mcp-Url"] = urls["mcp_url"]
        if spec.method == "GET":
            params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            return {"params": params, "headers": headers}
        return {"json": body, "headers": headers}

    async def _send(self, request: BotRequest, urls: Mapping[str, str]) -> BotReply:
        spec = self.spec
        kwargs = self.request_kwargs(request, urls)
        answer = await exchange(self.client, spec.method, spec.url, spec.timeout_s, **kwargs)
        doc = json_of(answer, self.where)
        check_conversation(doc, spec, request, self.where)
        try:
            return read_reply(doc, spec)
        except TargetMalformedReply as e:
            reported = error_reply(doc, answer.status, self.where)
            if reported is not None:
                raise reported from e
            if str(e).startswith("no reply at"):  # which keys it had: the fix is in `reply`
                raise TargetMalformedReply(f"{e} from {self.where}{answer_keys(doc)}") from e
            raise

    async def aclose(self) -> None:
        await self.client.aclose()
        if self.tool_server is not None:
            await self.tool_server.aclose()
