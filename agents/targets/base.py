"""The support role played by a bot under test: one seam, three adapters.

`TargetRole` turns the conversation into what a bot reads (OpenAI-style `role`/`content`
messages: the customer is `user`, support is `assistant`), times the call, and turns the
answer into a support `Turn` without a dialogue act (the scripted customer reads the text
through `agents.understanding`). A handoff flag ends the conversation as `escalated`, an end
flag as `resolved`, both `ended_by` support; a call of the domain's transfer tool that went
through (agents.handovers) ends it as the handoff flag does, for every kind of target. An
adapter failure raises a `TargetError`, which the graph records as an `error` outcome: an
infrastructure error, never a bot failure.

When the scenario has a domain, the graph hands the role the conversation's desk and each
request carries a `ToolAccess` (agents.targets.tools) for the bot's calls: every call is run
on the conversation's records and recorded as transcript turns before the bot's reply. A
bot that ignores its tools plays exactly as before.
"""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from agents.calls import DEFAULT_MAX_CALLS, ReplyCalls, ToolLimitError
from agents.handovers import handover_made, handover_tools
from agents.scrub import redacted, scrub
from agents.targets.errors import (
    TargetCutOff,
    TargetGarbled,
    TargetHTTPError,
    TargetRateLimited,
    TargetRedirected,
    TargetTimeout,
    TargetTooLarge,
    TargetToolLimit,
    TargetUnreachable,
)
from agents.targets.tools import ToolAccess
from agents.tools import Desk, is_dialogue
from agents.types import ConversationPlan, Outcome, Reply, Turn

Message = dict[str, str]
# A support message longer than this is not a message (a runaway generation, a dumped page):
# the reply is refused as `too_large` before any check reads it.
MAX_REPLY_CHARS = 100_000
# A reply that failed in transit is asked for again (the target file's `retries`, default 2),
# after RETRY_BACKOFF_S, then twice that: one 500 or one hang must not lose a conversation.
# Only bots reached over the network; a Python bot that raised or hung is not flaky transport.
RETRY_BACKOFF_S = 0.5
# Each wait is capped: doubling from 0.5 s, `retries: 10` slept 256 s before its last attempt
# (8.5 min for a dead bot's preflight); past a few seconds a longer wait only delays the verdict.
MAX_RETRY_BACKOFF_S = 8.0
RETRIED = {"http": True, "openai": True}


def retry_delay(retry: int) -> float:
    """Seconds to wait before retry number `retry` (0 first): 0.5 s, doubling, at most 8 s."""
    return min(RETRY_BACKOFF_S * 2 ** min(retry, 32), MAX_RETRY_BACKOFF_S)


def transient(exc: BaseException) -> bool:
    """A failure worth asking again: a 5xx status, a timeout, a refused or reset connection, a
    body cut off, empty or not JSON at all. A 4xx (the request is wrong, or rate limited) and
    a well-formed answer the bot got wrong (no text at `reply`, an error object, an HTML page)
    are not."""
    if isinstance(exc, TargetRateLimited | TargetRedirected):
        return False
    if isinstance(exc, TargetHTTPError):
        return exc.status is not None and exc.status >= 500
    return isinstance(exc, TargetTimeout | TargetUnreachable | TargetCutOff | TargetGarbled)


def public_url(url: str) -> str:
    """The URL without user:password@ and query string, where credentials sometimes hide."""
    parts = urlsplit(url)
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


@dataclass(frozen=True)
class BotRequest:
    conversation_id: str
    message: str
    history: list[Message]  # the turns before `message`
    turn: int  # 1-based customer turn number
    tools: ToolAccess | None = None  # the scenario's domain tools, for this reply
    transcript: tuple[Turn, ...] = ()  # every turn so far, tool turns included

    @property
    def messages(self) -> list[Message]:
        return [*self.history, {"role": "user", "content": self.message}]


@dataclass(frozen=True)
class BotReply:
    text: str
    handoff: bool = False
    end: bool = False
    usage: dict[str, Any] | None = field(default=None)


class Adapter(Protocol):
    """One kind of target; its `spec` (the target file's model), when it has one, gives
    `max_tool_calls`, and its `secrets`, when it has them, are kept out of what is stored."""

    async def call(self, request: BotRequest) -> BotReply: ...

    async def aclose(self) -> None: ...


def to_messages(turns: Sequence[Turn]) -> list[Message]:
    """The dialogue as a bot reads it: no tool results, no turn that only called tools."""
    return [
        {"role": "user" if t.role == "customer" else "assistant", "content": t.content}
        for t in turns
        if t.role in ("customer", "support") and is_dialogue(t)
    ]


def _transfer_made(desk: Desk | None) -> str | None:
    """The domain's transfer tool (agents.handovers) that this reply called and that did not
    refuse: the bot handed the conversation over, whatever words it said around the call and
    whatever its kind. It ends the conversation as a handoff flag does; before, an `openai`
    or `python` bot's call left the simulated customer to read the words that followed, and
    a customer who took them for anything else talked on to nobody (outsider 23: 11 of 40)."""
    if desk is None:
        return None
    made = desk.pending  # this reply's calls: the graph takes them after the reply
    tools = handover_tools(desk.specs)
    if not tools or not handover_made(made, tools):
        return None
    refused = {t.tool_call_id for t in made if t.role == "tool" and t.error}
    return next(
        call.name
        for turn in made
        if turn.role == "support"
        for call in turn.tool_calls or ()
        if call.name in tools and call.id not in refused
    )


class TargetRole:
    """agents.types.Role for the support side, backed by an adapter.

    The conversation id a bot sees is the conversation's id plus a per-process suffix, so a
    stateful bot never mistakes a re-run (after --force or a resume) for the old session; it
    is not written to any output.
    """

    def __init__(self, adapter: Adapter, session_suffix: str | None = None) -> None:
        self.adapter = adapter
        self.suffix = session_suffix if session_suffix is not None else secrets.token_hex(4)

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        if not turns or turns[-1].role != "customer":
            raise ValueError("a bot under test answers a customer turn; the customer speaks first")
        conversation_id = f"{plan.id}-{self.suffix}"
        access = None
        if desk is not None:
            spec = getattr(self.adapter, "spec", None)  # an adapter without a target file: 20
            limit = int(getattr(spec, "max_tool_calls", DEFAULT_MAX_CALLS))
            hidden = tuple(getattr(self.adapter, "secrets", ()))
            access = ToolAccess(conversation_id, desk.specs, ReplyCalls(desk, limit, hidden))
        request = BotRequest(
            conversation_id=conversation_id,
            message=turns[-1].content,
            history=to_messages(turns[:-1]),
            turn=sum(1 for t in turns if t.role == "customer"),
            tools=access,
            transcript=tuple(turns),
        )
        started = time.perf_counter()
        spec = getattr(self.adapter, "spec", None)
        retries = int(getattr(spec, "retries", 0)) if RETRIED.get(getattr(spec, "kind", "")) else 0
        failures: list[str] = []
        while True:
            try:
                answer = await self.adapter.call(request)
                break
            except Exception as exc:
                # A bot that fails after going past its tool limit failed because of the limit.
                over = access.calls.over_limit if access is not None else None
                if over is not None or isinstance(exc, ToolLimitError):
                    raise TargetToolLimit(over or str(exc)) from exc
                called = access is not None and access.calls.count > 0
                if len(failures) >= retries or called or not transient(exc):
                    if failures:  # the error says it was asked again
                        exc.args = (
                            f"{exc} (after {len(failures)} retries: {', '.join(failures)})",
                        )
                    raise
                failures.append(getattr(exc, "kind", "error"))
                await asyncio.sleep(retry_delay(len(failures) - 1))
            finally:
                if access is not None:
                    access.calls.close()
            if access is not None and desk is not None:  # a fresh budget for the next attempt
                access = ToolAccess(
                    access.conversation_id,
                    access.specs,
                    ReplyCalls(desk, access.calls.max_calls, access.calls.secrets),
                )
                request = dataclasses.replace(request, tools=access)
        if access is not None and access.calls.over_limit is not None:
            raise TargetToolLimit(access.calls.over_limit)
        if len(answer.text) > MAX_REPLY_CHARS:
            raise TargetTooLarge(
                f"the reply is {len(answer.text):,} characters; a support message may have at "
                f"most {MAX_REPLY_CHARS:,}"
            )
        latency = round((time.perf_counter() - started) * 1000, 3)
        text = redacted(answer.text, getattr(self.adapter, "secrets", ()))
        usage = answer.usage
        if failures:  # recorded where a reader of the transcript sees the reply was re-asked
            usage = {**(usage or {}), "target_retries": len(failures), "retried_on": failures}
        turn = Turn(role="support", content=scrub(text), latency_ms=latency, usage=usage)
        stop = None
        transfer = _transfer_made(desk)
        if answer.handoff or transfer:
            how = f" (its call of {transfer} went through)" if transfer else ""
            stop = Outcome(
                status="escalated",
                reason=f"the bot handed the conversation over{how}",
                ended_by="support",
            )
        elif answer.end:
            stop = Outcome(
                status="resolved", reason="the bot ended the conversation", ended_by="support"
            )
        return Reply(turn=turn, memory={}, stop=stop)

    async def aclose(self) -> None:
        await self.adapter.aclose()
