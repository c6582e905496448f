"""Policy lines said another way before they are read, so the sentence shapes the reader
knows cover them: "..., no charge applies" is the charge waived; "Never waive the fee for a
patient who ..." is a refusal for them; "Premium customers never pay for X" is X free for them.
Walkthrough 16: a "never" line was read as no rule, another as a refusal that told the customer
"never freeze a membership ..."; a way said as "no charge applies" was no rule. English only,
like the reader.
"""

from __future__ import annotations

import re

from simulator.studio.policy.policy_acts import prohibited
from simulator.studio.policy.policy_words import GRANT_VERBS

__all__ = ["said_plainly"]


def said_plainly(line: str) -> str:
    """`line` in the shape the reader reads ("If X, we waive the charge.", "We cannot waive
    the fee for ...", "X is free for Ys."), or as it is."""
    if re.match(r"(?i)(?:if|when|where)\b", line):  # "If ..., no charge applies"
        line = _NO_CHARGE.sub(r", we waive the \g<fee>.", line)
    # "cancel free of charge": the grant is the cancelling (a "charge" read as a fee made the
    # line no rule: newcomer 18's flight-cancelled line was never read)
    line = _FREE_OF.sub("", line)
    return _never_as_cannot(_RANGE.sub(_both_bounds, line))


_FREE_OF = re.compile(
    r"(?i)(?<=\w)\s+(?:free of charge|for free|at no (?:extra )?(?:cost|charge)|"
    r"without (?:a |any )?(?:fee|charge))(?=\s*(?:[,.;!]|$|whatever|regardless|even))"
)


# "when arrears are between 50 and 2,000 pounds", "handsets priced from 100 to 1,200 pounds":
# one quantity with two bounds. Read as written, "between 50" became a yes/no fact
# (`arrears_between`) and the lower bound was dropped without a word (walkthrough 17); said
# as "at least 50 pounds and at most 2,000 pounds" each bound is a comparison on the same
# quantity, which the number reader knows.
_NUM = r"(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?"
_RANGE = re.compile(
    rf"(?i)\b(?:between|from)\s+(?P<a>{_NUM})(?:\s*(?P<ua>[a-z%]+))?\s+(?:and|to)\s+"
    rf"(?P<b>{_NUM})(?:\s*(?P<ub>[a-z%]+))?"
)
_UNIT = re.compile(
    r"(?i)(?:pounds?|euros?|dollars?|gbp|eur|usd|pence|cents?|%|percent|days?|nights?|weeks?|"
    r"months?|years?|hours?|minutes?|kg|kilos?|km|miles?|items?|units?|kwh|litres?|liters?)"
)


def _both_bounds(m: re.Match[str]) -> str:
    """ "between 50 and 2,000 pounds" as "at least 50 pounds and at most 2,000 pounds"."""
    unit = m["ub"] if m["ub"] and _UNIT.fullmatch(m["ub"]) else ""
    first = m["ua"] if m["ua"] and _UNIT.fullmatch(m["ua"]) else unit
    tail = f" {unit}" if unit else ""
    if m["ub"] and not unit:
        tail = f" {m['ub']}"  # not a unit: the word after the range stays where it was
    # a currency sign said before the second number is the first one's too
    sign = re.match(r"[$€£]\s?", m["b"])
    low = m["a"] if not sign or re.match(r"[$€£]", m["a"]) else sign[0] + m["a"]
    return f"at least {low}{' ' + first if first else ''} and at most {m['b']}{tail}"


# "If the damage was already marked at pick-up, no charge applies": the charge waived
# (walkthrough 16's reader showed no rule for a way said so).
_NO_CHARGE = re.compile(
    r"(?i),\s*(?:then\s+)?(?:there\s+is\s+|there's\s+)?no\s+(?:\w+\s+)?(?P<fee>charge|fee|penalty|fine)"
    r"\s*(?:applies|is due|is charged|is payable|is owed|will apply|at all)?\s*[.!]?$"
)
# "Never waive the fee for a patient who already had one waived this year": what support
# never does for some customers, a refusal for them ("we cannot waive the fee for ..."). Read
# as said, it was no rule (walkthrough 16), or a refusal that told the customer "never
# freeze a membership ...". What support never *says* is prohibited() (the critic's).
_NEVER_DO = re.compile(
    r"(?i)^(?:never|do not|don't|you must not|you should never|never ever)\s+"
    r"(?P<rest>(?P<verb>[a-z]+)\b.*\b(?:for|to|who|whose|that|which|if|when|unless|within|"
    r"after|before|during|while|on|in)\b.*)$"
)


# "Premium customers never pay for redelivery": free for them, a way to have it (it was
# read as a refusal of premium customers: "never" taken for a no).
_NEVER_PAY = re.compile(
    r"(?i)^(?P<who>(?:[a-z-]+\s+){0,2}[a-z-]+s)\s+"
    r"(?:never|don't|do not|do not have to|don't have to)"
    r"\s+pay\s+(?:for\s+|a\s+|the\s+|any\s+)?(?P<what>[^,;]+?)\s*[.!]?$"
)


def _never_as_cannot(line: str) -> str:
    """A "never <do it> for/if ..." line said as the refusal it is, "<people> never pay for
    X" as X free for them, else `line` as it is."""
    free = _NEVER_PAY.match(line.strip())
    if free:
        return f"{free['what'][:1].upper()}{free['what'][1:]} is free for {free['who'].lower()}."
    m = _NEVER_DO.match(line.strip())
    if m is None or prohibited(line) is not None:
        return line
    if not re.fullmatch(GRANT_VERBS, m["verb"].lower()):
        return line
    when = _NEVER_WHILE.match(m["rest"])
    if when:
        # "Never release a deposit while a damage claim is open on the booking": the fact is
        # the claim being open (newcomer 18 was asked "whether I have a deposit while damage")
        return f"If {when['c']}, we cannot {when['do']}{when['tail'] or '.'}"
    return f"We cannot {m['rest']}"


# "<do it> while/after/once/if <a clause with its own verb>[: why]": what is refused, and when.
_NEVER_WHILE = re.compile(
    r"(?i)^(?P<do>[^,:;]+?)\s+(?:while|after|once|if|when|whenever)\s+"
    r"(?P<c>[^,:;]*?\b(?:is|are|was|were|has|have|had)\b[^,:;]*?)\s*(?P<tail>[:;,].*)?[.!]?$"
)
