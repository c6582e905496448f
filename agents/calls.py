"""One support reply's tool calls from a caller convsim does not control (a model, a bot).

A model or a bot sends calls as the OpenAI protocol carries them: a name and arguments as
JSON text, which may not parse. `ReplyCalls` runs them through the conversation's desk
(agents.tools.Desk, which records every call as transcript turns), turning what cannot run
into a tool error result the caller reads (unknown tool: the domain's own error; arguments
that are not a JSON object: recorded, not run), never an exception. Only going past the
per-reply limit raises `ToolLimitError`, which ends the conversation in `error`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agents.scrub import redacted, redacted_value, scrub, scrub_value
from agents.tools import Desk
from agents.types import INVALID_ARGUMENTS, ToolCall
from scenarios.domains import ToolResult

DEFAULT_MAX_CALLS = 20  # tool calls in one reply (any support side that is not convsim)
DEFAULT_MAX_ROUNDS = 8  # model requests that call tools in one reply (an LLM, an openai bot)
# What one call may carry. A model's reply may be megabytes; every call is stored twice (the
# support turn's tool_calls, the tool turn) in every round, so a 5 MB argument in eight rounds
# made 150 MB of run.db for two conversations. Beyond these a call is refused, not run, and
# stored cut short; no real tool name (OpenAI allows 64 characters) or argument object comes
# near them.
MAX_NAME_CHARS = 256
MAX_ARGUMENTS_CHARS = 65_536
# How deep one call's arguments may nest. A stored transcript is read back by pydantic,
# whose JSON reader stops at about 200 levels in all: a bot's arguments nested 200 deep made a
# run.db that `show` and `export` could no longer read (and 300 could not be stored at all).
# A tool's arguments are an object of values and short lists, two to four levels.
MAX_ARGUMENTS_DEPTH = 32
KEPT_CHARS = 200  # of an oversized name or argument text, kept in the record


class ToolLimitError(RuntimeError):
    """The support side made more tool calls (or rounds) in one reply than allowed."""


@dataclass(frozen=True)
class Request:
    """One call as the caller sent it: arguments parsed, or the raw text that did not parse."""

    id: str  # "" lets the desk number it
    name: str
    arguments: Mapping[str, Any] | None  # None: `raw` is not a JSON object
    raw: str = ""

    @classmethod
    def parse(cls, call_id: str, name: str, arguments: Any) -> Request:
        """From an object, JSON text (as the OpenAI protocol carries it), or None (no
        arguments)."""
        if arguments is None:
            return cls(call_id, name, {}, "{}")
        if isinstance(arguments, Mapping):
            try:
                raw = json.dumps(arguments, ensure_ascii=False)
            except (TypeError, ValueError, RecursionError) as exc:  # a bot's own object
                why = "nested too deeply" if isinstance(exc, RecursionError) else "not JSON data"
                return cls(call_id, name, None, f"<an object {why}>")
            return cls(call_id, name, dict(arguments), raw)
        if not isinstance(arguments, str):
            try:
                return cls(call_id, name, None, json.dumps(arguments, default=str))
            except (ValueError, RecursionError):
                return cls(call_id, name, None, f"<a {type(arguments).__name__} nested too deeply>")
        try:
            value = json.loads(arguments) if arguments.strip() else {}
        except (ValueError, RecursionError):  # RecursionError: nested too deeply to read
            value = None
        return cls(call_id, name, value if isinstance(value, dict) else None, arguments)


def _scrubbed(r: Request) -> Request:
    """The request storable as UTF-8 (agents.scrub): its caller is not convsim."""
    return Request(scrub(r.id), scrub(r.name), scrub_value(r.arguments), scrub(r.raw))


def _hidden(r: Request, secrets: Sequence[str]) -> Request:
    """The request without the target's credentials in its arguments (agents.scrub.redacted)."""
    if not secrets:
        return r
    return Request(r.id, r.name, redacted_value(r.arguments, secrets), redacted(r.raw, secrets))


def _cut(text: str) -> str:
    return text if len(text) <= MAX_NAME_CHARS else text[:KEPT_CHARS] + "..."


def _bounded(r: Request) -> tuple[Request, ToolResult | None]:
    """The request as it may be stored, and the refusal when it is too large to run: an id or
    name past MAX_NAME_CHARS is cut (such a name is no tool's, so the desk refuses it as
    unknown); argument text past MAX_ARGUMENTS_CHARS is kept as its start under the marker,
    refused unread (an object: too large; anything else: not an object), so a replay
    refuses it as well. Arguments nested past MAX_ARGUMENTS_DEPTH are refused and kept the
    same way."""
    raw = r.raw if r.raw or r.arguments is None else json.dumps(r.arguments, default=str)
    ident, name = _cut(r.id), _cut(r.name)
    deep = len(raw) <= MAX_ARGUMENTS_CHARS and _nested_over(r.arguments, MAX_ARGUMENTS_DEPTH)
    if len(raw) <= MAX_ARGUMENTS_CHARS and not deep:
        return Request(ident, name, r.arguments, r.raw), None
    kept = raw[:KEPT_CHARS] + "..."
    if r.arguments is None:
        return Request(ident, name, None, kept), None
    if deep:
        refusal = ToolResult(
            f"Error: the arguments of {name} nest more than {MAX_ARGUMENTS_DEPTH} levels deep, "
            "more than a tool call may carry",
            error=True,
        )
        return Request(ident, name, None, kept), refusal
    refusal = ToolResult(
        f"Error: the arguments of {name} are {len(raw):,} characters, more than the "
        f"{MAX_ARGUMENTS_CHARS:,} a tool call may carry",
        error=True,
    )
    return Request(ident, name, None, kept), refusal


def _nested_over(value: Any, limit: int) -> bool:
    """Whether `value` nests objects or lists more than `limit` levels (walked without
    recursion: the value is what a caller sent)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, Mapping) else item
        if not isinstance(item, Mapping | list | tuple):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def stored(request: Request) -> dict[str, Any]:
    """The arguments a call is recorded with: the parsed object, or for text that was not one
    the marker holding that text, so a replay refuses the call as it was refused live
    instead of running the tool without arguments."""
    if request.arguments is None:
        return {INVALID_ARGUMENTS: request.raw}
    return dict(request.arguments)


def not_an_object(request: Request) -> ToolResult:
    return ToolResult(
        f"Error: the arguments of {request.name} are not a JSON object: {request.raw[:200]!r}",
        error=True,
    )


class ReplyCalls:
    """The calls of one support reply, at most `max_calls` of them; thread-safe (a Python
    bot may call from a worker thread)."""

    def __init__(
        self, desk: Desk, max_calls: int = DEFAULT_MAX_CALLS, secrets: Sequence[str] = ()
    ) -> None:
        self.desk = desk
        self.max_calls = max_calls
        # The target's credentials: hidden in the arguments before the call runs and is
        # recorded, as in its replies (agents.scrub.redacted), so live and replay agree.
        self.secrets = tuple(secrets)
        self.count = 0
        self.closed = False
        self.over_limit: str | None = None  # why the reply went past its limit, if it did
        self._lock = threading.Lock()

    def run(self, requests: Sequence[Request], content: str = "") -> list[ToolResult]:
        """One message's calls (several: parallel calls), in order; recorded by the desk."""
        with self._lock:
            if self.closed:
                raise ToolLimitError("the reply these calls belong to is over")
            if self.count + len(requests) > self.max_calls:
                self.closed = True
                self.over_limit = (
                    f"more than {self.max_calls} tool calls in one reply (max_tool_calls)"
                )
                raise ToolLimitError(self.over_limit)
            self.count += len(requests)
        bounded = [_bounded(r) for r in requests]
        requests = [_hidden(_scrubbed(r), self.secrets) for r, _ in bounded]
        content = scrub(content)
        calls = [ToolCall(id=r.id, name=r.name, arguments=stored(r)) for r in requests]
        refused = {
            i: too_large or not_an_object(r)
            for i, (r, (_, too_large)) in enumerate(zip(requests, bounded, strict=True))
            if r.arguments is None
        }
        return self.desk.run_all_sync(calls, content, refused)

    def call(self, name: str, arguments: Any, call_id: str = "") -> ToolResult:
        """One call on its own (a bot that calls tools one at a time)."""
        return self.run([Request.parse(call_id, name, arguments)])[0]

    def close(self) -> None:
        """The reply is over: later calls are refused (a bot calling after it answered)."""
        with self._lock:
            self.closed = True
