"""The support role played by a bot under test: one seam, three adapters.

`TargetRole` turns the conversation into what a bot reads (OpenAI-style `role`/`content`
messages: the customer is `user`, support is `assistant`), times the call, and turns the
answer into a support `Turn` without a dialogue act (the scripted customer reads the text
through `agents.understanding`). A handoff flag ends the conversation as `escalated`, an end
flag as `resolved`, both `ended_by` support. An adapter failure raises a `TargetError`, which
the graph records as an `error` outcome: an infrastructure error, never a bot failure.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from agents.types import ConversationPlan, Outcome, Reply, Turn

Message = dict[str, str]


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
    async def call(self, request: BotRequest) -> BotReply: ...

    async def aclose(self) -> None: ...


def to_messages(turns: Sequence[Turn]) -> list[Message]:
    return [
        {"role": "user" if t.role == "customer" else "assistant", "content": t.content}
        for t in turns
        if t.role in ("customer", "support")
    ]


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
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if not turns or turns[-1].role != "customer":
            raise ValueError("a bot under test answers a customer turn; the customer speaks first")
        request = BotRequest(
            conversation_id=f"{plan.id}-{self.suffix}",
            message=turns[-1].content,
            history=to_messages(turns[:-1]),
            turn=sum(1 for t in turns if t.role == "customer"),
        )
        started = time.perf_counter()
        answer = await self.adapter.call(request)
        latency = round((time.perf_counter() - started) * 1000, 3)
        turn = Turn(role="support", content=answer.text, latency_ms=latency, usage=answer.usage)
        stop = None
        if answer.handoff:
            stop = Outcome(
                status="escalated",
                reason="the bot handed the conversation over",
                ended_by="support",
            )
        elif answer.end:
            stop = Outcome(
                status="resolved", reason="the bot ended the conversation", ended_by="support"
            )
        return Reply(turn=turn, memory={}, stop=stop)

    async def aclose(self) -> None:
        await self.adapter.aclose()
