"""A scenario's `expect`, made concrete for one conversation's variables.

`expected_for` keeps the actions and record assertions whose `when` holds and fills in the
`{variable}` templates. An argument written as one template (`amount: "{total}"`) takes the
type the tool's parameters declare for it (a number, a whole number, true/false), because
variables are text and a tool checks its arguments' types. `replay` runs the expected
actions on a fresh copy of the records: the expected end state. `record_mismatches` says
which record assertions the final records break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenarios.conditions import all_hold
from scenarios.domains.loader import LoadedDomain
from scenarios.domains.runtime import Domain, DomainState
from scenarios.domains.sql import read_value
from scenarios.domains.tables import quote
from scenarios.model import Scenario
from scenarios.templates import render

__all__ = [
    "Expected",
    "ExpectedCall",
    "RecordCheck",
    "expected_for",
    "record_mismatches",
    "render_arguments",
    "replay",
]

_SINGLE = re.compile(r"^\{[A-Za-z_][A-Za-z0-9_]*\}$")


@dataclass(frozen=True)
class ExpectedCall:
    tool: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class RecordCheck:
    table: str
    key: str
    fields: dict[str, Any]
    exists: bool = True


@dataclass(frozen=True)
class Expected:
    actions: list[ExpectedCall]
    records: list[RecordCheck]
    outputs: list[str]


def _typed(text: str, schema: Any) -> Any:
    kinds = schema.get("type") if isinstance(schema, Mapping) else None
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    try:
        if "integer" in kinds and re.fullmatch(r"[+-]?\d+", text.strip()):
            return int(text)
        if "number" in kinds:
            number = float(text)
            return int(number) if number.is_integer() and "." not in text else number
    except ValueError:
        return text
    if "boolean" in kinds and text.strip().lower() in ("true", "false"):
        return text.strip().lower() == "true"
    return text


def _render(value: Any, values: Mapping[str, str], schema: Any) -> Any:
    if isinstance(value, str):
        text = render(value, values)
        return _typed(text, schema) if _SINGLE.match(value) else text
    if isinstance(value, list):
        items = schema.get("items") if isinstance(schema, Mapping) else None
        return [_render(v, values, items) for v in value]
    if isinstance(value, dict):
        props = schema.get("properties", {}) if isinstance(schema, Mapping) else {}
        return {k: _render(v, values, props.get(k)) for k, v in value.items()}
    return value


def render_arguments(
    arguments: Mapping[str, Any], values: Mapping[str, str], parameters: Mapping[str, Any]
) -> dict[str, Any]:
    """Arguments with their templates filled; TemplateError names an unknown variable."""
    rendered = _render(dict(arguments), values, parameters)
    assert isinstance(rendered, dict)
    return rendered


def expected_for(scenario: Scenario, values: Mapping[str, str], domain: Domain) -> Expected | None:
    """What a correct conversation with these variables does; None without `expect`."""
    if scenario.expect is None:
        return None
    actions = []
    for action in scenario.expect.actions:
        if not all_hold(action.when, values):
            continue
        tool = domain.tools.get(action.tool)
        parameters = tool.spec.parameters if tool is not None else {}
        actions.append(
            ExpectedCall(action.tool, render_arguments(action.arguments, values, parameters))
        )
    records = [
        RecordCheck(
            r.table,
            render(r.key, values) if isinstance(r.key, str) else str(r.key),
            {k: render(v, values) if isinstance(v, str) else v for k, v in r.fields.items()},
            r.exists,
        )
        for r in scenario.expect.records
        if all_hold(r.when, values)
    ]
    outputs = [render(text, values) for text in scenario.expect.outputs]
    return Expected(actions, records, outputs)


def replay(domain: Domain, calls: Sequence[ExpectedCall]) -> DomainState:
    """A fresh copy of the records with `calls` made on it, in order (refusals included, as
    a conversation would see them)."""
    state = domain.new_state()
    for call in calls:
        state.call(call.tool, call.arguments)
    return state


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _same(expected: Any, actual: Any) -> bool:
    """Exact, except that numbers compare as numbers (a template gives `"20"` for `20.0`)
    and true/false may be written as text."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if isinstance(expected, bool) or isinstance(actual, bool):
        return str(expected).lower() == str(actual).lower()
    if isinstance(actual, dict | list):
        return json.dumps(actual, sort_keys=True) == (
            expected if isinstance(expected, str) else json.dumps(expected, sort_keys=True)
        )
    a, b = _number(actual), _number(expected)
    if a is not None and b is not None:
        return a == b
    return str(actual) == str(expected)


def record_mismatches(state: DomainState, checks: Sequence[RecordCheck]) -> list[str]:
    """One sentence per record assertion the state breaks; empty when all hold."""
    kinds = state.domain.columns if isinstance(state.domain, LoadedDomain) else {}
    out: list[str] = []
    for check in checks:
        key_column = state.domain.tables.get(check.table)
        if key_column is None:
            out.append(f"{check.table}: no such table")
            continue
        cur = state.conn.execute(
            f"SELECT * FROM {quote(check.table)} WHERE {quote(key_column)} = ?", (check.key,)
        )
        row = cur.fetchone()
        where = f"{check.table} {check.key}"
        if row is None:
            if check.exists:
                out.append(f"{where}: the record does not exist")
            continue
        if not check.exists:
            out.append(f"{where}: the record should not exist")
            continue
        names = [d[0] for d in cur.description]
        record = dict(zip(names, tuple(row), strict=True))
        types = kinds.get(check.table, {})
        for column, want in check.fields.items():
            got = read_value(record.get(column), types.get(column))
            if not _same(want, got):
                out.append(f"{where}: {column} is {got!r}, expected {want!r}")
    return out
