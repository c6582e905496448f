"""Policy sentences that check a fact and say what its answer decides, read for suggest.py.

"Check whether the repair was booked inside the warranty period: if it was, decline the
charge", "Was the parcel opened? If so, the decision stands", "If the condition was
pre-existing or inside the waiting period, the decision stands": each is a rule testing the
fact checked (one rule per fact of an "or"), asked of the customer in the check's words
(walkthrough 14: the waiting-period check was read as no rule). A check said with a number
and "if not" is left unread: turned around it would test the wrong side. English only.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.policy.own_words import to_me
from simulator.studio.policy.policy_read import find_numbers, yes_no
from simulator.studio.policy.voice import contracted, to_you

__all__ = [
    "EITHER",
    "IF_SO",
    "STANDS",
    "answered",
    "checked",
    "each_refused",
    "stands_lines",
    "told_after",
    "told_tail",
]


# What was decided is kept: "the decision stands", "the fee remains".
STANDS = re.compile(
    r"\b(?:decision|answer|charge|fee|fine|penalty|outcome|assessment|rejection|refusal|"
    r"ruling|original \w+)\s+(?:still\s+)?(?:stands|remains|is upheld|stays|is final)\b"
)
# A condition of several facts, any one of which is refused ("if A or B, ...").
EITHER = re.compile(r"\b(?:if|when|whenever)\s+(?P<c>[^,;]+?\s+or\s+[^,;]+?)(?=,|;|\s+then\b|$)")
_SUBJECT = re.compile(r"^(.+?\b(?:is|are|was|were|has|have|had)\b)\s")
_BE = re.compile(r"\b(?:is|are|was|were|has|have|had|does|did|do)\b")


def each_refused(
    clause: str, variables: dict[str, Any], new: dict[str, Any], asks: dict[str, str]
) -> tuple[str, ...]:
    """Each fact of an "A or B" condition as a condition of its own (`a is yes`, `b is yes`),
    a part without a verb said with the first part's subject ("the condition was pre-existing
    or inside the waiting period": the condition was inside the waiting period); () when a
    part is no fact the reader can name."""
    pieces = [p.strip() for p in re.split(r",?\s+or\s+", clause) if p.strip()]
    subject = _SUBJECT.match(pieces[0])
    whens = []
    for piece in pieces:
        own = piece  # named by its own words (inside_waiting_period), said with the subject
        if not _BE.search(piece) and subject:
            piece = f"{subject[1]} {piece}"
        found = yes_no(f"if {piece}", 0, f"if {piece}")
        named = yes_no(f"if {own}", 0, "") if own != piece else found
        if found is None or named is None:
            return ()
        name, when_no, said = named[0], found[1], found[2]
        whens.append(f"{name} is {'no' if when_no else 'yes'}")
        if name not in variables and name not in new:
            new[name] = {"choice": ["yes", "no"]}
            if said:
                asks[name] = f"whether {to_me(said)}"
    return tuple(dict.fromkeys(whens)) if len(set(whens)) > 1 else ()


# "Check whether the repair was booked inside the warranty period: if it was, decline": a
# check with its outcome, read as "If the repair was booked ..., decline".
_CHECK = re.compile(
    r"(?i)^(?:check|see|find out|confirm|verify|look up)\s+(?:whether|if)\s+(?P<fact>[^:;,?]+?)"
    r"\s*[:;,]\s*if\s+(?P<side>not|so|yes|no|(?:it|they|he|she)\s+\w+(?:\s+not|n't)?)\s*,?\s+"
    r"(?P<then>.+)$"
)
_AUX = re.compile(r"(?i)\b(is|are|was|were|has|have|had|did|does|do|can|will)\b")
# A yes/no question and the answer's outcome after it: "Was the item returned within 30
# days? If not, decline the refund."
_QUESTION = re.compile(
    r"(?i)^(?P<aux>is|are|was|were|has|have|had)\s+(?P<subject>(?:the|a|an|their|his|her|its|this)"
    r"\s+(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+(?P<rest>(?:[\w'-]+ed|[\w'-]+en|inside|within|outside|"
    r"over|under|before|after|more|less|in|on|at|from|by|still|already|older|newer|a|an)\b.*?)\s*\?$"
)
_CHECK_ALONE = re.compile(
    r"(?i)^(?:check|see|find out|confirm|verify|look up)\s+(?:whether|if)\s+(?P<fact>[^:;,?]+)$"
)
# ("If no reminder was sent, ..." is a condition of its own: a bare yes/no takes a comma)
IF_SO = re.compile(r"(?i)^if\s+(?:(?P<side>not|so)\b,?|(?P<yn>yes|no)\s*[,:])\s+(?P<then>.+)$")


def _fact_said(fact: str, negative: bool) -> str:
    """`fact` with a "not" after its first verb when `negative`; "" when it has none, or has
    a number ("not returned within 30 days" would read as within 30 days)."""
    if not negative:
        return fact
    if find_numbers(fact.lower()):
        return ""
    aux = _AUX.search(fact)
    return f"{fact[: aux.end()]} not{fact[aux.end() :]}" if aux else ""


def checked(line: str) -> str:
    """A check with its outcome said as a condition and what then happens ("If the repair was
    booked inside the warranty period, decline the charge"); `line` as it is otherwise."""
    m = _CHECK.match(line.strip())
    if m is None:
        return line
    fact = _fact_said(m["fact"], bool(re.search(r"\b(?:not|no)\b|n't", m["side"].lower())))
    return f"If {fact}, {m['then']}" if fact else line


def answered(question: str, line: str) -> str:
    """A question and the line after it that says what happens on one answer, as one
    sentence ("If the item was not returned within 30 days, decline the refund"), else ""."""
    q, then = _QUESTION.match(question.strip()), IF_SO.match(line.strip())
    check = _CHECK_ALONE.match(question.strip().rstrip(".;:"))
    if (q is None and check is None) or then is None:
        return ""
    if check is not None:
        fact = check["fact"]
    elif q is not None:
        fact = f"{q['subject']} {q['aux'].lower()} {q['rest']}"
    fact = _fact_said(fact, (then["side"] or then["yn"]).lower() in ("not", "no"))
    return f"If {fact}, {then['then']}" if fact else ""


_TELL = re.compile(
    r"(?i)^(?:and\s+)?(?:tell|let|inform|remind)\s+(?:the customer|them|the caller|the client)"
    r"(?:\s+know)?\s+(?:that\s+)?(?P<said>(?:they|he|she|the customer)\s+.+?)\.?$"
)


# What the customer is told, said as what happens to them ("the customer hears back within
# 5 days", "they get an answer by email"): something support says, never a condition.
_HEARS = (
    r"(?:the customer|the caller|the client|they|he|she)\s+(?:will\s+|should\s+)?"
    r"(?:hears?\s+back|hear\s+from|gets?\s+(?:an?\s+)?(?:answer|reply|response|"
    r"confirmation|email|update|decision|call)|receives?\s+(?:an?\s+)?(?:answer|reply|"
    r"response|confirmation|email|update|decision|call)|(?:is|are|will be)\s+(?:told|"
    r"informed|contacted|called back))\b.*"
)
_TELL_TAIL = re.compile(
    r"(?i)^(?P<head>.+?\w)(?:\s*[:,]\s*(?:and\s+)?|\s+and\s+)(?P<tail>(?:tell|let|inform|"
    r"remind)\s+(?:the customer|them|the caller|the client)\b.+|" + _HEARS + r")$"
)


def told_tail(line: str) -> tuple[str, str]:
    """A sentence's trailing clause that says what support tells the customer, split off:
    ("Any claim above 300 EUR goes to the claims team", "tell the customer they will hear
    back within 5 working days"); (line, "") when it has none. The tail's number ("within 5
    working days") is what support says, never a condition of the rule (walkthrough 15 got
    a `hear_days is at most 5` condition and a customer asked for "the number of hear days")."""
    m = _TELL_TAIL.match(" ".join(line.split()).rstrip(".!;"))
    if m is None or len(m["head"].split()) < 3:
        return line, ""
    return m["head"], m["tail"]


def told_after(line: str) -> str:
    """What a line after a hand-over has support tell the customer, said to them ("tell the
    customer they will hear back within 10 working days": "You'll hear back within 10
    working days."; "the customer hears back within 5 days": "You'll hear back within 5
    days."), else ""."""
    m = _TELL.match(line.strip())
    if m is None:
        plain = re.match(r"(?i)^(?:and\s+)?(?P<said>" + _HEARS + r")$", line.strip().rstrip(".!;"))
        if plain is None:
            return ""
        said = re.sub(
            r"(?i)^(?:they|he|she|the customer|the caller|the client)\b", "you", plain["said"]
        )
        said = re.sub(r"(?i)^you (hear|get|receive)s?\b", r"you'll \1", said)
        said = re.sub(r"(?i)^you (?:is|are)\b", "you'll be", said)
        said = re.sub(r"\b(?:their|his|her)\b", "your", said)
        return said[0].upper() + said[1:].rstrip(".!;") + "."
    said = re.sub(r"(?i)^(?:they|he|she|the customer)\b", "you", m["said"].strip())
    said = re.sub(r"(?i)^you (?:is|are)\b", "you're", re.sub(r"(?i)^you has\b", "you have", said))
    said = contracted(re.sub(r"(?i)^you will\b", "you'll", said))
    said = re.sub(r"\b(?:their|his|her)\b", "your", said)
    return said[0].upper() + said[1:].rstrip(".!;") + "."


def _said_to_you(label: str) -> str:
    """A label in the customer's voice said back to them ("I'm a member": "you're a member")."""
    said = label
    for mine, yours in (
        (r"\bI'm\b", "you're"), (r"\bI am\b", "you are"), (r"\bmy\b", "your"),
        (r"\bme\b", "you"), (r"\bI\b", "you"),
    ):  # fmt: skip
        said = re.sub(mine, yours, said)
    return to_you(said)


def stands_lines(reason: str, when: str, asks: dict[str, str]) -> list[str]:
    """A refusal's lines for one fact of "If A or B, the decision stands": what stands and
    that fact ("I'm sorry, but the decision stands: the condition was pre-existing."), never
    the whole sentence with the other fact; [] for any other refusal."""
    m = STANDS.search(reason.lower())
    name = when.split()[0] if when.endswith(" is yes") else ""
    label = asks.get(name, "")
    if m is None or not label.startswith("whether "):
        return []
    fact = _said_to_you(label.removeprefix("whether "))
    stands = m[0]
    return [
        f"I'm sorry, but the {stands}: {fact}.",
        f"I understand, but the answer has to stay the same: {fact}, so the {stands}.",
    ]
