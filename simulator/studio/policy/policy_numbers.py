"""The numbers of a policy sentence: each with its comparison ("more than 3 months",
"5 rooms or more", "up to 48 hours before the class"), whether it is money, its unit, and the
name and label of the variable that holds it (`rooms_booked`, "number of rooms booked").
Apart from policy_read.py (what the sentence says support does) because it is its own job:
reading quantities. English only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from simulator.studio.policy.policy_words import (
    _NUMBER_WORDS,
    VERB,
    _content,
    _name,
    _singular,
    _tokens,
    _words,
)

__all__ = [
    "INVERT",
    "MEASURES",
    "OP_WORDS",
    "PARTICIPLES",
    "UNITS",
    "existing_variable",
    "find_numbers",
    "looked_up",
    "number_condition",
    "number_label",
    "numeric_name",
]


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


UNITS = {
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks", "month": "months",
    "months": "months", "year": "years", "years": "years", "hour": "hours", "hours": "hours",
    "minute": "minutes", "minutes": "minutes", "night": "nights", "nights": "nights",
    "time": "times", "times": "times", "visit": "visits", "visits": "visits",
    "item": "items", "items": "items", "session": "sessions", "sessions": "sessions",
    "class": "classes", "classes": "classes", "km": "km", "kg": "kg", "percent": "percent",
    "%": "percent",
}  # fmt: skip


# Units a quantity is measured in (not counted), as written in a label: the thing measured
# names the variable (`reading_kwh`), the unit only says how it is measured.
MEASURES = {
    "kwh": "kWh", "mwh": "MWh", "kw": "kW", "gb": "GB", "mb": "MB", "tb": "TB",
    "litres": "litres", "liters": "liters", "gallons": "gallons", "miles": "miles",
    "metres": "metres", "meters": "meters", "cm": "cm", "mm": "mm", "m3": "m3",
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
        ahead = re.match(_AHEAD, text[m.end() :]) or _ranged_ahead(text[m.end() :], after_word)
        ahead_of = next(iter(_content(_tokens(ahead[1]))), "") if ahead else ""
        if ahead_of and op == "le" and re.search(r"\bup to$", before):
            # "up to 48 hours before": allowed while 48 or more are left; "at most 7 days
            # before" is 7 or fewer (newcomer 18's "between 2 and 7 days" became "at least 7")
            op = "ge"
        out.append(_Number(value, op, m.start(), unit, money, ahead_of))
    return out


_AHEAD = r"\s*(?:before|prior to|ahead of|in advance of)\s+(.*)"


def _ranged_ahead(rest: str, unit: str) -> re.Match[str] | None:
    """The event the other bound of a range counts to: "at least 2 days and at most 7 days
    before pick-up" counts both to pick-up (the first bound was a quantity of its own,
    `cancelling_days`, drawn apart from the second)."""
    if not unit:
        return None
    other = re.match(
        rf"\s*(?:and|or|to|-)\s+(?:[a-z]+\s+){{0,2}}?{_NUM}\s*{re.escape(unit)}\b", rest
    )
    return re.match(_AHEAD, rest[other.end() :]) if other else None


def numeric_name(text: str, number: _Number, verb: int) -> str:
    """`pause_months`: the word that says what is counted, then the unit. A limit after the
    verb counts what the verb does (`can pause for up to 3 months`), when the word right
    after it says so; otherwise the nearest word to the number does."""
    tokens = [(t.start(), t.group()) for t in re.finditer(r"[a-z][a-z']*(?:-[a-z]+)*|\d+", text)]
    at = next(i for i, (pos, _w) in enumerate(tokens) if pos >= number.start)
    skip = set(UNITS) | _NOT_COUNTED | set(_NUMBER_WORDS) | set(MEASURES)
    unit = number.unit or "number"
    measured = [w for pos, w in tokens[at + 1 : at + 2] if w in MEASURES]
    if unit == "number" and measured:
        # "more than 500 kWh lower than the billed reading": kWh is how it is measured, never
        # what it is (walkthrough 12's support asked for "your kwh number")
        unit = measured[0]
    if number.money:  # "the fee is below 150 euros", "fees above 1,000 euros": fee_amount
        said = _MONEY_OF.search(text[: number.start])
        thing = _singular(said["n"]) if said else ""
        if thing and _content([thing]) and thing not in ("amount", "sum", "total", "money"):
            return _name([thing, "amount"]) or unit
    notice = re.match(r"[\d.,]+\s*[a-z]+'\s+([a-z]+)", text[number.start :])
    if notice and unit != "number" and _content([notice[1]]):  # "48 hours' notice"
        return _name([notice[1], unit]) or unit
    if number.ahead_of and unit != "number":  # hours_before_class
        return _name([unit, "before", _singular(number.ahead_of)]) or unit
    since = re.match(
        r"\s*[a-z]+\s+(?:of|after|from|since|following)\s+(?:the\s+|their\s+|your\s+)?"
        r"([a-z]+(?:[\s-](?!(?:because|due|owing|if|and|or|when|unless|but)\b)[a-z]+)?)",
        text[number.start :].split(" ", 1)[-1],
    )
    if since and unit in ("days", "weeks", "months", "hours", "years"):  # days_since_due_date
        words = _content(_tokens(since[1]))[:2]
        name = "_".join([unit, "since", *words])
        if words and re.fullmatch(r"[a-z][a-z0-9_]*", name):
            return name
    aged = _AGED.search(text[: number.start]) if unit in ("number", "years") else None
    if aged:  # "drivers under 25": the driver's age, never `driver_number` (newcomer 18)
        return _name([_singular(aged["who"]), "age"]) or "age"
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


# A person said with an age bound: "drivers under 25", "a renter younger than 21",
# "passengers aged 70 or over".
_AGED = re.compile(
    r"\b(?P<who>drivers?|renters?|hirers?|members?|customers?|guests?|passengers?|travell?ers?|"
    r"patients?|students?|children|child|riders?|users?|applicants?|people|persons?|adults?|"
    r"players?|borrowers?|tenants?)\s+(?:who are\s+|that are\s+)?(?:under|over|below|above|"
    r"younger than|older than|aged(?: over| under)?)\s*$"
)


# The thing a sum of money is compared about, right before the comparison: "the fee is below",
# "fees above", "the repair costs more than", "a refund of over" (one quantity, one name in
# every sentence that speaks of it: walkthrough 10 had damage_amount and amount for one fee).
_MONEY_OF = re.compile(
    # "any claim or reassessment above 1,000 GBP": the first thing named (claim_amount)
    r"\b(?P<n>[a-z]+)(?:\s+or\s+[a-z]+)?\s+"
    r"(?:(?:is|are|was|were|costs?|totals?|comes? to|of|amounts? to)\s+)?"
    r"(?:(?:more|less|greater|lower|higher|bigger|smaller) than|over|above|under|below|exceeding|"
    r"at least|at most|up to|beyond|of)?\s*[$€£]?$"
)


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


# A figure support finds on the account rather than asks for: measured against the company's
# own ("20% lower than our estimate"), or one of the account's ("a balance over 500"). With
# an amount of money (a bill, a dispute, a refund, an order's total) these made walkthrough 9's
# support ask the customer "your dispute amount".
_LOOKED_UP = re.compile(
    r"\b(?:our|we|us|the company's|on file|on (?:the|their|your|his|her) account|balances?|"
    r"arrears|overdue|owed|owing|outstanding|debts?|usage|consumption|credit limit)\b"
)


def looked_up(piece: str, number: _Number) -> bool:
    """Whether support looks the number in `piece` up instead of asking the customer."""
    return number.money or bool(_LOOKED_UP.search(piece.lower()))


def number_condition(
    text: str,
    number: _Number,
    verb: int,
    variables: dict[str, Any],
    new: dict[str, dict[str, Any]],
    asks: dict[str, str],
    *,
    invert: bool = False,
    about: str | None = None,
) -> str:
    """`number` of `text` as a condition part (`pause_months is more than 3`; `invert`: the
    other side, for a sentence that says what is allowed), with the variable it needs made in
    `new` (1 to twice the number) and, unless support looks it up (`looked_up` in `about`, the
    clause it is read in, else `text`), how support asks for it in `asks`. One reading for
    every shape of sentence: refusals (suggest.py), ways and grants (granted.py), action rules
    (policy_acts.py)."""
    name = existing_variable(numeric_name(text, number, verb), number.unit, text, variables)
    op = INVERT[number.op] if invert else number.op
    value = number.value
    if name not in variables and name not in new:
        # "less than 48 hours before pick-up" after "more than 7 days before pick-up": one
        # time left, counted in days (two draws of it contradicted each other: newcomer 18)
        name, value = _in_unit_of(name, value, {**variables, **new})
    value = int(value) if float(value).is_integer() else round(value, 2)
    if name not in variables and name not in new:
        top = max(int(number.value), 1)
        new[name] = {"range": [1, 2 * top] if top >= 2 else [0, 4]}
        if name.endswith("_age") and top > 18:  # an adult's age: 18 to 30 years past the bound
            new[name] = {"range": [18, min(top + 30, 95)]}
        if not looked_up(text if about is None else about, number):
            asks[name] = _lasted_label(name, text) or number_label(name)
    return f"{name} {OP_WORDS[op]} {value}"


_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400, "weeks": 604800}


def _in_unit_of(name: str, value: float, variables: dict[str, Any]) -> tuple[str, float]:
    """A variable that counts the same time to or since the same event in another unit
    (`days_before_pick_up` for `hours_before_pick_up`), with `value` in its unit; else as
    given."""
    unit, sep, event = name.partition("_before_")
    if not sep:
        unit, sep, event = name.partition("_since_")
    if not sep or unit not in _SECONDS:
        return name, value
    for other in variables:
        o_unit, o_sep, o_event = other.partition(sep)
        if o_sep and o_event == event and o_unit in _SECONDS and o_unit != unit:
            return other, value * _SECONDS[unit] / _SECONDS[o_unit]
    return name, value


# "the outage has lasted more than 7 days": what lasted, and for how long (walkthrough 11's
# support asked for "your number of lasted days").
_LASTED = re.compile(
    r"\b(?:the|your|my|their|his|her|an?)\s+(?P<n>[a-z]+(?:\s+[a-z]+)?)\s+(?:has|have|had)\s+"
    r"(?:been\s+)?(?P<v>lasted|gone on|run|taken|continued|persisted)\b"
)


def _lasted_label(name: str, text: str) -> str:
    """ "length of the outage in days" for a duration named by its verb (`lasted_days`)."""
    unit = name.rsplit("_", 1)[-1]
    found = _LASTED.search(text.lower())
    if not found or unit not in UNITS.values() or found["v"].split()[0] not in name:
        return ""
    return f"length of the {found['n']} in {unit}"


def number_label(name: str) -> str:
    """How support asks for a number variable: "number of rooms booked" (`rooms_booked`),
    "number of late hours"; a name that is no count ("repair amount") as it is."""
    unit, _, since = name.partition("_since_")
    if since and unit in UNITS.values():  # days_since_due_date
        return f"number of {unit} since the {since.replace('_', ' ')}"
    unit, _, ahead = name.partition("_before_")
    if ahead and unit in UNITS.values():  # hours_before_appointment
        return f"number of {unit} before the {ahead.replace('_', ' ')}"
    parts = name.split("_")
    if len(parts) > 1 and parts[-1] == "age":  # driver_age: "age of the driver"
        return f"age of the {' '.join(parts[:-1])}"
    if len(parts) > 1 and parts[-1] in MEASURES:  # reading_kwh: "reading in kWh"
        thing, unit = " ".join(parts[:-1]), MEASURES[parts[-1]]
        return f"{unit} {thing}" if thing.endswith("ed") else f"{thing} in {unit}"  # GB used
    units = set(UNITS.values())
    counted = parts[-1] in units | PARTICIPLES or parts[0] in units - {"percent", "amount"}
    plural = parts[-1].endswith("s") and not parts[-1].endswith("ss")
    counted = counted or (plural and (len(parts) == 1 or parts[0].endswith("ed")))
    return f"number of {' '.join(parts)}" if counted else " ".join(parts)


def _apart(a: str, b: str) -> bool:
    """Whether one name counts time until an event (`hours_before_pick_up`) and the other
    time with no event (`late_hours`)."""
    anchored = [bool({"before", "since"} & set(n.split("_"))) for n in (a, b)]
    ahead = ["before" in n.split("_") for n in (a, b)]
    return any(ahead) and anchored[0] != anchored[1]


def existing_variable(name: str, unit: str, text: str, variables: dict[str, Any]) -> str:
    """A variable the scenario has that counts the same thing: `days_since_delivery` for
    `delivery_days`, or the only one named with the unit; else `name`."""
    if name in variables or not unit:
        return name
    words = set(_content(_tokens(text)))
    # time left until something ("48 hours before pick-up") and time past it with no event
    # named ("2 hours late") are two quantities in one unit: never the same variable
    same_unit = [
        v for v in variables if (unit in v.split("_") or v == unit) and not _apart(name, v)
    ]
    shared = [v for v in same_unit if words & set(v.split("_"))]
    found = shared or (same_unit if len(same_unit) == 1 else [])
    return found[0] if found else name
