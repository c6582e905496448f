"""A tool call whose arguments are not a JSON object: the bot sent a call no tool can run.

The protocol carries a call's arguments as JSON text. A bot that sends text that is not a
JSON object (`{order_id: ORD-1, oops`, a bare string, a truncated object) made a call that
does nothing: convsim's desk refuses it unread ("the arguments of ... are not a JSON
object") and a production tool would fail the same way, so the customer's request it was
meant to serve was not served by it. A graded log keeps such a call as one that was not run
(agents.calls.stored); before, nothing said so (outsider 27 #8c: ACCEPT, no finding).

The finding is `malformed_call`, dimension data_quality (what the bot emitted is broken,
as an empty or garbled reply is), one per such call: major, since the call did nothing and a
customer's task may be left undone by it; minor when a later call of the same tool with
arguments that are an object went through (the bot recovered: a defect worth a note, and
whether the task got done is for end_state and the other checks). A write it was meant to
make, never made, is end_state's as before; this names the cause.
"""

from __future__ import annotations

from agents.checks import GradeContext
from agents.checks.pii import mask_pii
from agents.checks.reading import Call, call_log
from agents.types import INVALID_ARGUMENTS, Finding, Severity

CATEGORY = "malformed_call"
_SHOWN = 120  # characters of the raw arguments quoted as evidence


def malformed_calls(ctx: GradeContext) -> list[Finding]:
    """One finding per call whose arguments were not a JSON object."""
    calls = call_log(ctx)
    found: list[Finding] = []
    for at, call in enumerate(calls):
        if INVALID_ARGUMENTS not in call.call.arguments:
            continue
        raw = str(call.call.arguments[INVALID_ARGUMENTS])
        recovered = _recovered(calls[at + 1 :], call.call.name)
        severity: Severity = "minor" if recovered else "major"
        why = (
            f"support called {call.call.name} with arguments that are not a JSON object, "
            "so no tool could run it"
        )
        why += (
            "; a later call of it with readable arguments went through"
            if recovered
            else "; no later call of it with readable arguments went through"
        )
        shown = raw if len(raw) <= _SHOWN else raw[:_SHOWN] + "..."
        found.append(
            Finding(
                turn=call.turn,
                dimension="data_quality",
                category=CATEGORY,
                severity=severity,
                evidence=mask_pii(f"{call.call.name}({shown})"),
                explanation=why,
            )
        )
    return found


def _recovered(later: list[Call], name: str) -> bool:
    """A later call of the same tool with object arguments that the tool did not refuse."""
    return any(
        c.call.name == name and INVALID_ARGUMENTS not in c.call.arguments and not c.failed
        for c in later
    )
