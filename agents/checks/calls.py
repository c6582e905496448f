"""Policy checks over the call log: what support's writing tool calls did, not what it said.

Writing before the policy's facts were given is `verified_before_action`'s (agents.checks.
success, reported as a policy rule). Here, for each call of a tool that writes:

- **unidentified record**: its record key (an argument named like a table's key column, or
  `id` / `*_id`) never appeared in a customer turn or an earlier tool result;
- **ungrounded argument**: another value-like argument (no spaces: ids, dates, codes,
  amounts) appears nowhere in the customer's turns, earlier tool results or the scenario's
  records, e.g. a new flight date the customer never gave; enum values of the tool's schema,
  booleans and small counts (0-9) are grounded by the schema itself;
- **repeated write**: the same tool with the same arguments after the first such call
  succeeded, or a second successful write on the same record when the scenario's expected
  actions (`expect.actions`, when present) do not write it twice;
- **unconfirmed write**: the policy or the scenario's rule (`confirm:`) asks for the
  customer's yes before this write and the customer's last turn before the call is no yes
  to support proposing it: one finding per write, whichever asked (agents.checks.
  write_consent).

Calls of tools the checks cannot classify (no domain says whether they write) make the
checks unjudged instead of passed.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.call_arguments import malformed_calls
from agents.checks.derived import amount_derived, cents
from agents.checks.invented import stated_amounts
from agents.checks.matching import compact, contains_value
from agents.checks.pii import mask_pii
from agents.checks.reading import (
    Call,
    call_log,
    call_text,
    key_columns,
    tool_specs,
    unanswered_from,
)
from agents.checks.write_consent import UNJUDGED as CONFIRM_UNJUDGED
from agents.checks.write_consent import unconfirmed_writes
from agents.types import INVALID_ARGUMENTS, Finding
from scenarios.templates import TemplateError, render

UNJUDGED = "call_log"
_KEY_NAME = re.compile(r"(?:^|_)id$|^id$|^key$")


def call_policy(ctx: GradeContext) -> CheckResult:
    calls = call_log(ctx)
    if not calls:
        return PASS
    malformed = malformed_calls(ctx)  # any tool, writes or not (agents.checks.call_arguments)
    result = _write_policy(ctx, calls)
    if not malformed:
        return result
    return CheckResult((*malformed, *result.findings), result.unjudged)


def _write_policy(ctx: GradeContext, calls: list[Call]) -> CheckResult:
    if any(c.writes is None for c in calls):
        return CheckResult((), (UNJUDGED,))
    writes = [c for c in calls if c.writes]
    if not writes:
        return PASS
    findings: list[Finding] = []
    records = _records(ctx)
    keys = key_columns(ctx)
    done: dict[str, int] = {}  # canonical call -> turn of its first successful run
    written: dict[tuple[str, str], int] = {}  # (record key, tool) -> turn of its first write
    twice = _expected_twice(ctx, keys)
    blind = unanswered_from(ctx)  # a lost result may have given what later calls write
    for call in writes:
        seen = _seen_before(ctx, call.turn)
        arguments = call.call.arguments
        unread = INVALID_ARGUMENTS in arguments  # refused unread: no argument to ground
        for name, value in _leaves({} if unread or call.turn > blind else arguments):
            text = _scalar(value)
            if text is None:
                continue
            if _is_key(name, keys):
                if not contains_value(seen, compact(text)):
                    why = f"support wrote on a record ({name}={text}) the customer never identified"
                    findings.append(_finding(call, "unidentified_record", why))
            elif not _grounded(ctx, call, name, value, text, seen, records):
                why = (
                    f"support wrote {name}={text}, which the customer never gave and no "
                    "record holds"
                )
                findings.append(_finding(call, "ungrounded_argument", why))
        canonical = call.call.name + json.dumps(call.call.arguments, sort_keys=True)
        if canonical in done:
            first = done[canonical]
            why = f"support repeated {call.call.name} with the same arguments (turn {first})"
            findings.append(_finding(call, "repeated_write", why))
        elif not call.failed:
            done[canonical] = call.turn
            for key in _record_keys(call, keys):
                # The same tool again on the record: two different writes (a phone, then an
                # email) are no repeat, whichever record they were on (wrong_record and
                # end_state read that).
                mark = (key, call.call.name)
                if mark in written and twice is not None and key not in twice:
                    first = written[mark]
                    why = (
                        f"support called {call.call.name} on record {key} a second time "
                        f"(first at turn {first})"
                    )
                    findings.append(_finding(call, "repeated_write", why))
                written.setdefault(mark, call.turn)
    unconfirmed, undecided = unconfirmed_writes(ctx, writes)
    findings += unconfirmed
    if undecided:
        return CheckResult(tuple(findings), (CONFIRM_UNJUDGED,))
    return CheckResult(tuple(findings)) if findings else PASS


def _finding(call: Call, category: str, why: str) -> Finding:
    return Finding(
        turn=call.turn,
        dimension="policy",
        category=category,
        severity="major",
        evidence=mask_pii(call_text(call.call)),
        explanation=why,
    )


def _leaves(value: Any, name: str = "") -> Iterator[tuple[str, Any]]:
    """(argument name, scalar) for every scalar in the arguments, nested ones by their key."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item, name)
    else:
        yield name, value


def _scalar(value: Any) -> str | None:
    """The value as text when it is value-like; None for what needs no grounding."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return (
            None if 0 <= value <= 9 else (f"{value:g}" if isinstance(value, float) else str(value))
        )
    text = str(value).strip()
    if not text or " " in text:
        return None  # free text (a reason, a note): not a value to look up
    return text


def _is_key(name: str, keys: frozenset[str]) -> bool:
    return name in keys or bool(_KEY_NAME.search(name))


def _record_keys(call: Call, keys: frozenset[str]) -> list[str]:
    return [
        f"{name}={text}"
        for name, value in _leaves(call.call.arguments)
        if _is_key(name, keys) and (text := _scalar(value)) is not None
    ]


def _seen_before(ctx: GradeContext, turn: int) -> str:
    """Customer turns and tool results before the call's turn, one per line."""
    return "\n".join(t.content for t in ctx.turns[:turn] if t.role in ("customer", "tool"))


def _records(ctx: GradeContext) -> str:
    plan = ctx.plan
    spec = plan.scenario.support
    texts = [*plan.variables.values(), spec.policy, *(a for k in spec.knowledge for a in k.answer)]
    out: list[str] = []
    for text in texts:
        found = ctx.rendered(text)
        out.append(text if found is None else found)
    return "\n".join(out)


def _grounded(
    ctx: GradeContext, call: Call, name: str, value: Any, text: str, seen: str, records: str
) -> bool:
    if _enum_allows(ctx, call.call.name, name, value):
        return True
    key = compact(text)
    if not key:
        return True
    if contains_value(seen, key) or contains_value(records, key) or _same_number(text, seen):
        return True
    return _worked_out(ctx, call.turn, value)


def _worked_out(ctx: GradeContext, turn: int, value: Any) -> bool:
    """A number worked out from the amounts said before the call (a payment's share: the
    total less what the gift card covers), as `invented_fact` founds them (agents.checks.
    derived): support's own amounts are operands here, as that check judges them."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return False
    try:
        amount = cents(float(value))
    except ValueError:
        return False
    return amount_derived(amount, ctx.shared("calls.amounts", _amounts).get(turn, set()), ())


def _amounts(ctx: GradeContext) -> dict[int, set[int]]:
    """Per turn: the amounts (cents) said in dialogue turns and in tools' plain-text answers
    before it."""
    found: set[int] = set()
    by_turn: dict[int, set[int]] = {}
    for index, turn in enumerate(ctx.turns):
        by_turn[index] = set(found)
        if turn.role == "tool" and turn.content[:1] in ("{", "["):
            continue  # a record's many numbers: their sums would cover almost any amount
        found.update(stated_amounts(turn.content, money_only=turn.role != "tool"))
    return by_turn


def _same_number(text: str, seen: str) -> bool:
    try:
        number = float(text)
    except ValueError:
        return False
    for found in re.findall(r"\d[\d,]*(?:\.\d+)?", seen):
        try:
            if float(found.replace(",", "")) == number:
                return True
        except ValueError:
            continue
    return False


def _enum_allows(ctx: GradeContext, tool: str, name: str, value: Any) -> bool:
    specs = tool_specs(ctx)
    spec = specs.get(tool) if specs is not None else None
    if spec is None:
        return False
    return any(value in enum for enum in _enums(spec.parameters, name))


def _enums(schema: Any, name: str) -> Iterator[list[Any]]:
    """Every `enum` of a property called `name`, at any depth of a JSON Schema."""
    if isinstance(schema, Mapping):
        props = schema.get("properties")
        if isinstance(props, Mapping) and isinstance(props.get(name), Mapping):
            enum = props[name].get("enum")
            if isinstance(enum, list):
                yield enum
        for item in schema.values():
            yield from _enums(item, name)
    elif isinstance(schema, list):
        for item in schema:
            yield from _enums(item, name)


def _expected_twice(ctx: GradeContext, keys: frozenset[str]) -> frozenset[str] | None:
    """Record keys the scenario's expected actions write more than once; None when the
    scenario states no expected actions (then a second write cannot be judged)."""
    expect: Any = getattr(ctx.plan.scenario, "expect", None)
    actions = getattr(expect, "actions", None)
    if not actions:
        return None
    counts: dict[str, int] = {}
    for action in actions:
        arguments = getattr(action, "arguments", None) or {}
        for name, value in _leaves(arguments):
            if _is_key(name, keys) and (text := _scalar(value)) is not None:
                with contextlib.suppress(TemplateError):
                    text = render(text, ctx.plan.variables)
                counts[f"{name}={text}"] = counts.get(f"{name}={text}", 0) + 1
    return frozenset(k for k, n in counts.items() if n > 1)
