"""Checks between a scenario and its world, run by the loader (so `convsim lint` and every
command that loads scenarios report them the same way).

`world` must name a domain that loads; record variables must name real tables and columns
and find a record for every choice they depend on; expected actions must name tools and,
with the scenario's variables filled in, pass the tool's parameter checks; record
assertions must name real tables and columns. Variables are drawn for a handful of seeds to
try the templates the way conversations will fill them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from scenarios.conditions import Condition, all_hold
from scenarios.domains.expect import render_arguments
from scenarios.domains.loader import LoadedDomain, domain_names, find_domain_file, read_domain
from scenarios.domains.params import validate_arguments
from scenarios.domains.records import RecordError, dependencies, draw_order, matching_rows
from scenarios.model import BUILTIN_VARIABLES, Scenario
from scenarios.schema.problems import Loc, Problem, did_you_mean
from scenarios.schema.source import Source
from scenarios.templates import scan
from scenarios.variables import VariableError, draw_variables

__all__ = ["SAMPLE_SEEDS", "check_world"]

SAMPLE_SEEDS = 16
MAX_COMBINATIONS = 256
# Stand-ins for the persona's variables when trying templates at lint time.
SAMPLE_PERSONA = {
    "customer_name": "Alex Morgan",
    "first_name": "Alex",
    "last_name": "Morgan",
    "email": "alex.morgan@example.com",
    "phone": "+1 555 0100",
    "address": "12 Main Street",
    "city": "Springfield",
}


def _guess(word: str, candidates: Any, otherwise: str = "") -> str:
    guess = did_you_mean(word, candidates)
    return f" (did you mean '{guess}'?)" if guess else otherwise


def _without_world(src: Source, scenario: Scenario) -> Iterator[Problem]:
    if scenario.expect is not None:
        yield src.problem(("expect",), "expect needs a world: add world: <domain name>")
    for name, var in scenario.variables.items():
        if var.record is not None:
            message = "drawing from records needs a world: add world: <domain name>"
            yield src.problem(("variables", name, "record"), message)


def _template_names(src: Source, loc: Loc, text: Any, known: set[str]) -> Iterator[Problem]:
    if not isinstance(text, str):
        return
    names, malformed = scan(text)
    for message in malformed:
        yield src.problem(loc, message)
    for name in names:
        if name not in known:
            tail = _guess(name, known, "; define it under variables")
            yield src.problem(loc, f"unknown variable '{name}'{tail}")


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))


def _column(src: Source, loc: Loc, domain: LoadedDomain, table: str, column: str) -> list[Problem]:
    columns = domain.columns.get(table, {})
    if column in columns:
        return []
    tail = _guess(column, columns, f" (columns: {', '.join(columns)})")
    return [src.problem(loc, f"'{column}' is not a column of {table}{tail}")]


def _table(src: Source, loc: Loc, domain: LoadedDomain, table: str) -> list[Problem]:
    if table in domain.tables:
        return []
    tail = _guess(table, domain.tables, f" (tables: {', '.join(domain.tables)})")
    return [src.problem(loc, f"world '{domain.name}' has no table '{table}'{tail}")]


def _record_variables(src: Source, scenario: Scenario, domain: LoadedDomain) -> Iterator[Problem]:
    variables = set(scenario.variables)
    problems: list[Problem] = []
    for name, var in scenario.variables.items():
        if var.record is None:
            continue
        loc: Loc = ("variables", name)
        found = _table(src, (*loc, "record"), domain, var.record)
        table_ok = not found
        if table_ok and var.column is not None:
            found += _column(src, (*loc, "column"), domain, var.record, var.column)
        for column, test in var.where.items():
            where: Loc = (*loc, "where", column)
            if table_ok:
                found += _column(src, where, domain, var.record, column)
            found += _template_names(src, where, test, variables - {name})
        problems += found
    yield from problems
    if not problems:
        try:
            draw_order(scenario.variables)
        except RecordError as e:
            yield src.problem(("variables",), str(e))


def _feasible(src: Source, scenario: Scenario, domain: LoadedDomain) -> Iterator[Problem]:
    """Each record variable whose `where` uses only choice variables finds a record for
    every combination of their choices."""
    for name, var in scenario.variables.items():
        if var.record is None:
            continue
        deps = dependencies(var)
        choices = [scenario.variables[d].choice for d in deps]
        if any(c is None for c in choices):
            continue  # drawn from faker, ranges or other records: tried by sampling instead
        options = [sorted({str(v) for v in c or []}) for c in choices]
        for combo in itertools.islice(itertools.product(*options), MAX_COMBINATIONS):
            values = dict(zip(deps, combo, strict=True))
            if not matching_rows(domain, var, values):
                given = ", ".join(f"{d}={v}" for d, v in values.items())
                tail = f" when {given}" if given else ""
                message = f"no record in {var.record} matches where{tail}"
                yield src.problem(("variables", name, "where"), message)
                break


def _references(src: Source, scenario: Scenario, domain: LoadedDomain) -> Iterator[Problem]:
    expect = scenario.expect
    if expect is None:
        return
    known = set(scenario.variables) | BUILTIN_VARIABLES
    tools = domain.tools
    for i, action in enumerate(expect.actions):
        loc: Loc = ("expect", "actions", i)
        if action.tool not in tools:
            tail = _guess(action.tool, tools, f" (tools: {', '.join(tools) or 'none'})")
            yield src.problem(
                (*loc, "tool"), f"world '{domain.name}' has no tool '{action.tool}'{tail}"
            )
        for name in action.when:
            if name not in scenario.variables:
                tail = _guess(
                    name, scenario.variables, "; conditions test the scenario's variables"
                )
                yield src.problem((*loc, "when", name), f"'{name}' is not a variable{tail}")
        for where, text in _strings(action.arguments, (*loc, "arguments")):
            yield from _template_names(src, where, text, known)
    for i, record in enumerate(expect.records):
        loc = ("expect", "records", i)
        found = _table(src, (*loc, "table"), domain, record.table)
        yield from found
        if not found:
            for column in record.fields:
                yield from _column(src, (*loc, "fields", column), domain, record.table, column)
        yield from _template_names(src, (*loc, "key"), record.key, known)
        for column, value in record.fields.items():
            yield from _template_names(src, (*loc, "fields", column), value, known)
        for name in record.when:
            if name not in scenario.variables:
                yield src.problem((*loc, "when", name), f"'{name}' is not a variable")
    for i, text in enumerate(expect.outputs):
        yield from _template_names(src, ("expect", "outputs", i), text, known)


_BOOLEAN_WORDS = ("true", "false")


def _boolean_conditions(src: Source, scenario: Scenario, domain: LoadedDomain) -> Iterator[Problem]:
    """A condition on a variable drawn from a boolean column (`true`/`false`) that tests
    another value (`eq: "1"`, `eq: "yes"`) never holds: an error naming the value to write,
    not a rule that silently never applies."""
    flags: dict[str, str] = {}
    for name, var in scenario.variables.items():
        if var.record is None or var.record not in domain.tables:
            continue
        column = var.column or domain.tables[var.record]
        if domain.columns.get(var.record, {}).get(column) == "boolean":
            flags[name] = f"{var.record}.{column}"
    if not flags:
        return
    places: list[tuple[Loc, Mapping[str, Condition]]] = [
        (("support", "rules", i, "when"), r.when) for i, r in enumerate(scenario.support.rules)
    ]
    if scenario.expect is not None:
        places += [
            (("expect", "actions", i, "when"), a.when)
            for i, a in enumerate(scenario.expect.actions)
        ]
        places += [
            (("expect", "records", i, "when"), r.when)
            for i, r in enumerate(scenario.expect.records)
        ]
    for loc, when in places:
        for name, cond in when.items():
            if name not in flags:
                continue
            for op in ("eq", "ne", "in", "not_in"):
                given = getattr(cond, "in_" if op == "in" else op)
                for value in given if isinstance(given, list) else [given]:
                    if value is None or str(value).strip().lower() in _BOOLEAN_WORDS:
                        continue
                    guess = _boolean_guess(str(value))
                    tail = f" (did you mean {op}: {guess}?)" if guess else ""
                    message = (
                        f"'{name}' comes from the boolean column {flags[name]}, so it is true "
                        f"or false; {op} {value!r} never holds{tail}"
                    )
                    yield src.problem((*loc, name, op), message)


def _boolean_guess(value: str) -> str | None:
    word = value.strip().lower()
    if word in ("1", "yes", "y", "on", "t"):
        return "true"
    if word in ("0", "no", "n", "off", "f"):
        return "false"
    return None


def _sampled(src: Source, scenario: Scenario, domain: LoadedDomain) -> Iterator[Problem]:
    """Draw the variables for a few seeds; fill the expected actions' arguments with them
    and check them against each tool's parameters."""
    seen: set[Problem] = set()
    actions = scenario.expect.actions if scenario.expect is not None else []
    for seed in range(SAMPLE_SEEDS):
        try:
            values: Mapping[str, str] = draw_variables(scenario, seed, "en_US") | SAMPLE_PERSONA
        except VariableError as e:
            yield src.problem(("variables",), str(e))
            return
        for i, action in enumerate(actions):
            tool = domain.tools.get(action.tool)
            if tool is None or not all_hold(action.when, values):
                continue
            schema = tool.spec.parameters
            arguments = render_arguments(action.arguments, values, schema)
            for error in validate_arguments(schema, arguments):
                problem = src.problem(("expect", "actions", i, "arguments"), error)
                if problem not in seen:
                    seen.add(problem)
                    yield problem


def check_world(src: Source, scenario: Scenario, near: Path) -> tuple[Path | None, list[Problem]]:
    """The domain file the scenario's world resolves to, and every problem between them."""
    if scenario.world is None:
        return None, list(_without_world(src, scenario))
    path = find_domain_file(scenario.world, near)
    if path is None:
        names = domain_names(near)
        tail = _guess(scenario.world, names, f" (domains: {', '.join(names) or 'none'})")
        message = f"no domain '{scenario.world}'{tail}; domains are domains/<name>.yaml files"
        return None, [src.problem(("world",), message + " next to your scenario folders")]
    domain, problems = read_domain(path)
    if domain is None:
        message = f"the domain file {path} has problems: fix the lines listed under its name"
        return path, [*problems, src.problem(("world",), message)]
    scenario._domain_file = path
    problems = [
        *_record_variables(src, scenario, domain),
        *_references(src, scenario, domain),
        *_boolean_conditions(src, scenario, domain),
    ]
    if not problems:
        problems += _feasible(src, scenario, domain)
    if not problems:
        problems += _sampled(src, scenario, domain)
    return path, problems
