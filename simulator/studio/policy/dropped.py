"""The parts of a policy sentence's condition that no rule tests: shown to the author as not
understood, never dropped without a word.

Walkthrough 16: "within 24 hours" and "a documented emergency" became no variables, and the
page said nothing; the author read rules that looked like their policy and conversations that
broke it. The reader cannot understand every sentence, but it can tell which parts of a
condition it made nothing of: a condition is cut at its joints (`and`, `or`, commas,
`because of`), and a part none of whose words is in a variable the rule tests, or in how the
customer is asked for it, was not understood. English only, like the reader.
"""

from __future__ import annotations

import re

from simulator.studio.policy.policy_numbers import find_numbers
from simulator.studio.policy.policy_read import Suggestion
from simulator.studio.policy.policy_words import _content, _singular, _tokens

__all__ = ["not_understood"]

_CONDITION = re.compile(
    r"(?i)\b(?:only if|only when|if|when|whenever|unless|as long as|so long as|"
    r"provided(?: that)?|in case|without)\s+(?P<c>[^;:]+?)(?=,\s+(?!or\b|and\b|if\b|when\b)|"
    r"[;:]|\s+(?:the\s+|a\s+)?(?:we|you|they|customers?|clients?|guests?|members?|"
    r"drivers?|users?)\s+(?:pays?|gets?|can|may|must|will|is|are)\b|$)"
)
_JOINTS = re.compile(r"(?i),?\s+(?:and|or)\s+(?:if\s+|when\s+)?|,\s+|\s+(?=because of\b|due to\b)")
_NAMED = re.compile(r"\b([a-z][a-z0-9_]*) is\b")
# Words that say how a condition is put, not what it is about.
_PUT = frozenset(
    re.findall(
        r"[a-z]+",
        """because due owing already still just only also ever never any some more less than
        least most within after before since over under above below once twice""",
    )
)


def _stems(words: list[str]) -> set[str]:
    return {_singular(w.lower())[:6] for w in words if len(w) > 2}


def not_understood(s: Suggestion) -> list[str]:
    """The parts of `s`'s condition, as written, that none of its variables stands for ("because
    of a documented emergency"); [] when every part is tested or `s` tests nothing."""
    whens = [w for w in (s.when, *s.also) if w]
    if not whens:
        return []
    names = [m for w in whens for m in _NAMED.findall(w)]
    known = _stems([p for n in names for p in n.split("_")])
    known |= _stems([w for label in s.asks.values() for w in re.findall(r"[a-z']+", label.lower())])
    # a bound a rule tests is used, whatever words are around it ("between 50 and 2,000
    # pounds": walkthrough 17 was told "2,000 pounds" was not understood, the one it used)
    bounds = {float(v) for w in whens for v in re.findall(r"\bis [a-z ]*?(\d+(?:\.\d+)?)\b", w)}
    written = " ".join(s.line.split()).rstrip(".!;")
    out: list[str] = []
    for clause in _CONDITION.finditer(written):
        for part in _JOINTS.split(_TOLD.sub("", clause["c"])):
            words = [w for w in _content(_tokens(part.lower())) if w not in _PUT]
            said = {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", part)}
            if not words:
                continue
            kept = _stems(words) & known
            if not kept and not said & bounds:
                out.append(part.strip(" ,"))
            elif said - _in_units(bounds):
                # "it is the customer's first damage charge in the last 2 years" shares
                # "charge" with the amount the rule tests (newcomer 18): a number no rule
                # tests is a condition left out, whatever words it shares
                out.append(part.strip(" ,"))
    # a bound said outside the condition's clause ("A booking fee under 15 pounds can be
    # refunded once if ...") that no rule tests: the reader kept the rest of the line
    told = " ".join(f"{s.told} {s.more}".lower().split())
    text = written.lower()
    for number in find_numbers(text):
        phrase = _phrase(text, number.start)
        if not number.op or number.value in _in_units(bounds) or phrase in told:
            continue
        if not any(phrase in p.lower() or p.lower() in phrase for p in out):
            out.append(phrase)
    return out


def _phrase(text: str, start: int) -> str:
    """The bound at `start` as written: its comparison, the number and its unit ("under 15
    pounds", "more than 24 hours")."""
    words = re.findall(r"[a-z']+", text[:start])[-3:]
    before: list[str] = []
    for word in reversed(words):
        if word not in _COMPARED:
            break
        before.insert(0, word)
    after = re.match(r"[\d.,]+\s*(?:%|[a-z]+)?", text[start:])
    return " ".join([*before, after[0].strip() if after else ""]).strip()


_COMPARED = frozenset(
    [
        "under",
        "over",
        "above",
        "below",
        "within",
        "than",
        "least",
        "most",
        "to",
        "up",
        "before",
        "after",
        "maximum",
        "minimum",
        "max",
        "min",
        "exceeding",
        "beyond",
        "more",
        "less",
        "fewer",
        "longer",
        "shorter",
        "older",
        "younger",
        "greater",
        "higher",
        "lower",
        "at",
        "no",
        "not",
    ]
)


def _in_units(bounds: set[float]) -> set[float]:
    """The bounds a rule tests, and each in the other time units ("48 hours" tested as "2
    days")."""
    factors = (1, 24, 7, 60, 30, 365, 12)
    return {round(b * f, 6) for b in bounds for f in factors} | {
        round(b / f, 6) for b in bounds for f in factors
    }


# "the customer says ...", "they tell us ...": how the fact reaches support, no part of it
_TOLD = re.compile(
    r"(?i)^(?:the \w+|they|he|she)\s+(?:says?|tells? (?:us|you)|mentions?|reports?|"
    r"informs? us|lets us know)\s+(?:that\s+)?"
)
