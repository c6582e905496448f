"""How a graded log ended, when it does not say but its tool calls do: a hand-over.

Production exports rarely carry convsim's `outcome`; without it, `grade` leaves every outcome
criterion undecided ("not in the input") and reads the conversation as one support meant to
finish itself. A log that holds a call of a hand-over tool (`transfer_to_club_manager`,
`escalate_to_supervisor`: agents.handovers.hands_over, by the domain's description where
the scenario has a domain, else by the name) answered by a result that is no error shows how
it ended as surely as an outcome would: support handed the conversation over. `convsim test`
ends a conversation escalated on the same call (agents.targets: "its call of ... went
through"); `grade` now reads a log the same way, so the same conversation gets the same
verdict from both (outsider 26: c15/c16 `hands_over` undecided beside a successful transfer
call, and c17, a member who asked for the manager in a freeze chat, graded as a freeze never
made).

A call with no result in the log, or whose result is an error ("{"error": ...}", "Error:
..."), hands nothing over: the outcome stays unknown, as before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from agents.handovers import hands_over
from agents.types import Outcome, Turn
from scenarios.domains import domain_for
from scenarios.model import Scenario
from scenarios.schema.problems import ScenarioError


def handover_outcome(turns: Sequence[Turn], scenario: Scenario) -> Outcome | None:
    """Escalated by support, when the log holds a hand-over call that went through; None
    when it holds none."""
    described = _descriptions(scenario)
    results = {t.tool_call_id: t for t in turns if t.role == "tool" and t.tool_call_id}
    for turn in turns:
        if turn.role != "support":
            continue
        for call in turn.tool_calls or ():
            if not hands_over(call.name, described.get(call.name, "")):
                continue
            result = results.get(call.id)
            if result is None or _refused(result):
                continue
            reason = f"the log's call of {call.name} went through: support handed over"
            return Outcome(status="escalated", reason=reason, ended_by="support")
    return None


def _refused(result: Turn) -> bool:
    """A tool result that says the call failed: flagged so, or an error object or text."""
    if result.error is not None:
        return result.error
    text = result.content.strip()
    if text[:6].casefold() == "error:" or text.casefold().startswith("error "):
        return True
    if not text.startswith("{"):
        return False
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and value.get("error") not in (None, False, "")


def _descriptions(scenario: Scenario) -> dict[str, str]:
    """The scenario's tools' descriptions by name; empty when it has no domain to read."""
    try:
        domain = domain_for(scenario)
    except ScenarioError:
        return {}
    if domain is None:
        return {}
    return {spec.name: spec.description or "" for spec in domain.specs()}
