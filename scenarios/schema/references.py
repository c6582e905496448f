"""Checks between fields of a scenario that the schema alone cannot express.

Templates may only use defined variables, facts named anywhere must be in `customer.knows`,
`asks` must name a knowledge item, edge cases must exist and fit the scenario, persona
constraints must use known traits. These run on the raw parsed data and skip whatever has the
wrong shape (the schema pass reports that), so one run shows every mistake in a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.model import BUILTIN_VARIABLES, FAKER_PROVIDERS, Scenario
from scenarios.schema.problems import Loc, Problem, did_you_mean, dotted
from scenarios.schema.source import Source
from scenarios.strict import NAME_PATTERN
from scenarios.templates import TemplateError, placeholders
from scenarios.userregex import pattern_problem
from scenarios.variables import (
    PATTERN_PROVIDERS,
    VariableError,
    draw_variable,
    provider_parameters,
)

__all__ = ["check_references", "check_variables_draw"]

_NAME = re.compile(NAME_PATTERN)
_REQUIREMENT_GAPS = {
    "verify": "support.verify is empty",
    "knowledge": "support.knowledge is empty",
    "refuse_rule": "no support rule has action: refuse",
}


def _map(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _guess(word: str, candidates: Any) -> str:
    guess = did_you_mean(word, candidates)
    return f" (did you mean '{guess}'?)" if guess else ""


def _lines(value: Any) -> Iterator[tuple[Loc, Any]]:
    """The texts of a list, or of a language code -> list mapping, with their sub-locations."""
    if isinstance(value, dict):
        for code, lines in value.items():
            for i, text in enumerate(_list(lines)):
                yield (code, i), text
    else:
        for i, text in enumerate(_list(value)):
            yield (i,), text


def _spoken(data: dict[str, Any]) -> Iterator[tuple[Loc, Any]]:
    """The fields whose lines are spoken, each with its location and value as written."""
    customer = _map(data.get("customer"))
    support = _map(data.get("support"))
    yield ("customer", "openings"), customer.get("openings")
    for i, item in enumerate(_list(support.get("knowledge"))):
        yield ("support", "knowledge", i, "answer"), _map(item).get("answer")
    for i, rule in enumerate(_list(support.get("rules"))):
        yield ("support", "rules", i, "say"), _map(rule).get("say")
        if _map(rule).get("confirm") is not None:
            yield ("support", "rules", i, "confirm"), _map(rule).get("confirm")
    for i, beat in enumerate(_list(data.get("flow"))):
        yield ("flow", i, "say"), _map(beat).get("say")


def _languages_of(data: dict[str, Any]) -> set[str]:
    """The languages the spoken fields are given in (a plain list is English)."""
    found: set[str] = set()
    for _loc, value in _spoken(data):
        if isinstance(value, dict):
            found |= {str(k) for k in value}
        elif value is not None:
            found.add("en")
    return found


def _templates(data: dict[str, Any]) -> Iterator[tuple[Loc, Any]]:
    """Every templated string of a scenario with its location."""
    customer = _map(data.get("customer"))
    yield ("customer", "goal"), customer.get("goal")
    for fact, value in _map(customer.get("knows")).items():
        if isinstance(value, dict):
            for code, text in value.items():
                yield ("customer", "knows", fact, code), text
        else:
            yield ("customer", "knows", fact), value
    for loc, value in _spoken(data):
        for sub, text in _lines(value):
            yield (*loc, *sub), text
    for i, rule in enumerate(_list(_map(data.get("support")).get("rules"))):
        if isinstance(_map(rule).get("offer"), str):
            yield ("support", "rules", i, "offer"), _map(rule)["offer"]


def _check_languages(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """Every spoken field in the same languages, so the scripted engine can play each one
    the file gives (a plain list is English)."""
    fields = [(loc, value) for loc, value in _spoken(data) if value is not None]
    have = [
        (loc, {str(k) for k in value} if isinstance(value, dict) else {"en"})
        for loc, value in fields
    ]
    every = set().union(*(langs for _, langs in have)) if have else set()
    for loc, langs in have:
        missing = sorted(every - langs, key=str)
        if missing and len(every) > 1:
            yield src.problem(
                loc,
                f"no lines in {', '.join(missing)}, which other fields give; add them (or "
                "remove that language elsewhere): a persona writing it needs every line",
            )
    allowed = _map(data.get("persona")).get("language")
    if isinstance(allowed, list) and every and not any(x in every for x in allowed):
        yield src.problem(
            ("persona", "language"),
            f"allows {', '.join(map(str, allowed))} but the lines are in "
            f"{', '.join(sorted(every, key=str))}; add lines in that language or widen the "
            "constraint",
        )


def _check_templates(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    variables = set(_map(data.get("variables")))
    available = variables | BUILTIN_VARIABLES
    for loc, text in _templates(data):
        if not isinstance(text, str):
            continue
        try:
            names = placeholders(text)
        except TemplateError as e:
            yield src.problem(loc, str(e))
            continue
        for name in names:
            if name not in available:
                guess = did_you_mean(name, available)
                tail = f" (did you mean '{guess}'?)" if guess else "; define it under variables"
                yield src.problem(loc, f"unknown variable '{name}'{tail}")


def _check_variables(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    for name, spec in _map(data.get("variables")).items():
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
        spec = _map(spec)
        for i, _ in enumerate(_list(spec.get("choice"))):
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
        args = _map(spec.get("args"))
        if args:
            params = provider_parameters(faker)
            for arg in args:
                if arg not in params:
                    tail = _guess(arg, params) or f" (it takes: {', '.join(params) or 'none'})"
                    yield src.problem(
                        (*loc, "args", arg), f"'{faker}' takes no argument '{arg}'{tail}"
                    )


def _facts_problem(src: Source, loc: Loc, fact: Any, facts: list[str]) -> Iterator[Problem]:
    if not isinstance(fact, str) or fact in facts:
        return
    if not facts:
        yield src.problem(loc, f"'{fact}' is not a fact in customer.knows, which is empty")
        return
    tail = _guess(fact, facts) or f" (facts: {', '.join(map(str, facts))})"
    yield src.problem(loc, f"'{fact}' is not a fact in customer.knows{tail}")


def _check_facts(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    customer = _map(data.get("customer"))
    if not isinstance(customer.get("knows", {}), dict):
        return
    facts = list(_map(customer.get("knows")))
    for i, fact in enumerate(_list(customer.get("reveal_only_when_asked"))):
        yield from _facts_problem(src, ("customer", "reveal_only_when_asked", i), fact, facts)
    for fact in _map(customer.get("labels")):
        yield from _facts_problem(src, ("customer", "labels", fact), fact, facts)
    for i, fact in enumerate(_list(_map(data.get("support")).get("verify"))):
        yield from _facts_problem(src, ("support", "verify", i), fact, facts)
    for i, criterion in enumerate(_list(data.get("success"))):
        check = _map(_map(criterion).get("check"))
        for key in ("requested", "verified_before_action"):
            if key in check:
                loc = ("success", i, "check", key)
                yield from _facts_problem(src, loc, check[key], facts)
        for key in ("support_says", "support_avoids"):
            if isinstance(check.get(key), str):
                problem = pattern_problem(check[key])
                if problem is not None:
                    yield src.problem(("success", i, "check", key), problem)


def _check_ids(src: Source, items: list[Any], loc: Loc) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        item_id = _map(item).get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            where = dotted((*loc, first[item_id]))
            yield src.problem((*loc, i, "id"), f"duplicate id '{item_id}' (first at {where})")
        else:
            first[item_id] = i


def _check_support(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    support = _map(data.get("support"))
    knowledge = _list(support.get("knowledge"))
    yield from _check_ids(src, knowledge, ("support", "knowledge"))
    yield from _check_ids(src, _list(data.get("flow")), ("flow",))
    yield from _check_ids(src, _list(data.get("success")), ("success",))
    variables = _map(data.get("variables"))
    for i, rule in enumerate(_list(support.get("rules"))):
        offer = _map(rule).get("offer")
        if offer is not None and _map(rule).get("action") != "refuse":
            yield src.problem(
                ("support", "rules", i, "offer"),
                "only a refusing rule offers something else: set action: refuse, or remove offer",
            )
        elif offer is not None and _languages_of(data) - {"en"}:
            yield src.problem(
                ("support", "rules", i, "offer"),
                "an offer is said in English only: remove the other languages' lines, or "
                "remove offer and say the alternative in the rule's lines",
            )
        for name, condition in _map(_map(rule).get("when")).items():
            loc: Loc = ("support", "rules", i, "when", name)
            if name not in variables:
                tail = _guess(name, variables) or "; conditions test the scenario's variables"
                yield src.problem(loc, f"'{name}' is not a variable{tail}")
                continue
            choices = _list(_map(variables[name]).get("choice"))
            if choices:
                yield from _check_condition(src, loc, name, choices, _map(condition))
    topics = [k["id"] for k in knowledge if isinstance(_map(k).get("id"), str)]
    for i, beat in enumerate(_list(data.get("flow"))):
        asks = _map(beat).get("asks")
        if isinstance(asks, str) and asks not in topics:
            tail = _guess(asks, topics) or (
                f" (ids: {', '.join(topics)})" if topics else "; support.knowledge is empty"
            )
            yield src.problem(
                ("flow", i, "asks"), f"'{asks}' is not a knowledge id in support.knowledge{tail}"
            )


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool)


def _check_condition(
    src: Source, loc: Loc, name: str, choices: list[Any], condition: dict[str, Any]
) -> Iterator[Problem]:
    """A condition on a `choice` variable that can never hold is almost always a typo."""
    texts = [str(c) for c in choices]
    for key, value in condition.items():
        values: list[tuple[int | None, Any]]
        if key in ("eq", "ne"):
            values = [(None, value)]
        elif key in ("in", "not_in"):
            values = list(enumerate(_list(value)))
        else:
            bad = [t for t in texts if not _is_number(t)]
            if key in ("gt", "ge", "lt", "le") and bad:
                yield src.problem(
                    (*loc, key),
                    f"'{name}' has choices that are not numbers ('{bad[0]}'), "
                    f"so {key} cannot compare them",
                )
            continue
        for j, item in values:
            if isinstance(item, str | int | float) and str(item) not in texts:
                where = (*loc, key) if j is None else (*loc, key, j)
                yield src.problem(
                    where,
                    f"'{item}' is not one of the choices of '{name}'{_guess(str(item), texts)}",
                )


def _satisfies(data: dict[str, Any], requirement: str) -> bool:
    """Whether the scenario meets `requirement`; a key of the wrong type counts as met, since
    the schema pass already reported it (one root mistake, one message)."""
    support = _map(data.get("support"))
    key = {"verify": "verify", "knowledge": "knowledge"}.get(requirement, "rules")
    if support.get(key) is not None and not isinstance(support.get(key), list):
        return True
    if requirement == "verify":
        return bool(_list(support.get("verify")))
    if requirement == "knowledge":
        return bool(_list(support.get("knowledge")))
    return any(_map(r).get("action") == "refuse" for r in _list(support.get("rules")))


def _check_edge_cases(
    src: Source, data: dict[str, Any], library: EdgeCaseLibrary
) -> Iterator[Problem]:
    known = library.by_id()
    seen: set[str] = set()
    for i, case_id in enumerate(_list(data.get("edge_cases"))):
        if not isinstance(case_id, str):
            continue
        loc = ("edge_cases", i)
        if case_id in seen:
            yield src.problem(loc, f"'{case_id}' is listed twice")
            continue
        seen.add(case_id)
        case = known.get(case_id)
        if case is None:
            yield src.problem(loc, f"unknown edge case '{case_id}'{_guess(case_id, known)}")
            continue
        for requirement in case.requires:
            if not _satisfies(data, requirement):
                gap = _REQUIREMENT_GAPS[requirement]
                yield src.problem(loc, f"edge case '{case_id}' requires {requirement}, but {gap}")


def _check_persona(
    src: Source, data: dict[str, Any], traits: Mapping[str, set[str]]
) -> Iterator[Problem]:
    for trait, values in _map(data.get("persona")).items():
        loc: Loc = ("persona", trait)
        if trait not in traits:
            tail = _guess(trait, traits) or f"; traits: {', '.join(sorted(traits))}"
            yield src.problem(loc, f"unknown trait '{trait}'{tail}")
            continue
        allowed = traits[trait]
        if isinstance(values, list) and not values:
            yield src.problem(loc, "an empty list allows no value; list values or remove it")
        for i, value in enumerate(_list(values)):
            if isinstance(value, str) and value not in allowed:
                tail = _guess(value, allowed) or f"; values: {', '.join(sorted(allowed))}"
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
        *_check_templates(src, data),
        *_check_facts(src, data),
        *_check_support(src, data),
        *_check_edge_cases(src, data, edge_cases),
        *_check_languages(src, data),
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
