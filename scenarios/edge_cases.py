"""The edge-case library: situations the planner mixes into conversations.

The packaged library is `scenarios/edge_cases.yaml`; a user file with the same shape can
replace it. Incompatibilities must be declared on both sides, so whoever reads one case's
entry sees every case it excludes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from scenarios.model import EdgeCaseLibrary
from scenarios.schema.problems import Problem, ScenarioError, did_you_mean
from scenarios.schema.source import Source, read_yaml
from scenarios.schema.validate import validate

__all__ = ["PACKAGED", "check_edge_case_library", "load_edge_cases"]

PACKAGED = Path(__file__).with_name("edge_cases.yaml")


def _cross_checks(src: Source, data: Any) -> list[Problem]:
    """Unique ids and symmetric exclusions, on the raw data so they run despite schema errors."""
    items = data.get("edge_cases") if isinstance(data, dict) else None
    cases = [c if isinstance(c, dict) else {} for c in (items if isinstance(items, list) else [])]
    problems: list[Problem] = []
    by_id: dict[str, dict[str, Any]] = {}
    first: dict[str, int] = {}
    for i, case in enumerate(cases):
        case_id = case.get("id")
        if not isinstance(case_id, str):
            continue
        if case_id in first:
            message = f"duplicate edge case id '{case_id}' (first at edge_cases[{first[case_id]}])"
            problems.append(src.problem(("edge_cases", i, "id"), message))
        else:
            first[case_id] = i
            by_id[case_id] = case
    for i, case in enumerate(cases):
        case_id = case.get("id")
        others = case.get("incompatible_with")
        if not isinstance(case_id, str) or by_id.get(case_id) is not case:
            continue
        for j, other in enumerate(others if isinstance(others, list) else []):
            loc = ("edge_cases", i, "incompatible_with", j)
            if not isinstance(other, str):
                continue
            back = by_id[other].get("incompatible_with") if other in by_id else None
            if other == case_id:
                problems.append(src.problem(loc, f"'{other}' cannot be incompatible with itself"))
            elif other not in by_id:
                guess = did_you_mean(other, by_id)
                tail = f" (did you mean '{guess}'?)" if guess else ""
                problems.append(src.problem(loc, f"unknown edge case '{other}'{tail}"))
            elif not isinstance(back, list) or case_id not in back:
                problems.append(
                    src.problem(
                        loc,
                        f"'{other}' does not list '{case_id}' in its incompatible_with; "
                        f"add it there too (incompatibility goes both ways)",
                    )
                )
    return problems


def check_edge_case_library(src: Source, data: Any) -> tuple[EdgeCaseLibrary | None, list[Problem]]:
    """Validate parsed edge-case library data: schema, unique ids, symmetric exclusions."""
    if isinstance(data, dict) and isinstance(data.get("$schema"), str):
        data = {k: v for k, v in data.items() if k != "$schema"}  # an editor hint, not data
    lib, problems = validate(EdgeCaseLibrary, src, data)
    problems += _cross_checks(src, data)
    problems.sort(key=lambda p: p.line)
    return (lib if not problems else None), problems


def _load(path: Path) -> EdgeCaseLibrary:
    src = read_yaml(path, str(path))
    problems = list(src.problems)
    lib = None
    if not problems:
        lib, problems = check_edge_case_library(src, src.data)
    if lib is None:
        raise ScenarioError(problems or [Problem(str(path), 1, "", "empty edge-case library")])
    return lib


@lru_cache(maxsize=1)
def _packaged() -> EdgeCaseLibrary:
    return _load(PACKAGED)


def load_edge_cases(path: Path | None = None) -> EdgeCaseLibrary:
    """The packaged library (cached), or the library at `path`; raises ScenarioError."""
    if path is None:
        return _packaged()
    if not path.is_file():
        raise ScenarioError([Problem(str(path), 0, "", "no such file")])
    return _load(path)
