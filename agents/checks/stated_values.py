"""Values in a text, read by their shape: calendar dates (ISO, numeric, with a month name),
money amounts (with a currency), flight numbers (after the word "flight"), identifiers (an
upper-case prefix and digits) and values shaped like a scenario's own facts; with the dates
and numbers a text holds, to ground them. agents.checks.invented asks whether anyone gave
each value support states; the statement readers (said_of_records, contradiction,
statement_amounts) read the same values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from agents.checks.matching import compact
from agents.checks.needles import Needled
from agents.checks.output_values import figure_number
from agents.phrasing.local_numbers import stored_amounts, written_dates

_MONTHS = (
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    "january february march april may june july august september october november december",
)
_MONTH_NAMES = (
    {m: i + 1 for i, m in enumerate(_MONTHS[0])}
    | {m: i + 1 for i, m in enumerate(_MONTHS[1].split())}
    | {"sept": 9}
)
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH_STARTS = tuple(_MONTHS[0])  # every month name above starts with one of these
# A numeric date has a digit right before a separator; most sentences' "." follows a letter.
_DIGIT_THEN_SEPARATOR = tuple(f"{digit}{sep}" for sep in "/." for digit in "0123456789")
_DATES = (
    # an ISO date, alone or opening a datetime ('2024-05-11T03:12:45': the record's date)
    Needled(re.compile(r"\b(?P<y>\d{4})-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?:\b|(?=T\d))"), ("-",)),
    Needled(
        re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>\d{2}|\d{4})(?![\d/])"),
        _DIGIT_THEN_SEPARATOR,
    ),
    Needled(re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent))", re.I), _MONTH_STARTS),
    Needled(re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b", re.IGNORECASE), _MONTH_STARTS),
)
# A figure however a language groups thousands and separates decimals: '1,219.50', '1.219,50',
# '1 219,50', '34,99', '15.00'; a point or comma before 1-2 final digits is the decimal one.
_FIGURE = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|"
    r"\d{1,3}(?: \d{3})+(?:,\d{1,2})?|\d+(?:[.,]\d{1,2})?"
)
_MONEY = Needled(
    re.compile(
        # the other languages' ways first: 'US$ 1.219,50', '1.219,50 $', '10 046 $'
        r"\bUS\$ ?(?P<n3>\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?)(?![\d.,]\d)|"
        r"(?<![\d.,])(?P<n4>\d{1,3}(?:[. ]\d{3})+(?:,\d{1,2})?|\d+,\d{1,2}|\d+) \$(?!\w)|"
        r"(?:[$€£]|\b(?:USD|EUR|GBP|CAD|AUD|CHF)\s?)\s?(?P<n1>" + _FIGURE + r")(?![\d.,]\d)|"
        r"(?<![\d.,])\b(?P<n2>" + _FIGURE + r")\s?(?:[€£]|(?:USD|EUR|GBP|CAD|AUD|CHF|dollars?|"
        r"euros?|pounds?|d[oó]lares|libras|reais|francs?|franken)\b)",
        re.IGNORECASE,
    ),
    ("$", "€", "£", "usd", "eur", "gbp", "cad", "aud", "chf", "dollar", "pound", "lares", "libra",
     "reais", "franc"),
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_FLIGHT = Needled(
    re.compile(r"\bflight\s+(?:number\s+|no\.?\s+|#\s*)?(?P<v>[A-Z0-9]{2}\s?\d{1,4})\b"),
    ("flight",),
)
_IDENT = re.compile(r"(?<![\w@.-])(?P<v>[A-Z]{2,5}-?\d{3,})(?![\w@-])")
# Words before an identifier support has just created.
_CREATED = re.compile(
    r"\b(?:ticket|case|reference|ref|confirmation|claim|tracking|request|incident|rma|return|"
    r"label|voucher|booking reference)\b\W*(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)

# Words before a value given as an example of its shape ("numbers look like ORD-12345",
# "e.g. INV-0001", "in the form AB-123", "what date (for example 2025-07-01)?", "z. B.
# 15.08.2025", "por ejemplo 50 €", "Die Kennungen sehen so aus: LK-101", "ressemblent à",
# "del tipo", "do tipo": outsider 21): a format, not a claim about a record. "like" as a verb
# ("would you like 2025-07-09?", "I'd like") proposes the value, so it is no example.
_EXAMPLE = re.compile(
    r"(?:(?<!would )(?<!'d )(?<!do you )(?<!you )(?<!we )(?<!i )\blike|\be\.?g|"
    r"\bfor (?:example|instance)|\bsuch as|\bexample|\bformat(?:ted)?(?: as)?|"
    r"\bin the form(?: of)?|\bof the form|\bpattern|"
    r"\bpor ejemplo|\bp\. ?ej|\bpar exemple|\bp\. ?ex|\bz\. ?b|\bzum beispiel|"
    r"\bbeispielsweise|\bpor exemplo|\bex\.|\bformato|\bim format|\bau format|"
    r"\bsous la forme|\bcomo por ejemplo|\bs(?:ehen|ieht) (?:\w+ ){0,2}aus|\bwie folgt|"
    r"\bmuster|\bdu type|\bdel tipo|\bdo tipo|\bressembl\w*|\bse ven as[ií]|"
    r"\b(?:tienen|t[êe]m|ont) (?:este|esta|cet|cette) (?:aspecto|aspect|forma|formato|forme|"
    r"format)|\bs[ãa]o assim|\bson as[ií])\b\W*(?:\w+\W+){0,1}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Value:
    kind: str
    start: int
    end: int
    key: str  # normalized, to compare with the grounded values


def values_in(text: str, shapes: tuple[re.Pattern[str], ...] = ()) -> Iterator[Value]:
    """Every value of a checked shape in `text` (dates, money, flight numbers, ids)."""
    if _DIGIT.search(text) is None:
        return  # every shape checked holds a digit
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if _example(text[: m.start()]):
                continue  # "for example 2025-07-01": a format, not a date anyone holds
            for key in _date_keys(m):
                yield Value("date", m.start(), m.end(), key)
                break
    for start, end, month, day in written_dates(text):
        if not _example(text[:start]):
            yield Value("date", start, end, f"{month}-{day}")
    for m in _MONEY.finditer(text):
        if not _example(text[: m.start()]):
            yield Value("amount", m.start(), m.end(), _money_key(m))
    for m in _FLIGHT.finditer(text):
        if not _example(text[: m.start("v")]):
            yield Value("flight number", m.start("v"), m.end("v"), compact(m.group("v")))
    for m in _IDENT.finditer(text):
        if not _made_or_example(text[: m.start()]):
            yield Value("identifier", m.start("v"), m.end("v"), compact(m.group("v")))
    for shape in shapes:
        for m in shape.finditer(text):
            if not _made_or_example(text[: m.start()]):
                yield Value("identifier", m.start(), m.end(), compact(m.group(0)))


def _made_or_example(before: str) -> bool:
    """An identifier support creates, or one it shows as an example of the shape."""
    near = _near_end(before)
    return bool(_CREATED.search(near) or _EXAMPLE.search(near))


def _example(before: str) -> bool:
    return bool(_EXAMPLE.search(_near_end(before)))


# How much of the text before a value the patterns above read: they look a few words back
# (`...$`), and searched over the whole text before each value they cost its length per
# value, quadratic in a long reply (30,000 characters: 14 s of CPU, outsider18 #3).
NEAR_CHARS = 200


def _near_end(before: str) -> str:
    """The last NEAR_CHARS characters of `before`, from a word's start (a word cut in two
    would give the patterns a word boundary the text does not have: 'unlike' as 'like')."""
    if len(before) <= NEAR_CHARS:
        return before
    near = before[-NEAR_CHARS:]
    if before[-NEAR_CHARS - 1].isalnum() or before[-NEAR_CHARS - 1] == "_":
        cut = re.search(r"\W", near)
        near = near[cut.start() :] if cut else ""
    return near


def _date_keys(m: re.Match[str]) -> list[str]:
    """month-day keys of a date match (both orders for an ambiguous numeric date)."""
    groups = m.groupdict()
    if groups.get("mon"):
        month = _MONTH_NAMES[groups["mon"].casefold().rstrip(".")]
        day = int(groups["day"])
        return [f"{month}-{day}"] if 1 <= day <= 31 else []
    if groups.get("m"):
        return _valid([(int(groups["m"]), int(groups["d"]))])
    a, b = int(groups["a"]), int(groups["b"])
    return _valid([(a, b), (b, a)])


def _valid(pairs: list[tuple[int, int]]) -> list[str]:
    return [f"{m}-{d}" for m, d in pairs if 1 <= m <= 12 and 1 <= d <= 31]


def _money_key(m: re.Match[str]) -> str:
    """A money match's amount: decimal comma and grouping points or spaces where the other
    languages write them ('1.219,50 $'), as in English otherwise."""
    local = m.group("n3") or m.group("n4")
    if local:
        return _amount(local.replace(".", "").replace(" ", "").replace(",", "."))
    return _amount(figure_number(m.group("n1") or m.group("n2")))


def _amount(number: str) -> str:
    try:
        return f"{float(number.replace(',', '')):.2f}"
    except ValueError:
        return number


@lru_cache(maxsize=4096)
def _text_dates(text: str) -> frozenset[str]:
    """The dates one text holds; cached, as scenario texts recur across a run."""
    dates: set[str] = set()
    for pattern in _DATES:
        for m in pattern.finditer(text):
            dates.update(_date_keys(m))
    dates.update(f"{month}-{day}" for _, _, month, day in written_dates(text))
    return frozenset(dates)


@lru_cache(maxsize=4096)
def _text_numbers(text: str) -> frozenset[str]:
    """The numbers one text holds, as amounts; cached like `_text_dates`."""
    numbers = {_amount(n) for n in _NUMBER.findall(text)}
    # '1.219,50 $', 'US$ 12,99': the amounts other languages write, as stored
    numbers.update(_amount(a[1:]) for a in stored_amounts(text))
    # '34,99 EUR', '1.234,50 €': money in the other languages' ways, as a value
    numbers.update(_money_key(m) for m in _MONEY.finditer(text))
    return frozenset(numbers)


def _text_grounds(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The dates and the numbers one text holds (both: the plain rule's reading)."""
    return _text_dates(text), _text_numbers(text)
