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

A failure the run would ask again (a 5xx, a timeout, a reset connection, a body cut off, empty
or not JSON) is asked again here too, as often as the target's `retries` allow.

Nothing is created before it passes; header values never appear in a message.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from agents.targets import LoadedTarget, TargetError, build_role
from agents.targets.base import RETRIED, BotRequest, public_url, retry_delay, transient
from agents.targets.errors import (
    TargetGarbled,
    TargetHTTPError,
    TargetMalformedReply,
    TargetRateLimited,
    TargetRedirected,
    TargetTimeout,
    TargetUnreachable,
)
from agents.targets.http import HttpAdapter, answer_keys, read_reply
from agents.targets.model import HttpTarget
from agents.targets.wire import Answer, error_reply, exchange, json_of
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
    """The greeting sent as the run sends messages (agents.targets.wire: one deadline, a size
    cap, Retry-After honoured), each failure worded with its fix."""
    where = public_url(spec.url)

    async def once() -> Answer:
        adapter = HttpAdapter(spec, environ)
        try:
            kwargs = adapter.request_kwargs(_request(), {})
            return await exchange(adapter.client, spec.method, spec.url, spec.timeout_s, **kwargs)
        finally:
            await adapter.aclose()

    def fetch() -> Answer:
        """The answer, asked again as the run would ask (the target's `retries`, the same
        backoff) while the failure is transient: a bot warming up that answers its first
        request 503, or a garbled body, must not stop a run that would have gone through."""
        for attempt in range(spec.retries + 1):
            last = attempt == spec.retries
            try:
                answer = asyncio.run(once())
            except TargetError as e:
                if last or not transient(e):
                    raise
            else:
                try:
                    json_of(answer, where)
                    return answer
                except TargetGarbled:
                    if last:
                        return answer  # worded below
                except TargetMalformedReply:
                    return answer
            time.sleep(retry_delay(attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    try:
        answer = fetch()
    except TargetTimeout as e:
        if "still arriving" in str(e):
            raise _fail(loaded, f"{e}: the bot sends its answer too slowly; fix it, or raise "
                        "timeout_s") from e  # fmt: skip
        raise _fail(
            loaded,
            f"no answer from {where} within {spec.timeout_s:g} s; check that the bot is "
            "running, or raise timeout_s",
        ) from e
    except TargetUnreachable as e:
        cause = e.__cause__
        why = _why(cause) if isinstance(cause, httpx.HTTPError) else str(e)
        if why == "it closed the connection without answering":  # reached, then hung up
            greeting = _speaks_first(spec.url)
            if greeting is not None:  # an SSH or mail server greets before it is asked
                raise _fail(
                    loaded,
                    f"{where} did not answer in HTTP (it sent {greeting!r} before any "
                    "request, as an SSH or mail server does); check the port in url",
                ) from e
            raise _fail(
                loaded,
                f"{where} took the '{GREETING}' and closed the connection without "
                "answering: the bot may have crashed while answering; see its log",
            ) from e
        raise _fail(
            loaded, f"cannot reach {where} ({why}); start the bot, or fix url in the target file"
        ) from e
    except (TargetRedirected, TargetRateLimited, TargetMalformedReply) as e:
        raise _fail(loaded, str(e)) from e  # too large, cut off, not HTTP: each says its fix
    except TargetHTTPError as e:
        raise _fail(loaded, _status_problem(spec, where, e.status or 0)) from e
    try:
        doc = json_of(answer, where)
    except TargetMalformedReply as e:
        text = str(e)
        if text.startswith("the response is not JSON"):
            body = answer.body[:40].decode("utf-8", "replace")
            text = f"{where} answered with a body that is not JSON ({body!r})"
        elif "empty body" in text:
            text = f"{where} answered a plain '{GREETING}' with an empty body; check the bot's log"
        if "HTML" in text or "not JSON" in text:
            text += "; point url at the bot's JSON endpoint"
        raise _fail(loaded, text) from e
    try:
        read_reply(doc, spec)
    except TargetMalformedReply as e:
        reported = error_reply(doc, answer.status, where)
        if reported is not None:
            raise _fail(loaded, f"{reported}; check the bot's log") from e
        raise _fail(
            loaded, f"{e} from {where}; set reply to the path of the answer text{answer_keys(doc)}"
        ) from e


def _status_problem(spec: HttpTarget, where: str, status: int) -> str:
    if status in (401, 403):
        names = ", ".join(sorted(spec.headers)) or "none"
        return (
            f"{where} answered HTTP {status} ({'unauthorized' if status == 401 else 'forbidden'})"
            f"; give the bot's token in headers (headers sent: {names}) and export the "
            "environment variable it names"
        )
    if status in (404, 405):
        what = "not found" if status == 404 else f"method {spec.method} not allowed"
        return (
            f"{where} answered HTTP {status} ({what}); fix the path in url"
            + (" or method" if status == 405 else "")
            + " to the bot's chat endpoint"
        )
    return (
        f"{where} answered HTTP {status} to a plain '{GREETING}'; check the bot's log, and "
        "that body has the fields the bot reads"
    )


def _speaks_first(url: str) -> str | None:
    """The first bytes a server sends unasked within a second, when they are not HTTP (an
    HTTP server never speaks first; SSH, SMTP and FTP servers do); else None."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=1.0) as raw:
            raw.settimeout(1.0)
            first = raw.recv(64)
    except OSError:
        return None
    if not first or first.startswith(b"HTTP/"):
        return None
    return first.decode("ascii", "replace").strip()[:40] or None


def _why(exc: httpx.HTTPError) -> str:
    """What the connection error says, from the exception and those that caused it (the
    async client words a refused connection "All connection attempts failed")."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and len(chain) < 8:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return "connection refused"
    if "without sending" in text:
        return "it closed the connection without answering"
    if "name" in text and ("resolve" in text or "known" in text):
        return "unknown host"
    return type(exc).__name__


def _adapter(loaded: LoadedTarget, environ: Mapping[str, str] | None) -> None:
    spec = loaded.spec
    retries = int(getattr(spec, "retries", 0)) if RETRIED.get(spec.kind) else 0

    async def once() -> None:
        role = build_role(loaded, environ)
        try:
            await role.adapter.call(_request())
        finally:
            await role.aclose()

    for attempt in range(retries + 1):
        try:
            asyncio.run(once())
            return
        except TargetError as e:
            if attempt == retries or not transient(e):
                raise _fail(
                    loaded,
                    f"the bot failed a plain '{GREETING}' ({type(e).__name__}: {e}); fix it first",
                ) from e
        time.sleep(retry_delay(attempt))
