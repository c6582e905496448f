"""How the studio reads a policy sentence: its words, its numbers with their comparisons,
its clauses about the customer, and the names they give a rule's variables.

suggest.py reads refusals and hand-overs with these, granted.py sentences said the positive
way ("waived if the customer is a member"). Word lists, not language: English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

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


def _words(text: str) -> set[str]:
    return set(text.split())


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_MONEY_BEFORE = r"[$€£]"
_MONEY_AFTER = r"(?:eur|euros?|usd|dollars?|gbp|pounds?|chf|francs?)\b"
# Comparisons written before the number, longest first, and the operator they mean.
_BEFORE: tuple[tuple[str, str], ...] = (
    (r"(?:no|not) more than|at most|up to|a maximum of|maximum(?: of)?|max\.?|within", "le"),
    (r"(?:no|not) less than|at least|a minimum of|minimum(?: of)?|min\.?", "ge"),
    (r"(?:more|longer|greater|older|bigger|higher|larger) than|over|above|exceeding|beyond"
     r"|after", "gt"),
    (r"(?:less|fewer|shorter|younger|smaller|lower) than|under|below|before", "lt"),
    (r"first", "le"),
    (r"(?:minimum|shortest|min\.?)\b.*\b(?:is|are)", "ge"),  # the minimum pause is 1 month
    (r"(?:maximum|longest|max\.?)\b.*\b(?:is|are)", "le"),
    (r"(?:maximum|max\.?)(?:\s+[a-z]+){1,2}:?", "le"),  # "max freeze 3 months"
    (r"(?:minimum|min\.?)(?:\s+[a-z]+){1,2}:?", "ge"),
    (rf"(?:from|between)?\s*{_NUM}\s*(?:to|-|and)", "le"),  # "1 to 3 months": at most 3
)  # fmt: skip
_AFTER: tuple[tuple[str, str], ...] = (
    (r"or (?:more|longer|over|above)", "ge"),
    (r"or (?:less|fewer|under|below|shorter)", "le"),
)
INVERT = {"gt": "le", "ge": "lt", "lt": "ge", "le": "gt"}
OP_WORDS = {"gt": "is more than", "ge": "is at least", "lt": "is less than", "le": "is at most"}

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
    r"(?:reviewed|approved|decided) by|refer(?:red|s)? to|\w+ed by (?:the|a|our) (?:\w+ )?"
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
# Where the sentence's verb starts: a comparison before it describes what is asked for
# ("Pauses longer than 3 months | are not possible"), after it the limit ("A pause | needs
# at least 14 days notice"), whose other side is refused.
VERB = re.compile(
    r"\b(?:cannot|can't|can not|can|may|must|needs?|needed|requires?|required|are|is|will|"
    r"won't|should|ha(?:ve|s) to|go(?:es)?|gets?|don't|doesn't|aren't|isn't|never)\b"
)
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
_STOP = _words(
    "a an the their his her its your our my this that these those is are was were be been "
    "being has have had do does did any some all of for to in on at by from and or as it "
    "they them he she we you i who which whose with without if when unless then there than "
    "more less can cannot may must need needs should will would could not no never only "
    "also just per each every still yet already first last up down out into over under "
    "ago get gets got go goes please support agent agents staff we us next following "
    "upcoming thats its theres whats cant wont dont doesnt isnt arent"
)
_GENERIC = _words(
    "member members customer customers client clients user users person people someone "
    "anyone everyone account holder holders guest guests caller callers policyholder "
    "policyholders anything something involving"
)
UNITS = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "hour": "hours", "hours": "hours",
    "minute": "minutes", "minutes": "minutes", "night": "nights", "nights": "nights",
    "time": "times", "times": "times", "visit": "visits", "visits": "visits",
    "item": "items", "items": "items", "session": "sessions", "sessions": "sessions",
    "class": "classes", "classes": "classes", "km": "km", "kg": "kg", "percent": "percent",
    "%": "percent",
}  # fmt: skip


# Words near a number that never say what it counts.
_NOT_COUNTED = _words(
    "eur euro euros usd dollar dollars gbp pound pounds longer shorter older greater "
    "higher lower least most maximum minimum max min exceeding beyond within allowed "
    "possible impossible refused denied ok fine free happen happens cost costs fee "
    "fees charge charged pay pays price accepted accept approved granted given made away "
    "give gives provide make before after prior ahead advance decline declined deny reject "
    "rejected refuse refused refuses above below business working calendar consecutive "
    "once twice back again waive waived come comes came brought bring brings larger smaller "
    "bigger fewer"
)


_UNIT_ADJECTIVES = _words("business working calendar full whole consecutive clear")


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
        words = part.split()
        while words and words[0] in _DETERMINERS:
            words = words[1:]
        if len(words) > 1 and words[0].endswith("'s") and words[1:] != ["name"]:
            words = words[1:]  # "the guest's surname": surname; "the dog's name" stays
        if not words or len(words) > 6 or not all(re.fullmatch(r"[a-z][a-z'-]*", w) for w in words):
            return []
        items.append(" ".join(words))
    return items


_DETERMINERS = _words("the their a an his her your its our my")


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
    r"(?:just\s+|then\s+|instead\s+)?(?:transfer|pass|hand|refer|send|escalate|route|put|give)"
    r"\w*\s+(?:them|it|him|her|those|these|the case|the call)\b"
)


def policy_lines(policy: str) -> list[str]:
    """The policy's sentences: one per line, or per full stop within a line."""
    out = []
    for line in policy.splitlines():
        # "; transfer them to the team": what to do about the part before, not a sentence
        pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9])|;(?!\s*" + _BACK_TO + r")\s*", line.strip())
        for part in pieces:
            part = part.strip().strip("-*• ").strip()
            if len(part.split()) >= 3:
                out.append(part)
    return out


def _singular(word: str) -> str:
    if len(word) > 3 and re.search(r"(?:sses|xes|ches|shes)$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    """Words (`no-show` is one), numbers and currency signs."""
    return re.findall(r"[a-z][a-z']*(?:-[a-z]+)*|\d+(?:[.,]\d+)?|[$€£%]", text)


def _content(words: list[str]) -> list[str]:
    kept = [re.sub(r"'s?$", "s", w).replace("'", "").replace("-", "_") for w in words]
    return [
        w
        for w in kept
        if w.replace("_", "").isalpha()
        and w not in _STOP
        and w not in _GENERIC
        and w not in _NUMBER_WORDS
    ]


def _name(words: list[str]) -> str:
    name = "_".join(words[:3])
    return name if re.fullmatch(r"[a-z][a-z0-9_]*", name) else ""


@dataclass(frozen=True)
class _Number:
    value: float
    op: str
    start: int  # character offset in the sentence
    unit: str
    money: bool
    ahead_of: str = ""  # "48 hours before the class": time left until it (`class`)


def find_numbers(text: str) -> list[_Number]:
    """Each number with a comparison before or after it."""
    out = []
    for m in re.finditer(rf"({_MONEY_BEFORE})?\b({_NUM})\b\s*(%|[a-z]+)?", text):
        raw = m.group(2)
        value = float(_NUMBER_WORDS.get(raw, 0) if raw in _NUMBER_WORDS else raw.replace(",", ""))
        after_word = (m.group(3) or "").lower()
        if after_word in _UNIT_ADJECTIVES:  # "10 business days": days
            following = re.match(r"\s*([a-z]+)", text[m.end(3) :])
            after_word = following[1] if following else after_word
        money = bool(m.group(1)) or bool(re.fullmatch(_MONEY_AFTER, after_word))
        before = text[: m.start()].rstrip()
        op = next((o for p, o in _BEFORE if re.search(rf"\b(?:{p})$", before)), "")
        if not op:
            rest = text[m.end() :].lstrip()
            op = next((o for p, o in _AFTER if re.match(p, rest)), "")
        if not op and not money:
            continue
        unit = "amount" if money else UNITS.get(after_word, "")
        ahead = re.match(r"\s*(?:before|prior to|ahead of|in advance of)\s+(.*)", text[m.end() :])
        ahead_of = next(iter(_content(_tokens(ahead[1]))), "") if ahead else ""
        if ahead_of and op == "le" and not re.search(r"\bwithin$", before):
            op = "ge"  # "up to 48 hours before": allowed while 48 or more are left
        out.append(_Number(value, op, m.start(), unit, money, ahead_of))
    return out


def numeric_name(text: str, number: _Number, verb: int) -> str:
    """`pause_months`: the word that says what is counted, then the unit. A limit after the
    verb counts what the verb does (`can pause for up to 3 months`), when the word right
    after it says so; otherwise the nearest word to the number does."""
    tokens = [(t.start(), t.group()) for t in re.finditer(r"[a-z][a-z']*(?:-[a-z]+)*|\d+", text)]
    at = next(i for i, (pos, _w) in enumerate(tokens) if pos >= number.start)
    skip = set(UNITS) | _NOT_COUNTED | set(_NUMBER_WORDS)
    unit = number.unit or "number"
    if number.ahead_of and unit != "number":  # hours_before_class
        return _name([unit, "before", _singular(number.ahead_of)]) or unit
    since = re.match(
        r"\s*[a-z]+\s+(?:of|after|from|since|following)\s+(?:the\s+|their\s+|your\s+)?"
        r"([a-z]+(?:[\s-][a-z]+)?)",
        text[number.start :].split(" ", 1)[-1],
    )
    if since and unit in ("days", "weeks", "months", "hours", "years"):  # days_since_due_date
        words = _content(_tokens(since[1]))[:2]
        name = "_".join([unit, "since", *words])
        if words and re.fullmatch(r"[a-z][a-z0-9_]*", name):
            return name
    counted = _counted(tokens, at, skip) if unit == "number" else ""
    if counted:  # "5 rooms or more": rooms, and what the sentence does with them (booked)
        return counted
    if verb < number.start:
        after = [w for pos, w in tokens if pos > verb][:1]  # the word after the verb
        if after and _content(after) and after[0] not in skip and VERB.fullmatch(after[0]) is None:
            return _name([_singular(_content(after)[0]), unit]) or unit
    best: tuple[int, str] | None = None
    for i, (pos, word) in enumerate(tokens):
        words = _content([word])
        if not words or word in skip or i == at:
            continue
        if number.start < verb <= pos:  # "pauses of more than 2 months | need ...": the subject
            continue
        distance = abs(i - at) * 2 + (1 if i > at else 0)  # a tie goes to the word before
        if best is None or distance < best[0]:
            best = (distance, _singular(words[0]))
    return _name([best[1], unit]) if best else unit


# Nouns for what is done with the things counted: "group bookings of 5 rooms" counts rooms
# booked (never `room_number`, which in a hotel is which room).
_DONE = {
    "booking": "booked", "reservation": "reserved", "order": "ordered", "rental": "rented",
    "purchase": "purchased", "hire": "hired", "delivery": "delivered", "return": "returned",
    "registration": "registered", "enrolment": "enrolled", "enrollment": "enrolled",
}  # fmt: skip
PARTICIPLES = frozenset(_DONE.values())


def _counted(tokens: list[tuple[int, str]], at: int, skip: set[str]) -> str:
    """`rooms_booked` for "bookings of 5 rooms": the plural noun right after the number
    (what it counts) and what a noun just before says is done with them; "" when the word
    after the number is no plural noun."""
    if at + 1 >= len(tokens):
        return ""
    word, adjective = tokens[at + 1][1], ""
    if word.endswith("ed") and at + 2 < len(tokens):  # "3 missed appointments"
        word, adjective = tokens[at + 2][1], word
    if not (len(word) > 3 and word.endswith("s") and not word.endswith("ss")) or word in skip:
        return ""
    if not _content([word]) or VERB.fullmatch(word):
        return ""
    before = [_singular(w) for _pos, w in tokens[max(0, at - 4) : at]]
    done = next((_DONE[w] for w in reversed(before) if w in _DONE), "")
    return _name([adjective, word] if adjective else [word, done] if done else [word])


def number_label(name: str) -> str:
    """How support asks for a number variable: "number of rooms booked" (`rooms_booked`),
    "number of late hours"; a name that is no count ("repair amount") as it is."""
    unit, _, since = name.partition("_since_")
    if since and unit in UNITS.values():  # days_since_due_date
        return f"number of {unit} since the {since.replace('_', ' ')}"
    parts = name.split("_")
    units = set(UNITS.values())
    counted = parts[-1] in units | PARTICIPLES or parts[0] in units - {"percent", "amount"}
    plural = parts[-1].endswith("s") and not parts[-1].endswith("ss")
    counted = counted or (plural and (len(parts) == 1 or parts[0].endswith("ed")))
    return f"number of {' '.join(parts)}" if counted else " ".join(parts)


def existing_variable(name: str, unit: str, text: str, variables: dict[str, Any]) -> str:
    """A variable the scenario has that counts the same thing: `days_since_delivery` for
    `delivery_days`, or the only one named with the unit; else `name`."""
    if name in variables or not unit:
        return name
    words = set(_content(_tokens(text)))
    same_unit = [v for v in variables if unit in v.split("_") or v == unit]
    shared = [v for v in same_unit if words & set(v.split("_"))]
    found = shared or (same_unit if len(same_unit) == 1 else [])
    return found[0] if found else name


def _positive(clause: str) -> str:
    """The clause said as the fact holding ("the customer is not a member": "the customer is
    a member"), or "" when its negation is not a plain `is not`."""
    said = re.sub(r"\b(is|are|was|were)(?: not|n't)\b", r"\1", clause, flags=re.IGNORECASE)
    return "" if re.search(r"\b(?:not|no|never|without)\b|n't\b", said, re.IGNORECASE) else said


# What a clause says the customer has, brings or shows: the noun phrase names the fact
# ("if a late cancellation comes with a medical certificate": medical_certificate).
HOLDS = re.compile(
    r"\b(?:with|has|have|had|holds?|shows?|brings?|provides?|presents?|sends?|hands? in|"
    r"produces?|includes?)\s+(?P<np>(?:(?:a|an|the|their|his|her|its|valid|proper|written)\s+)*"
    r"[a-z][a-z'-]*(?:\s+(?!from\b|by\b|of\b|issued\b|signed\b)[a-z][a-z'-]*)?)"
    r"(?:\s+(?:from|by|of|issued|signed)\b.*)?\s*$"
)


def yes_no(text: str, verb: int, line: str = "") -> tuple[str, bool, str] | None:
    """A yes/no condition from a clause (`if ...`, `who ...`, `with ...`), else from what
    the sentence is about (the words before its verb): its name, whether it is refused when
    `no` rather than `yes`, and the clause as written in `line` when it is a whole one
    (`if`/`when`/`unless`: support can ask "whether" it holds), else ""."""
    for i, (pattern, opposite) in enumerate(_CLAUSES):
        m = re.search(pattern, text)
        if not m:
            continue
        words = _tokens(m.group(1))
        negated = any(w in ("no", "not", "without", "never") for w in words)
        held = HOLDS.search(m.group(1)) if i in (0, 1) else None
        if held and _content(_tokens(held["np"])):
            words = _tokens(held["np"])  # "comes with a medical certificate": the certificate
        # "if the customer is not a member": only generic words, the last one is the fact.
        name = _name(_content(words) or [_singular(w) for w in words if w in _GENERIC][-1:])
        if name:
            written = re.search(pattern, line, re.IGNORECASE) if i < 2 and line else None
            clause = _positive(written.group(1).strip()) if written else ""
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


def content_words(text: str) -> list[str]:
    """The words of `text` that say something (no articles, no "customer")."""
    return _content(_tokens(text))


def singular(word: str) -> str:
    return _singular(word)


def var_name(words: list[str]) -> str:
    """A variable's name from words, "" when they make none."""
    return _name(words)
