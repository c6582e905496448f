"""How the studio reads a policy sentence: what support does (refuse, hand over, ask the
customer's okay, ask for facts first), its clauses about the customer, and the names they
give a rule's variables; its numbers are read in policy_numbers.py, its words in
policy_words.py (both re-exported here for the modules that read sentences).

suggest.py reads refusals and hand-overs with these, granted.py sentences said the positive
way ("waived if the customer is a member"). Word lists, not language: English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from simulator.studio.headings import is_heading
from simulator.studio.policy_numbers import (
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
from simulator.studio.policy_words import (
    _GENERIC,
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
    "singular",
    "var_name",
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


NEG = re.compile(
    r"\b(?:cannot|can't|can not|not|never|no longer|refus\w*|won't|isn't|aren't|don't|"
    r"doesn't|unable|denied|impossible|forbidden|prohibited|declined?|deny|reject(?:ed)?)\b"
)
# Verbs that grant what the customer asks for ("we refund ...", "If ..., waive the fee").
GRANT_VERBS = (
    r"(?:waive|refund|replace|exchange|extend|approve|cancel|change|move|reschedule|credit|"
    r"reverse|remove|reduce|upgrade|downgrade|pause|freeze|unlock|reset|reactivate|renew|"
    r"accept|allow|grant|honou?r|ship|resend|repair|rebook|return|issue|release|lift|drop|"
    r"forgive|discount|reimburse|compensate|cover|let|take)(?:s|ed|d)?\b"
)
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
    r"pass(?:ed|es)? (?:\w+ )?(?:on )?to|a colleague|a person|a human|specialist|team lead|"
    r"(?:reviewed|approved|decided) by|refer(?:red|s)? (?:them |him |her |it |the \w+ )?to|"
    r"(?:sent|send|sends|direct(?:ed|s)?|forward(?:ed|s)?|point(?:ed|s)?) (?:them |him |her )?"
    r"to (?:the |a |an |our )(?:[\w-]+ ){0,3}(?:team|department|desk|partner|office|unit|"
    r"specialists?|services?|manager|supervisor|pharmacist|librarian|nurse|doctor)\b|"
    r"\w+ed by (?:the|a|our) (?:\w+ )?"
    r"(?:team|department|desk|specialists?|unit)\b|go(?:es)? to (?:the |a |our )?"
    r"(?:\w+ )?(?:team|department|desk|specialists?|unit)\b)"
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
_CLAUSE_END = (
    r"(?=,|;|\s+then\b|\s+(?:cannot|can't|can not|can|may|must|needs?|should|will|won't|"
    r"are|is|get|gets|go|goes|have to|has to|don't|doesn't|aren't|isn't|never)\b|$)"
)
_CLAUSES: tuple[tuple[str, bool], ...] = (  # (pattern, whether it says the opposite)
    (r"\bunless\s+(.+?)(?=,|;|$)", True),
    (r"\b(?:if|when|whenever|where|in case)\s+(.+?)(?=,|;|\s+then\b|$)", False),
    (r"\bwithout\s+(.+?)" + _CLAUSE_END, True),
    (r"\b(?:who|that|which|whose|with)\s+(.+?)" + _CLAUSE_END, False),
    # "no freezes for people on the intro deal": the deal they are on
    (
        r"\b(?:people|customers|members|guests|clients|users|passengers|those|anyone|someone)\s+"
        r"(?:on|in)\s+(.+?)" + _CLAUSE_END,
        False,
    ),
)
# "Ask for the membership number first": the name support and the customer call the fact
# support asks for before acting (the starter's is "reference number").
ASKS = "asks"
ASKS_RE = re.compile(
    r"(?:always |first,? |please )?(?:ask|check|verify|request|confirm|get|take|collect|obtain)"
    r"(?: for)?(?: the customer for| them for)? (?:the |their |a |an |his |her |your |the "
    r"customer's )?(.+?)(?: first| before .*| at the start.*| up ?front| to start.*)?"
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
        if len(words) > 1 and words[0].endswith("'s") and words[1:] != ["name"]:
            words = words[1:]  # "the guest's surname": surname; "the dog's name" stays
        if not words or len(words) > 7 or not all(re.fullmatch(_ASKED_WORD, w) for w in words):
            return []
        items.append(" ".join(words))
    return items


_DETERMINERS = _words("the their a an his her your its our my")
# A word of a fact's name: "the last 3 digits of the phone number" has a count in it.
_ASKED_WORD = re.compile(r"[a-z][a-z'-]*|\d{1,2}")
_KEPT_WHERE = re.compile(
    r"\s+(?:on file|on record|on (?:the|their|your|his|her) account|in (?:our|the) system|"
    r"(?:we|you) (?:hold|have)(?: on file)?)\s*$"
)


_OFFER = re.compile(
    r",?\s*(?:but|and|instead)\s+(?:we|i|you)\s+(?:can |will |may |do |always |still )?"
    r"offer\s+(?:them\s+|you\s+|the customer\s+|a customer\s+)?(?P<o>.+)$"
)


def offered(text: str) -> str:
    """The alternative a refusal offers ("..., but we offer 20% off the next rental"), as
    written in `text`, else ""."""
    m = _OFFER.search(text)
    return m["o"].strip().rstrip(".!;") if m else ""


_BACK_TO = (
    r"(?:(?:just\s+|then\s+|instead\s+)?(?:transfer|pass|hand|refer|send|escalate|route|put|"
    r"give)\w*\s+(?:them|it|him|her|those|these|the case|the call)\b|"
    # "; everyone else pays 30 euros", "; the patient must collect them in person": the other
    # side of the part before, or what to do about it, not a sentence of its own
    r"(?:everyone|everybody|anyone|all) else\b|(?:all )?others\b|the rest\b|"
    r"[a-z' ]{0,40}\b(?:them|it) (?:in person|instead|themselves|at the \w+)\b)"
)


def policy_lines(policy: str) -> list[str]:
    """The policy's sentences: one per line, or per full stop within a line; its headings
    (headings.py) are none."""
    out = []
    for line in policy.splitlines():
        if is_heading(line):
            continue  # a title tells support nothing to do (walkthrough 13)
        # "; transfer them to the team": what to do about the part before, not a sentence
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])|;(?!\s*" + _BACK_TO + r")\s*", line.strip())
        for part in pieces:
            part = part.strip().strip("-*• ").strip()
            if len(part.split()) >= 3:
                out.append(part)
    return out


def _positive(clause: str) -> str:
    """The clause said as the fact holding ("the customer is not a member": "the customer is
    a member"), or "" when its negation is not a plain `is not`."""
    said = re.sub(r"\b(is|are|was|were)(?: not|n't)\b", r"\1", clause, flags=re.IGNORECASE)
    return "" if re.search(r"\b(?:not|no|never|without)\b|n't\b", said, re.IGNORECASE) else said


# What a clause says the customer has, brings or shows: the noun phrase names the fact
# ("if a late cancellation comes with a medical certificate": medical_certificate).
HOLDS = re.compile(
    r"\b(?:with|has|have|had|holds?|shows?|brings?|provides?|presents?|sends?|hands? in|"
    r"(?:gives?|gave|submits?|supplies)(?:\s+(?:us|you|support|them))?|"
    r"produces?|includes?)\s+(?P<np>(?:(?:a|an|the|their|his|her|its|valid|proper|written)\s+)*"
    r"[a-z][a-z'-]*(?:\s+(?!from\b|by\b|of\b|issued\b|signed\b)[a-z][a-z'-]*)?)"
    r"(?:\s+(?:from|by|of|issued|signed)\b.*)?\s*$"
)


# "if the customer says they are in financial hardship": what the customer says is the fact.
# Named after the saying, it was asked of everyone as "whether you say you're in financial
# hardship" and answered "I say I am not in financial hardship" (walkthrough 12).
_SAYS = re.compile(
    r"^(?:(?:the |a |an )?(?:customer|caller|client|member|guest|user|passenger|patient|"
    r"tenant|driver|renter)s?|they|he|she)\s+(?:says?|said|tells? (?:us|you|support|staff)|"
    r"told (?:us|you|support|staff)|mentions?|mentioned|reports?|reported|claims?|claimed|"
    r"states?|stated|explains?|explained|informs? (?:us|you|support))\s+(?:that\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|cannot|can't|could|will|won't|did|does|do|"
    r"didn't|doesn't|don't|isn't|aren't|wasn't|weren't|hasn't|haven't|got|gets)\b",
    re.IGNORECASE,
)


def said_fact(clause: str) -> str:
    """The fact a clause about what the customer says states, about the customer: "the
    customer says they are in financial hardship" is "the customer is in financial
    hardship", "the customer reports a leak on the street" is "there is a leak on the
    street"; any other clause as it is."""
    m = _SAYS.match(clause.strip())
    if not m:
        return clause
    rest = m["rest"]
    for pronoun, verb, said in (
        ("they", "are", "is"), ("they", "were", "was"), ("they", "have", "has"),
        ("he", "is", "is"), ("she", "is", "is"), ("he", "was", "was"), ("she", "was", "was"),
        ("he", "has", "has"), ("she", "has", "has"),
    ):  # fmt: skip
        if re.match(rf"(?i){pronoun}\s+{verb}\b", rest):
            return re.sub(rf"(?i)^{pronoun}\s+{verb}\b", f"the customer {said}", rest)
    if re.match(r"(?i)(?:they|he|she)\b", rest):
        return re.sub(r"(?i)^(?:they|he|she)\b", "the customer", rest)
    if not _FINITE.search(rest) and re.match(r"(?i)(?:a|an|the|some|their|his|her)\b", rest):
        return f"there is {rest}"  # "reports a leak on the street"
    return rest


def yes_no(text: str, verb: int, line: str = "") -> tuple[str, bool, str] | None:
    """A yes/no condition from a clause (`if ...`, `who ...`, `with ...`), else from what
    the sentence is about (the words before its verb): its name, whether it is refused when
    `no` rather than `yes`, and the clause as written in `line` when it is a whole one
    (`if`/`when`/`unless`: support can ask "whether" it holds), else ""."""
    for i, (pattern, opposite) in enumerate(_CLAUSES):
        m = re.search(pattern, text)
        if not m:
            continue
        fact = said_fact(m.group(1))
        words = _tokens(fact)
        negated = any(w in ("no", "not", "without", "never") for w in words)
        held = HOLDS.search(fact) if i in (0, 1) else None
        if held and _content(_tokens(held["np"])):
            words = _tokens(held["np"])  # "comes with a medical certificate": the certificate
        # "if the customer is not a member": only generic words, the last one is the fact.
        name = _ordinal(words) or _name(
            _content(words) or [_singular(w) for w in words if w in _GENERIC][-1:]
        )
        if name:
            written = re.search(pattern, line, re.IGNORECASE) if i < 2 and line else None
            clause = _positive(said_fact(written.group(1).strip())) if written else ""
            return name, opposite != negated, clause
    # "The late fee of non-members cannot be waived": about members, refused when not one.
    non = re.search(r"\bnon-?\s?([a-z]+)((?:\s+[a-z]+)?)", text)
    if non:
        head = _singular(non[1])
        after = [w for w in _content(_tokens(non[2])) if not VERB.fullmatch(w)]
        words = [head] if head in _GENERIC or non[1].endswith("s") else [head, *after[:1]]
        named = _name([_singular(w) for w in words])
        if named:
            return named, True, ""
    # "New patients must complete a medical history form before ...": what must be done first
    # is the fact, refused when not done; the subject only says whom it is asked of.
    done = _MUST_FIRST.search(text)
    if done:
        named = _name([_singular(w) for w in _content(_tokens(done["np"]))][-3:])
        if named:
            return named, True, ""
    # "Pets are welcome in ground-floor rooms only": where it is allowed is the fact (the
    # caller's "only" turns it into a refusal of the others).
    where = _ONLY_IN.search(text)
    if where:
        named = _name([_singular(w) for w in _content(_tokens(where["np"]))][-3:])
        if named:
            return named, False, ""
    subject = _name([_singular(w) for w in _content(_tokens(text[:verb]))])
    if subject:
        return subject, False, ""
    # "The member must not have any unpaid bills": what the verb names (`unpaid_bills`),
    # refused when there is some; "must have a valid ID": refused when there is none.
    said = [
        w
        for w in _content(_tokens(text[verb:]))
        if not NEG.fullmatch(w) and not re.fullmatch(GRANT_VERBS, w)
    ]
    thing = _name([w for w in said if not VERB.fullmatch(w)])
    return (thing, not NEG.search(text), "") if thing else None


_ORDINALS = ("first", "second", "third", "last")


def _ordinal(words: list[str]) -> str:
    """ "it is the customer's first damage claim": `first_damage_claim`, whose yes is what the
    clause says (walkthrough 10 got `damage_claim`, read the opposite way); "" without one."""
    for i, word in enumerate(words[:-1]):
        after = _content(words[i + 1 :])
        if word in _ORDINALS and after and _content(words[i + 1 : i + 2]):
            return _name([word, *after][:3])
    return ""


_MUST_FIRST = re.compile(
    r"\b(?:must|need to|needs to|have to|has to)\s+(?:first\s+)?(?:complete|fill in|fill out|"
    r"sign|submit|provide|show|bring|present|return|send)\s+(?P<np>(?:a|an|the|their|his|her|its)"
    r"\s+(?:[a-z][a-z'-]*\s+){0,3}?[a-z][a-z'-]*)\s+(?:before|first|prior to|ahead of)\b"
)
_ONLY_IN = re.compile(r"\b(?:in|on|at)\s+(?P<np>(?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)\s+only\b")


def content_words(text: str) -> list[str]:
    """The words of `text` that say something (no articles, no "customer")."""
    return _content(_tokens(text))


def singular(word: str) -> str:
    return _singular(word)


def var_name(words: list[str]) -> str:
    """A variable's name from words, "" when they make none."""
    return _name(words)
