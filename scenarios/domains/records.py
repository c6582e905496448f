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

from scenarios.conditions import condition_holds, equal
from scenarios.domains.loader import LoadedDomain
from scenarios.model import Condition, Variable
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


def _matches(value: Any, test: str | int | float | Condition, values: Mapping[str, str]) -> bool:
    text = as_text(value)
    if isinstance(test, Condition):
        return condition_holds(text, test)
    if isinstance(test, str):
        test = render(test, values)
    return equal(text, test)


def matching_rows(
    domain: LoadedDomain, var: Variable, values: Mapping[str, str]
) -> list[dict[str, Any]]:
    table = var.record or ""
    if table not in domain.tables:
        raise RecordError(f"world '{domain.name}' has no table '{table}'")
    return [
        row
        for row in domain.rows(table)
        if all(_matches(row.get(col), test, values) for col, test in var.where.items())
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


def _describe(test: str | int | float | Condition, values: Mapping[str, str]) -> str:
    if isinstance(test, Condition):
        given = test.model_dump(by_alias=True, exclude_none=True)
        return " and ".join(f"{k} {v!r}" for k, v in given.items())
    return "= " + repr(render(test, values) if isinstance(test, str) else test)
