"""Checks on a scenario's support side and edge cases: unique ids of knowledge items, beats and
criteria; rules and success criteria whose conditions test defined variables and can hold (a
value that is not one of a `choice` variable's choices is almost always a typo); beats that
ask about a known knowledge item; edge cases that exist, are listed once and find what they require.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.schema.problems import Loc, Problem, dotted
from scenarios.schema.shapes import as_list, as_map, guess
from scenarios.schema.source import Source
from scenarios.schema.spoken import languages_of

__all__ = ["check_edge_cases", "check_support", "check_when"]

_REQUIREMENT_GAPS = {
    "verify": "support.verify is empty",
    "knowledge": "support.knowledge is empty",
    "refuse_rule": "no support rule has action: refuse",
}


def _check_ids(src: Source, items: list[Any], loc: Loc) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        item_id = as_map(item).get("id")
        if not isinstance(item_id, str):
            continue
        if item_id in first:
            where = dotted((*loc, first[item_id]))
            yield src.problem((*loc, i, "id"), f"duplicate id '{item_id}' (first at {where})")
        else:
            first[item_id] = i


def check_support(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    support = as_map(data.get("support"))
    knowledge = as_list(support.get("knowledge"))
    yield from _check_ids(src, knowledge, ("support", "knowledge"))
    yield from _check_ids(src, as_list(data.get("flow")), ("flow",))
    yield from _check_ids(src, as_list(data.get("success")), ("success",))
    variables = as_map(data.get("variables"))
    for i, rule in enumerate(as_list(support.get("rules"))):
        offer = as_map(rule).get("offer")
        if offer is not None and as_map(rule).get("action") != "refuse":
            yield src.problem(
                ("support", "rules", i, "offer"),
                "only a refusing rule offers something else: set action: refuse, or remove offer",
            )
        elif offer is not None and languages_of(data) - {"en"}:
            yield src.problem(
                ("support", "rules", i, "offer"),
                "an offer is said in English only: remove the other languages' lines, or "
                "remove offer and say the alternative in the rule's lines",
            )
        yield from check_when(src, ("support", "rules", i), as_map(rule), variables)
    for i, criterion in enumerate(as_list(data.get("success"))):
        yield from check_when(src, ("success", i), as_map(criterion), variables)
    topics = [k["id"] for k in knowledge if isinstance(as_map(k).get("id"), str)]
    for i, beat in enumerate(as_list(data.get("flow"))):
        asks = as_map(beat).get("asks")
        if isinstance(asks, str) and asks not in topics:
            tail = guess(asks, topics) or (
                f" (ids: {', '.join(topics)})" if topics else "; support.knowledge is empty"
            )
            yield src.problem(
                ("flow", i, "asks"), f"'{asks}' is not a knowledge id in support.knowledge{tail}"
            )


def check_when(
    src: Source, at: Loc, item: dict[str, Any], variables: dict[str, Any]
) -> Iterator[Problem]:
    """The `when` of a rule or a success criterion tests defined variables, with conditions
    that can hold."""
    for name, condition in as_map(item.get("when")).items():
        loc: Loc = (*at, "when", name)
        if name not in variables:
            tail = guess(name, variables) or "; conditions test the scenario's variables"
            yield src.problem(loc, f"'{name}' is not a variable{tail}")
            continue
        choices = as_list(as_map(variables[name]).get("choice"))
        if choices:
            yield from _check_condition(src, loc, name, choices, as_map(condition))


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
            values = list(enumerate(as_list(value)))
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
                    f"'{item}' is not one of the choices of '{name}'{guess(str(item), texts)}",
                )


def _satisfies(data: dict[str, Any], requirement: str) -> bool:
    """Whether the scenario meets `requirement`; a key of the wrong type counts as met, since
    the schema pass already reported it (one root mistake, one message)."""
    support = as_map(data.get("support"))
    key = {"verify": "verify", "knowledge": "knowledge"}.get(requirement, "rules")
    if support.get(key) is not None and not isinstance(support.get(key), list):
        return True
    if requirement == "verify":
        return bool(as_list(support.get("verify")))
    if requirement == "knowledge":
        return bool(as_list(support.get("knowledge")))
    return any(as_map(r).get("action") == "refuse" for r in as_list(support.get("rules")))


def check_edge_cases(
    src: Source, data: dict[str, Any], library: EdgeCaseLibrary
) -> Iterator[Problem]:
    known = library.by_id()
    seen: set[str] = set()
    for i, case_id in enumerate(as_list(data.get("edge_cases"))):
        if not isinstance(case_id, str):
            continue
        loc = ("edge_cases", i)
        if case_id in seen:
            yield src.problem(loc, f"'{case_id}' is listed twice")
            continue
        seen.add(case_id)
        case = known.get(case_id)
        if case is None:
            yield src.problem(loc, f"unknown edge case '{case_id}'{guess(case_id, known)}")
            continue
        for requirement in case.requires:
            if not _satisfies(data, requirement):
                gap = _REQUIREMENT_GAPS[requirement]
                yield src.problem(loc, f"edge case '{case_id}' requires {requirement}, but {gap}")
