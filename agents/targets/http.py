"""A bot behind an HTTP JSON API (httpx, one pooled client per run)."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

import httpx

from agents.targets.base import BotReply, BotRequest, public_url
from agents.targets.errors import (
    TargetHTTPError,
    TargetMalformedReply,
    TargetTimeout,
    TargetUnreachable,
)
from agents.targets.jsonpath import find, parse
from agents.targets.model import ENV_REF, LIST_NAMES, HttpTarget
from scenarios.templates import render


def resolve_headers(spec: HttpTarget, environ: Mapping[str, str]) -> dict[str, str]:
    """Header values with ${VAR} filled from the environment: kept in memory only."""
    return {
        name: ENV_REF.sub(lambda m: environ.get(m.group(1), ""), value)
        for name, value in spec.headers.items()
    }


def render_body(template: Any, request: BotRequest) -> Any:
    """The body for one request; "{history}" / "{messages}" alone become the lists."""
    lists = {"history": request.history, "messages": request.messages}
    text = {
        "message": request.message,
        "conversation_id": request.conversation_id,
        "turn": str(request.turn),
        "history": json.dumps(request.history, ensure_ascii=False),
        "messages": json.dumps(request.messages, ensure_ascii=False),
    }
    if isinstance(template, str):
        stripped = template.strip()
        for name in LIST_NAMES:
            if stripped == "{" + name + "}":
                return lists[name]
        return render(template, text)
    if isinstance(template, dict):
        return {k: render_body(v, request) for k, v in template.items()}
    if isinstance(template, list):
        return [render_body(v, request) for v in template]
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


class HttpAdapter:
    def __init__(self, spec: HttpTarget, environ: Mapping[str, str] | None = None) -> None:
        self.spec = spec
        self.where = public_url(spec.url)  # for messages: no credentials
        self.client = httpx.AsyncClient(
            headers=resolve_headers(spec, os.environ if environ is None else environ),
            timeout=httpx.Timeout(spec.timeout_s),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=64),
            follow_redirects=False,
        )

    async def call(self, request: BotRequest) -> BotReply:
        spec = self.spec
        body = render_body(spec.body, request)
        try:
            if spec.method == "GET":
                params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
                response = await self.client.get(spec.url, params=params)
            else:
                response = await self.client.request(spec.method, spec.url, json=body)
        except httpx.TimeoutException as e:
            raise TargetTimeout(f"no reply within {spec.timeout_s:g} s") from e
        except httpx.HTTPError as e:
            raise TargetUnreachable(f"{type(e).__name__} calling {self.where}") from e
        if not 200 <= response.status_code < 300:
            raise TargetHTTPError(f"HTTP {response.status_code} from {self.where}")
        try:
            doc = response.json()
        except ValueError as e:
            raise TargetMalformedReply(f"the response is not JSON ({response.text[:60]!r})") from e
        return read_reply(doc, spec)

    async def aclose(self) -> None:
        await self.client.aclose()
