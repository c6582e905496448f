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
upset, apologise": no rule). English only, like the rest of the reader. What support then
says it does is phrased in deeds.py; ways said without an "if" ("... get a full refund",
"free for members on ...") are read in granted_whom.py.
"""

from __future__ import annotations

import re
from typing import Any

from simulator.studio.policy import policy_read as r
from simulator.studio.policy.deeds import GRANTS, IMPOSES, deed, imposes, order
from simulator.studio.policy.granted_whom import for_people, for_whom, numbered
from simulator.studio.policy.own_words import to_me

__all__ = ["BACK", "IMPOSES", "PARTIAL", "granted"]

_CONDITION = re.compile(
    r"\b(?:only if|only when|if|when|whenever|as long as|so long as|provided(?: that)?|"
    r"providing(?: that)?|on condition that)\s+(?P<c>.+?)(?=,\s+(?!and\b)|;|$)"
)
# A condition that points back to another sentence ("later than that", "in that case"): it
# reads only with the sentence before it (suggest.py), never as a fact of its own.
BACK = re.compile(
    r"\b(?:than|after|before|past|beyond|like|as|within|until) (?:that|this|it|then|those)\b|"
    r"\b(?:in|for|outside) (?:that|this|such|those|these) (?:case|cases|time|period|window)\b|"
    r"\b(?:that|this) (?:deadline|limit|period|time|window)\b"
)
# A main clause that gives part of what is asked ("we keep the first night and refund the
# rest"): not a refusal, and its other side is not one either.
PARTIAL = re.compile(
    r"\b(?:the rest|the remainder|remaining|part of|partial(?:ly)?|minus|less the|deduct\w*|"
    r"keep|keeps|retain\w*|withh[oe]ld\w*|half|a portion)\b"
)
# Where a condition clause at the start ends and the main clause begins, with no comma.
_THEN = re.compile(  # (never right after "and"/"or": "... and they can show a letter")
    r"(?<!\band)(?<!\bor)\s(?=(?:then\s+)?(?:we|i|you|support|they)(?:'ll|'d|\s+(?:can|could|will|may|might|"
    r"shall|should|would|do|always|happily|gladly|only)|\s+" + r.GRANT_VERBS + r"))"
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
            numbered(line, written, text, variables)
            or for_people(line, written, text, variables)
            or for_whom(line, written, text, variables)
        )
    alt = _OR_ALT.match(text, clause.end())
    if alt and text[alt.end() :].strip(" ,") and clause.start() < 2:
        return _either_way(line, written, clause, alt, variables)
    ors = _OR_IF.split(clause["c"])
    if len(ors) > 1:  # "waived if no reminder was sent or if there was an emergency"
        return _each_way(line, written, clause, ors, variables)
    more = _AND_IF.match(text, clause.end())
    if more and clause.start() > 1:
        # "We waive the fee when an emergency happened, if no reminder was sent": both hold
        # (walkthrough 16 dropped the second and said it glued: "... if no reminder was
        # sent when an emergency happened")
        joined = f"{written[: clause.end()]} and {written[more.start('c') : more.end('c')]}"
        return granted(joined + written[more.end() :], variables)
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
    if not main or _TALKS.match(main) or not (GRANTS.search(main) or order(main)):
        return None
    if PARTIAL.search(main) or imposes(main):
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
    # "within 24 hours ... because of a documented emergency": the cause is a condition of
    # its own (walkthrough 16 dropped it without a word)
    pieces = [
        cut
        for piece in re.split(r",?\s+and\s+|,\s+", clause_text)
        for cut in (
            re.split(r"\s+(?=(?:because of|due to|owing to)\s)", piece)
            if any(n.op for n in r.find_numbers(piece))
            else [piece]
        )
    ]
    for piece in pieces:
        at = text.index(piece, start)
        start = at + len(piece)
        inside = [n for n in numbers if at <= n.start < at + len(piece)]
        parts += [  # the clause holding
            r.number_condition(text, n, verb, variables, new, asks, about=piece) for n in inside
        ]
        if inside:
            continue
        said = written[at : at + len(piece)]
        if parts and _BARE_VERB.match(piece):
            # "the renter says a third party caused it and has a police report": the
            # renter has it (walkthrough 16's reader asked "whether has a police report")
            subject = _SUBJECT.match(clause_text)
            if subject:
                piece, said = f"{subject[0]}{piece}", f"{subject[0]}{said}"
        found = r.yes_no(f"if {piece}", 0, f"if {said}")
        if found is None:
            return None  # a part it cannot read: better no rule than half of one
        name, when_no, plain = found
        if plain and _CAUSE.match(plain):
            plain = f"it was {plain}"  # "whether it was because of a documented emergency"
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
        grants=deed(text, clause, main, clause_text),
    )


# A piece of an "A and B" clause that is a verb without its subject ("and has a police
# report"), and the clause's own subject ("the renter ").
_BARE_VERB = re.compile(
    r"(?i)(?:has|have|had|is|was|holds?|shows?|brings?|provides?|can|did|does|got)\b"
)
_CAUSE = re.compile(r"(?i)(?:because of|due to|owing to)\s")
_SUBJECT = re.compile(r"(?i)(?:(?:the|a|an|this)\s+[a-z'-]+|they|he|she)\s+")


# "if A or if B" inside one condition: two ways; ", if B" after a trailing one: both.
_OR_IF = re.compile(r",?\s+or\s+(?:if|when|where|in case)\s+")
_AND_IF = re.compile(
    r",\s+(?:and\s+)?(?:only\s+)?(?:if|when|provided(?: that)?|as long as)\s+"
    r"(?P<c>[^,;]+?)\s*(?=[,;]|$)"
)


def _each_way(
    line: str, written: str, clause: re.Match[str], ors: list[str], variables: dict[str, Any]
) -> r.Suggestion | None:
    """ "The fee is waived if no reminder was sent or if there was a documented emergency":
    each alternative a way of its own (one variable named after both was tested, and the
    refusal said them as one); None when any is unread: better shown unread than half."""
    head, tail = written[: clause.start("c")], written[clause.end("c") :]
    ways: list[r.Suggestion] = []
    known = dict(variables)
    for alt in ors:
        start = clause.start("c") + clause["c"].index(alt)
        found = granted(head + written[start : start + len(alt)] + tail, known)
        if found is None or not found.way or found.also:
            return None
        ways.append(found)
        known.update(found.variables)
    first = ways[0]
    return r.Suggestion(
        line,
        first.when,
        "resolve",
        first.reason if written[1:2].isupper() else written[:1].lower() + written[1:],
        {k: v for w in ways for k, v in w.variables.items()},
        {k: v for w in ways for k, v in w.asks.items()},
        also=tuple(w.when for w in ways[1:]),
        way=", or ".join(w.way for w in ways),
        grants=first.grants,
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
