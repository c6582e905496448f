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
from agents.checks.amount_kinds import ResultKinds, said_as
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

# Reported unjudged when an amount said as one kind is held only under fields of another,
# but the figures said could work it out: a computed figure, or the wrong field's.
UNJUDGED = "invented_fact"
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

    def __init__(self, texts: list[str], fielded: set[int]) -> None:
        self.texts = texts
        self.fielded = fielded  # positions in `texts` of JSON tool results
        self._dated = 0  # texts whose dates are in `dates`
        self._counted = 0  # texts whose numbers are in `numbers`
        self._plain_counted = 0  # texts whose numbers are in `plain`
        self.dates: set[str] = set()
        self.numbers: set[str] = set()
        self.plain: set[str] = set()  # numbers of the texts that are not JSON results
        self._index: TokenIndex | None = None  # of `texts`, built at the first identifier

    def add(self, text: str, fielded: bool = False) -> None:
        if fielded:
            self.fielded.add(len(self.texts))
        self.texts.append(text)
        if self._index is not None:
            self._index.extend(text)

    def plain_holds(self, key: str) -> bool:
        """Whether a text other than a JSON tool result (a record's text, a customer turn, a
        result in plain words) holds the number `key`: what any amount may be grounded by."""
        texts = self.texts
        for at in range(self._plain_counted, len(texts)):
            if at not in self.fielded and _DIGIT.search(texts[at]) is not None:
                self.plain |= _text_numbers(texts[at])
        self._plain_counted = len(texts)
        return key in self.plain

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
    fielded: set[int] = set()  # positions in `said` of JSON tool results
    kinds = ResultKinds()  # what each figure of a JSON result was held as
    open_ = False  # an amount said as one kind and held under a field of none
    shifts: set[int] = set()  # date shifts the customer asked for
    operands: set[int] = set()  # amounts (cents) said and founded so far: see derived.py
    blind = unanswered_from(ctx)
    wrong: set[tuple[str, str]] = set()  # amounts said as the wrong kind, reported once
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support":
            _add_operands(turn, operands, shifts)
            is_json = turn.role == "tool" and kinds.add_result(turn.content)
            if grounds is None:
                if is_json:
                    fielded.add(len(said))
                said.append(turn.content)
            else:
                grounds.add(turn.content, is_json)
            continue
        listed: list[int] = []  # this turn's founded amounts so far, in order
        for value in values_in(turn.content, shapes):
            known = seen.get((value.kind, value.key))
            if known is None:
                if grounds is None:
                    records = _records(ctx)
                    grounds = _Grounds([*records, *said], {len(records) + i for i in fielded})
                known = grounds.hold(value) or _derived(value, grounds, shifts, operands, listed)
                if not known and index > blind:
                    continue  # a tool result the log lost may hold it: not decided here
                seen[(value.kind, value.key)] = known
                if not known:
                    findings.append(_finding(turn.content, index, value))
            if known and value.kind == "amount" and grounds is not None:
                ruled = _said_kind(turn.content, index, value, grounds, kinds)
                derived = isinstance(ruled, Finding) and _derived(
                    value, grounds, shifts, operands, listed
                )
                if derived:
                    ruled = "open"  # worked out from figures said: may be meant, cannot tell
                if isinstance(ruled, Finding):
                    if (ruled.evidence, ruled.explanation) not in wrong:
                        wrong.add((ruled.evidence, ruled.explanation))
                        findings.append(ruled)
                    continue
                open_ = open_ or ruled == "open"
            if known and value.kind == "amount" and (amount := _cents(value.key)) is not None:
                listed.append(amount)
        operands.update(listed)
    if findings:
        return CheckResult(tuple(findings))
    return CheckResult((), (UNJUDGED,)) if open_ else PASS


def _said_kind(
    text: str, index: int, value: Value, grounds: _Grounds, kinds: ResultKinds
) -> Finding | str:
    """An amount held only in JSON tool results, said as a fee, a refund or a balance, is
    grounded by a figure held under a field of a kind that fits, or of no kind
    (agents.checks.amount_kinds): "440 EUR extra for the upgrade" is not grounded by the
    lookup's `balance_due: 440`. Held only under fields of another kind it is a finding, or
    undecided ("open") where the figures said can work it out."""
    if grounds.plain_holds(value.key):
        return "ok"
    said = said_as(text, value.start, value.end)
    ruled, held_as = kinds.judge(value.key, said)
    if ruled != "wrong":
        return ruled
    shown = text[value.start : value.end]
    return Finding(
        turn=index,
        dimension="correctness",
        category="invented_fact",
        severity="major",
        evidence=mask_pii(text, value.start, value.end),
        explanation=f"support states {shown} as a {said}, but the tool results hold that "
        f"figure only as a {held_as}, never as a {said}",
    )


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
