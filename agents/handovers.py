"""A handover said in words and never made, where the desk has a way to make it.

A bot that tells the customer "I'm transferring you to our fraud team now" has handed over
only if something handed over: a call of the domain's transfer tool that went through, or
the bot's own handoff signal (a target's `handoff` field, which ends the conversation
escalated by support). Where the domain has a transfer tool, words alone are a promise not
kept: the customer waits for a team that never comes. Where it has none (and the target no
handoff signal) the words are all there is to read, and they count as before.

A transfer tool is found by its name or its description, not from a list of our domains'
tools: a verb of passing on (transfer, escalate, hand off/over) with a person or team
(`transfer_to_human_agents`, `escalate_to_supervisor`, `handoff`), or a description that
hands the conversation or the customer to someone. A money transfer (`transfer_funds`) is
none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from agents.types import Outcome, Turn
from scenarios.domains import ToolSpec

__all__ = ["handover_made", "handover_tools", "hands_over", "unmade_handover"]

_PASSES_ON = re.compile(r"transfer|escalat|hand_?off|hand_?over|handoff", re.IGNORECASE)
_TO_PERSON = re.compile(
    r"human|agent|person|people|team|specialist|staff|operator|supervisor|manager|"
    r"representative|escalat|hand_?off|hand_?over|live",
    re.IGNORECASE,
)
_DESCRIBES = re.compile(
    r"^\W*(?:hand|transfer|escalat|pass|route|connect)\w* (?:the |this )?(?:conversation|"
    r"customer|caller|chat|case|user) (?:over )?to (?:a |an |the )?(?:human|person|agent|team|"
    r"specialist|supervisor|manager|live|colleague)",
    re.IGNORECASE,
)


def hands_over(name: str, description: str = "") -> bool:
    """Whether a tool of this name (and description, where known) hands the conversation to
    a person or team: the one rule every check asks, for a call of a tool the grader has no
    spec of as for a domain's tools."""
    return bool(
        (_PASSES_ON.search(name) and _TO_PERSON.search(name)) or _DESCRIBES.search(description)
    )


def handover_tools(specs: Mapping[str, ToolSpec] | Iterable[ToolSpec] | None) -> frozenset[str]:
    """The names of the tools that hand the conversation to a person or team."""
    if specs is None:
        return frozenset()
    items = specs.values() if isinstance(specs, Mapping) else specs
    return frozenset(s.name for s in items if hands_over(s.name, s.description or ""))


def handover_made(turns: Sequence[Turn], tools: frozenset[str]) -> bool:
    """A call of one of `tools` in `turns` that the tool did not refuse."""
    refused = {t.tool_call_id for t in turns if t.role == "tool" and t.error}
    return any(
        call.name in tools and call.id not in refused
        for turn in turns
        if turn.role == "support"
        for call in turn.tool_calls or ()
    )


def unmade_handover(stop: Outcome, turns: Sequence[Turn], specs: Iterable[ToolSpec]) -> Outcome:
    """The customer's stop, unless it says the conversation was handed over when it was not:
    a customer who took support's words for a handover ("I'm transferring you now") ends
    the conversation escalated, but if the support side spoke without acts, its desk had a
    transfer tool and no call of it went through, nobody took the conversation. The outcome
    then says what happened: the customer was left waiting (abandoned), not escalated."""
    if stop.status != "escalated" or stop.ended_by != "customer":
        return stop
    said = next((t for t in reversed(turns) if t.role == "support" and t.content.strip()), None)
    if said is None or said.act is not None:
        return stop  # an escalate act: the scripted side hands over by its act
    tools = handover_tools(list(specs))
    if not tools or handover_made(turns, tools):
        return stop
    return Outcome(
        status="abandoned",
        reason=(
            "support said it was handing the conversation over but made no transfer (no call "
            f"of {', '.join(sorted(tools))}, no handoff signal); the customer was left waiting"
        ),
        ended_by="customer",
    )
