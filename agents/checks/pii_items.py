"""Finding personal data in a text: emails, IBANs, card numbers and phone numbers, each with
its normalized key (agents.checks.pii decides which of them leak; the export's privacy screen
and the validation readers find them the same way).

Card numbers must pass Luhn and IBANs mod-97 (with the country's length when it is known), so
order numbers and amounts are not mistaken for them. Each detector sees the text with earlier
detections blanked out, so the digits of an IBAN are not read again as a phone number.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = [
    "IBAN_LENGTHS",
    "KIND_NAMES",
    "MIN_PHONE_DIGITS",
    "Item",
    "find_items",
    "iban_valid",
    "luhn_valid",
]

_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][\w.%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
# What every IBAN above starts with: a search the regex engine runs with a character-set scan
# (the IBAN pattern opens with a word boundary, tried at every position); few turns hold it.
_IBAN_HEAD = re.compile(r"[A-Z]{2}\d\d")
_CARD = re.compile(r"(?<![\w.,])\d(?:[ -]?\d){12,18}(?![\w])")
_PHONE = re.compile(
    r"(?<![\w@/+$€£.,])(\+?\(?\d[\d ().-]{5,22}\d)(?:\s?(?:x|ext\.?)\s?\d{1,6})?(?![\w])"
)
_DATE = re.compile(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"\D+")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")

# IBAN lengths by country (the SWIFT registry); unknown countries fall back to 15..34.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip

KIND_NAMES = {
    "email": "an email address",
    "iban": "an IBAN",
    "card": "a card number",
    "phone": "a phone number",
}


@dataclass(frozen=True)
class Item:
    """One piece of personal data found in a text, with its normalized key."""

    kind: str
    start: int
    end: int
    key: str


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def iban_valid(compact: str) -> bool:
    """ISO 13616 mod-97: move the first four characters to the end, letters to 10..35."""
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(c, 36)) for c in rearranged)
    return int(number) % 97 == 1


def find_items(text: str) -> list[Item]:
    """Emails, IBANs, card numbers and phone numbers, in that order of precedence.

    Each detector sees the text with earlier detections blanked out, so the digits of an IBAN
    are not read again as a phone number.
    """
    items: list[Item] = []
    if "@" not in text and _DIGIT.search(text) is None:
        return items
    masked = text
    detectors = _DETECTORS
    if sum(map(str.isdecimal, text)) < MIN_PHONE_DIGITS:  # too few digits for a card or phone
        detectors = _DETECTORS[:2]
    for kind, found in detectors:
        for start, end, key in found(masked):
            if key:
                items.append(Item(kind, start, end, key))
            # An IBAN with a typo is still no card or phone number: blank it either way.
            masked = masked[:start] + " " * (end - start) + masked[end:]
    return items


MIN_PHONE_DIGITS = 7  # the fewest digits of a phone number; a card number has 13 or more


def _emails(text: str) -> Iterator[tuple[int, int, str]]:
    if "@" in text:
        for m in _EMAIL.finditer(text):
            yield m.start(), m.end(), m.group(0).casefold()


def _ibans(text: str) -> Iterator[tuple[int, int, str]]:
    """IBAN-shaped runs; the key is "" when the checksum fails (blanked, but not reported)."""
    if _IBAN_HEAD.search(text) is None:
        return
    for m in _IBAN.finditer(text):
        compact = m.group(0).replace(" ", "")
        end = m.end()
        expected = IBAN_LENGTHS.get(compact[:2])
        if expected is not None and len(compact) > expected:
            # Greedy matching may take in a following word; cut at the country's length.
            end, kept = m.start(), 0
            while kept < expected:
                kept += text[end] != " "
                end += 1
            compact = compact[:expected]
        yield m.start(), end, compact if iban_valid(compact) else ""


def _cards(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _CARD.finditer(text):
        digits = _NON_DIGIT.sub("", m.group(0))
        if len(set(digits)) > 1 and luhn_valid(digits):
            yield m.start(), m.end(), digits


def _phones(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHONE.finditer(text):
        main = m.group(1)
        digits = _NON_DIGIT.sub("", main)
        if not MIN_PHONE_DIGITS <= len(digits) <= 15 or _DATE.fullmatch(main.strip("()")):
            continue
        if main.isdigit() and len(digits) < 10:
            continue  # a bare short number is an id or an amount far more often than a phone
        yield m.start(), m.end(), digits


_DETECTORS: tuple[tuple[str, Callable[[str], Iterator[tuple[int, int, str]]]], ...] = (
    ("email", _emails),
    ("iban", _ibans),
    ("card", _cards),
    ("phone", _phones),
)
