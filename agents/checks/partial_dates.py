"""A date said without all of its parts: "Tuesday, December 8", "on the 8th", "8 décembre",
"el martes 8", "am Dienstag, den 8.", "8/12".

People and bots leave out the year (and often the month) when the date is near: a pharmacy
bot says "arrives Tuesday, December 8" all day, and reading only full dates made that a
critical `missing_output` "never said '2026-12-08'" (outsider 24). A partial form is that
date when no other date of the conversation fits it: the candidates are the expected date and
the full dates the conversation shows elsewhere (tool results, the customer's messages). What
it decides:

- day and month ("December 8", "8 décembre", "8 de diciembre", "8. Dezember"), weekday and
  day ("Tuesday the 8th", "mardi 8", "el martes 8"), an English ordinal day ("on the 8th"),
  figures read the message's way (day first outside English; in English only where one
  reading is no date or both readings agree): the date, if they fit it and no other candidate;
- a weekday alone ("arrives Tuesday"): it names a date only against today, which a transcript
  does not give: undecided where it fits, as is a form that fits another candidate too, figures
  an English writer may mean either way ("12/8"), or a weekday that contradicts its day and
  month ("Wednesday, December 8" for a Tuesday);
- a form that fits none of them is another date: it does not say this one.

Undecided is never a pass and never a critical failure: `missing_output` leaves it unjudged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from agents.checks.customer import detect_language
from agents.phrasing.local_numbers import ENGLISH_MONTHS, MONTHS_BY_LANGUAGE

__all__ = ["partial_date_said", "partial_dates_in"]


def _fold(text: str) -> str:
    """Lower case without accents: 'décembre' and 'decembre' are one month to a reader."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_MONTH_OF: dict[str, int] = {}
for _names in (*MONTHS_BY_LANGUAGE.values(), ENGLISH_MONTHS):
    for _i, _name in enumerate(_names):
        _MONTH_OF[_fold(_name)] = _i + 1
for _i, _name in enumerate(ENGLISH_MONTHS):
    if _name != "May":  # "may" is a verb far more often than a month without its day
        _MONTH_OF[_fold(_name[:3])] = _i + 1
_MONTH_OF["sept"] = 9
_WEEKDAY_OF: dict[str, int] = {}
for _i, _names_of_day in enumerate(
    (
        "monday mon lunes lundi montag segunda",
        "tuesday tue tues martes mardi dienstag terca",
        "wednesday wed miercoles mercredi mittwoch quarta",
        "thursday thu thur thurs jueves jeudi donnerstag quinta",
        "friday fri viernes vendredi freitag sexta",
        "saturday sat sabado samedi samstag sonnabend",
        "sunday sun domingo dimanche sonntag",
    )
):
    for _name in _names_of_day.split():
        _WEEKDAY_OF[_name] = _i

_MONTH = r"(?P<mon>" + "|".join(sorted(map(re.escape, _MONTH_OF), key=len, reverse=True)) + r")"
_DAY_NAME = (
    r"(?P<wd>"
    + "|".join(sorted(map(re.escape, _WEEKDAY_OF), key=len, reverse=True))
    + r")(?:-feira)?\.?"
)
_ORDINAL = r"(?:st|nd|rd|th|er|eme|o|º|\.)?"
_YEAR_AFTER = re.compile(r"\.?,?\s*(?:de\s+)?\d{4}(?!\d)")
_DAY_MONTH = re.compile(
    r"(?<![\d.,/:])(?P<day>\d{1,2})" + _ORDINAL + r"\s+(?:of\s+|de\s+)?" + _MONTH + r"\b"
)
_MONTH_DAY = re.compile(
    r"\b" + _MONTH + r"\.?\s+(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?(?![\d:.,]\d|\d)"
)
_WEEKDAY_DAY = re.compile(
    r"\b" + _DAY_NAME + r",?\s+(?:the\s+|le\s+|el\s+|den\s+|dia\s+)?(?P<day>\d{1,2})"
    + _ORDINAL + r"(?![\d:.,]\d|\d)"
)  # fmt: skip
_WEEKDAY_BEFORE = re.compile(
    r"\b" + _DAY_NAME + r",?\s+(?:the\s+|le\s+|el\s+|den\s+|dia\s+|am\s+)?$"
)
_MONTH_AFTER = re.compile(r"\s+(?:of\s+|de\s+)?" + _MONTH + r"\b")
# A weekday alone only by its full name: 'sat', 'sun', 'segunda' (second) are other words too.
_WEEKDAY = re.compile(
    r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles"
    r"|jueves|viernes|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag"
    r"|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|segunda-feira|terca-feira"
    r"|quarta-feira|quinta-feira|sexta-feira)(?!\w)"
)
_ORDINAL_DAY = re.compile(r"\bthe\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b")
_SLASHED = re.compile(r"(?<![\d.,/:$€£])(?P<a>\d{1,2})/(?P<b>\d{1,2})(?![\d/]|[.,]\d)")
_DOTTED = re.compile(r"(?<![\d.,/:$€£])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?!\d)")


@dataclass(frozen=True)
class _Said:
    """One mention: each reading is (month or None, day or None); a weekday if named."""

    readings: tuple[tuple[int | None, int | None], ...]
    weekday: int | None = None
    decides: bool = True  # False: fitting only this date still leaves it open
    words: str = ""  # as written (folded)

    def fits(self, day: date) -> bool:
        return any(
            (m is None or m == day.month) and (d is None or d == day.day) for m, d in self.readings
        ) and (self.weekday is None or self.weekday == day.weekday())

    def fits_but_weekday(self, day: date) -> bool:
        return self.weekday is not None and any(
            (m is None or m == day.month) and d == day.day for m, d in self.readings
        )


def _mentions(text: str, conversation: str) -> list[_Said]:
    """The partial dates of one message, each span read once (longest forms first)."""
    low = _fold(text)
    taken: list[tuple[int, int]] = []
    found: list[_Said] = []

    def free(m: re.Match[str]) -> bool:
        return not any(m.start() < end and start < m.end() for start, end in taken)

    def take(start: int, end: int, said: _Said) -> None:
        taken.append((start, end))
        if not _YEAR_AFTER.match(low, end):  # a year after it: the full-date reader's
            found.append(replace(said, words=low[start:end]))

    for m in _WEEKDAY_DAY.finditer(low):
        weekday: int | None = _WEEKDAY_OF[m["wd"]]
        after = _MONTH_AFTER.match(low, m.end())
        month = _MONTH_OF[after["mon"]] if after else None
        day = int(m["day"])
        if 1 <= day <= 31:
            take(m.start(), after.end() if after else m.end(), _Said(((month, day),), weekday))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(low):
            day = int(m["day"])
            if free(m) and 1 <= day <= 31:
                # "Wednesday, December 8": the weekday named before it is part of the date
                before = _WEEKDAY_BEFORE.search(low, max(0, m.start() - 30), m.start())
                weekday = _WEEKDAY_OF[before["wd"]] if before else None
                start = before.start() if before else m.start()
                take(start, m.end(), _Said(((_MONTH_OF[m["mon"]], day),), weekday))
    for m in _ORDINAL_DAY.finditer(low):
        if free(m) and 1 <= int(m["day"]) <= 31:
            take(m.start(), m.end(), _Said(((None, int(m["day"])),)))
    language = None
    for pattern in (_SLASHED, _DOTTED):
        for m in pattern.finditer(low):
            if not free(m):
                continue
            if language is None:
                # the message's language, else that of everything support said
                language = detect_language(text) or conversation
            a, b = int(m["a"]), int(m["b"])
            day_first = (b, a) if 1 <= a <= 31 and 1 <= b <= 12 else None
            month_first = (a, b) if 1 <= a <= 12 and 1 <= b <= 31 else None
            if pattern is _DOTTED or language not in ("en", ""):
                readings = [day_first]  # day first, as every language here but English
            else:
                readings = [day_first, month_first]
            kept = tuple(r for r in readings if r is not None)
            if kept:
                # both readings of an English writer's figures are possible and differ
                take(m.start(), m.end(), _Said(kept, decides=len(set(kept)) == 1))
    for m in _WEEKDAY.finditer(low):
        if free(m):
            weekday = _WEEKDAY_OF[m["wd"].removesuffix("-feira")]
            take(m.start(), m.end(), _Said(((None, None),), weekday, decides=False))
    return found


def partial_date_said(
    wanted: date, messages: Sequence[str], context: Iterable[date] = ()
) -> bool | None:
    """Whether `messages` say `wanted` in a form without its year (see the module): True
    where a form fits it and no other date in `context`, None where that is undecided,
    False where no form fits it."""
    others = {d for d in context if d != wanted}
    verdict: bool | None = False
    conversation: str | None = None
    for text in messages:
        if not any(ch.isdigit() for ch in text) and not _WEEKDAY.search(_fold(text)):
            continue
        if conversation is None:
            conversation = detect_language(" ".join(messages), minimum=2) or ""
        for said in _mentions(text, conversation):
            if said.fits(wanted):
                if said.decides and not any(said.fits(d) for d in others):
                    return True
                verdict = None
            elif said.fits_but_weekday(wanted):
                verdict = None  # its weekday contradicts its own day: which did it mean?
    return verdict


def partial_dates_in(messages: Sequence[str]) -> list[str]:
    """The dates without a year the messages say, as written (folded, lower case), for a
    finding that names the date support said instead of the one expected."""
    found: list[str] = []
    for text in messages:
        if any(ch.isdigit() for ch in text):
            found += [said.words for said in _mentions(text, "") if said.decides]
    return found
