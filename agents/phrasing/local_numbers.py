"""Amounts and dates as a native writer of the conversation's language puts them.

The library's records and variables hold amounts as "$1219.50" and dates as ISO "2025-06-18":
right for the tools and the English text, wrong inside a French sentence, where a writer puts
"1219,50 $" and "18 juin 2025". `localize` rewrites them in a turn's text before it is
worded (scenario lines, knowledge answers, the customer's facts), so the rest of the wording
protects the new form as it protected the old. Records, tool arguments and slots keep the
stored value; `iso_forms` reads the written forms back ("18/06/2025", "18. Juni 2025" ->
"2025-06-18"), so the checks and the scripted roles that look for a value in a text find a
date however it was written.

Conventions (CLDR and the usual chat practice): decimal comma in all four languages; the
dollar sign after the amount with a space in de/es/fr ("25,00 $"), "US$ 25,00" in Brazilian
Portuguese (its `$` alone would read as reais); thousands grouped with a point (de/es/pt) or a
space (fr) from five digits, as people type them. A date the text states (a flight, a start)
gets its month's name ("am 18. Juni 2025", "le 1er juillet 2025", "el 18 de junio de 2025",
"18 de junho de 2025"); a date given as a fact (a birth date, a wrong value being corrected)
is typed in figures in the language's order ("24.08.1984", "24/08/1984").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from agents.phrasing.cue import LowerCase

_MONTHS: Mapping[str, tuple[str, ...]] = {
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
}  # fmt: skip
# English states a date as an American writer does ("July 11, 2025"), like its "$25.00".
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")  # fmt: skip
# the month names for the readers of dates said in part (agents.checks.partial_dates)
MONTHS_BY_LANGUAGE = _MONTHS
ENGLISH_MONTHS = _ENGLISH_MONTHS
_NUMERIC_SEP = {"de": ".", "es": "/", "fr": "/", "pt": "/"}
_GROUP = {"de": ".", "es": ".", "fr": " ", "pt": "."}
_GROUP_FROM = {"de": 4, "es": 5, "fr": 5, "pt": 4}  # digits: '4.800 $' but '4800 $' in es

_ISO = re.compile(r"(?<![\w-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
# "$1219.50", "$10,046", "$25": the dollar sign before figures, as the records say amounts
_DOLLARS = re.compile(r"(?<![\w$])\$(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d,.]\d)")


def localize(text: str, language: str, figures: bool = False) -> str:
    """`text` with its dollar amounts and ISO dates written the language's way; `figures`:
    dates in figures (a fact typed in), else with the month's name (a date stated)."""
    if language not in _MONTHS or not text:
        return text
    if "$" in text:
        text = _DOLLARS.sub(lambda m: amount(m.group(1), m.group(2), language), text)
    if "-" in text and _ISO.search(text):
        text = _ISO.sub(lambda m: date(m[1], m[2], m[3], language, figures), text)
    return text


def english_dates(text: str) -> str:
    """`text` with its ISO dates stated the English way ('2025-07-11' -> 'July 11, 2025'):
    a person never writes a date as a database stores it. Amounts keep their form ('$25.00'
    is English already); a date that is no calendar date is left as it is."""
    if not text or "-" not in text or not _ISO.search(text):
        return text

    def one(m: re.Match[str]) -> str:
        month, day = int(m[2]), int(m[3])
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{_ENGLISH_MONTHS[month - 1]} {day}, {m[1]}"

    return _ISO.sub(one, text)


def amount(whole: str, cents: str | None, language: str) -> str:
    """'1219', '50' -> '1.219,50 $' (es/fr group from five digits; pt: 'US$ 1.219,50')."""
    digits = whole.replace(",", "")
    if len(digits) >= _GROUP_FROM[language]:
        groups: list[str] = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        digits = _GROUP[language].join([digits, *groups])
    if cents is not None:
        digits += "," + cents.ljust(2, "0")
    return f"US$ {digits}" if language == "pt" else f"{digits} $"


def date(year: str, month: str, day: str, language: str, figures: bool = False) -> str:
    """An ISO date the language's way; a date that is no calendar date (a mistyped one) is
    only reordered, in figures."""
    m, d = int(month), int(day)
    if figures or not (1 <= m <= 12 and 1 <= d <= 31):
        return _NUMERIC_SEP[language].join((day, month, year))
    name = _MONTHS[language][m - 1]
    if language == "de":
        return f"{d}. {name} {year}"
    if language == "fr":
        return f"{'1er' if d == 1 else d} {name} {year}"
    if language == "pt":
        return f"{'1º' if d == 1 else d} de {name} de {year}"
    return f"{d} de {name} de {year}"


# ---- reading the written forms back ---------------------------------------------------------

_DIGIT = re.compile(r"\d")
_MONTH_NUMBER = {name.lower(): i + 1 for names in _MONTHS.values() for i, name in enumerate(names)}
_NAMES = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_ENGLISH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(_ENGLISH_MONTHS)}
_ENGLISH_NUMBER |= {name[:3]: n for name, n in list(_ENGLISH_NUMBER.items())} | {"sept": 9}
_ENGLISH_NAMES = "|".join(sorted(_ENGLISH_NUMBER, key=len, reverse=True))
# "July 11, 2025", "Mar. 14th, 1988": the month first, as `english_dates` writes it
_ENGLISH_WRITTEN = LowerCase(
    r"\b(" + _ENGLISH_NAMES + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
)
# "14 March 1988", "14th of Mar 1988": the day first, as a British writer puts it
_ENGLISH_DAY_FIRST = LowerCase(
    r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _ENGLISH_NAMES + r")\b\.?,?\s+(\d{4})(?!\d)"
)
# A date with a month's name and one in figures. Each pattern starts with its digits, so the
# regex engine skips to the next digit in C; what must not come before them (a digit, or
# [\d.,/] before figures) is tested on each match (`_matches`), not by a leading lookbehind,
# which made the engine try the whole pattern at every position of every text with a digit
# (these run on each turn the roles and the critic search for a stored value).
_WRITTEN = LowerCase(
    r"(\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?(" + _NAMES + r")\s+(?:de\s+)?(\d{4})(?!\d)"
)
_NOT_BEFORE_WRITTEN = _DIGIT
_YEAR = re.compile(r"\d{4}")
_FIGURES = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})(?![\d/])")
_NOT_BEFORE_FIGURES = re.compile(r"[\d.,/]")


def _matches(
    pattern: re.Pattern[str] | LowerCase, not_before: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern`'s matches in `text` not preceded by a `not_before` character: the matches of
    the pattern with a leading `(?<!not_before)`. A match this drops hides no other: a digit
    inside it follows a digit or a separator (which `not_before` holds, so the lookbehind
    fails there too), or is the first of the year's four digits, where no day of one or two
    digits and its separator fit."""
    for m in pattern.finditer(text):
        at = m.start()
        if at == 0 or not_before.match(text, at - 1) is None:
            yield m


# '30/09/99', '30.09.99', '30-09-99': figures with a year of two digits, as a member writes
# a date of birth (outsider 26: "GM-20415 30/09/99" was no date of birth given)
_SHORT_FIGURES = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2})(?![\d/.-]?\d)")


def _short_year_forms(text: str) -> list[str]:
    """The ISO dates a date in figures with a two-digit year may be: both centuries (a
    birth in '99 and a delivery in '26 are written alike), day first, and month first too
    for a slash date, as `iso_forms` reads four-digit years. A stored value is found only
    when it is one of them."""
    out: list[str] = []
    for m in _matches(_SHORT_FIGURES, _NOT_BEFORE_FIGURES, text):
        first, sep, second, short = m.groups()
        for year in (f"19{short}", f"20{short}"):
            out.append(f"{year}-{int(second):02d}-{int(first):02d}")
            if sep == "/":
                out.append(f"{year}-{int(first):02d}-{int(second):02d}")
    return out


def iso_forms(text: str) -> list[str]:
    """The ISO dates ('2025-06-18') that `text` writes the other ways: with a month's name
    (English either order, '18 June 2025', 'June 18th, 2025'), or in figures day first
    ('18.06.2025', '18/06/2025'; a slash date is also read month first, as an American
    writes it, since the text's language is not known); a two-digit year as either century
    ('30/09/99')."""
    out: list[str] = _short_year_forms(text)
    if _YEAR.search(text) is None:  # each form below ends on a year of four digits
        return out
    for m in _matches(_WRITTEN, _NOT_BEFORE_WRITTEN, text):
        out.append(f"{m.group(3)}-{_MONTH_NUMBER[m.group(2).lower()]:02d}-{int(m.group(1)):02d}")
    for m in _ENGLISH_WRITTEN.finditer(text):
        out.append(f"{m.group(3)}-{_ENGLISH_NUMBER[m.group(1).lower()]:02d}-{int(m.group(2)):02d}")
    for m in _matches(_ENGLISH_DAY_FIRST, _NOT_BEFORE_WRITTEN, text):
        out.append(f"{m.group(3)}-{_ENGLISH_NUMBER[m.group(2).lower()]:02d}-{int(m.group(1)):02d}")
    for m in _matches(_FIGURES, _NOT_BEFORE_FIGURES, text):
        first, sep, second, year = m.groups()
        out.append(f"{year}-{int(second):02d}-{int(first):02d}")
        if sep == "/":
            out.append(f"{year}-{int(first):02d}-{int(second):02d}")
    return out


# '489 $', '1.219,50 $', '10 046 $', 'US$ 1.219,50': the sign after the figures or 'US$'
# before them (a bare '489,50' is no amount of ours)
_WRITTEN_AMOUNT = re.compile(
    r"(?<![\w$.,])(?:(US\$ ?)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{2}))?(?![\d,.]\d)"
    r"|(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d{2}))? \$(?!\w))"
)


def stored_amounts(text: str) -> list[str]:
    """The amounts `text` writes the other languages' ways, as the records say them
    ('1.219,50 $' -> '$1219.50')."""
    out: list[str] = []
    if "$" not in text:
        return out
    for m in _WRITTEN_AMOUNT.finditer(text):
        whole = m.group(2) or m.group(4)
        cents = m.group(3) or m.group(5)
        digits = whole.replace(".", "").replace(" ", "")
        out.append(f"${digits}.{cents}" if cents else f"${digits}")
    return out


def written_dates(text: str) -> list[tuple[int, int, int, int]]:
    """(start, end, month, day) of each date `text` writes with another language's month
    name ('18. Juni 2025', 'le 1er juillet 2025')."""
    if _DIGIT.search(text) is None:
        return []
    return [
        (m.start(), m.end(), _MONTH_NUMBER[m.group(2).lower()], int(m.group(1)))
        for m in _matches(_WRITTEN, _NOT_BEFORE_WRITTEN, text)
    ]


def without_dates(text: str) -> str:
    """`text` with every date written with a month's name, in any of the languages read
    ('8 de enero de 2027', 'le 8 janvier 2027', '8. Januar 2027', 'January 8, 2027'), cut
    out: a date carries its own language's words ("de enero de"), which say nothing about
    the language the sentence around it is written in."""
    if _DIGIT.search(text) is None:
        return text
    spans = [m.span() for m in _matches(_WRITTEN, _NOT_BEFORE_WRITTEN, text)]
    spans += [m.span() for m in _ENGLISH_WRITTEN.finditer(text)]
    spans += [m.span() for m in _matches(_ENGLISH_DAY_FIRST, _NOT_BEFORE_WRITTEN, text)]
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


@lru_cache(maxsize=1024)
def with_stored(text: str) -> str:
    """`text` followed by the stored forms ('2025-06-18', '$1219.50') of the dates and
    amounts it writes otherwise, on a line of their own, for a search of a stored value:
    unchanged when it has none.

    Cached: the scripted roles read each turn of the other side for the values it carries
    (agents.scripted.values.heard_in, often twice), and the critic reads the same turns
    again when the conversation ends (agents.checks.matching); 1,024 texts outlast the 16
    conversations in flight (about 30% of the calls in a library run hit)."""
    if _DIGIT.search(text) is None:
        return text
    found = iso_forms(text) + stored_amounts(text)
    return f"{text}\n{' '.join(found)}" if found else text
