"""Invented a fact: support states a value nobody gave it and no record holds.

A value is read by its shape, not its wording: calendar dates (ISO, numeric, with a month
name), money amounts (with a currency), flight numbers (after the word "flight"),
identifiers (an upper-case prefix and digits, "INV-4417"), and values shaped like the
scenario's own facts (an order number "ORD-######" makes any "ORD-" and six digits a value).
Dates are compared as dates, whatever their format (a record's '2024-05-11T03:12:45' holds
'May 11'). Each value support states must be grounded: said by the customer earlier, held
by the records (the plan's variables, the customer's identity, the scenario's policy,
knowledge and rule texts), returned by a tool, or worked out from such values (a total, a
balance left, a date "the next day" of one: agents.checks.derived). Identifiers support
creates as it acts (a ticket, case, reference or confirmation number) are new records, not
claims about old ones, and are left alone. Each invented value is reported once, at its
first mention.
"""

from __future__ import annotations

import re

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.derived import amount_derived, cents, date_derived, date_shifts
from agents.checks.matching import TokenIndex, shape_of
from agents.checks.pii import mask_pii
from agents.checks.reading import unanswered_from
from agents.checks.stated_values import (
    _DIGIT,
    _MONEY,
    _NUMBER,
    Value,
    _amount,
    _money_key,
    _text_dates,
    _text_grounds,
    _text_numbers,
    values_in,
)
from agents.types import Finding, Turn

# Read by agents.checks.stated_values; named here too, where the statement readers import them.
__all__ = [
    "Value",
    "_text_grounds",
    "_text_numbers",
    "invented_facts",
    "stated_amounts",
    "values_in",
]


class _Grounds:
    """What grounds a value: the records' texts, then each customer turn and tool result as
    the conversation reaches it. Texts are added as they come and read once each (their dates
    when a date is looked up, their numbers when an amount is, their tokens when an
    identifier is), where rebuilding from every text at each new turn read the records again
    and again."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._dated = 0  # texts whose dates are in `dates`
        self._counted = 0  # texts whose numbers are in `numbers`
        self.dates: set[str] = set()
        self.numbers: set[str] = set()
        self._index: TokenIndex | None = None  # of `texts`, built at the first identifier

    def add(self, text: str) -> None:
        self.texts.append(text)
        if self._index is not None:
            self._index.extend(text)

    def hold(self, value: Value) -> bool:
        texts = self.texts
        if value.kind == "date":
            for text in texts[self._dated :]:
                if _DIGIT.search(text) is not None:  # no digit: no date
                    self.dates |= _text_dates(text)
            self._dated = len(texts)
            return value.key in self.dates
        if value.kind == "amount":
            for text in texts[self._counted :]:
                if _DIGIT.search(text) is not None:  # no digit: no number
                    self.numbers |= _text_numbers(text)
            self._counted = len(texts)
            return value.key in self.numbers
        if self._index is None:  # the texts joined by newlines, each tokenized once a run
            self._index = TokenIndex.of_texts(texts)
        return self._index.holds(value.key)


def _records(ctx: GradeContext) -> list[str]:
    """What support may know without being told: the record and the scenario's texts."""
    plan = ctx.plan
    spec = plan.scenario.support
    identity = plan.persona.identity
    texts = [*plan.variables.values(), *identity.model_dump(mode="json").values()]
    templates = [spec.policy, *(a for k in spec.knowledge for a in k.answer)]
    templates += [x for r in spec.rules for x in r.say]
    templates += [str(v) for v in plan.scenario.customer.knows.values()]
    for template in templates:
        found = ctx.rendered(template)
        texts.append(template if found is None else found)
    return [str(t) for t in texts if t]


def _shapes(ctx: GradeContext) -> tuple[re.Pattern[str], ...]:
    """Patterns of the scenario's identifier-like values: letters and digits, or 5+ digits."""
    shapes: list[re.Pattern[str]] = []
    for value in ctx.plan.variables.values():
        if " " in value.strip() or "@" in value:
            continue
        digits = sum(map(str.isdigit, value))
        if not digits:
            continue
        letters = any(map(str.isalpha, value))
        if (letters and digits >= 3) or (not letters and digits >= 5 and value.isdigit()):
            shapes.append(shape_of(value))
    return tuple(sorted(set(shapes), key=lambda p: p.pattern))


def invented_facts(ctx: GradeContext) -> CheckResult:
    shapes = _shapes(ctx)
    seen: dict[tuple[str, str], bool] = {}  # value -> grounded
    findings: list[Finding] = []
    grounds: _Grounds | None = None  # made at the first value support states
    said: list[str] = []  # customer turns and tool results before it
    shifts: set[int] = set()  # date shifts the customer asked for
    operands: set[int] = set()  # amounts (cents) said and founded so far: see derived.py
    blind = unanswered_from(ctx)
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support":
            _add_operands(turn, operands, shifts)
            if grounds is None:
                said.append(turn.content)
            else:
                grounds.add(turn.content)
            continue
        listed: list[int] = []  # this turn's founded amounts so far, in order
        for value in values_in(turn.content, shapes):
            known = seen.get((value.kind, value.key))
            if known is None:
                if grounds is None:
                    grounds = _Grounds([*_records(ctx), *said])
                known = grounds.hold(value) or _derived(value, grounds, shifts, operands, listed)
                if not known and index > blind:
                    continue  # a tool result the log lost may hold it: not decided here
                seen[(value.kind, value.key)] = known
                if not known:
                    findings.append(_finding(turn.content, index, value))
            if known and value.kind == "amount" and (amount := _cents(value.key)) is not None:
                listed.append(amount)
        operands.update(listed)
    return CheckResult(tuple(findings)) if findings else PASS


def _add_operands(turn: Turn, operands: set[int], shifts: set[int]) -> None:
    """What a customer turn or a tool's plain-text answer adds to work values out from."""
    text = turn.content
    if turn.role == "customer":
        shifts |= date_shifts(text)
        operands |= stated_amounts(text)
    elif turn.role == "tool" and text[:1] not in ("{", "["):
        operands |= stated_amounts(text, money_only=False)


def stated_amounts(text: str, money_only: bool = True) -> set[int]:
    """The amounts (cents) a text states: money only, or every number (a tool's plain text)."""
    if _DIGIT.search(text) is None:
        return set()
    if money_only:
        found = [_cents(_money_key(m)) for m in _MONEY.finditer(text)]
    else:
        found = [_cents(_amount(n)) for n in _NUMBER.findall(text)]
    return {n for n in found if n}


def _cents(key: str) -> int | None:
    try:
        return cents(float(key))
    except ValueError:
        return None


def _derived(
    value: Value, grounds: _Grounds, shifts: set[int], operands: set[int], listed: list[int]
) -> bool:
    if value.kind == "date":
        return bool(shifts) and date_derived(value.key, grounds.dates, shifts)
    amount = _cents(value.key) if value.kind == "amount" else None
    if amount is None:
        return False
    return amount_derived(amount, operands | set(listed), listed)


def _finding(text: str, index: int, value: Value) -> Finding:
    shown = text[value.start : value.end]
    return Finding(
        turn=index,
        dimension="correctness",
        category="invented_fact",
        severity="major",
        evidence=mask_pii(text, value.start, value.end),
        explanation=f"support states the {value.kind} '{shown}', which the customer "
        "never gave and no record or tool result holds",
    )
