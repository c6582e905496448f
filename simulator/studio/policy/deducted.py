"""A grant that keeps something back: "we release the deposit minus a refuelling charge of 40
euros", "we keep 40 euros and refund the rest", "costs a 50 euro fee; the rest is refunded",
"refunded less a 10% admin fee".

Newcomer 18 (walkthrough 18b): "If the tank was not full, we release the deposit minus a
refuelling charge of 40 euros" became a refusal (the "not" of its condition read as a no), and
support told a customer whose tank was not full that it could only release the deposit "if
the tank was not full". A deduction is no refusal: the customer gets what they asked for, less
an amount, and is told the amount before support goes ahead. So the sentence is read without
its deduction (what is granted, and when), and the rule asks first with the whole sentence,
amount included ("Just so you know: ... minus a refuelling charge of 40 euros. Shall I go
ahead?"). English only, like the reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from simulator.studio.policy.policy_read import LIMIT, Suggestion

__all__ = ["deducted", "deduction"]

_GIVE = r"(?:refund|release|return|repay|pay back|pay out|credit|reimburse|give back|send back)"
_AMOUNT = (
    r"(?:[$€£]\s?\d|\d[\d,.]*\s*(?:%|percent|euros?|pounds?|dollars?|eur|gbp|usd)|"
    r"one|a|an|the|\w+'s)"
)
# "... minus a refuelling charge of 40 euros", "... less a 15% restocking fee",
# "... after deducting the admin fee": the part taken off what is granted.
_TAKEN_OFF = re.compile(
    r"(?i)\s+(?:minus|less(?!\s+than)|after deducting|after taking off|with a deduction of|"
    r"net of)\s+(?:a\s+|an\s+|the\s+|our\s+)?(?=[^,;.]*(?:\d|fee|charge|cost|rental|"
    r"deposit|night|day))[^,;.]+"
)
# "we keep 40 euros for refuelling and release the rest", "we retain one night's charge and
# refund the rest": what is kept, then what is given back.
_KEEP_REST = re.compile(
    rf"(?i)\b(?P<we>(?:we|you|i)\s+(?:will\s+|'ll\s+)?)?(?:keep|retain|withhold|deduct|hold back|"
    rf"charge|take)\s+(?P<kept>{_AMOUNT}[^,;.]*?)\s+(?:and|then)\s+(?P<give>{_GIVE})\s+"
    rf"(?:the rest|the remainder|the balance|what is left|the difference)\b"
    r"(?:\s+of\s+(?:the|your|their|his|her)\s+[a-z]+)?"
)
# "costs a 50 euro fee; the rest is refunded": a fee, and the rest given back.
_REST_GIVEN = re.compile(
    rf"(?i)\s*[;,]?\s*(?:and\s+)?(?:the rest|the remainder|the balance|what is left)\s+"
    rf"(?:is|will be|gets?)\s+{_GIVE}\w*\b[^;.]*"
)


def deduction(sentence: str) -> str:
    """The part of `sentence` that says what is kept back ("minus a refuelling charge of 40
    euros", "keep 40 euros for refuelling"); "" when it keeps nothing back."""
    kept = _KEEP_REST.search(sentence)
    if kept:
        return kept["kept"].strip()
    off = _TAKEN_OFF.search(sentence)
    if off and re.search(rf"(?i)\b{_GIVE}\w*\b", sentence[: off.start()]):
        return off[0].strip()
    rest = _REST_GIVEN.search(sentence)
    if rest and re.search(r"(?i)\b(?:fee|charge|costs?|pay|keep)\b", sentence[: rest.start()]):
        return sentence[: rest.start()].strip()
    return ""


def _without(sentence: str) -> str:
    """`sentence` granting what it grants, with nothing kept back."""
    kept = _KEEP_REST.search(sentence)
    if kept:
        give = kept["give"]
        return f"{sentence[: kept.start()]}{kept['we'] or 'we '}{give} it{sentence[kept.end() :]}"
    off = _TAKEN_OFF.search(sentence)
    if off:
        return sentence[: off.start()] + sentence[off.end() :]
    rest = _REST_GIVEN.search(sentence)
    return sentence[: rest.start()] + sentence[rest.end() :] if rest else sentence


def deducted(
    sentence: str,
    variables: dict[str, Any],
    read: Callable[[str, dict[str, Any]], Suggestion | None],
) -> Suggestion | None:
    """The rule a sentence granting something less an amount reads as: it asks first, saying
    the sentence (the amount with it), and does it; None when the sentence keeps nothing back
    or its grant has no condition to read (`read`: the reader of a plain sentence)."""
    if not deduction(sentence):
        return None
    plain = " ".join(_without(sentence).split())
    if plain == sentence:
        return None
    found = read(plain, variables)
    lead = re.match(r"(?i)^(?!if\b|when\b)([^,:;]+)[:,]\s+(?=(?:we|you|i)\b)", plain)
    if lead and (found is None or found.action == "refuse"):
        # "Cancelling less than 48 hours before pick-up: we refund it": the part before the
        # colon is when (read as it stood, "we refund" made the other side a refusal)
        when = f"If {lead[1][0].lower()}{lead[1][1:]}, {plain[lead.end() :]}"
        found = read(when, variables) or found
        plain = when
    if found is None or not found.when:
        return None
    if found.action == "refuse":
        # "If the tank was not full, we release it": the "not" of the condition read as a
        # no; the condition is as written only when the sentence starts with it and allows
        # nothing ("refunds are possible within 14 days ...": the refusal is the other side)
        head = re.match(r"(?i)\s*(?:if|when|where|for|once)\b", plain)
        if head is None or LIMIT.search(plain.lower()) or found.also:
            return None
    elif found.action not in ("resolve", "confirm"):
        return None
    reason = " ".join(sentence.split()).rstrip(".!;")
    if len(reason) > 1 and not reason[1].isupper():
        reason = reason[0].lower() + reason[1:]
    return replace(
        found, line=sentence, action="confirm", reason=reason, way="", grants="", also=()
    )
