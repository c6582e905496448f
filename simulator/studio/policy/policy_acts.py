"""Policy sentences that say what support DOES, not what it refuses (walkthrough 9: an
energy supplier's policy read 1 of 5 lines): "When the bill was an estimate and the customer
gives us a reading, re-issue the bill", "If the reading is over 20% below the estimate, book
a meter check as well", and the verification list said behind a lead-in ("First check who
you're talking to: ask for the account number and the postcode before ...").

An action rule is a condition clause (`if`/`when`/`whenever`/`where`, split at `and`) and a
main clause that orders support to do something (`book ...`, `re-issue ...`, `we send ...`):
a rule that does it, whose line says what support does, in its own words. A sentence that
adds to another rule's action ("also", "as well", "too", "on top") is marked: rules are tried
in order and the first whose condition holds is used, so the page says so where the rule is
offered. A prohibition ("Never threaten a vulnerable customer with disconnection") is read
as what support must never do, for the model's critic; it is no rule the offline Try runs.
English only, like the rest of the reader.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from simulator.studio.policy import policy_read as r
from simulator.studio.policy.own_words import to_me

__all__ = ["ADDS", "NEVER", "acted", "both", "instead", "lead_stripped", "prohibited"]

# Marks a suggestion whose action adds to another rule's ("also book a meter check").
ADDS = re.compile(r"\b(?:also|as well|too|in addition|additionally|on top(?: of that)?)\b")
# The action kind of a prohibition: what support must never say or do.
NEVER = "never"

# Orders to support that do something for the customer's case (not how to talk).
_DOES = (
    r"(?:re-?issue|issue|book|schedule|arrange|send|resend|offer|set up|open|raise|log|create|"
    r"apply|add|update|correct|adjust|recalculate|credit|refund|replace|repair|waive|cancel|"
    r"extend|reset|unlock|reactivate|restore|reconnect|order|dispatch|post|email|text|call|"
    r"register|enrol|enroll|sign up|put|place|mark|flag|reverse|remove|reduce|switch|move|"
    r"change|upgrade|downgrade|pause|freeze|renew|rebook|reschedule|ship|return|exchange|"
    r"approve|grant|honou?r|release|lift|drop|reimburse|compensate|cover|process|file|submit|"
    r"install|fit|fix|activate|deactivate|suspend|block|stop|start|give|provide)"
)
_MAIN_DOES = re.compile(
    r"^(?:then\s+|please\s+|always\s+)?(?:(?:we|i|support|you|the agent)(?:'ll|\s+will|\s+should|"
    r"\s+must|\s+can|\s+always)?\s+)?(?:also\s+)?(?P<v>" + _DOES + r")(?:s|es|ed)?\b(?P<rest>.*)$"
)
_CLAUSE = re.compile(r"^(?:if|when|whenever|where|once|in case)\s+(?P<c>.+?),\s+(?P<m>.+)$")
_CLAUSE_AFTER = re.compile(r"^(?P<m>.+?)\s+(?:if|when|whenever|once|in case)\s+(?P<c>.+)$")

# "First check who you're talking to: ask for ...", "Security first - confirm ...": a lead-in
# before the verification list; "before discussing the account, confirm ...": its when.
_LEAD = re.compile(r"^(?P<lead>[^:]{3,80}?)\s*(?::|\s-\s|\s–\s)\s*(?P<rest>\S.*)$")
_WHO = re.compile(
    r"\b(?:who|identity|identify|security|secure|verif\w*|check\w*|confirm\w*|first|before)\b"
)
_BEFORE = re.compile(r"^(?:before|prior to)\s+[^,]{3,80},\s*(?:always\s+|first\s+)?(?P<rest>.+)$")


# "..., verify the patient: date of birth and the appointment reference": the lead-in names
# whom support verifies and the list after it is bare nouns (walkthrough 16: only a
# default reference was asked for).
_VERIFIES_WHOM = re.compile(
    r"\b(?:(?:verify|confirm|identify|authenticate)\s+(?:[a-z'-]+\s*){1,3}|"
    # "check the caller's identity", "check who you are speaking to first"
    r"(?:check|confirm|verify)\s+(?:the\s+[a-z]+'s\s+|their\s+)?identity|"
    r"(?:check|confirm|verify)\s+who\s+(?:you're|you\s+are)\s+(?:speaking|talking)\s+"
    r"(?:to|with)(?:\s+first)?)$"
)
_NOT_A_LIST = re.compile(r"\b(?:if|when|unless|whether|then)\b")
_ASK_VERB = re.compile(
    r"^(?:please\s+|always\s+)?(?:ask(?:\s+(?:them|the\s+\w+))?\s+for|ask|check|verify|confirm|"
    r"get|take|collect|request|obtain)\s+(?=\S)"
)


def lead_stripped(text: str) -> str:
    """`text` (lower case) without a lead-in that introduces a verification list, else as it
    is: what follows is what support asks for."""
    m = _LEAD.match(text)
    if m and _WHO.search(m["lead"]):
        # "... and the account number (or the last 4 digits of ...)": another way to check
        # it, said aside, is no item of the list
        rest = re.sub(r"\s*\([^)]*\)", "", m["rest"]).strip()
        # "First confirm who you are talking to: ask for the booking number and ...": the
        # list is what follows the verb (newcomer 18 was asked for "the ask for your booking
        # number" in 15 conversations of 15)
        asked = _ASK_VERB.sub("", rest)
        if asked != rest and not r.VERB.search(asked) and not _NOT_A_LIST.search(asked):
            return f"ask for {asked}"
        bare = not r.VERB.search(rest) and not _NOT_A_LIST.search(rest)
        if bare and _VERIFIES_WHOM.search(m["lead"]) and len(rest.split()) <= 12:
            return f"ask for {rest}"
        return rest
    m = _BEFORE.match(text)
    return m["rest"] if m else text


_WHO_DOES = (
    r"^(?i:(?:we|i|support|you|the agent)(?:'ll|\s+will|\s+should|\s+must|\s+can|"
    r"\s+always)?\s+)"
)


def _to_support(main: str) -> str:
    """The main clause as what support says it does ("re-issue the bill using their
    reading": "I'll re-issue the bill using your reading")."""
    said = re.sub(r"\b(?:them|him|her)\b", "you", main)
    said = re.sub(r"\b(?:their|his|her)\b", "your", said)
    said = re.sub(r"\b(?:the customer's|the caller's)\b", "your", said)
    said = re.sub(r"\b(?:the customer|the caller)\b", "you", said)
    said = re.sub(r"\bus\b", "us", said)
    said = re.sub(r"\s+(?:as well|too|also|in addition)$", "", said)
    return said


def acted(line: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """The rule an "if X, do Y" sentence means: support does Y when X holds; None when
    `line` is no such sentence."""
    written = " ".join(line.split()).rstrip(".!;")
    text = written.lower()
    m = _CLAUSE.match(text) or _CLAUSE_AFTER.match(text)
    if m is None:
        return None
    main, clause = m["m"].strip(), m["c"].strip()
    # where the main clause starts in the sentence: its words are quoted as written
    begins = len(text) - len(main) if m.re is _CLAUSE else 0
    asked, main = _asked_first(main)
    asked_at = text.index(asked, begins) if asked else begins
    main_at = text.index(main, asked_at + len(asked))
    does = _MAIN_DOES.match(main)
    if does is None or r.NEG.search(main) or r.ESCALATE.search(main):
        return None
    if re.fullmatch(r.GRANT_VERBS.removesuffix(r"\b"), does["v"]) and not ADDS.search(text):
        # "If ..., waive the fee": what the customer asks for, granted when the condition
        # holds and refused when not (granted.py reads it); "also refund ..." adds to it.
        return None
    parts: list[str] = []
    new: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    at = text.index(clause)
    for piece in re.split(r",?\s+and\s+", clause):
        start = text.index(piece, at)
        at = start + len(piece)
        # read in its own clause: what the number counts is named there, not in the order
        numbers = [n for n in r.find_numbers(piece) if n.op]
        said_at = r.VERB.search(piece)
        verb = said_at.start() if said_at else len(piece)
        parts += [r.number_condition(piece, n, verb, variables, new, asks) for n in numbers]
        if numbers:
            continue
        said = written[start:at]
        found = r.yes_no(f"if {piece}", 0, f"if {said}")
        if found is None:
            return None  # a part it cannot read: better no rule than half of one
        name, when_no, plain = found
        parts.append(f"{name} is {'no' if when_no else 'yes'}")
        if name not in variables and name not in new:
            new[name] = {"choice": ["yes", "no"]}
            held = r.HOLDS.search(piece)
            if held and r.content_words(held["np"]):
                asks[name] = f"whether I have {' '.join(held['np'].split())}"
            elif plain:
                asks[name] = f"whether {to_me(plain)}"
    if not parts:
        return None
    act = _to_support(written[main_at : main_at + len(main)])
    act = re.sub(r"^(?i:then\s+|please\s+|always\s+)", "", act)
    act = re.sub(_WHO_DOES, "", act)
    act = re.sub(r"^(?i:also\s+)", "", act)
    act = act[:1].lower() + act[1:] if not act[1:2].isupper() else act
    reason = written[0].lower() + written[1:] if not written[1:2].isupper() else written
    return r.Suggestion(
        line,
        " and ".join(parts),
        "resolve",
        reason,
        new,
        asks,
        does=act,
        adds=bool(ADDS.search(text)),
        after=_to_support(_the(written[asked_at : asked_at + len(asked)])) if asked else "",
    )


# "ask the customer for a meter reading and re-issue the bill": a request, then the action
# (walkthrough 12: the line was read as no rule). What is asked for ends at an "and".
_ASK_FIRST = re.compile(
    r"^(?:first\s+)?(?:ask|request|get)\s+(?:the customer|the caller|them|him|her)?\s*"
    r"(?:for\s+)?(?P<what>.+)$"
)


def _asked_first(main: str) -> tuple[str, str]:
    """What a main clause asks the customer for before its action, and the action: ("a meter
    reading", "re-issue the bill") from "ask the customer for a meter reading and re-issue the
    bill"; ("", main) when it does not start with a request followed by an action."""
    m = _ASK_FIRST.match(main)
    if m is None:
        return "", main
    rest = m["what"]
    for joint in re.finditer(r",?\s+and\s+(?:then\s+)?", rest):
        after = rest[joint.end() :]
        if _MAIN_DOES.match(after) and rest[: joint.start()].strip():
            return rest[: joint.start()].strip(), after
    return "", main


def _the(what: str) -> str:
    """ "a meter reading": "the meter reading" (what the customer has just given)."""
    return re.sub(r"^(?i:a|an|some)\s+", "the ", what) if what else ""


_NEVER = re.compile(
    r"^(?:never|do not|don't|you must not|we must not|support must not|never ever)\s+(?P<what>.+)$"
)
_TALK = re.compile(
    r"^(?:say|tell|promise|threaten|mention|call|blame|use|swear|shout|argue|"
    r"disclose|reveal|share|ask|suggest|imply|joke|guarantee|quote|discuss|admit|"
    r"accept (?:liability|responsibility|blame|fault)|speculate|comment|critici[sz]e|"
    r"diagnose|give (?:medical|legal|financial) advice|give out|confirm (?:liability|fault))\b"
)


def prohibited(line: str) -> r.Suggestion | None:
    """ "Never threaten a vulnerable customer with disconnection": what support must never
    say, for the critic (an AI model reads the policy); None when `line` is no such order."""
    written = " ".join(line.split()).rstrip(".!;")
    m = _NEVER.match(written.lower())
    if (
        m is None
        or not _TALK.match(m["what"])
        or re.search(r"\b(?:before|until|without)\b", m["what"])
    ):
        return None
    what = written[len(written) - len(m["what"]) :]
    return r.Suggestion(line, "", NEVER, what)


def both(rules: list[Any], s: r.Suggestion) -> None:
    """After an "also" rule `s` was added: the case where it and the action rule before it
    both hold gets a rule of its own, above them, whose line says both (walkthrough 9: a
    low reading's meter check, first in order, lost the re-issued bill; rules are tried in
    order and the first whose condition holds is used). Nothing when there is no such rule,
    the two test the same variable, or the rule for both is there."""
    mine = next((i for i, x in enumerate(rules) if _d(x).get("reason") == s.reason), None)
    if mine is None:
        return
    this = _d(rules[mine])
    other = next(
        (
            i
            for i, x in enumerate(rules)
            if i != mine
            and _d(x).get("action") == "resolve"
            and _d(x).get("when")
            and not _d(x).get("confirm")
            and _d(x).get("reason") != s.reason
            and not set(_d(_d(x).get("when"))) & set(_d(this.get("when")))
        ),
        None,
    )
    if other is None:
        return
    first = _d(rules[other])
    when = CommentedMap(
        (k, _copy(v)) for k, v in [*_d(first["when"]).items(), *_d(this["when"]).items()]
    )
    if any(_d(x).get("when") == when for x in rules):
        return
    when.fa.set_flow_style()
    said = [str(x) for x in (first.get("say") or []) if isinstance(x, str)]
    line = said[0].rstrip(".!") if said else "Thank you"
    rule = CommentedMap(
        [
            ("when", when),
            ("action", "resolve"),
            ("reason", f"{first.get('reason')}; {s.reason}"),
            ("say", CommentedSeq([f"{line}, and I'll {s.does} too."])),
        ]
    )
    rules.insert(min(mine, other), rule)


def _d(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}


def _copy(value: Any) -> Any:
    """A condition's test as a value of its own (a shared one is written as a YAML anchor)."""
    if isinstance(value, dict):
        made = CommentedMap((k, _copy(v)) for k, v in value.items())
        made.fa.set_flow_style()
        return made
    return value


# The people a prohibition is about ("threaten a vulnerable customer ..."): a kind of
# customer, named by the words before the noun.
_KIND = re.compile(
    r"\b(?:a|an|the|any)?\s*(?P<kind>[a-z][a-z-]+(?:\s+[a-z][a-z-]+)?)\s+"
    r"(?:customers?|clients?|members?|callers?|people|persons?|account holders?)\b"
)


def instead(before: r.Suggestion, line: str, variables: dict[str, Any]) -> r.Suggestion | None:
    """ "Never threaten a vulnerable customer with disconnection; offer them a payment plan
    instead": what support does for the people the prohibition is about, a rule when they
    are that kind of customer (`vulnerable is yes`); None when `line` is no such order."""
    written = " ".join(line.split()).rstrip(".!;")
    text = written.lower()
    if before.action != NEVER or not re.search(r"\binstead\b", text):
        return None
    does = _MAIN_DOES.match(re.sub(r"\s*\binstead\b,?\s*", " ", text).strip(" ,"))
    kind = _KIND.search(before.reason.lower().split(" ", 1)[-1])  # after its verb
    if does is None or kind is None or r.NEG.search(text):
        return None
    words = [w for w in r.content_words(kind["kind"]) if not r.VERB.fullmatch(w)]
    name = r.var_name(words[-2:])
    if not name:
        return None
    act = _to_support(re.sub(r"\s*\b(?i:instead)\b,?", "", written).strip(" ,"))
    act = re.sub(_WHO_DOES, "", act)
    act = act[:1].lower() + act[1:]
    new = {} if name in variables else {name: {"choice": ["yes", "no"]}}
    said = before.line.rstrip(".;")
    reason = f"{said[:1].lower()}{said[1:]}; {written[:1].lower()}{written[1:]}"
    return r.Suggestion(line, f"{name} is yes", "resolve", reason, new, {}, does=act)
