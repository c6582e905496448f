"""Scenario variables drawn from a world's records (`{record: orders, where: {...}}`).

A record variable takes one column of one row of a table, among the rows whose columns
match `where`: a value (a `{variable}` template of another variable allowed) compared as
conditions compare (numbers as numbers, text ignoring case), or a condition. Rows are
taken in key order and one is picked with the variable's own seed, so the draw is fixed by
the conversation's seed and does not change when other variables are added. Variables
that depend on others are drawn after them; several variables can read the same record by
matching its key (`where: {order_id: "{order_id}"}`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

from scenarios.conditions import Condition, condition_holds
from scenarios.domains.loader import LoadedDomain
from scenarios.model import Variable
from scenarios.templates import TemplateError, placeholders, render
from scenarios.variables import VariableError

__all__ = ["RecordError", "as_text", "dependencies", "draw_order", "draw_record"]


class RecordError(VariableError):
    """A record variable cannot be drawn: no record matches, or a bad reference."""


def as_text(value: Any) -> str:
    """A column value as a scenario variable (variables are text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return str(value)


def dependencies(var: Variable) -> list[str]:
    """The variables a record variable's `where` uses, in order, each once."""
    names: list[str] = []
    for value in var.where.values():
        if isinstance(value, str):
            try:
                names += [n for n in placeholders(value) if n not in names]
            except TemplateError:
                continue
    return names


def draw_order(variables: Mapping[str, Variable]) -> list[str]:
    """Names in an order where each record variable comes after the variables its `where`
    uses; raises RecordError naming a cycle or an unknown variable."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: visiting, 2: done

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " -> ".join([*path[path.index(name) :], name])
            raise RecordError(f"variables depend on each other: {cycle}")
        state[name] = 1
        for dep in dependencies(variables[name]):
            if dep not in variables:
                raise RecordError(f"'{{{dep}}}' in where of '{name}' is not a variable")
            visit(dep, [*path, name])
        state[name] = 2
        order.append(name)

    for name in variables:
        visit(name, [])
    return order


def _key(text: str) -> tuple[str, Any]:
    """What `equal` compares: the number when the text reads as one, else the folded text."""
    try:
        return ("n", float(text.strip()))
    except ValueError:
        return ("s", text.strip().casefold())


def _texts(domain: LoadedDomain, table: str, column: str) -> list[str]:
    """One column's values as text, per row in key order: kept per column a condition tests
    (a table's every column as text, kept whole, took twice its data file in memory)."""
    found: list[str] | None = domain.memo.get(("texts", table, column))
    if found is None:
        found = [as_text(row.get(column)) for row in domain.rows(table)]
        domain.memo[("texts", table, column)] = found
    return found


def _index(domain: LoadedDomain, table: str, column: str) -> dict[tuple[str, Any], list[int]]:
    found: dict[tuple[str, Any], list[int]] | None = domain.memo.get(("index", table, column))
    if found is None:
        found = {}
        for i, row in enumerate(domain.rows(table)):
            found.setdefault(_key(as_text(row.get(column))), []).append(i)
        domain.memo[("index", table, column)] = found
    return found


def matching_rows(
    domain: LoadedDomain, var: Variable, values: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The rows of the variable's table that its `where` keeps, in key order. Values are
    looked up in an index per column (built once per domain); conditions are tested on what
    is left."""
    table = var.record or ""
    if table not in domain.tables:
        raise RecordError(f"world '{domain.name}' has no table '{table}'")
    rows = domain.rows(table)
    keep: list[int] | None = None
    tests: list[tuple[str, Condition]] = []
    for column, test in var.where.items():
        if isinstance(test, Condition):
            tests.append((column, test))
            continue
        # A boolean compares as the column stores it ("false"), not as str(False) or 0.
        target = render(test, values) if isinstance(test, str) else as_text(test)
        hits = _index(domain, table, column).get(_key(target), [])
        if keep is None:
            keep = hits
        else:
            found = set(hits)
            keep = [i for i in keep if i in found]
    indices = range(len(rows)) if keep is None else sorted(keep)
    checks = [(_texts(domain, table, col), cond) for col, cond in tests]
    return [
        rows[i] for i in indices if all(condition_holds(texts[i], cond) for texts, cond in checks)
    ]


def draw_record(
    domain: LoadedDomain, name: str, var: Variable, seed: int, values: Mapping[str, str]
) -> str:
    """One value of a record variable; `values` holds the variables drawn before it."""
    rows = matching_rows(domain, var, values)
    if not rows:
        where = ", ".join(f"{col} {_describe(t, values)}" for col, t in var.where.items())
        raise RecordError(f"variable '{name}': no record in {var.record} has {where or 'any rows'}")
    column = var.column or domain.tables[var.record or ""]
    return as_text(random.Random(seed).choice(rows).get(column))


def _describe(test: str | bool | int | float | Condition, values: Mapping[str, str]) -> str:
    if isinstance(test, Condition):
        given = test.model_dump(by_alias=True, exclude_none=True)
        return " and ".join(f"{k} {v!r}" for k, v in given.items())
    return "= " + repr(render(test, values) if isinstance(test, str) else test)
