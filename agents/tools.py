"""The tool seam: how any support side (scripted, LLM, a bot under test) acts on a domain.

When a conversation's scenario names a domain, the graph gives it one `Desk`: the
conversation's own copy of the records (`Domain.new_state()`) and the tools over them. The
support role receives that desk on every turn and calls tools through it; the desk writes
each call into the transcript as a support turn with `tool_calls` followed by one `tool` turn
per call (`name`, `tool_call_id`, `error`, `content` = the result text), in the order made.
The graph puts those turns before the role's text reply, so the transcript reads
customer -> support(tool_calls) -> tool ... -> support(text) -> customer.

How a support role takes part (one contract for every engine):

    class MySupport:
        async def respond(self, plan, turns, memory, desk: Desk | None = None) -> Reply:
            if desk is not None:
                desk.specs                       # the tools: ToolSpec (or desk.openai_tools())
                result = await desk.call("get_order", {"order_id": "W1"})   # one call
                results = await desk.call_all([ToolCall(id=..., name=..., arguments=...)])
                desk.pending                     # tool turns recorded during this reply
            return Reply(turn=Turn(role="support", content="...text for the customer..."))

- The graph passes `desk=` only to a role whose `respond` has a `desk` parameter
  (`takes_desk`); a role without one, or a scenario without a domain, gets nothing and
  behaves as before. `Role` itself is unchanged.
- `call_all` is one assistant message calling several tools (OpenAI's parallel calls); the
  optional `content` is text said alongside the calls. Ids given by a model are kept; the
  desk numbers the others (`call_1`, `call_2`, ... per conversation: deterministic).
- A tool's refusal is a result (`ToolResult.error`), never an exception: the agent reads it.
- `run_sync` is the same as `call` for code that is not async (a Python bot's callables,
  a tool endpoint served from another thread); calls are serialised by a lock.
- Earlier turns' tool results are in `turns` (role "tool"); the customer never sees them:
  the graph gives the customer role `dialogue(turns)` only.
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from agents.types import ToolCall, Turn
from scenarios.domains import Domain, DomainState, ToolResult, ToolSpec, domain_for
from scenarios.model import Scenario

World = Callable[[Scenario], Domain | None]
"""Finds the domain of a scenario (None: the scenario has no world)."""


_CALL_ID = re.compile(r"call_(\d+)")  # the ids a desk numbers itself


class Desk:
    """One conversation's tools and records, recording every call as transcript turns."""

    def __init__(self, state: DomainState) -> None:
        self.state = state
        self._recorded: list[Turn] = []
        self._count = 0
        self._lock = threading.Lock()

    @property
    def domain(self) -> Domain:
        return self.state.domain

    @property
    def specs(self) -> list[ToolSpec]:
        return self.state.domain.specs()

    def openai_tools(self) -> list[dict[str, Any]]:
        """The tools in OpenAI's `tools` request shape (also what the exports write)."""
        return [spec.openai() for spec in self.specs]

    @property
    def pending(self) -> tuple[Turn, ...]:
        """The tool turns recorded since the graph last took them (this reply's calls)."""
        return tuple(self._recorded)

    async def call(
        self, name: str, arguments: Mapping[str, Any], *, call_id: str | None = None
    ) -> ToolResult:
        return self.run_sync(name, arguments, call_id=call_id)

    async def call_all(self, calls: Sequence[ToolCall], content: str = "") -> list[ToolResult]:
        return self.run_all_sync(calls, content)

    def run_sync(
        self, name: str, arguments: Mapping[str, Any], *, call_id: str | None = None
    ) -> ToolResult:
        with self._lock:  # numbered here: one ToolCall made, not one and then its copy
            call = ToolCall(id=call_id or self._new_id(), name=name, arguments=dict(arguments))
            return self._run_locked([call], "", {})[0]

    def run_all_sync(
        self,
        calls: Sequence[ToolCall],
        content: str = "",
        refused: Mapping[int, ToolResult] | None = None,
    ) -> list[ToolResult]:
        """`refused` (by position in `calls`): calls recorded with that result and not run,
        e.g. a model's call whose arguments were not a JSON object (agents.calls); the
        records' call log keeps them too, as a replay of the transcript does."""
        if not calls:
            raise ValueError("call_all needs at least one tool call")
        with self._lock:
            # Ids given by a bot are kept, unless one repeats in this message: its results
            # could not be told apart (outsider 29's `"id": "same"` on a lookup and a cancel
            # made the cancel's result "answer no call"); the desk numbers the repeat.
            named: list[ToolCall] = []
            for c in calls:
                taken = {n.id for n in named}
                named.append(
                    c
                    if c.id and c.id not in taken
                    else c.model_copy(update={"id": self._new_id(taken)})
                )
            return self._run_locked(named, content, refused or {})

    def _run_locked(
        self, named: Sequence[ToolCall], content: str, refused: Mapping[int, ToolResult]
    ) -> list[ToolResult]:
        """`run_all_sync` for calls that all have their ids, under the lock."""
        results: list[ToolResult] = []
        for i, c in enumerate(named):
            if i in refused:
                results.append(refused[i])
                self.state.calls.append((c.name, dict(c.arguments), refused[i]))
            else:
                results.append(self.state.call(c.name, c.arguments))
        self._recorded.append(Turn(role="support", content=content, tool_calls=tuple(named)))
        for c, result in zip(named, results, strict=True):
            self._recorded.append(
                Turn(
                    role="tool",
                    content=result.content,
                    name=c.name,
                    tool_call_id=c.id,
                    error=result.error,
                )
            )
        return results

    def take(self) -> list[Turn]:
        """The recorded turns, handed to the transcript (the graph calls this after a reply)."""
        with self._lock:
            taken, self._recorded = self._recorded, []
        return taken

    def close(self) -> None:
        # After any call in flight on another thread (a bot's tool endpoint): a domain may lend
        # the closed copy to the next conversation (scenarios.domains.runtime).
        with self._lock:
            self.state.close()

    def follow(self, turns: Sequence[Turn]) -> None:
        """Go on from a conversation's earlier turns (a fork's prefix): new call ids are
        numbered after the highest `call_N` among theirs."""
        with self._lock:
            for turn in turns:
                for c in turn.tool_calls or ():
                    if (m := _CALL_ID.fullmatch(c.id)) is not None:
                        self._count = max(self._count, int(m.group(1)))

    def _new_id(self, taken: set[str] | frozenset[str] = frozenset()) -> str:
        self._count += 1
        while f"call_{self._count}" in taken:
            self._count += 1
        return f"call_{self._count}"


def open_desk(scenario: Scenario, world: World | None) -> Desk | None:
    """The desk for a conversation over `scenario`, or None when it has no domain."""
    domain = (world or default_world)(scenario)
    return Desk(domain.new_state()) if domain is not None else None


def default_world(scenario: Scenario) -> Domain | None:
    """The domain the scenario's loader found for its `world` key."""
    return domain_for(scenario)


def takes_desk(role: object) -> bool:
    """Whether a role's `respond` accepts the desk (see the module docstring)."""
    respond = getattr(role, "respond", None)
    if respond is None:
        return False
    try:
        return "desk" in inspect.signature(respond).parameters
    except (TypeError, ValueError):
        return False


def named_for(parameter: str, fact: str) -> bool:
    """A tool parameter named for a customer fact, the way domain authors name them: `email`
    for `account_email`, `name` for `customer_name`, `order_id` for itself. The scripted
    support fills a lookup with it, and the critic counts a call naming it as checking it."""
    a, b = parameter.casefold(), fact.casefold()
    return a == b or a.endswith("_" + b) or b.endswith("_" + a)


def is_dialogue(turn: Turn) -> bool:
    """A turn the customer sees: customer and support text, not tool results, not a support
    turn that only calls tools."""
    if turn.role == "tool":
        return False
    return not (turn.tool_calls and not turn.content.strip())


def dialogue(turns: Sequence[Turn]) -> list[Turn]:
    """The conversation from the customer's seat. Text said alongside tool calls is kept, as
    the plain turn it is to the customer."""
    out: list[Turn] = []
    for turn in turns:
        if not is_dialogue(turn):
            continue
        out.append(turn.model_copy(update={"tool_calls": None}) if turn.tool_calls else turn)
    return out
