"""A required output that is a date or an amount, found as a value in any written form.

`expect.outputs` holds what support must say, and tau-bench's rule (the output lower-cased
inside a message lower-cased without commas) finds it only as written. A scenario's output
is usually a variable drawn from the records, so it is stored the database's way
("2026-12-03", "7.5"), while a person, the scripted support and most bots state it the way
people write ("December 3, 2026", "3. Dezember 2026", "le 3 décembre 2026", "7,50 €",
"EUR 7.50"). An output that is one date or one amount is also found when a message states
that value in any of those forms, in English, Spanish, French, German or Portuguese; any
other output keeps the plain rule alone. A date said without its year ("Tuesday, December 8",
"on the 8th", "8 décembre") is read by agents.checks.partial_dates: that date where no other
date of the conversation fits it, else undecided (`value_said` is None).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from agents.checks.partial_dates import partial_date_said
from agents.phrasing.local_numbers import iso_forms

__all__ = [
    "dates_in",
    "display_forms",
    "figure_number",
    "is_date_output",
    "money_as_said",
    "said_as_value",
    "said_as_words",
    "value_said",
    "words_pattern",
]

_ISO = re.compile(r"(?<![\w-])(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?(?![\w-])")
_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_EN_MONTH = r"(?P<mon>" + "|".join(m[:3] + "(?:" + m[3:] + ")?" for m in _EN_MONTHS) + r")\.?"
# "3 December 2026", "3rd of Dec 2026", "Dec. 3rd, 2026": English orders iso_forms does not read
_EN_DAY_FIRST = re.compile(
    r"(?i)\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_MONTH + r",?\s+(?P<y>\d{4})\b"
)
_EN_MONTH_FIRST = re.compile(
    r"(?i)\b" + _EN_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b"
)
_CURRENCY = r"(?:[$€£]|US\$|R\$|usd|eur|euros?|gbp|dollars?|pounds?|cad|aud)"
_FIGURE = r"\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# A figure with a currency before or after it, however the language groups and separates it.
_MONEY = re.compile(
    rf"(?i)(?:{_CURRENCY}\s?(?P<a>{_FIGURE})(?![\d.,]\d))|(?:(?<![\d.,])(?P<b>{_FIGURE})\s?{_CURRENCY}(?!\w))"
)
# An output that is only an amount: figures with a decimal part or a currency.
_AMOUNT_ONLY = re.compile(
    rf"(?i)^\s*(?:{_CURRENCY}\s?)?(?P<n>\d[\d,]*\.\d{{1,2}}|\d[\d,]*)(?:\s?{_CURRENCY})?\s*$"
)


# An output of words only, joined by spaces, underscores or hyphens ("awaiting_documents").
_WORDS_ONLY = re.compile(r"^[^\W\d_]+(?:[\s_-]+[^\W\d_]+)*$")
_JOINER = re.compile(r"[\s_-]+")


def said_as_value(output: str, messages: Sequence[str]) -> bool:
    """`output` is one date or one amount and a message states the same value, or it is
    words only and a message says them (`said_as_words`)."""
    return value_said(output, messages) is True


def value_said(output: str, messages: Sequence[str], context: Sequence[str] = ()) -> bool | None:
    """`said_as_value`, and for a date also the forms without its year, read against the
    full dates of `context` (what else the conversation showed: a form that fits another of
    them too is undecided, None; so is a weekday alone)."""
    if said_as_words(output, messages):
        return True
    day = _only_date(output)
    if day is not None:
        if any(day in _dates(m) for m in messages):
            return True
        try:
            wanted = date(*day)
        except ValueError:
            return False
        return partial_date_said(wanted, messages, dates_in(context))
    amount = _only_amount(output)
    if amount is not None:
        return any(amount in _amounts(m) for m in messages)
    return False


def is_date_output(output: str) -> bool:
    """The output is one date and nothing else ("2027-01-31")."""
    return _only_date(output) is not None


def _only_date(output: str) -> tuple[int, int, int] | None:
    found = _dates(output)
    if len(found) != 1:
        return None
    # the date is the whole output (no other words around it)
    rest = _ISO.sub("", output)
    for pattern in (_EN_DAY_FIRST, _EN_MONTH_FIRST):
        rest = pattern.sub("", rest)
    return next(iter(found)) if not re.search(r"[A-Za-z]{3,}|\d", rest) else None


def _only_amount(output: str) -> Decimal | None:
    m = _AMOUNT_ONLY.match(output)
    if m is None:
        return None
    has_currency = re.search(_CURRENCY, output, re.IGNORECASE) is not None
    if not has_currency and "." not in m.group("n"):
        return None  # a bare whole number is a count or a code, not read as money
    return _decimal(m.group("n").replace(",", ""))


def _dates(text: str) -> set[tuple[int, int, int]]:
    found: set[tuple[int, int, int]] = set()
    if not any(ch.isdigit() for ch in text):
        return found
    iso = [f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}" for m in _ISO.finditer(text)]
    for form in (*iso, *iso_forms(text)):
        year, month, day = (int(x) for x in form.split("-"))
        found.add((year, month, day))
    for pattern in (_EN_DAY_FIRST, _EN_MONTH_FIRST):
        for m in pattern.finditer(text):
            month = (
                _EN_MONTHS.index(next(n for n in _EN_MONTHS if n.startswith(m["mon"][:3].lower())))
                + 1
            )
            found.add((int(m["y"]), month, int(m["day"])))
    return found


def dates_in(texts: Sequence[str]) -> set[date]:
    """The full dates (with their year) the texts write, in any form `said_as_value` reads."""
    found: set[date] = set()
    for text in texts:
        for y, m, d in _dates(text):
            try:
                found.add(date(y, m, d))
            except ValueError:
                continue
    return found


def _amounts(text: str) -> set[Decimal]:
    found: set[Decimal] = set()
    for m in _MONEY.finditer(text):
        value = _decimal(figure_number(m.group("a") or m.group("b")))
        if value is not None:
            found.add(value)
    return found


def money_as_said(value: str, text: str, others: Sequence[str] = ()) -> tuple[str, list[str]]:
    """The amount `value` ('51.20') as `text` writes it ('51.20 EUR', '51,20 €'), and
    `others` in the same currency and decimal mark: what a finding quotes, so that it names
    the currency the bot used (outsider 24: "support says $51.20 was charged" for a bot that
    wrote "51.20 EUR"). No currency next to the figure: the figures alone."""
    wanted = _decimal(value)
    for m in _MONEY.finditer(text):
        figure = m.group("a") or m.group("b")
        if wanted is None or _decimal(figure_number(figure)) != wanted:
            continue
        said = m.group(0).strip()
        before, _, after = said.partition(figure)
        comma = "," in figure[-3:] and figure_number(figure) != figure.replace(",", "")
        written = [o.replace(".", ",") if comma else o for o in others]
        return said, [before + o + after for o in written]
    return value, list(others)


def figure_number(figure: str) -> str:
    """A written figure as a plain number, for every check that reads amounts: '1.219,50'
    and '1,219.50' and "1'219.50" -> '1219.50'; '7,50' -> '7.50'; '1,219' -> '1219'."""
    figure = figure.replace("'", "").replace(" ", "")
    last = max(figure.rfind("."), figure.rfind(","))
    if last >= 0 and len(figure) - last - 1 in (1, 2):
        whole, cents = figure[:last], figure[last + 1 :]
        return re.sub(r"[.,]", "", whole) + "." + cents
    return re.sub(r"[.,]", "", figure)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def words_pattern(output: str) -> re.Pattern[str] | None:
    """For an output of words only, the pattern of it said as words: whole words, any case,
    spaces, underscores or hyphens between them. A status stored the database's way
    ("awaiting_documents") is said "awaiting documents" (outsider 23: it could never be said,
    a critical `missing_output` for the right answer). None for an output with a figure:
    tau-bench's literal rule stays the only one for numbers and codes."""
    wanted = output.strip()
    if not _WORDS_ONLY.match(wanted):
        return None
    parts = _JOINER.split(wanted.casefold())
    return re.compile(r"(?<!\w)" + r"[\s_-]+".join(map(re.escape, parts)) + r"(?!\w)")


def display_forms(domain: object, output: str) -> set[str]:
    """How the domain's tables' `display` says a stored words-only value in each language
    ("en retouche", "en arreglo" for `in_alteration`); none for any other output."""
    display = getattr(domain, "display", None)
    if not display or words_pattern(output) is None:
        return set()
    return {
        form
        for columns in display.values()
        for values in columns.values()
        for form in values.get(output, {}).values()
    }


def said_as_words(output: str, messages: Sequence[str]) -> bool:
    """A message says the words-only `output` (`words_pattern`)."""
    pattern = words_pattern(output)
    return pattern is not None and any(pattern.search(m.casefold()) for m in messages)
