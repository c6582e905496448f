"""Values support works out from founded ones, which are founded too.

An agent does arithmetic on what it was told and what the records hold: the total of the
fares it just listed, what a certificate keeps after a booking (its balance less the price),
a per-passenger amount times the passengers, the difference between two fares; and it moves
a date by the shift the customer asked for ("the next day", "two days later"). Such a value
appears in no record and no customer turn, yet nothing in it is made up, so `invented_fact`
(agents.checks.invented) must not report it.

What counts as an operand is kept narrow, so the check keeps its power over values that are
made up: the amounts said in the conversation (by the customer, and by support where they
were themselves founded), and the numbers of a tool's plain-text answers (a calculator's
result, an error naming the real total); never the many numbers of a JSON record, whose
pairwise sums and differences would cover almost any amount. A value is derived when it is
the sum or the difference of two operands, an operand times or divided by a small count
(2-9), or the total of amounts listed one after another in the same support turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from agents.phrasing.cue import LowerCase

COUNTS = range(2, 10)  # passengers, bags, nights: what a per-unit amount is multiplied by

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_COUNT = (
    r"(?P<n>\d{1,2}|a couple of|couple of|an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten)"
)
_RELATIVE = LowerCase(
    r"\b(?:(?P<plus1>(?:the )?(?:next|following) day|(?:the )?day after|tomorrow)|"
    r"(?P<minus1>(?:the )?(?:previous|prior) day|(?:the )?day before|yesterday)|"
    rf"{_COUNT} (?P<unit>days?|weeks?) (?P<dir>later|after|afterwards|earlier|before|sooner|"
    r"ahead|back)|(?P<plus7>(?:the )?(?:following|next) week)|(?P<minus7>(?:the )?"
    r"(?:previous|prior) week|(?:the )?week before))\b"
)
_LATER = frozenset({"later", "after", "afterwards", "ahead"})


def date_shifts(text: str) -> set[int]:
    """The shifts in days a text asks a date to move by ("the next day": 1, "two days
    earlier": -2, "a week later": 7)."""
    shifts: set[int] = set()
    low = text.lower()  # every shift names a day or a week (re.IGNORECASE matches no other
    if "day" not in low and "week" not in low and "tomorrow" not in low:  # letter as these)
        return shifts
    for m in _RELATIVE.finditer(text):
        if m.group("plus1"):
            shifts.add(1)
        elif m.group("minus1"):
            shifts.add(-1)
        elif m.group("plus7"):
            shifts.add(7)
        elif m.group("minus7"):
            shifts.add(-7)
        else:
            n = m.group("n").lower()
            count = int(n) if n.isdigit() else _WORD_NUMBERS[n]
            days = count * (7 if m.group("unit").lower().startswith("week") else 1)
            shifts.add(days if m.group("dir").lower() in _LATER else -days)
    return shifts


def shifted(key: str, days: int) -> str | None:
    """A month-day key ('5-18') moved by `days` ('5-19'); None for a day no calendar has.
    The year is unknown: a leap year's calendar, so 29 February exists."""
    month, day = (int(x) for x in key.split("-"))
    try:
        moved = date(2000, month, day) + timedelta(days=days)
    except ValueError:
        return None
    return f"{moved.month}-{moved.day}"


def date_derived(key: str, dates: set[str], shifts: Iterable[int]) -> bool:
    """The date is a founded date moved by a shift the customer asked for."""
    return any(shifted(key, -days) in dates for days in shifts)


def cents(value: float) -> int:
    return round(value * 100)


def amount_derived(amount: int, operands: set[int], listed: Sequence[int]) -> bool:
    """`amount` (in cents) is worked out from `operands` (cents) or is the total of a run of
    the amounts `listed` just before it in the same turn."""
    for a in operands:  # amount = a + b or a - b
        if amount - a in operands or a - amount in operands:
            return True
    for n in COUNTS:
        if (amount % n == 0 and amount // n in operands) or amount * n in operands:
            return True
    for start in range(len(listed) - 1):
        total = listed[start]
        for value in listed[start + 1 :]:
            total += value
            if total == amount:
                return True
    return False
