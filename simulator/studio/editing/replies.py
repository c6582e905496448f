"""Support's lines that the studio writes, and that follow the rule until the author edits
them.

Newcomers spent most of their five minutes typing what support says, and a starter line
about someone else's business ("bookings older than 30 days can't be changed") read as
nonsense once they renamed its variables. So a rule's `say` starts as lines made from the
rule itself: a refusal says its reason (two ways: the second is what support says when the
customer pushes back, so it does not repeat itself word for word), a rule that does it says
it is done. While the lines are still the ones made from the rule's old action and reason,
changing the action, the reason or the condition makes them again; once the author edits
them they are the author's and stay. Nothing is remembered between requests: "still made
by the studio" is "equal to what the studio would make from the rule as it was".
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.editing.conditions import CONFIRM_STARTER, condition_text
from simulator.studio.policy.own_words import handover_line, refusal_lines, to_you
from simulator.studio.policy.policy_read import CONSENT

__all__ = [
    "DONE",
    "NOTHING_PLAIN",
    "NOTHING_TO_CHANGE",
    "PLACEHOLDER",
    "STARTER_REASON",
    "STARTER_REASONS",
    "Before",
    "follow",
    "made_lines",
    "made_question",
    "made_reason",
]

# What a rule says when it does it: no variable but the reference the customer gave.
DONE = "Done! That's taken care of for {reference}. You'll get a confirmation by email."
DONE_PLAIN = "Done! That's taken care of. You'll get a confirmation by email."
# The rule for every other case, once the policy's rules each do something of their own (re-
# issue a bill, book a meter check): the starter's "Done! That's taken care of" answered a
# customer none of them fitted as if something had been done (walkthrough 12, 2 of 5).
NOTHING_TO_CHANGE = (
    "I've looked into it for {reference}, and there's nothing here I need to change. If "
    "something still looks wrong, tell me what and I'll check again."
)
NOTHING_PLAIN = (
    "I've looked into it, and there's nothing here I need to change. If something still "
    "looks wrong, tell me what and I'll check again."
)
# The line a rule added before this module started with.
PLACEHOLDER = "Write what support says here."
# The short starter's reason: about its own example (days since a booking), so a rename of
# the variable its rule tests replaces it with the condition in words, as a made reason.
STARTER_REASON = "bookings made more than 30 days ago cannot be changed"
# Both starters' reasons: a named starter's speaks of requests (starter_words._on_topic).
STARTER_REASONS = (STARTER_REASON, "requests made more than 30 days ago cannot be handled")


def made_reason(when: Any) -> str:
    """A reason in words from the rule's condition, for a rule whose reason nobody wrote."""
    return condition_text(when).replace("_", " ")


def made_lines(action: str, reason: str, variables: Any, offer: str = "") -> list[str]:
    """The lines the studio gives a rule with this action and reason (and, for a refusal,
    the alternative it offers: named and asked about in the first line)."""
    reason = " ".join(str(reason or "").split()).rstrip(".")
    offer = " ".join(str(offer or "").split()).rstrip(".")
    if action == "refuse":
        # Said as support, never the policy sentence recited (walkthrough 7).
        ask = f" What I can offer instead is {offer}: shall I arrange that?" if offer else ""
        return refusal_lines(reason, ask)
    if action == "escalate":
        return [
            handover_line(reason) if reason else "I'm passing this to a colleague who can decide."
        ]
    has_reference = isinstance(variables, dict) and "reference" in variables
    return [DONE if has_reference else DONE_PLAIN]


def _recited_lines(action: str, reason: str, offer: str = "") -> list[str]:
    """The lines the studio made before they were said in support's words (the policy
    sentence recited): files made then still have them, and they still follow the rule."""
    reason = " ".join(str(reason or "").split()).rstrip(".")
    offer = " ".join(str(offer or "").split()).rstrip(".")
    if action == "refuse":
        why = reason or "that isn't something we can do"
        ask = f" What I can offer instead is {offer}: shall I arrange that?" if offer else ""
        return [
            f"I'm sorry, I can't do that: {why}.{ask}",
            f"I understand, but the answer has to stay the same: {why}.",
        ]
    if action == "escalate":
        return [f"I'm passing this to a colleague who can decide{': ' + reason if reason else ''}."]
    return []


# A reason that names something the customer must do or settle before support acts (an
# unpaid fee, a form to sign): "Shall I go ahead?" after it read as "go ahead anyway"
# (walkthrough 6), so the question asks whether they want to see to it first.
_FIRST = re.compile(
    r"(?i)\b(?:unpaid|outstanding|owed|owing|overdue|unsettled|arrears|pending|missing|"
    r"first|must|needs? to|ha(?:ve|s) to|required|requires)\b"
)


def made_question(reason: str) -> list[str]:
    """The question a rule that asks first starts with once its reason is the author's: the
    reason, then the go-ahead (walkthrough 5 typed a reason and then the question again), or,
    when the reason is something to see to first, whether the customer wants to do that."""
    reason = to_you(" ".join(str(reason or "").split()).rstrip("."))
    if not reason:
        return [CONFIRM_STARTER]
    if CONSENT.search(reason.lower()):  # "... need your okay first": the okay is the answer
        return [f"Just so you know: {reason}. Shall I go ahead?"]
    if not _FIRST.search(reason):
        return [f"Just so you know: {reason}. Shall I go ahead?"]
    first = "" if re.search(r"(?i)\bfirst\b", reason) else ", and that needs sorting out first"
    return [f"Just so you know: {reason}{first}. Would you like to do that now, so I can go ahead?"]


def _question_for(rule: Any) -> list[str]:
    """What a rule's made question is now: from its reason when the author wrote it, else
    the starter line (a reason the studio made, or the starter's, is about nothing yet)."""
    reason = str(rule.get("reason") or "")
    if reason == made_reason(rule.get("when")) or reason in STARTER_REASONS:
        return [CONFIRM_STARTER]
    return made_question(reason)


class Before:
    """A rule's action, reason and lines before an edit (`follow` compares after it)."""

    def __init__(self, rule: Any, variables: Any) -> None:
        self.action = str(rule.get("action", "")) if isinstance(rule, dict) else ""
        self.reason = str(rule.get("reason") or "") if isinstance(rule, dict) else ""
        self.offer = str(rule.get("offer") or "") if isinstance(rule, dict) else ""
        self.when = condition_text(rule.get("when")) if isinstance(rule, dict) else ""
        say = rule.get("say") if isinstance(rule, dict) else None
        self.say = [str(s) for s in say] if isinstance(say, list) else None
        self.made = self.say is None or self.say in (
            [],
            [PLACEHOLDER],
            [NOTHING_TO_CHANGE],  # the studio's too (ways.nothing_to_change)
            [NOTHING_PLAIN],
            made_lines(self.action, self.reason, variables, self.offer),
            _recited_lines(self.action, self.reason, self.offer) or None,
        )
        when = rule.get("when") if isinstance(rule, dict) else None
        self.reason_made = self.reason == made_reason(when) or self.reason in STARTER_REASONS
        confirm = rule.get("confirm") if isinstance(rule, dict) else None
        asked = [str(c) for c in confirm] if isinstance(confirm, list) else None
        self.question_made = asked is None or asked in (
            [CONFIRM_STARTER],
            _question_for(rule) if isinstance(rule, dict) else None,
        )


def follow(rule: CommentedMap, before: Before, variables: Any) -> int:
    """After an edit of `rule`: its reason (when the studio made it) follows its condition,
    and its lines (when the studio made them) follow its action, reason and offer. How many of the
    two changed."""
    if not isinstance(rule, CommentedMap):
        return 0
    changed = 0
    action = str(rule.get("action", ""))
    when_changed = condition_text(rule.get("when")) != before.when
    if (
        action in ("refuse", "escalate")
        and before.reason_made
        and before.reason
        and when_changed
        and rule.get("when")
    ):
        rule["reason"] = made_reason(rule.get("when"))
        changed += 1
    confirm = rule.get("confirm")
    if action == "resolve" and isinstance(confirm, list) and before.question_made:
        question = _question_for(rule)  # asks first: the question follows a typed reason
        if [str(c) for c in confirm] != question:
            rule["confirm"] = CommentedSeq(question)
            changed += 1
    if not before.made or isinstance(rule.get("say"), dict):  # the author's, or per language
        return changed
    lines = made_lines(
        action, str(rule.get("reason") or ""), variables, str(rule.get("offer") or "")
    )
    if before.say != lines:
        rule["say"] = CommentedSeq(lines)
        changed += 1
    return changed
