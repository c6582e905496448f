"""The support side's tool calls in one turn: executed on the conversation's records, recorded.

Every support side that is not scripted (an LLM, an `openai`, `python` or `http` bot) calls
domain tools through a `CallLog`: it executes each call on the conversation's `DomainState`
and keeps the calls as transcript turns (a support turn carrying `tool_calls`, then one
`tool` turn per call with the text the caller saw), so convsim sees every call whoever made
it. A call that cannot run (unknown tool, arguments that are not a JSON object) is a tool
error result the caller sees, never an exception; only going past the per-turn limit
raises (`ToolLimitError`), which ends the conversation in `error`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from agents.types import ToolCall, Turn
from scenarios.domains.runtime import ToolResult, ToolSpec


class ToolLimitError(RuntimeError):
    """The support side made more tool calls (or rounds) in one turn than allowed."""


class Backend(Protocol):
    """What a `CallLog` needs from the conversation's state (`DomainState` has it)."""

    def call(self, name: str, arguments: Mapping[str, Any]) -> ToolResult: ...


@dataclass(frozen=True)
class Request:
    """One call as the caller sent it: arguments parsed, or the raw text that did not parse."""

    id: str
    name: str
    arguments: Mapping[str, Any] | None  # None: `raw` is not a JSON object
    raw: str = ""

    @classmethod
    def parse(cls, call_id: str, name: str, arguments: Any) -> Request:
        """From an object, or a JSON text as the OpenAI protocol carries it."""
        if arguments is None:
            return cls(call_id, name, {}, "{}")
        if isinstance(arguments, Mapping):
            return cls(call_id, name, dict(arguments), json.dumps(arguments, ensure_ascii=False))
        raw = arguments if isinstance(arguments, str) else json.dumps(arguments)
        if isinstance(arguments, str):
            try:
                value = json.loads(arguments) if arguments.strip() else {}
            except ValueError:
                value = None
            if isinstance(value, dict):
                return cls(call_id, name, value, raw)
        return cls(call_id, name, None, raw)


class CallLog:
    """One support reply's tool calls on a conversation's state (see the module docstring).

    `ids` names calls that came without an id (HTTP, MCP and Python bots): `{prefix}-{n}`,
    n counting the calls of this reply, so ids are stable for a seed.
    """

    def __init__(
        self,
        backend: Backend,
        specs: Sequence[ToolSpec],
        *,
        max_calls: int,
        prefix: str = "call",
    ) -> None:
        self.backend = backend
        self.specs = list(specs)
        self.max_calls = max_calls
        self.prefix = prefix
        self.turns: list[Turn] = []
        self.count = 0
        self.closed = False

    def next_id(self) -> str:
        return f"{self.prefix}-{self.count + 1}"

    def run(self, requests: Sequence[Request]) -> list[ToolResult]:
        """Execute `requests` (one message's calls, in order) and record them as turns."""
        if self.closed:
            raise ToolLimitError("the reply this call belongs to is over")
        if self.count + len(requests) > self.max_calls:
            self.closed = True
            raise ToolLimitError(
                f"more than {self.max_calls} tool calls in one reply (the limit per turn)"
            )
        self.count += len(requests)
        calls = tuple(
            ToolCall(id=r.id, name=r.name, arguments=dict(r.arguments or {})) for r in requests
        )
        results = [self._execute(r) for r in requests]
        self.turns.append(Turn(role="support", content="", tool_calls=calls))
        for request, result in zip(requests, results, strict=True):
            self.turns.append(
                Turn(
                    role="tool",
                    content=result.content,
                    name=request.name,
                    tool_call_id=request.id,
                    error=result.error or None,
                )
            )
        return results

    def call(self, name: str, arguments: Any, call_id: str | None = None) -> ToolResult:
        """One call (a bot that calls tools one at a time): its own support turn."""
        return self.run([Request.parse(call_id or self.next_id(), name, arguments)])[0]

    def _execute(self, request: Request) -> ToolResult:
        if request.arguments is None:
            return ToolResult(
                f"Error: the arguments of {request.name} are not a JSON object: "
                f"{request.raw[:200]!r}",
                error=True,
            )
        try:
            return self.backend.call(request.name, request.arguments)
        except Exception as exc:  # a tool's own bug is the tool's error result, not a crash
            return ToolResult(f"Error: {type(exc).__name__}: {exc}", error=True)

    def close(self) -> list[Turn]:
        """End the reply: later calls are refused; returns the recorded turns."""
        self.closed = True
        return list(self.turns)
