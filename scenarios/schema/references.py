"""Checks between fields of a scenario that the schema alone cannot express.

Templates may only use defined variables, facts named anywhere must be in `customer.knows`,
`asks` must name a knowledge item, edge cases must exist and fit the scenario, persona
constraints must use known traits. These run on the raw parsed data and skip whatever has the
wrong shape (the schema pass reports that), so one run shows every mistake in a file.

This module checks variables, facts and persona constraints and runs the rest: what the
scenario says (`spoken`: templates, languages), its support rules and edge cases (`rules`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.model import BUILTIN_VARIABLES, FAKER_PROVIDERS, Scenario
from scenarios.schema.problems import Loc, Problem
from scenarios.schema.rules import check_edge_cases, check_support
from scenarios.schema.shapes import as_list, as_map, guess
from scenarios.schema.source import Source
from scenarios.schema.spoken import check_languages, check_templates
from scenarios.strict import NAME_PATTERN
from scenarios.userregex import pattern_problem
from scenarios.variables import (
    PATTERN_PROVIDERS,
    VariableError,
    draw_variable,
    provider_parameters,
)

__all__ = ["check_references", "check_variables_draw"]

_NAME = re.compile(NAME_PATTERN)


def _check_variables(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    for name, spec in as_map(data.get("variables")).items():
        loc: Loc = ("variables", name)
        if name in BUILTIN_VARIABLES:
            yield src.problem(
                loc, f"'{name}' is a built-in variable (from the persona); pick another name"
            )
        elif not isinstance(name, str) or not _NAME.match(name):
            yield src.problem(
                loc,
                f"'{name}' cannot be used as {{{name}}}: use lowercase letters, digits and '_', "
                f"starting with a letter",
            )
        spec = as_map(spec)
        for i, _ in enumerate(as_list(spec.get("choice"))):
            raw = src.bools.get((*loc, "choice", i))
            if raw is not None:
                yield src.problem(
                    (*loc, "choice", i), f"'{raw}' is read as true/false by YAML; put it in quotes"
                )
        faker = spec.get("faker")
        if "args" in spec and faker is None:
            yield src.problem((*loc, "args"), "args are only used with faker")
        if not isinstance(faker, str) or faker not in FAKER_PROVIDERS:
            continue  # the schema pass reports it; its text and args mean nothing yet
        if faker in PATTERN_PROVIDERS and spec.get("text") is None:
            yield src.problem(
                loc, f"faker '{faker}' needs text: the pattern to fill, like 'ORD-#####'"
            )
        if faker not in PATTERN_PROVIDERS and "text" in spec:
            yield src.problem(
                (*loc, "text"), "text is only used with faker bothify, numerify or lexify"
            )
        args = as_map(spec.get("args"))
        if args:
            params = provider_parameters(faker)
            for arg in args:
                if arg not in params:
                    tail = guess(arg, params) or f" (it takes: {', '.join(params) or 'none'})"
                    yield src.problem(
                        (*loc, "args", arg), f"'{faker}' takes no argument '{arg}'{tail}"
                    )


def _facts_problem(src: Source, loc: Loc, fact: Any, facts: list[str]) -> Iterator[Problem]:
    if not isinstance(fact, str) or fact in facts:
        return
    if not facts:
        yield src.problem(loc, f"'{fact}' is not a fact in customer.knows, which is empty")
        return
    tail = guess(fact, facts) or f" (facts: {', '.join(map(str, facts))})"
    yield src.problem(loc, f"'{fact}' is not a fact in customer.knows{tail}")


def _check_facts(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    customer = as_map(data.get("customer"))
    if not isinstance(customer.get("knows", {}), dict):
        return
    facts = list(as_map(customer.get("knows")))
    for i, fact in enumerate(as_list(customer.get("reveal_only_when_asked"))):
        yield from _facts_problem(src, ("customer", "reveal_only_when_asked", i), fact, facts)
    for fact in as_map(customer.get("labels")):
        yield from _facts_problem(src, ("customer", "labels", fact), fact, facts)
    for i, fact in enumerate(as_list(as_map(data.get("support")).get("verify"))):
        yield from _facts_problem(src, ("support", "verify", i), fact, facts)
    for i, criterion in enumerate(as_list(data.get("success"))):
        check = as_map(as_map(criterion).get("check"))
        for key in ("requested", "verified_before_action"):
            if key in check:
                loc = ("success", i, "check", key)
                yield from _facts_problem(src, loc, check[key], facts)
        for key in ("support_says", "support_avoids"):
            if isinstance(check.get(key), str):
                problem = pattern_problem(check[key])
                if problem is not None:
                    yield src.problem(("success", i, "check", key), problem)


def _check_persona(
    src: Source, data: dict[str, Any], traits: Mapping[str, set[str]]
) -> Iterator[Problem]:
    for trait, values in as_map(data.get("persona")).items():
        loc: Loc = ("persona", trait)
        if trait not in traits:
            tail = guess(trait, traits) or f"; traits: {', '.join(sorted(traits))}"
            yield src.problem(loc, f"unknown trait '{trait}'{tail}")
            continue
        allowed = traits[trait]
        if isinstance(values, list) and not values:
            yield src.problem(loc, "an empty list allows no value; list values or remove it")
        for i, value in enumerate(as_list(values)):
            if isinstance(value, str) and value not in allowed:
                tail = guess(value, allowed) or f"; values: {', '.join(sorted(allowed))}"
                yield src.problem((*loc, i), f"unknown value '{value}' for trait '{trait}'{tail}")


def check_references(
    src: Source,
    data: dict[str, Any],
    traits: Mapping[str, set[str]] | None,
    edge_cases: EdgeCaseLibrary,
) -> list[Problem]:
    """Problems in references between fields; persona traits only checked when given."""
    problems = [
        *_check_variables(src, data),
        *check_templates(src, data),
        *_check_facts(src, data),
        *check_support(src, data),
        *check_edge_cases(src, data, edge_cases),
        *check_languages(src, data),
    ]
    if traits is not None:
        problems += _check_persona(src, data, traits)
    return problems


def check_variables_draw(src: Source, scenario: Scenario) -> list[Problem]:
    """Draw each faker variable with arguments once, so bad argument values (an unparsable
    date) are caught when linting rather than mid-run."""
    problems: list[Problem] = []
    for name, var in scenario.variables.items():
        if var.faker is None or not var.args:
            continue
        try:
            draw_variable(var, 0, "en_US")
        except VariableError as e:
            problems.append(src.problem(("variables", name, "args"), str(e)))
    return problems
