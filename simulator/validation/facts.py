"""The kinds of fact customers give (names, emails, dates, order numbers ...), found by shape.

Only the kind is kept, never the value: a draft scenario gets a variable of that kind drawn
by Faker (or the persona's own identity), so the simulated customer gives a fact of the same
shape when asked. Emails, phone numbers, card numbers and IBANs are the critic's detectors
(`agents.checks.pii`); the other shapes are written here and read English wording (month and
day names, "my name is"); numbers and ids are language-neutral.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from agents.checks.pii import find_items

_NAME = re.compile(r"\b(?:my name is|my name's|name is|this is|call me)\s+[A-Z][a-z]+")
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|tonight|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b"
    r"|\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b",
    re.I,
)
_TIME = re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b", re.I)
_AMOUNT = re.compile(r"[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:dollars|euros|pounds|usd|eur)\b", re.I)
_IDENT = re.compile(r"\b(?=[A-Za-z#-]*\d)(?=[\d#-]*[A-Za-z])[A-Za-z0-9#-]{5,}\b")
_ADDRESS = re.compile(
    r"\b\d+\s+(?:[A-Z][a-z]+\s){1,3}(?:street|st|avenue|ave|road|rd|lane|blvd|drive|way)\b", re.I
)
_NUMBER = re.compile(r"(?<![\w$€£.:/-])\d{1,4}(?![\w:/.-])")

LABELS = {
    "name": "name",
    "email": "email address",
    "phone": "phone number",
    "card": "card number",
    "iban": "IBAN",
    "date": "date",
    "time": "time",
    "amount": "amount",
    "identifier": "reference number",
    "address": "address",
    "number": "number",
}


def fact_kinds(text: str) -> set[str]:
    """The kinds of fact in one customer turn."""
    kinds = {item.kind for item in find_items(text)}
    for kind, pattern in (
        ("name", _NAME),
        ("date", _DATE),
        ("time", _TIME),
        ("amount", _AMOUNT),
        ("address", _ADDRESS),
    ):
        if pattern.search(text):
            kinds.add(kind)
    masked = _TIME.sub(" ", _AMOUNT.sub(" ", text))
    if _IDENT.search(masked):
        kinds.add("identifier")
    if not kinds & {"phone", "card", "iban"} and _NUMBER.search(_DATE.sub(" ", masked)):
        kinds.add("number")
    return kinds


def identifier_shape(texts: Sequence[str]) -> str:
    """The commonest shape of the ids customers give, as a Faker bothify pattern: letters
    become ?, digits #, separators stay (no value survives, only its form)."""
    shapes: Counter[str] = Counter()
    for text in texts:
        for m in _IDENT.finditer(_TIME.sub(" ", _AMOUNT.sub(" ", text))):
            shapes[re.sub(r"[A-Za-z]", "?", re.sub(r"\d", "#", m.group(0).upper()))] += 1
    return shapes.most_common(1)[0][0] if shapes else "??-#####"


def variable_for(kind: str, id_shape: str) -> tuple[str, dict[str, Any] | None]:
    """The template a fact of `kind` is said with, and the variable to declare (None: the
    persona's built-in of that name)."""
    builtins = {
        "name": "{first_name}",
        "email": "{email}",
        "phone": "{phone}",
        "address": "{address}",
    }
    if kind in builtins:
        return builtins[kind], None
    declared: dict[str, dict[str, Any]] = {
        "card": {"faker": "credit_card_number"},
        "iban": {"faker": "iban"},
        "date": {"faker": "future_date", "args": {"end_date": "+30d"}},
        "time": {"choice": ["9 am", "10:30 am", "noon", "2 pm", "4:15 pm", "6 pm", "7:30 pm"]},
        "amount": {"range": [10, 500]},
        "identifier": {"faker": "bothify", "text": id_shape},
        "number": {"range": [1, 12]},
    }
    return "{" + f"fact_{kind}" + "}", declared[kind]
