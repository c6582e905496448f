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

from simulator.studio.policy.policy_read import Suggestion
from simulator.studio.policy.policy_words import _content, _singular, _tokens

__all__ = ["not_understood"]

_CONDITION = re.compile(
    r"(?i)\b(?:only if|only when|if|when|whenever|unless|as long as|so long as|"
    r"provided(?: that)?|in case)\s+(?P<c>[^;]+?)(?=,\s+(?!or\b|and\b|if\b|when\b)|;|$)"
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
            if words and not _stems(words) & known and not said & bounds:
                out.append(part.strip(" ,"))
    return out


# "the customer says ...", "they tell us ...": how the fact reaches support, no part of it
_TOLD = re.compile(
    r"(?i)^(?:the \w+|they|he|she)\s+(?:says?|tells? (?:us|you)|mentions?|reports?|"
    r"informs? us|lets us know)\s+(?:that\s+)?"
)
