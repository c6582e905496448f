"""The edge-case library: situations the planner mixes into conversations.

The packaged library is `scenarios/edge_cases.yaml`; a user file with the same shape can
replace it, or extend it (`load_user_edge_cases`, `convsim run --edge-cases FILE`): new ids
only, and a user case may name packaged cases in `incompatible_with` (the packaged side gets
the link back when merged, since the packaged file cannot be edited). Within one file,
incompatibilities must be declared on both sides, so whoever reads one case's entry sees
every case it excludes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.schema.problems import Problem, ScenarioError, did_you_mean
from scenarios.schema.source import Source, read_yaml
from scenarios.schema.validate import validate

__all__ = ["PACKAGED", "check_edge_case_library", "load_edge_cases", "load_user_edge_cases"]

PACKAGED = Path(__file__).with_name("edge_cases.yaml")


def _cross_checks(src: Source, data: Any, base: EdgeCaseLibrary | None = None) -> list[Problem]:
    """Unique ids and symmetric exclusions, on the raw data so they run despite schema errors.
    With `base` (the library this file extends), ids must be new and may be excluded one-way."""
    extended = base.by_id() if base is not None else {}
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
        elif case_id in extended:
            message = (
                f"edge case id '{case_id}' is already in the packaged library; give yours "
                "another id (packaged cases cannot be replaced from an extending file)"
            )
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
            elif other in extended and other not in by_id:
                continue  # a packaged case: the link back is added when the libraries merge
            elif other not in by_id:
                guess = did_you_mean(other, [*by_id, *extended])
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


def check_edge_case_library(
    src: Source, data: Any, base: EdgeCaseLibrary | None = None
) -> tuple[EdgeCaseLibrary | None, list[Problem]]:
    """Validate parsed edge-case library data: schema, unique ids, symmetric exclusions;
    with `base`, as a file extending that library (see the module docstring)."""
    if isinstance(data, dict) and isinstance(data.get("$schema"), str):
        data = {k: v for k, v in data.items() if k != "$schema"}  # an editor hint, not data
    lib, problems = validate(EdgeCaseLibrary, src, data)
    problems += _cross_checks(src, data, base)
    problems.sort(key=lambda p: p.line)
    return (lib if not problems else None), problems


def _load(path: Path, base: EdgeCaseLibrary | None = None) -> EdgeCaseLibrary:
    src = read_yaml(path, str(path))
    problems = list(src.problems)
    lib = None
    if not problems:
        lib, problems = check_edge_case_library(src, src.data, base)
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


def is_packaged(path: Path) -> bool:
    try:
        return path.resolve() == PACKAGED.resolve()
    except OSError:
        return False


def load_user_edge_cases(path: Path, base: EdgeCaseLibrary | None = None) -> EdgeCaseLibrary:
    """`base` (the packaged library by default) extended by the library at `path`.

    Raises ScenarioError with every problem, an id already in `base` among them. Packaged
    cases that a user case excludes get the user case added to their `incompatible_with`.
    """
    base = base if base is not None else _packaged()
    if not path.is_file():
        raise ScenarioError([Problem(str(path), 0, "", "no such file")])
    user = _load(path, base)
    back: dict[str, list[str]] = {}
    for case in user.edge_cases:
        for other in case.incompatible_with:
            back.setdefault(other, []).append(case.id)
    merged = [
        c.model_copy(update={"incompatible_with": [*c.incompatible_with, *back[c.id]]})
        if c.id in back
        else c
        for c in base.edge_cases
    ]
    return EdgeCaseLibrary(edge_cases=[*merged, *user.edge_cases])
