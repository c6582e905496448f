"""What decides a Try conversation the offline critic leaves undecided.

Without a model, whether support kept to the policy as its author means it is not judged, and
Try said "undecided" under every conversation (newcomer 18: 45 of 45, 14 with the wrong
decision, and nothing pointed at them). Two things can be said all the same. What the rules
decide is decided: whether support did what the rule for the drawn values says (refused,
handed over, did it, asked first). What is left is one question only the author can answer,
asked with the conversation's own values and the line the rule came from: is that what the
policy means for this customer? If not, that rule (its condition, or what it does) is what
to change.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["kept_rule", "rule_reasons", "to_decide"]

# The rule actions in the words of the question (a rule that asks first, then does it, is
# kept whether the customer then says yes or no).
_DOES = {
    "refuse": "refuse",
    "offer": "refuse and offer something else",
    "escalate": "hand over to a person",
    "resolve": "do it",
    "confirm": "ask first, then do it",
}


def _decisions(record: dict[str, Any]) -> list[str]:
    """Support's deciding acts, in order (a hand-over ends the conversation escalated)."""
    acts = [
        str(turn.get("act"))
        for turn in record.get("turns") or []
        if turn.get("role") == "support" and turn.get("act") in ("refuse", "resolve", "escalate")
    ]
    if str((record.get("outcome") or {}).get("status")) == "escalated":
        acts.append("escalate")
    return acts


def kept_rule(record: dict[str, Any], expected: str | None) -> bool | None:
    """Whether support did what the conversation's rule says (a refusal kept, then handed over
    when the customer pushed, is kept); None when no rule applies or the conversation did not
    get to a decision (it ran out of turns, could not run)."""
    if not expected:
        return None
    decided = _decisions(record)
    if not decided:
        # asked first and the customer said no: the rule was kept
        status = str((record.get("outcome") or {}).get("status"))
        return True if expected == "confirm" and status == "abandoned" else None
    want = {"confirm": "resolve", "offer": "refuse"}.get(expected, expected)
    return want in decided


def rule_reasons(data: Any, used: list[int | None]) -> list[str]:
    """Each conversation's rule's reason (the policy line it came from), '' where none."""
    support = data.get("support") if isinstance(data, dict) else None
    rules = support.get("rules") if isinstance(support, dict) else None
    listed = [r for r in rules if isinstance(r, dict)] if isinstance(rules, list) else []
    return [
        str(listed[n - 1].get("reason") or "") if n is not None and n <= len(listed) else ""
        for n in used
    ]


def to_decide(
    record: dict[str, Any], rule: int | None, expected: str | None, values: str, reason: str = ""
) -> str:
    """The note under an undecided conversation: what the rules decided, and the question
    that decides the rest; '' when no rule applies."""
    if rule is None or not expected:
        return ""
    kept = kept_rule(record, expected)
    does = _DOES.get(expected, expected)
    if kept is True:
        decided = f"Decided by your rules: support did what rule {rule} says ({does})."
    elif kept is False:
        decided = (
            f"<b>Support did not do what rule {rule} says</b> ({does}): a failure of "
            "support, whatever the policy means."
        )
    else:
        decided = "Not decided by the rules: the conversation ended before a decision."
    line = f" (your line: <i>{escape(reason)}</i>)" if reason else ""
    return (
        f"<div class='note decide'>{decided} Still yours to decide: should support "
        f"{escape(does)} for a customer with {escape(values) or 'these values'}? Rule {rule}"
        f"{line} says so. If your policy means something else here, change rule {rule} (its "
        "condition or what it does), or the order of the rules, and Try again.</div>"
    )
