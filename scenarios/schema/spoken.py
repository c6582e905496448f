"""What a scenario says: the fields whose lines are spoken (openings, knowledge answers, rule
and beat lines) and every templated string, with the checks on them: templates use defined
variables, and every spoken field is given in the same languages so the scripted engine can
play each language the file gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scenarios.model import BUILTIN_VARIABLES
from scenarios.schema.problems import Loc, Problem, did_you_mean
from scenarios.schema.shapes import as_list, as_map
from scenarios.schema.source import Source
from scenarios.templates import scan

__all__ = ["check_languages", "check_templates", "languages_of", "spoken"]


def _lines(value: Any) -> Iterator[tuple[Loc, Any]]:
    """The texts of a list, or of a language code -> list mapping, with their sub-locations."""
    if isinstance(value, dict):
        for code, lines in value.items():
            for i, text in enumerate(as_list(lines)):
                yield (code, i), text
    else:
        for i, text in enumerate(as_list(value)):
            yield (i,), text


def spoken(data: dict[str, Any]) -> Iterator[tuple[Loc, Any]]:
    """The fields whose lines are spoken, each with its location and value as written."""
    customer = as_map(data.get("customer"))
    support = as_map(data.get("support"))
    yield ("customer", "openings"), customer.get("openings")
    for i, item in enumerate(as_list(support.get("knowledge"))):
        yield ("support", "knowledge", i, "answer"), as_map(item).get("answer")
    for i, rule in enumerate(as_list(support.get("rules"))):
        yield ("support", "rules", i, "say"), as_map(rule).get("say")
        if as_map(rule).get("confirm") is not None:
            yield ("support", "rules", i, "confirm"), as_map(rule).get("confirm")
    for i, beat in enumerate(as_list(data.get("flow"))):
        yield ("flow", i, "say"), as_map(beat).get("say")


def languages_of(data: dict[str, Any]) -> set[str]:
    """The languages the spoken fields are given in (a plain list is English)."""
    found: set[str] = set()
    for _loc, value in spoken(data):
        if isinstance(value, dict):
            found |= {str(k) for k in value}
        elif value is not None:
            found.add("en")
    return found


def _templates(data: dict[str, Any]) -> Iterator[tuple[Loc, Any]]:
    """Every templated string of a scenario with its location."""
    customer = as_map(data.get("customer"))
    goal = customer.get("goal")
    for code, text in goal.items() if isinstance(goal, dict) else [((), goal)]:
        yield ("customer", "goal", *((code,) if code != () else ())), text
    for fact, value in as_map(customer.get("knows")).items():
        if isinstance(value, dict):
            for code, text in value.items():
                yield ("customer", "knows", fact, code), text
        else:
            yield ("customer", "knows", fact), value
    for loc, value in spoken(data):
        for sub, text in _lines(value):
            yield (*loc, *sub), text
    for i, rule in enumerate(as_list(as_map(data.get("support")).get("rules"))):
        if isinstance(as_map(rule).get("offer"), str):
            yield ("support", "rules", i, "offer"), as_map(rule)["offer"]


def check_languages(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    """Every spoken field in the same languages, so the scripted engine can play each one
    the file gives (a plain list is English)."""
    fields = [(loc, value) for loc, value in spoken(data) if value is not None]
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
    yield from _goal_languages(src, as_map(data.get("customer")).get("goal"), every)
    allowed = as_map(data.get("persona")).get("language")
    if isinstance(allowed, list) and every and not any(x in every for x in allowed):
        yield src.problem(
            ("persona", "language"),
            f"allows {', '.join(map(str, allowed))} but the lines are in "
            f"{', '.join(sorted(every, key=str))}; add lines in that language or widen the "
            "constraint",
        )


def _goal_languages(src: Source, goal: Any, every: set[str]) -> Iterator[Problem]:
    """A goal given per language ({en: ..., de: ...}) is given in every language the lines
    are in, and only in those (a plain text is the goal in every language)."""
    if not isinstance(goal, dict) or not goal:
        return
    lines = every or {"en"}
    missing = sorted(lines - {str(k) for k in goal})
    if missing:
        yield src.problem(
            ("customer", "goal"),
            f"no goal in {', '.join(missing)}, which the lines are in; add it (or give one "
            "text for every language)",
        )
    for code in goal:
        if str(code) not in lines:
            yield src.problem(
                ("customer", "goal", code),
                f"'{code}': no other field has lines in it (they are in "
                f"{', '.join(sorted(lines))}); add them, or remove this goal",
            )


def check_templates(src: Source, data: dict[str, Any]) -> Iterator[Problem]:
    variables = set(as_map(data.get("variables")))
    available = variables | BUILTIN_VARIABLES
    for loc, text in _templates(data):
        if not isinstance(text, str):
            continue
        names, malformed = scan(text)
        for message in malformed:
            yield src.problem(loc, message)
        for name in names:
            if name not in available:
                guess = did_you_mean(name, available)
                tail = f" (did you mean '{guess}'?)" if guess else "; define it under variables"
                yield src.problem(loc, f"unknown variable '{name}'{tail}")
