"""How a conversation ended, in words a support lead reads right.

The stored outcome (`abandoned`, `resolved` ...) is the run's contract: filters, exports and
the CLI keep it, and it stays on screen in brackets. But "abandoned" for a customer who was
correctly refused read as a failure to the newcomers who timed the studio, so the page says
what happened: who ended it after which of support's decisions, and, in Try, whether that
decision is the one the scenario's rule asks for.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ending"]

# The outcome reason of a refusal whose offer the customer took (agents.scripted.offering,
# not imported: this module is on the first page's path, the simulator is not).
TAKEN = "the customer took what support offered instead"

# Support's acts that decide the request (agents.types), in words.
_DECIDED = {"refuse": "a refusal", "resolve": "support did it", "escalate": "a hand-over"}
_PLAIN = {
    "resolved": "done",
    "escalated": "handed over to a person",
    "max_turns": "ran out of turns",
    "error": "could not run",
}


def _last_decision(record: dict[str, Any]) -> str | None:
    for turn in reversed(record.get("turns") or []):
        if turn.get("role") == "support" and turn.get("act") in _DECIDED:
            return str(turn.get("act"))
    return None


def ending(record: dict[str, Any], expected: str | None = None, rule: int | None = None) -> str:
    """`customer left after rule 2 refused (abandoned)` and the like; `expected`:
    the action of the rule this conversation's values select (`refuse`, `resolve`, `confirm`,
    `escalate`), when known (Try knows it, Runs do not), `rule` its number. A refusal is
    never called correct: the rules are followed, but whether they keep to the policy is not
    judged without a model (walkthrough 10: "a correct refusal" of a customer the policy lets
    off, from a rule the studio had suggested)."""
    outcome = record.get("outcome") or {}
    status = str(outcome.get("status"))
    if status == "resolved" and outcome.get("reason") == TAKEN:
        return f"customer took what support offered instead ({status})"
    if status != "abandoned":
        words = _PLAIN.get(status)
        return f"{words} ({status})" if words else status
    decided = _last_decision(record)
    if decided == "refuse":
        if expected == "refuse":
            asked = f"rule {rule}" if rule is not None else "its rule"
            return f"customer left after {asked} refused ({status})"
        return f"customer left after a refusal ({status})"
    if expected == "confirm" and decided is None:
        return f"customer said no when asked first ({status})"
    if decided is not None:
        return f"customer left after {_DECIDED[decided]} ({status})"
    return f"customer gave up before a decision ({status})"
