"""One request to the bot before `convsim test` starts, so a newcomer's first mistake is one
line naming the fix instead of a run of N identical errors.

The request is a greeting in a conversation of its own (id `convsim-preflight-<hex>`), sent
the way the run will send messages (same URL, headers, body template, reply path). What can
go wrong, and the fix each message names:

- unreachable (connection refused, DNS): start the bot, or fix `url`;
- HTTP 401/403: the token in `headers` (and the environment variable it reads);
- HTTP 404/405: the path or `method`;
- another non-2xx status: the bot failed on a plain greeting; its log says why;
- no reply in time: start the bot or raise `timeout_s`;
- a body that is not JSON, or no text at the `reply` path: which keys the answer had.

Nothing is created before it passes; header values never appear in a message.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from collections.abc import Mapping
from typing import Any

import httpx

from agents.targets import LoadedTarget, TargetError, build_role
from agents.targets.base import BotRequest, public_url
from agents.targets.errors import TargetMalformedReply
from agents.targets.http import read_reply, render_body, resolve_headers
from agents.targets.model import HttpTarget
from simulator.errors import UserError

GREETING = "Hello"


class PreflightError(UserError):
    """The target failed its one preflight request."""


def _request() -> BotRequest:
    return BotRequest(f"convsim-preflight-{secrets.token_hex(4)}", GREETING, [], 1)


def preflight(loaded: LoadedTarget, environ: Mapping[str, str] | None = None) -> None:
    """Raise PreflightError (one line naming the file and the fix) unless the bot answers."""
    spec = loaded.spec
    if isinstance(spec, HttpTarget):
        _http(loaded, spec, os.environ if environ is None else environ)
    else:
        _adapter(loaded, environ)


def _fail(loaded: LoadedTarget, message: str) -> PreflightError:
    return PreflightError(f"--target {loaded.file}: {message}")


def _http(loaded: LoadedTarget, spec: HttpTarget, environ: Mapping[str, str]) -> None:
    where = public_url(spec.url)
    body = render_body(spec.body, _request())
    try:
        with httpx.Client(
            headers=resolve_headers(spec, environ), timeout=httpx.Timeout(spec.timeout_s)
        ) as client:
            if spec.method == "GET":
                params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
                response = client.get(spec.url, params=params)
            else:
                response = client.request(spec.method, spec.url, json=body)
    except httpx.TimeoutException as e:
        raise _fail(
            loaded,
            f"no answer from {where} within {spec.timeout_s:g} s; check that the bot is "
            "running, or raise timeout_s",
        ) from e
    except httpx.HTTPError as e:
        raise _fail(
            loaded,
            f"cannot reach {where} ({_why(e)}); start the bot, or fix url in the target file",
        ) from e
    status = response.status_code
    if status in (401, 403):
        names = ", ".join(sorted(spec.headers)) or "none"
        raise _fail(
            loaded,
            f"{where} answered HTTP {status} ({'unauthorized' if status == 401 else 'forbidden'})"
            f"; give the bot's token in headers (headers sent: {names}) and export the "
            "environment variable it names",
        )
    if status in (404, 405):
        what = "not found" if status == 404 else f"method {spec.method} not allowed"
        raise _fail(
            loaded,
            f"{where} answered HTTP {status} ({what}); fix the path in url"
            + (" or method" if status == 405 else "")
            + " to the bot's chat endpoint",
        )
    if not 200 <= status < 300:
        raise _fail(
            loaded,
            f"{where} answered HTTP {status} to a plain '{GREETING}'; check the bot's log, and "
            "that body has the fields the bot reads",
        )
    try:
        doc = response.json()
    except ValueError as e:
        raise _fail(
            loaded,
            f"{where} answered with a body that is not JSON ({response.text[:40]!r}); point "
            "url at the bot's JSON endpoint",
        ) from e
    try:
        read_reply(doc, spec)
    except TargetMalformedReply as e:
        raise _fail(
            loaded, f"{e} from {where}; set reply to the path of the answer text{_keys(doc)}"
        ) from e


def _why(exc: httpx.HTTPError) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if "name" in text and ("resolve" in text or "known" in text):
        return "unknown host"
    return type(exc).__name__


def _keys(doc: Any) -> str:
    if isinstance(doc, dict) and doc:
        shown = ", ".join(f"$.{k}" for k in list(doc)[:6])
        return f" (the answer has {shown})"
    return f" (the answer is a JSON {type(doc).__name__})"


def _adapter(loaded: LoadedTarget, environ: Mapping[str, str] | None) -> None:
    role = build_role(loaded, environ)

    async def once() -> None:
        try:
            await role.adapter.call(_request())
        finally:
            await role.aclose()

    try:
        asyncio.run(once())
    except TargetError as e:
        raise _fail(
            loaded, f"the bot failed a plain '{GREETING}' ({type(e).__name__}: {e}); fix it first"
        ) from e
