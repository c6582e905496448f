"""The conditions a policy sentence states about the customer's case, as yes/no facts: its
`if`/`when`/`unless`/`who`/`with` clause, what the customer says or brings, what must be done
first, or where something is allowed, named for a rule's variable and said back as written.
Apart from policy_read.py (what support does: refuse, hand over, ask first) because reading
a clause is its own job; policy_read.py re-exports `yes_no`, `said_fact` and `HOLDS` for the
readers that use them. Word lists, not language: English only."""

from __future__ import annotations

import re

from simulator.studio.policy.policy_words import (
    _GENERIC,
    GRANT_VERBS,
    NEG,
    VERB,
    _content,
    _name,
    _singular,
    _tokens,
)
from simulator.studio.policy.voice import PERSON

__all__ = ["HOLDS", "said_fact", "yes_no"]

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


def _positive(clause: str) -> str:
    """The clause said as the fact holding, as a person asks it ("the customer is not a
    member": "the customer is a member"; "we sent no reminder text": "a reminder text was
    sent"), or "" when its negation is not a plain one. A contrast ("(not the fee)") is no
    negation and no part of the question (walkthrough 16 asked "whether you have a patient
    disputes treatment": the contrast left no clause to ask, so the variable's name was)."""
    said = without_contrast(clause)
    said = re.sub(r"\b(is|are|was|were)(?: not|n't)\b", r"\1", said, flags=re.IGNORECASE)
    said = re.sub(r"\b(?:cannot|can't|can not|(?:is|are) unable to)\b", "can", said, flags=re.I)
    said = re.sub(r"\b(?:does not|doesn't) have\b", "has", said, flags=re.IGNORECASE)
    said = re.sub(r"\b(?:do not|don't) have\b", "have", said, flags=re.IGNORECASE)
    said = re.sub(r"\b(has|have|had)(?: not|n't)\b", r"\1", said, flags=re.IGNORECASE)
    said = _no_thing(said)
    said = _ours_passive(said)
    negation = r"\b(?:not|no|never|without)\b(?!-)|n't\b"  # ("a no-show" is no negation)
    return "" if re.search(negation, said, re.IGNORECASE) else said


def _no_thing(clause: str) -> str:
    """ "no reminder was sent" -> "a reminder was sent", "we sent no reminder text" -> "we
    sent a reminder text": `no` before a thing is the fact not holding."""

    def thing(m: re.Match[str]) -> str:
        word = m[1]
        many = word.endswith("s") and not word.endswith("ss")
        return ("any " if many else "an " if word[0] in "aeiou" else "a ") + word

    return re.sub(r"(?i)\bno\s+(?!one\b|longer\b|more\b|later\b)([a-z][a-z'-]*)", thing, clause)


# "we sent ...": the business as subject. The customer cannot say "whether you sent me"
# and support cannot say "whether I sent": said without a person ("a reminder text was sent").
_WE_DID = re.compile(
    r"(?i)^(?:we|the (?:clinic|practice|shop|store|company|branch|office|team|studio|gym|"
    r"club|hotel|garage|workshop))\s+(?P<verb>[a-z]+ed|sent|gave|made|told|paid|took|"
    r"kept|sold|rang|called|found|got)\s+(?P<np>(?:a|an|any|the)\s+.+)$"
)
_PARTICIPLE_OF = {"gave": "given", "took": "taken", "rang": "rung", "got": "given"}


def _ours_passive(clause: str) -> str:
    """ "we sent a reminder text" -> "a reminder text was sent"; any other clause as it is."""
    m = _WE_DID.match(clause.strip())
    if not m:
        return clause
    verb = m["verb"].lower()
    np_rest = m["np"]
    lead = re.match(
        r"(?i)(?:a|an|any|the)\s+[a-z'-]+(?:\s+(?!to\b|for\b|by\b|on\b|in\b|at\b|"
        r"before\b|after\b|within\b)[a-z'-]+){0,2}",
        np_rest,
    )
    if not lead:
        return clause
    thing, rest = lead[0], np_rest[lead.end() :]
    many = thing.lower().startswith("any ") and thing.endswith("s")
    return f"{thing} {'were' if many else 'was'} {_PARTICIPLE_OF.get(verb, verb)}{rest}"


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
    rf"^(?:(?:the |a |an )?{PERSON}s?|they|he|she)\s+(?:says?|said|tells? (?:us|you|support|staff)|"
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
    if (
        not _FINITE.search(rest)
        and not re.search(r"(?i)\b[a-z]{3,}ed\b|\b(?:did|made|took|broke|hit|caused)\b", rest)
        and re.match(r"(?i)(?:a|an|the|some|their|his|her)\b", rest)
    ):  # (not "a third party caused the damage": that has a verb of its own)
        return f"there is {rest}"  # "reports a leak on the street"
    return rest


# A contrast that says what the fact is not about ("disputes the treatment itself (not the
# fee)", "..., not the invoice"): it names another thing, it does not negate the fact
# (walkthrough 16: "(not the fee)" made a hand-over rule hold when the patient did NOT
# dispute the treatment). A "not" inside the clause itself ("is not a member") still does.
_CONTRAST = re.compile(
    r"\s*\([^()]*\)|,\s*(?:and\s+|but\s+)?not\s+[^,;]*|"
    r"\s+(?:rather than|instead of|as opposed to)\s+[^,;]*"
)


def without_contrast(fact: str) -> str:
    """`fact` without bracketed asides and ", not X" contrasts."""
    return _CONTRAST.sub("", fact).strip()


# "a patient who already had ...": the person a who-clause is about, and the clause.
_WHO = re.compile(
    rf"(?i)\b(?:(?:a|an|the|any)\s+(?P<p>{PERSON})|(?P<pl>{PERSON})s)\s+who\s+"
    r"(?P<c>(?!(?:is|are|was|were)\s+not\b)[^,;]+?)" + _CLAUSE_END
)
_BECAUSE = re.compile(r"\b(?:because of|due to|owing to)\s+(?P<np>[^,;()]+)")


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
        words = _tokens(without_contrast(fact) or fact)
        # "if the tenant cannot show proof of address", "doesn't have a valid ID": the fact
        # negated (walkthrough 17's "cannot give" was read as the fact holding)
        negated = any(
            w in ("no", "not", "without", "never", "cannot", "unable") or w.endswith("n't")
            for w in words
        )
        held = HOLDS.search(fact) if i in (0, 1) else None
        cause = _BECAUSE.search(without_contrast(fact))
        if cause and _content(_tokens(cause["np"])):
            # "missed the visit because of a documented medical emergency": the emergency
            words = _tokens(cause["np"])
        elif held and _content(_tokens(held["np"])):
            words = _tokens(held["np"])  # "comes with a medical certificate": the certificate
        # "if the customer is not a member": only generic words, the last one is the fact.
        name = _ordinal(words) or _name(
            _content(words) or [_singular(w) for w in words if w in _GENERIC][-1:]
        )
        if name:
            written = re.search(pattern, line, re.IGNORECASE) if i < 2 and line else None
            clause = _positive(said_fact(written.group(1).strip())) if written else ""
            whom = _WHO.search(line) if i == 3 and line else None
            if whom:  # "for a patient who already had a fee waived": whether the patient did
                clause = _positive(f"the {whom['p'] or whom['pl']} {whom['c']}")
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
    if not thing:
        return None
    # "The customer must not have had a fee waived in the last 12 months": asked as written,
    # "whether the customer has had a fee waived ..." (walkthrough 17's was asked by its
    # name, "fee months")
    required = _REQUIRED.match(text[verb:])
    subject_said = " ".join(text[:verb].split()) or "the customer"
    clause = ""
    if required and re.fullmatch(r"(?:the|a|an) [a-z' -]+", subject_said):
        many = subject_said.endswith("s")
        verb_said = "has" if required["v"] == "have" and not many else required["v"]
        verb_said = "is" if verb_said == "be" else verb_said
        clause = f"{subject_said} {verb_said} {required['rest']}"
    return thing, not NEG.search(text), clause


_REQUIRED = re.compile(
    r"(?:must|should|needs? to|has to|have to)\s+(?:not\s+|never\s+)?(?P<v>have|be)\s+"
    r"(?P<rest>(?:had|been|got|received|used|made|broken|missed|taken|claimed|asked)\b.*)$"
)


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
