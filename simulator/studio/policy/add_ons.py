"""A policy line that adds to support's refusals, never a rule that decides.

"Always offer the written complaints route if the customer is still unhappy" says what
support adds when a customer does not like the answer, not a case of its own: read as a rule
(walkthrough 14: `unhappy is yes` -> "does it", rule 1) it took every unhappy caller before
the real decision, and most callers asking for a review are unhappy. So a line whose
condition is how the customer takes the answer (unhappy, upset, not satisfied, disagreeing,
wanting to complain or appeal) and whose order is something support offers, gives or
explains becomes a sentence added to each refusal's last line (the one said when the
customer pushes back, still unhappy): *If you're still unhappy, I can offer you the written
complaints route.* Nothing is drawn for it and no rule tests it.

Applied after every other rule is added, so refusals added later get it too; the lines made
from a refusal's reason are compared without it (`without_add_ons`). English only, like the
rest of the policy reader.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from simulator.studio.policy.policy_read import Suggestion
from simulator.studio.policy.voice import to_you

__all__ = ["ADD_ON", "add_on", "apply_add_ons", "is_applied", "without_add_ons"]

# The action kind of a line that adds to refusals (no rule).
ADD_ON = "adds to refusals"

# How the customer takes the answer: no fact of their case.
_REACTION = re.compile(
    r"\b(?:unhappy|upset|angry|dissatisfied|frustrated|annoyed|not (?:satisfied|happy|content)|"
    r"disagrees?|disputes? (?:the|our|this) (?:decision|outcome|answer)|complains?|"
    r"wants? to (?:complain|appeal|take (?:it|this|the matter) further|escalate)|"
    r"(?:does not|doesn't|do not|don't) (?:accept|agree with) (?:the|our|this) "
    r"(?:decision|outcome|answer))\b"
)
# What support adds: an offer, a pointer, an explanation.
_ADDS = (
    r"(?:offer|mention|give|send|explain|tell (?:them|the customer|him|her) about|"
    r"point (?:them|the customer|him|her) to|share|provide|signpost)"
)
_DOES_IF = re.compile(
    rf"(?i)^(?:always\s+|also\s+|please\s+)*(?P<d>{_ADDS}\b.+?),?\s+(?:if|when|whenever|where)\s+"
    r"(?P<c>.+)$"
)
_IF_DOES = re.compile(
    rf"(?i)^(?:if|when|whenever|where)\s+(?P<c>[^,]+),\s*(?:always\s+|also\s+|please\s+)*"
    rf"(?P<d>{_ADDS}\b.+)$"
)
_TO_THEM = re.compile(r"\b(?:them|the customer|him|her)\b")


def add_on(line: str) -> Suggestion | None:
    """The sentence `line` adds to the refusals, or None when it is no such line."""
    written = " ".join(line.split()).rstrip(".!;")
    m = _DOES_IF.match(written) or _IF_DOES.match(written)
    if m is None or not _REACTION.search(m["c"].lower()):
        return None
    does = _TO_THEM.sub("you", m["d"][0].lower() + m["d"][1:])
    verb, _, rest = does.partition(" ")
    if verb.lower() in ("offer", "give", "send", "provide") and not rest.startswith("you "):
        does = f"{verb} you {rest}"
    sentence = f"If {to_you(m['c'])}, I can {does}."
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    return Suggestion(line, "", ADD_ON, reason, does=sentence)


def _refusals(rules: Any) -> list[Any]:
    return [
        r
        for r in (rules if isinstance(rules, list) else [])
        if isinstance(r, dict) and r.get("action") == "refuse" and isinstance(r.get("say"), list)
    ]


def is_applied(rules: Any, s: Suggestion) -> bool:
    """Whether every refusal already says what the add-on adds (and there is one)."""
    refusals = _refusals(rules)
    return bool(refusals) and all(s.does in str(r["say"][-1]) for r in refusals)


def without_add_ons(rules: Any, found: list[Suggestion]) -> list[Suggestion]:
    """Take the sentences of `found`'s add-ons out of every refusal, so its lines compare with
    the ones made from its reason; the add-ons that were in are returned, to put back."""
    adds = [s for s in found if s.action == ADD_ON]
    had = [s for s in adds if any(s.does in str(x) for r in _refusals(rules) for x in r["say"])]
    for rule in _refusals(rules):
        for i, said in enumerate(rule["say"]):
            text = str(said)
            for s in had:
                text = text.replace(" " + s.does, "").replace(s.does, "")
            if text != str(said):
                rule["say"][i] = text
    return had


def apply_add_ons(rules: Any, adds: list[Suggestion]) -> None:
    """Each add-on's sentence after each refusal's last line (the one for a customer who
    pushes back), once."""
    for rule in _refusals(rules):
        say = rule["say"]
        if not say:
            continue
        for s in adds:
            if s.does not in str(say[-1]):
                say[-1] = f"{str(say[-1]).rstrip()} {s.does}"
        if not isinstance(say, CommentedSeq):
            rule["say"] = CommentedSeq(say)
