"""The export privacy screen: personal data that is not the conversation's own blocks a record.

Simulated conversations should only ever hold synthetic data: the persona's identity and the
variables drawn for the plan (its "account record"), plus the company contact details written
in the scenario. Anything else that looks like personal data (an email address, a phone
number, a card number passing Luhn, an IBAN passing mod-97) may have come from a model's
memory or a real bot's backend, so the record is not exported, and the summary says where.
Detection is the critic's (`agents.checks.pii.find_items`); the screen differs only in what it
allows: not what the customer said earlier, since a customer turn is exported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agents.checks.pii import KIND_NAMES, Allowed, Item, find_items

_NON_DIGIT = re.compile(r"\D+")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_BREAK = re.compile(r"[.,;:!?]\s+")


@dataclass(frozen=True)
class Block:
    """One piece of foreign personal data: where it is and a masked form of it."""

    conversation_id: str
    turn: int | None  # None: the system prompt
    kind: str
    masked: str

    def describe(self) -> str:
        where = "system prompt" if self.turn is None else f"turn {self.turn}"
        return f"{self.conversation_id} {where}: {KIND_NAMES[self.kind]} ({self.masked})"


def engine_values(turns: Iterable[Mapping[str, Any]]) -> list[str]:
    """Slot values of the scripted engine's own turns (an act, and no model behind them)."""
    return [
        str(value)
        for turn in turns
        if turn.get("act") and not turn.get("usage")
        for value in (turn.get("slots") or {}).values()
        if value
    ]


def allowed_keys(
    identity: Mapping[str, Any], variables: Mapping[str, str], written: Iterable[str] = ()
) -> Allowed:
    """The keys of the conversation's own data; `written`: the scenario's text (contacts)."""
    emails: set[str] = set()
    digits: set[str] = set()
    compact: set[str] = set()
    whole = [str(identity.get("email", "")), str(identity.get("phone", "")), *variables.values()]
    for value in whole:
        emails.add(value.strip().casefold())
        only_digits = _NON_DIGIT.sub("", value)
        if len(only_digits) >= 7:
            digits.add(only_digits)
        compact.add(_NON_ALNUM.sub("", value).upper())
    for text in [*whole, *written]:
        for item in find_items(text):
            target = emails if item.kind == "email" else compact if item.kind == "iban" else digits
            target.add(item.key)
    return Allowed(emails, digits, compact)


def merged(a: Allowed, b: Allowed) -> Allowed:
    return Allowed(a.emails | b.emails, a.digits | b.digits, a.compact | b.compact)


def screen(
    conversation_id: str, texts: Sequence[tuple[int | None, str]], allowed: Allowed
) -> list[Block]:
    """Every piece of personal data in `texts` (turn index, text) that `allowed` does not permit."""
    blocks: list[Block] = []
    for turn, text in texts:
        for item in find_items(text):
            value = text[item.start : item.end]
            if not allowed.permits(item) and not _pieces_permitted(item, value, allowed):
                blocks.append(Block(conversation_id, turn, item.kind, mask(value, item.kind)))
    return blocks


def _pieces_permitted(item: Item, value: str, allowed: Allowed) -> bool:
    """A phone-shaped run across a sentence break ("born 1953-10-15. 9206 are the last
    digits") is two values; it passes when each piece is allowed or too short to be a phone."""
    pieces = _BREAK.split(value)
    if item.kind != "phone" or len(pieces) < 2:
        return False
    for piece in pieces:
        digits = _NON_DIGIT.sub("", piece)
        if len(digits) >= 7 and not allowed.permits(Item("phone", 0, len(piece), digits)):
            return False
    return True


def mask(value: str, kind: str) -> str:
    """Enough to find it in the run, not enough to reuse it: the summary is another copy."""
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    keep = set(positions[:2] + positions[-2:])
    return "".join(c if i in keep or not c.isalnum() else "*" for i, c in enumerate(value))
