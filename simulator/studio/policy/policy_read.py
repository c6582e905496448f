"""How the studio reads a policy sentence: what support does (refuse, hand over, ask the
customer's okay, ask for facts first), its clauses about the customer, and the names they
give a rule's variables; its numbers are read in policy_numbers.py, its words in
policy_words.py, its clauses about the customer (yes/no facts) in policy_clauses.py (all
re-exported here for the modules that read sentences).

suggest.py reads refusals and hand-overs with these, granted.py sentences said the positive
way ("waived if the customer is a member"). Word lists, not language: English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator.studio.policy.headings import is_heading
from simulator.studio.policy.policy_clauses import HOLDS, said_fact, yes_no
from simulator.studio.policy.policy_numbers import (
    INVERT,
    OP_WORDS,
    PARTICIPLES,
    UNITS,
    existing_variable,
    find_numbers,
    looked_up,
    number_condition,
    number_label,
    numeric_name,
)
from simulator.studio.policy.policy_words import (
    GRANT_VERBS,
    NEG,
    VERB,
    _content,
    _name,
    _singular,
    _tokens,
    _words,
)

__all__ = [
    "ASKS",
    "ASKS_RE",
    "CONSENT",
    "ESCALATE",
    "FEE",
    "GRANT_VERBS",
    "HOLDS",
    "INSTRUCTION",
    "INVERT",
    "LIMIT",
    "NEG",
    "OP_WORDS",
    "PARTICIPLES",
    "UNITS",
    "VERB",
    "Suggestion",
    "asked_items",
    "content_words",
    "existing_variable",
    "find_numbers",
    "looked_up",
    "number_condition",
    "number_label",
    "numeric_name",
    "offered",
    "policy_lines",
    "said_fact",
    "singular",
    "unread_lines",
    "var_name",
    "written_lines",
    "yes_no",
]


@dataclass(frozen=True)
class Suggestion:
    """One policy sentence as a rule: `when` in the studio's condition words
    (`pause_months is more than 3`), an action of `conditions.RULE_ACTIONS`, the sentence as
    its reason, and the variables the condition needs that the scenario lacks."""

    line: str
    when: str
    action: str
    reason: str
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    # How support asks the customer for a new variable the sentence states as a clause about
    # the customer's case ("if the bike is damaged": "whether the bike is damaged").
    asks: dict[str, str] = field(default_factory=dict)
    # More conditions, each refused by a rule of its own with the same reason: the other
    # side of "if A and B" is "not A, or not B" (granted.py), and a rule's condition is an and.
    also: tuple[str, ...] = ()
    # What a refusal offers instead ("..., but we offer 20% off the next rental").
    offer: str = ""
    # The sentence after it that says the refusal again ("Otherwise the fee stands, but we
    # offer ..."): read as part of this rule.
    more: str = ""
    # What support does, as it says it ("re-issue the bill using your reading"): an action
    # rule's line (policy_acts.py); whether it adds to another rule's action ("also ...").
    does: str = ""
    adds: bool = False
    # A way to get what the customer asks for ("If the customer bought the full protection
    # cover, we drop the damage fee"): the condition as written, with its lead word ("if the
    # customer bought ..."), and what support then does ("drop the damage fee"). Several
    # ways each become a rule that does it, and one refusal after them all (ways.py).
    way: str = ""
    grants: str = ""
    # What an action rule asks the customer for before it acts ("the meter reading"), as
    # support thanks them for it; "" when it asks nothing.
    after: str = ""
    # What the sentence's trailing clause has support tell the customer ("..., and the
    # customer hears back within 5 days"): said with the rule's lines, never a condition.
    told: str = ""
    # Which kind of the thing the policy names it holds for, as a condition ("charge_type is
    # fuel"), when the policy covers several kinds (kinds.py); "" for every kind.
    kind: str = ""


# What is allowed or needed ("can pause for up to 3 months"): its other side is refused. A
# limit alone says how things go ("refunds arrive within 5 days"), not what is refused.
LIMIT = re.compile(
    r"\b(?:only|must|needs?|needed|requires?|required|ha(?:ve|s) to|allowed|possible|can|"
    r"may|eligible|accepted|permitted|minimum|maximum|max|min|longest|shortest)\b|"
    r"\bwe(?:'ll| will| can| only| do| happily| gladly| always)*\s+" + GRANT_VERBS
)
# A sentence that tells support what to do ("Ask whether ...", "Do not promise ..."): a
# rule only when it says when ("If ..."), else how to talk, which an AI model reads.
INSTRUCTION = re.compile(
    r"(?:do not|don't|never|always|ask|verify|check|tell|explain|confirm|remind|offer|record|"
    r"give|say|make|keep|use|send|refer|apologi[sz]e|be|try|note|mention|inform|help|"
    r"promise|decline|refuse|escalate|transfer|hand|arrange|issue|suspend|block|order|"
    r"otherwise|please)\b"
)
ESCALATE = re.compile(
    r"\b(?:manager|supervisor|hand(?:ed|s)? (?:\w+ ){0,2}over|escalat\w*|"
    # to someone, not "transfers older than 60 days" (a bank's money transfers)
    r"transfer(?:s|red|ring)? (?:\w+ ){0,3}?to\b|hand(?:ed|s)? (?:\w+ ){0,2}?to (?:the|a|an|our)\b|"
    r"pass(?:ed|es)? (?:\w+ ){0,2}?(?:on )?to|put (?:\w+ ){0,2}?through to|"
    r"a colleague|a person|a human|specialist|team lead|"
    r"(?:reviewed|approved|decided) by|refer(?:red|s)? (?:them |him |her |it |the \w+ )?to|"
    r"(?:sent|send|sends|direct(?:ed|s)?|forward(?:ed|s)?|point(?:ed|s)?) "
    r"(?:them |him |her |it |the (?:case|call|claim|customer|caller|query|request) )?"
    r"to (?:the |a |an |our )(?:[\w-]+ ){0,3}(?:team|department|desk|partner|office|unit|"
    r"specialists?|services?|manager|supervisor|pharmacist|librarian|nurse|doctor)\b|"
    r"\w+ed (?:through|via) (?:the|a|our) (?:[\w-]+ ){0,2}?(?:team|department|desk|unit)\b|"
    r"\w+ed by (?:the|a|our) (?:\w+ )?"
    r"(?:team|department|desk|specialists?|unit)\b|go(?:es)? to (?:the |a |our )?"
    r"(?:[\w-]+ ){0,3}?(?:team|department|desk|specialists?|unit|office)\b|"
    # a person whose job is to decide it (walkthrough 14: "goes to a senior assessor"; "are
    # handled by a senior agent"), not "goes to the card holder"
    r"(?:go(?:es)?|went|sent|passed|referred|handled|reviewed|decided|approved|assessed|"
    r"checked|signed off) (?:on )?(?:to|by) (?:the |a |an |our )(?:[\w-]+ )?(?:assessor|"
    r"adjust[eo]r|underwriter|handler|reviewer|approver|officer|lead|senior|head|"
    r"(?<=senior )[a-z]+)s?\b)"
)
# The customer's say-so asked for first ("Repairs over $200 need the customer's okay first",
# walkthrough 8's reading: a refusal): support asks, then does it; a manager's approval is
# a hand-over (ESCALATE), not this.
CONSENT = re.compile(
    r"\b(?:(?:the |a )?(?:customer|client|guest|owner|member|passenger|patient|buyer|rider|"
    r"user|caller|account holder)(?:'s|s'|’s)|their|his|her|your)\s+(?:written |explicit |"
    r"verbal |express )?(?:ok|okay|o\.k\.|approval|consent|agreement|go-ahead|go ahead|sign-off|"
    r"say-so|permission|authori[sz]ation|confirmation)\b|\b(?:check|confirm|agree)\s+(?:it\s+)?"
    r"with\s+(?:the\s+)?(?:customer|client|guest|owner|them|him|her)\s+(?:first|before)\b|"
    r"\bonly\s+(?:once|after|if|when)\s+(?:the\s+)?(?:customer|client|guest|owner|they|he|she)"
    r"\s+(?:agrees?|approves?|confirms?|consents?|says? (?:ok|okay|yes))\b"
)
FEE = re.compile(r"\b(?:fees?|costs?|charged?|charges|price|surcharge|pays?)\b")
# "Ask for the membership number first": the name support and the customer call the fact
# support asks for before acting (the starter's is "reference number").
ASKS = "asks"
ASKS_RE = re.compile(
    r"(?:always |first,? |please )?(?:ask|check|verify|request|confirm|get|take|collect|obtain)"
    r"(?: for)?(?: the (?:customer|caller|client|owner|guest|member|patient|tenant|driver|"
    r"renter|parent|student|user|sender|passenger|rider) for| them for)? (?:the |their |a |an |"
    r"his |her |your |the customer's )?(.+?)(?: first| before .*| at the start.*| up ?front|"
    r" to start.*)?"
)


def asked_items(what: str) -> list[str]:
    """The things a "check X and Y before ..." line names, each as people call it: "the
    booking reference and the guest's surname" -> ["booking reference", "surname"]; [] when
    one reads as more than a short name."""
    items = []
    for part in re.split(r",\s*(?:and\s+)?|\s+and\s+", what):
        # "the last four digits of the card on file": where it is kept is no part of its name
        part = _KEPT_WHERE.sub("", part)
        words = part.split()
        while words and words[0] in _DETERMINERS:
            words = words[1:]
        if len(words) > 1 and _PERSON_OWNER.fullmatch(words[0]) and words[1:] != ["name"]:
            # "the guest's surname": surname; "the dog's name", "the pet's date of birth" and
            # "the vehicle's registration" stay the pet's and the vehicle's (walkthrough 14
            # asked for "your date of birth" and drew human dates for a dog)
            words = words[1:]
        if not words or len(words) > 7 or not all(re.fullmatch(_ASKED_WORD, w) for w in words):
            return []
        # "the last 4 digits of their driving licence": whose it is is the customer's, said
        # by each side in its own words; the policy's "their" is neither (walkthrough 15's
        # customer said "my last 4 digits of their driving licence")
        words = [words[0]] + [
            "the" if w in _DETERMINERS - {"the", "a", "an"} else w for w in words[1:]
        ]
        items.append(" ".join(words))
    return items


_DETERMINERS = _words("the their a an his her your its our my")
_WHOSE = _words("their his her your its our my")
# Whose fact it is when it is the customer's own: "the guest's surname" is the surname.
_PERSON_OWNER = re.compile(
    r"(?:customer|client|guest|caller|member|user|driver|renter|hirer|passenger|patient|"
    r"tenant|holder|account holder|policyholder|cardholder|buyer|rider|traveller|traveler|"
    r"student|applicant|person|subscriber|borrower|resident|owner)(?:'s|s')"
)
# A word of a fact's name: "the last 3 digits of the phone number" has a count in it.
_ASKED_WORD = re.compile(r"[a-z][a-z'-]*|\d{1,2}")
_KEPT_WHERE = re.compile(
    r"\s+(?:on file|on record|on (?:the|their|your|his|her) account|in (?:our|the) system|"
    r"(?:we|you) (?:hold|have)(?: on file)?)\s*$"
)


_OFFER = re.compile(
    r"[,;]?\s*(?:(?:but|and|instead)\s+(?:we|i|you)\s+(?:can |will |may |do |always |still )?|"
    # "...; instead offer to move the dates": said to staff, no one named (newcomer 18)
    r"(?<=[,;])\s*(?:but\s+|and\s+)?instead,?\s+|(?<=[,;])\s*but\s+)"
    r"offer\s+(?:them\s+|you\s+|the customer\s+|a customer\s+)?(?P<o>.+)$"
)


def offered(text: str) -> str:
    """The alternative a refusal offers ("..., but we offer 20% off the next rental"), as
    written in `text`, else ""."""
    m = _OFFER.search(text)
    return m["o"].strip().rstrip(".!;") if m else ""


_BACK_TO = (
    r"(?:(?:but\s+)?instead,?\s+offer\b|(?:just\s+|then\s+|instead\s+)?(?:transfer|pass|hand|refer|send|escalate|route|put|"
    r"give)\w*\s+(?:them|it|him|her|those|these|the case|the call)\b|"
    # "; everyone else pays 30 euros", "; the patient must collect them in person": the other
    # side of the part before, or what to do about it, not a sentence of its own
    r"(?:everyone|everybody|anyone|all) else\b|(?:all )?others\b|the rest\b|"
    r"[a-z' ]{0,40}\b(?:them|it) (?:in person|instead|themselves|at the \w+)\b)"
)


def policy_lines(policy: str) -> list[str]:
    """The policy's sentences: one per line, or per full stop within a line; its headings
    (headings.py) are none."""
    return [piece for pieces in written_lines(policy) for piece in pieces]


def written_lines(policy: str) -> list[list[str]]:
    """Each line of the policy as the author wrote it (no headings, none without a sentence),
    as its sentences: what the studio reads is a sentence, what it tells the author about is
    a line (walkthrough 14 was told "8 lines" of its 7)."""
    out = []
    for line in policy.splitlines():
        if is_heading(line):
            continue  # a title tells support nothing to do (walkthrough 13)
        # "; transfer them to the team": what to do about the part before, not a sentence
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])|;(?!\s*" + _BACK_TO + r")\s*", line.strip())
        kept = [p for p in (p.strip().strip("-*• ").strip() for p in pieces) if len(p.split()) >= 3]
        if kept:
            out.append(kept)
    return out


def unread_lines(policy: str, read: set[str]) -> list[tuple[list[str], bool]]:
    """The lines of `policy` with a sentence not in `read`: those sentences, and whether
    they are the whole line (else the rest of the line is read)."""
    out = []
    for pieces in written_lines(policy):
        unread = [p for p in pieces if p not in read]
        if unread:
            out.append((unread, len(unread) == len(pieces)))
    return out


def content_words(text: str) -> list[str]:
    """The words of `text` that say something (no articles, no "customer")."""
    return _content(_tokens(text))


def singular(word: str) -> str:
    return _singular(word)


def var_name(words: list[str]) -> str:
    """A variable's name from words, "" when they make none."""
    return _name(words)
