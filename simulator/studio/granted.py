"""Policy sentences said the positive way, as what support does and when: "Late fees are
waived once if the customer is a member and within 3 days", "If the bike comes back within 3
days, we waive the fee", "Cancellations are free as long as they are made 24 hours ahead".

Walkthrough 7's author wrote their policy so, and the studio read none of it: it read only
refusals ("... cannot be waived"), and the rewrite was the walkthrough's costliest step. What
such a sentence refuses is the other side of its condition: not a member, or more than 3
days. Rules are tried one by one and a rule's condition is an `and`, so each part of the
condition gives a refusal of its own (`member is no`; `late_days is more than 3`), with the
sentence as their reason, before the rule for everything else, which does it.

It reads the sentence's shape with suggest.py's words, numbers and clauses: a condition
clause (`if`, `when`, `as long as`, `provided`, `only if`), split at `and`, and a main clause
that grants something (a passive "is waived", "we waive", "can", "free", "eligible", or an
order to support to do it: "waive the fee"), not one about how to talk ("If the customer is
upset, apologise": no rule). English only, like the rest of the reader.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio import policy_read as r
from simulator.studio.own_words import base_verb, to_me

__all__ = ["granted"]

_CONDITION = re.compile(
    r"\b(?:only if|only when|if|when|whenever|as long as|so long as|provided(?: that)?|"
    r"providing(?: that)?|on condition that)\s+(?P<c>.+?)(?=,\s+(?!and\b)|;|$)"
)
# A main clause that grants: a participle after a form of be or get, "we waive", can/may ...
_GRANTS = re.compile(
    r"\b(?:is|are|be|been|gets?|get)\s+(?:\w+\s+){0,2}?(?:\w+ed|\w+en|given|paid|made|done|free|"
    r"refundable|possible|allowed|eligible|entitled|available|okay|ok|fine)\b|"
    r"\b(?:can|may|qualif\w*|eligible|entitled|free|waived?|refund(?:ed)?|we(?:'ll|\s+(?!don't)\w+)|"
    r"(?:i|you)\s+(?:can|may|will|'ll)\b)|"
    r"\b(?:gets?|receives?)\s+(?:\w+\s+){0,4}?(?:back|refund\w*|reimburs\w*|free|credit)\b"
)
# A condition that points back to another sentence ("later than that", "in that case"): it
# reads only with the sentence before it (suggest.py), never as a fact of its own.
BACK = re.compile(
    r"\b(?:than|after|before|past|beyond|like|as|within|until) (?:that|this|it|then|those)\b|"
    r"\b(?:in|for|outside) (?:that|this|such|those|these) (?:case|cases|time|period|window)\b|"
    r"\b(?:that|this) (?:deadline|limit|period|time|window)\b"
)
# A main clause that imposes something ("we charge an extra day", "we shorten the session"):
# not what the customer asks for, so its other side is no refusal.
IMPOSES = re.compile(
    r"\b(?:charge\w*|shorten\w*|fined?|fines|bill(?:s|ed)?|penali[sz]\w*|cut\w*|"
    r"limit\w*|cancel(?:s|led|ed)? (?:the|your|their)|forfeit\w*|lose|loses)\b"
)
# A main clause that gives part of what is asked ("we keep the first night and refund the
# rest"): not a refusal, and its other side is not one either.
PARTIAL = re.compile(
    r"\b(?:the rest|the remainder|remaining|part of|partial(?:ly)?|minus|less the|deduct\w*|"
    r"keep|keeps|retain\w*|withh[oe]ld\w*|half|a portion)\b"
)
# Where a condition clause at the start ends and the main clause begins, with no comma.
_THEN = re.compile(
    r"\s(?=(?:then\s+)?(?:we|i|you|support|they)(?:'ll|'d|\s+(?:can|could|will|may|might|"
    r"shall|should|would|do|always|happily|gladly|only))\b)"
)
# Orders to support that are about talking, not doing: no rule ("If upset, apologise").
_TALKS = re.compile(
    r"(?:explain|tell|remind|mention|say|apologi[sz]e|ask|inform|note|thank|greet|be|use|"
    r"check|verify|confirm|record|log|document|make sure|suggest|recommend|point|link|share|"
    r"reassure|listen|stay|keep|acknowledge|empathi[sz]e|try|escalate|transfer|hand|pass)\b"
)


_PERSON = re.compile(
    r"(?:driver|renter|hirer|holder|owner|tenant|patient|passenger|traveller|traveler|student|"
    r"borrower|subscriber|buyer|shopper|visitor|resident|applicant|cardholder|parent|rider|"
    r"diner|learner|policyholder|customer|member|client|guest|user|caller|person)s?"
)


def _main(text: str, clause: re.Match[str]) -> str:
    """The sentence without its condition clause."""
    return " ".join((text[: clause.start()] + " " + text[clause.end() :]).replace(",", " ").split())


def granted(line: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """The refusals a positive sentence means (each part of its condition not met), or None
    when `line` is no such sentence."""
    written = " ".join(line.split()).rstrip(".!;")
    text = written.lower()
    clause = _CONDITION.search(text)
    if clause is None:
        return (
            _numbered(line, written, text, variables)
            or _for_people(line, written, text, variables)
            or _for_whom(line, written, text, variables)
        )
    alt = _OR_ALT.match(text, clause.end())
    if alt and text[alt.end() :].strip(" ,") and clause.start() < 2:
        return _either_way(line, written, clause, alt, variables)
    if r.NEG.search(_main(text, clause)) or r.ESCALATE.search(text):
        return None
    if BACK.search(clause["c"]):
        return None  # suggest.py reads it with the sentence it points back to
    main = _main(text, clause)
    split = re.search(_THEN, clause["c"])  # "If ... 2 years we can waive the fee": no comma
    if split and clause.start() < 2:
        main = clause["c"][split.start() :].strip()
        clause_text = clause["c"][: split.start()].strip()
    else:
        clause_text = clause["c"]
    main = re.sub(r"^(?:then|otherwise|also|and)\s+", "", main)
    if not main or _TALKS.match(main) or not (_GRANTS.search(main) or _order(main)):
        return None
    if PARTIAL.search(main) or _imposes(main):
        return None  # part of it given, or something imposed: neither side is a refusal
    held = r.HOLDS.search(clause_text)
    # "a late cancellation comes with ...": within a situation; "the driver holds ...": a
    # person, which is no situation but one more way to get it
    situation = held and [
        w for w in r.content_words(clause_text[: held.start()]) if not _PERSON.fullmatch(w)
    ]
    if held and situation and r.content_words(held["np"]) and " and " not in clause_text:
        # "If a late cancellation comes with a medical certificate, refund the whole
        # deposit": within that situation only, so what is refused without it is not said
        # here; the rule that holds is that support does it when the customer has it.
        found = r.yes_no(f"if {clause_text}", 0, "")
        if found is None or found[1]:
            return None
        name = found[0]
        reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
        new_ = {} if name in variables else {name: {"choice": ["yes", "no"]}}
        phrase = " ".join(held["np"].split())
        # In the customer's own words, as the other labels (walkthrough 8 saved "whether the
        # customer has a medical certificate" as what the customer calls it).
        asks_ = {} if name in variables else {name: f"whether I have {phrase}"}
        return r.Suggestion(line, f"{name} is yes", "resolve", reason, new_, asks_)
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    parts: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    numbers = [n for n in r.find_numbers(text) if n.op and clause.start("c") <= n.start]
    verb_match = r.VERB.search(text)
    verb = verb_match.start() if verb_match else len(text)
    start = clause.start("c")
    for piece in re.split(r",?\s+and\s+|,\s+", clause_text):
        at = text.index(piece, start)
        start = at + len(piece)
        inside = [n for n in numbers if at <= n.start < at + len(piece)]
        parts += [  # the clause holding
            r.number_condition(text, n, verb, variables, new, asks, about=piece) for n in inside
        ]
        if inside:
            continue
        said = written[at : at + len(piece)]
        found = r.yes_no(f"if {piece}", 0, f"if {said}")
        if found is None:
            return None  # a part it cannot read: better no rule than half of one
        name, when_no, plain = found
        parts.append(f"{name} is {'no' if when_no else 'yes'}")  # the clause holding
        if name not in variables and name not in new:
            new[name] = {"choice": ["yes", "no"]}
            if plain:
                asks[name] = f"whether {to_me(plain)}"
    if not parts:
        return None
    # One way to get it: a rule that does it when the whole condition holds (walkthrough 10:
    # refusing each part not met made each way block the others, first rule first).
    lead = text[clause.start() : clause.start("c")]
    way = lead + written[clause.start("c") : clause.start("c") + len(clause_text)]
    return r.Suggestion(
        line,
        " and ".join(parts),
        "resolve",
        reason,
        new,
        asks,
        way=" ".join(way.split()),
        grants=_deed(text, clause, main, clause_text),
    )


# "the photos show no new damage": a thing said to show none of something.
_SHOWS_NONE = re.compile(
    r"^(?P<s>.+?)\s+(?:shows?|has|have|had|found|finds?|contains?|reveals?)\s+(?P<no>no\s+)"
    r"(?P<np>[a-z][a-z' -]*)$"
)
# ", or the photos show no new damage, refund ...": a second condition, either of which does it.
_OR_ALT = re.compile(r",?\s+or\s+(?:if\s+|when\s+)?(?P<c>[^,;]+?)(?=,\s+)")


def _either_way(
    line: str, written: str, clause: re.Match[str], alt: re.Match[str], variables: dict[str, Any]
) -> r.Suggestion | None:
    """ "If the damage was already noted at pick-up, or the photos show no new damage, refund
    the damage charge in full": two ways to the same thing, a rule each (walkthrough 15 read
    the first, and the second was dropped without a word). None when either part is unread:
    better the line shown as unread than half of it."""
    first = granted(written[: clause.end()] + written[alt.end() :], variables)
    if first is None or not first.way or first.also:
        return None
    known = {**variables, **first.variables}
    said = written[alt.start("c") : alt.end("c")]
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    numbers = [n for n in r.find_numbers(alt["c"]) if n.op]
    if numbers:
        when = [r.number_condition(alt["c"], n, 0, known, new, asks) for n in numbers]
    else:
        found = r.yes_no(f"if {alt['c']}", 0, f"if {said}")
        if found is None:
            return None
        name, when_no, plain = found
        none = _SHOWS_NONE.match(alt["c"])
        if none:  # "the photos show no new damage": whether they show new damage, no
            subject = r.content_words(none["s"])[-1:]
            name = r.var_name([*subject, *r.content_words(none["np"])][-3:]) or name
            plain = " ".join(said[: none.start("no")].split() + said[none.end("no") :].split())
        when = [f"{name} is {'no' if when_no else 'yes'}"]
        if name not in known:
            new[name] = {"choice": ["yes", "no"]}
            if plain:
                asks[name] = f"whether {to_me(plain)}"
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    return r.Suggestion(
        line,
        first.when,
        "resolve",
        reason,
        {**first.variables, **new},
        {**first.asks, **asks},
        also=(" and ".join(when),),
        way=f"{first.way}, or if {' '.join(said.split())}",
        grants=first.grants,
    )


# What support says it does when a way holds: "we'll happily unlock the phone", "waive the
# late fee", "late fees are waived once", "passengers may change their flight": the verb and
# its object, said as what support does ("unlock the phone", "waive late fees once").
_WE = re.compile(
    r"^(?:then\s+)?(?:we|i|support)(?:'ll|'d|\s+will|\s+can|\s+may|\s+do|\s+happily|\s+gladly|"
    r"\s+always|\s+only|\s+would|(?:'re|\s+are|'m|\s+am)\s+(?:happy|glad|pleased) to)*\s+"
)
_TALK_TAIL = re.compile(
    r"\s+(?:and|then)\s+(?:say sorry|apologi[sz]e|explain|tell|thank|let)\b.*$|\s+as a\s+.*$"
)


def _deed(text: str, clause: re.Match[str], main: str, clause_text: str) -> str:
    """What support does when the way holds; for a sentence that starts with a condition of
    several parts ("If A, B and C, the claim (or ...) is paid ..."), its last part."""
    rest = text[clause.end() :].strip(" ,")
    if clause.start() < 2 and ", " in rest:
        last = _grants(rest.rsplit(", ", 1)[-1], clause_text)
        if last:
            return last
    return _grants(main, clause_text)


def _grants(main: str, clause_text: str) -> str:
    """`main` said as what support does when the way holds, "" when it says no deed; what
    is in brackets and when it happens ("within 5 working days") are no part of the deed
    (walkthrough 14's last rule said "I can only do that if ...")."""
    main = re.sub(r"\s*\([^)]*\)", "", main)
    main = re.sub(r"\s+(?:within|in) (?:\d+|one|two|three|five|ten) [\w-]+(?: days?)?$", "", main)
    main = _TALK_TAIL.sub("", " ".join(main.split()))
    said = ""
    we = _WE.match(main)
    if we or _order(main):
        said = main[we.end() :] if we else main
        if not _order(said):
            return ""
    else:
        may = re.match(
            r"^(?:[\w'-]+\s+){1,3}?(?:may|can|get to|are allowed to|is allowed to)\s+(?P<v>.+)$",
            main,
        )
        gets = re.match(
            r"^(?:[\w'-]+\s+){1,3}?(?:get|gets|receive|receives|are given|is given)\s+(?P<x>.+)$",
            main,
        )
        if may:
            said = may["v"]
        elif gets:  # "they get the whole deposit back": give the whole deposit back
            said = "give " + gets["x"]
        else:
            said = _passive(main)
            if not said:
                return ""
    subject = re.match(
        r"(?:the|a|an|their|your)\s+([\w'-]+(?:\s+[\w'-]+)?)\s+(?:is|are|was|were|comes?|costs?|totals?)\b",
        clause_text,
    )
    if subject:  # "If the fee is below 150 euros, we drop it": drop the fee
        said = re.sub(r"\b(?:it|them)\b", "the " + subject[1], said, count=1)
    said = re.sub(r"\s+(?:only|also)\b", "", said)
    return " ".join(said.split())


def _imposes(main: str) -> bool:
    """Whether the main clause imposes something ("we charge an extra day"), not when the
    charge is what is granted ("penalty charges are cancelled", "we refund the charge")."""
    passive = _passive(main)
    if passive and not _WE.match(main) and not IMPOSES.match(passive):
        return False
    rest = re.sub(
        r"\b(?:refund|waive|drop|credit|reimburse|forgive|reverse|remove|reduce|write off)\w*"
        r"(?:\s+(?:the|a|an|any|their|your|its|this|that))?(?:\s+[\w'-]+){1,3}",
        " ",
        main,
    )
    return bool(IMPOSES.search(rest))


def _passive(main: str) -> str:
    """ "late fees are waived once": "waive late fees once"; "" when no participle follows
    the first few words."""
    words = main.split()
    for i in range(1, min(6, len(words))):
        if words[i] in ("is", "are", "get", "gets", "be", "will", "can", "only", "always"):
            continue
        verb = base_verb(words[i])
        if not verb:
            continue
        subject = [
            w
            for w in words[:i]
            if w not in ("is", "are", "get", "gets", "be", "will", "can", "only", "always")
        ]
        if not subject or _order(" ".join(subject)):
            return ""
        return " ".join([verb, *subject, *words[i + 1 :]])
    return ""


# A subject that gets what it asks for ("Cancellations made at least 48 hours before pick-up
# get a full refund"): the condition is in the subject, no "if".
_GETS = re.compile(
    r"\b(?:gets?|receives?|qualif(?:y|ies) for|(?:is|are) entitled to)\s+(?:\w+\s+){0,3}?"
    r"(?:refunds?|credit|free|discount|reimbursement|money back|back)\b|"
    r"\b(?:is|are)\s+(?:fully\s+|always\s+)?(?:refunded|refundable|waived|reimbursed|free)\b"
)


def _numbered(line: str, written: str, text: str, variables: dict[str, Any]) -> r.Suggestion | None:
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


def _order(main: str) -> bool:
    return bool(re.match(r.GRANT_VERBS, main))


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


def _for_people(
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
        grants = f"offer {free['s']} free of charge" if free else _grants(main, "")
        way = "for " + " ".join(written[m.start("c") :].split())
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
    return r.Suggestion(line, when, "resolve", reason, new, {}, way=way, grants=grants)


def _for_whom(line: str, written: str, text: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """ "Overdue fines are forgiven for first-time borrowers": refused to the others."""
    m = _FOR.search(text)
    # "... are referred to student services": where they are sent, a hand-over, not whom
    # something is given to (session 13's held-out school policy read it as a refusal).
    if m is None or r.NEG.search(text) or re.match(r"no\b", text) or r.ESCALATE.search(text):
        return None  # "No refunds for no-shows": a refusal, not a grant
    if not _GRANTS.search(text[: m.start()]):
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
        grants=_grants(main, ""),
    )
