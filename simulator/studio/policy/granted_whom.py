"""Ways to get something said without an "if": "Cancellations made at least 48 hours before
pick-up get a full refund", "Freezes are free for members on the annual plan", "Overdue fines
are forgiven for first-time borrowers". Each is one way (ways.py), read apart from granted.py's
conditional sentences (granted.py was 461 lines). English only.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.policy import policy_read as r
from simulator.studio.policy.deeds import GRANTS, deed_words
from simulator.studio.policy.own_words import base_verb

__all__ = ["for_people", "for_whom", "numbered"]


# A subject that gets what it asks for ("Cancellations made at least 48 hours before pick-up
# get a full refund"): the condition is in the subject, no "if".
_GETS = re.compile(
    r"\b(?:gets?|receives?|qualif(?:y|ies) for|(?:is|are) entitled to)\s+(?:\w+\s+){0,3}?"
    r"(?:refunds?|credit|free|discount|reimbursement|money back|back)\b|"
    r"\b(?:is|are)\s+(?:fully\s+|always\s+)?(?:refunded|refundable|waived|reimbursed|free)\b"
)


def numbered(line: str, written: str, text: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """ "Cancellations made at least 48 hours before pick-up get a full refund": one way to get
    it (ways.py), done when every number the subject is limited by holds; None for no such
    sentence."""
    gets = _GETS.search(text)
    if gets is None or r.NEG.search(text) or r.ESCALATE.search(text):
        return None
    numbers = [n for n in r.find_numbers(text) if n.op]
    if not numbers or any(n.start > gets.start() or n.money for n in numbers):
        return None  # what it gets ("15% off") or an amount is no condition of the subject
    verb = gets.start()
    parts: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    parts += [r.number_condition(text, n, verb, variables, new, asks) for n in numbers]
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    what = re.match(r"(?:gets?|receives?)\s+(.+)$", text[gets.start() :])
    return r.Suggestion(
        line,
        " and ".join(parts),
        "resolve",
        reason,
        new,
        asks,
        way="for " + " ".join(written[: gets.start()].split()).lower(),
        grants=f"give {what[1]}" if what else "",
    )


_FOR = re.compile(r"\b(?:only )?(?:for|to) (?P<c>(?:[a-z]+[- ]){0,2}[a-z]+s)$")


_PEOPLE = (
    r"(?:members|customers|clients|guests|users|people|subscribers|students|passengers|"
    r"patients|tenants|drivers|renters|riders|borrowers|those|anyone|someone)\s+"
    r"(?:on|in|with|who|that|whose)\b"
)
# "Freezes are free for members on the annual plan": granted to people said by a clause.
_FOR_PEOPLE = re.compile(rf"\s(?:only\s+)?(?:for|to)\s+(?P<c>{_PEOPLE}.+)$")
_GIVEN = re.compile(
    r"\b(?:free|waived|refunded|forgiven|discounted|reimbursed|credited|dropped|half price|"
    r"at no (?:extra )?(?:cost|charge)|free of charge)\b"
)
# "Customers on the social tariff get the reconnection fee waived too"
_PEOPLE_GET = re.compile(
    rf"^(?P<c>{_PEOPLE}.+?)\s+(?:get|gets|can get|receive|are given|have)\s+(?P<x>.+?)\s+"
    r"(?P<v>[a-z]+)(?:\s+(?:too|as well|also))?$"
)

# "Guests on the flexible rate get a full refund": people who get a thing, not a verb's deed.
_PEOPLE_RECEIVE = re.compile(
    rf"^(?P<c>{_PEOPLE}.+?)\s+(?:get|gets|can get|receive|are given)\s+"
    r"(?P<x>(?:a|an|the|their)\s+(?:full\s+|free\s+|partial\s+)?(?:refund|credit|"
    r"reimbursement|freeze|exchange|replacement|upgrade|discount|waiver)|their money back)$"
)


def for_people(
    line: str, written: str, text: str, variables: dict[str, Any]
) -> r.Suggestion | None:
    """A way granted to the people a clause names ("for members on the annual plan",
    "customers on the social tariff get ... waived too"), else None."""
    if r.NEG.search(text) or r.ESCALATE.search(text) or r.find_numbers(text):
        return None
    m = _FOR_PEOPLE.search(text)
    if m and _GIVEN.search(text[: m.start()]):
        who, main = m["c"], text[: m.start()].strip()
        free = re.match(r"(?P<s>.+?)\s+(?:is|are)\s+free(?: of charge)?$", main)
        grants = f"offer {free['s']} free of charge" if free else deed_words(main, "")
        way = "for " + " ".join(written[m.start("c") :].split())
    elif _PEOPLE_RECEIVE.match(text):
        # "Guests on the flexible rate get a full refund": what they get is the way
        m = _PEOPLE_RECEIVE.match(text)
        assert m is not None
        who, grants = m["c"], f"give {m['x']}"
        said = " ".join(written[: m.end("c")].split())
        way = "for " + said[:1].lower() + said[1:]
    else:
        m = _PEOPLE_GET.match(text)
        if m is None or not base_verb(m["v"]) or not _GIVEN.search(m["v"]):
            return None
        who = m["c"]
        grants = f"{base_verb(m['v'])} {m['x']}"
        said = " ".join(written[: m.end("c")].split())
        way = "for " + said[:1].lower() + said[1:]
    found = r.yes_no(who, 0, "")
    if found is None:
        return None
    name, when_no, _ = found
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    new = {} if name in variables else {name: {"choice": ["yes", "no"]}}
    when = f"{name} is {'no' if when_no else 'yes'}"
    # asked as a person asks it: "whether I'm on the annual plan", "whether I have a pass"
    where = re.search(r"\b(on|in|with)\s+(.+)$", who)
    being = "I have" if where and where[1] == "with" else f"I'm {where[1]}" if where else ""
    asks = {name: f"whether {being} {where[2]}"} if where and new and not when_no else {}
    return r.Suggestion(line, when, "resolve", reason, new, asks, way=way, grants=grants)


def for_whom(line: str, written: str, text: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """ "Overdue fines are forgiven for first-time borrowers": refused to the others."""
    m = _FOR.search(text)
    # "... are referred to student services": where they are sent, a hand-over, not whom
    # something is given to (session 13's held-out school policy read it as a refusal).
    if m is None or r.NEG.search(text) or re.match(r"no\b", text) or r.ESCALATE.search(text):
        return None  # "No refunds for no-shows": a refusal, not a grant
    if not GRANTS.search(text[: m.start()]):
        return None
    if r.find_numbers(text) or re.search(r"\d", m["c"]) or m["c"].split()[-1] in r.UNITS:
        return None  # "for one to three months": a limit, which suggest.py reads
    words = r.content_words(m["c"])
    if words and m["c"].split()[-1] in ("members", "customers", "clients", "guests", "users"):
        words.append(m["c"].split()[-1])  # "gold members": gold_member
    if not words:
        return None
    name = r.var_name([*words[:-1], r.singular(words[-1])][-3:])
    if not name:
        return None
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    new = {} if name in variables else {name: {"choice": ["yes", "no"]}}
    main = written[: m.start()].strip().lower()
    return r.Suggestion(
        line,
        f"{name} is yes",
        "resolve",
        reason,
        new,
        {},
        way=" ".join(written[m.start() :].split()),
        grants=deed_words(main, ""),
    )
