"""How facts read: human labels, lists of requested facts, and the frames values sit in.

Facts arrive as `label -> value`. Labels may be a scenario's spoken label ("order number") or
a bare variable name ("order_id"); either way the text must say it the way a person would.
Values are inserted verbatim: nothing here (or later) may change a single character of them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence

_WORDS = {
    "id": "ID",
    "dob": "date of birth",
    "zip": "ZIP code",
    "zipcode": "ZIP code",
    "postcode": "postcode",
    "iban": "IBAN",
    "pin": "PIN",
    "sku": "SKU",
    "imei": "IMEI",
    "url": "URL",
    "ip": "IP address",
    "vin": "VIN",
}
_WHOLE = {
    "email": "email address",
    "phone": "phone number",
    "name": "name",
    "customer_name": "full name",
    "first_name": "first name",
    "last_name": "last name",
    "address": "address",
    "city": "city",
}
_PERSONAL = ("name", "email", "phone", "address", "birth", "city", "postcode", "zip")

# Looks like an identifier, an email, a phone number, a URL or anything with a digit in it:
# these are protected from styling even when they are not among the turn's facts. Split by
# trigger character so the common case (plain words) costs one cheap scan.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
_PHONE = re.compile(r"\+?\d[\d ()./-]{5,}\d")  # digit runs with spaces: phone numbers
_DIGIT_TOKEN = re.compile(r"(?<!\S)\S*\d\S*")  # a whitespace-delimited token with a digit
_TRAILING = ".,;:!?)\"'"
_CODE = re.compile(r"\b[A-Z]{2,}[-_][A-Z0-9-]+\b")  # CODE-ABC style ids
_HAS_DIGIT = re.compile(r"\d")


def protected_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if "@" in text:
        spans.extend(m.span() for m in _EMAIL.finditer(text))
    if "://" in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if _HAS_DIGIT.search(text):
        spans.extend(m.span() for m in _PHONE.finditer(text))
        for m in _DIGIT_TOKEN.finditer(text):
            start, end = m.span()
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            while start < end and text[start] in "(\"'":
                start += 1
            spans.append((start, end))
    if "-" in text or "_" in text:
        spans.extend(m.span() for m in _CODE.finditer(text))
    return spans


def human_label(label: str) -> str:
    """`order_id` -> `order ID`; labels that already read as words are kept."""
    key = label.strip()
    if key in _WHOLE:
        return _WHOLE[key]
    words = [_WORDS.get(w.lower(), w) for w in re.split(r"[_\s]+", key) if w]
    return " ".join(words)


def is_personal(label: str) -> bool:
    low = label.lower()
    return any(p in low for p in _PERSONAL)


def join_words(items: Sequence[str], rng: random.Random, last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (sometimes with a serial comma, as people vary)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    serial = "," if len(items) > 2 and rng.random() < 0.3 else ""
    return ", ".join(items[:-1]) + f"{serial} {last} " + items[-1]


def request_list(labels: Sequence[str], rng: random.Random) -> str:
    """'your order number and the email address on the account'."""
    parts: list[str] = []
    for i, raw in enumerate(labels):
        label = human_label(raw)
        det = "the"
        if i == 0 or rng.random() < 0.5:
            det = "your" if rng.random() < 0.8 else "the"
        tail = ""
        if len(label.split()) > 2:
            pass
        elif det == "the" and is_personal(label):
            tail = rng.choice((" on the account", " on file", " you signed up with", ""))
        elif det == "the" and rng.random() < 0.2:
            tail = " you have"
        parts.append(f"{det} {label}{tail}")
    return join_words(parts, rng)


_CUSTOMER_ONE = (
    "my {l} is {v}",
    "the {l} is {v}",
    "{l}: {v}",
    "it's {v}",
    "{v}",
    "here's my {l}: {v}",
    "{v} is my {l}",
    "it should be {v}",
    "my {l}? {v}",
    "sure, {v}",
    "{l} is {v}",
    "that would be {v}",
    "ok it's {v}",
    "{v} - that's the {l}",
    "I have {v} as the {l}",
    "the {l} I have is {v}",
    "yes, {v}",
    "got it here: {v}",
    "{v} I think",
    "try {v}",
    "it says {v}",
    "{l} = {v}",
    "it's {v} on my end",
    "{v}, that's it",
    "mine is {v}",
    "{v} is the one",
    "{l}... {v}",
    "the {l} would be {v}",
    "use {v}",
    "{v} should work",
    "it ought to be {v}",
    "this one: {v}",
    "the one I used is {v}",
    "{v} (my {l})",
)
_CUSTOMER_MANY = (
    "my {l} is {v}",
    "the {l} is {v}",
    "{l}: {v}",
    "{l} {v}",
    "{v} for the {l}",
    "{l} is {v}",
    "the {l}'s {v}",
    "{l} = {v}",
    "{v} as {l}",
    "{l} - {v}",
    "for {l}, {v}",
    "{v} ({l})",
)
_JOINERS = (", ", " and ", ". ", "; ", ", and ", "\n")


def customer_facts(facts: Mapping[str, str], rng: random.Random, labelled: bool = False) -> str:
    """Facts as a customer gives them: one value alone, or several framed and joined.

    `labelled` frames always name the fact, for values volunteered next to other text.
    """
    items = [(human_label(k), v) for k, v in facts.items() if v]
    if not items:
        return ""
    if len(items) == 1 and not labelled:
        label, value = items[0]
        return rng.choice(_CUSTOMER_ONE).format(l=label, v=value)
    joiner = rng.choice(_JOINERS)
    parts = [rng.choice(_CUSTOMER_MANY).format(l=label, v=value) for label, value in items]
    if joiner in (", ", "; ") and rng.random() < 0.5:
        return joiner.join(parts[:-1]) + " and " + parts[-1]
    return joiner.join(parts)


def correction(facts: Mapping[str, str], rng: random.Random) -> str:
    items = [(human_label(k), v) for k, v in facts.items() if v]
    if not items:
        return ""
    parts = [
        rng.choice(
            (
                "the right {l} is {v}",
                "it's {v}, not what I said before",
                "{l} should be {v}",
                "{v} is the correct {l}",
                "it's actually {v}",
                "the {l} is really {v}",
            )
        ).format(l=label, v=value)
        for label, value in items
    ]
    return join_words(parts, rng)


def support_mismatch(facts: Mapping[str, str], rng: random.Random) -> str:
    """'the order number ORD-1' / 'ORD-1 as the order number' for what did not match."""
    items = [(human_label(k), v) for k, v in facts.items()]
    parts = []
    for label, value in items:
        if not value:
            parts.append(f"the {label} you gave")
        else:
            parts.append(
                rng.choice(
                    (
                        f"the {label} {value}",
                        f"{value} as the {label}",
                        f'the {label} "{value}"',
                        f"{value}",
                    )
                )
            )
    return join_words(parts, rng)


def labels_only(facts: Mapping[str, str], rng: random.Random) -> str:
    return join_words([f"the {human_label(k)}" for k in facts], rng)
