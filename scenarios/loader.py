"""Load scenario files, reporting every problem in every file at once.

A scenario is checked in four passes over the same parsed file: YAML (syntax, duplicate
keys), the schema (`scenarios.model`, with messages rewritten for authors), references
between fields (`scenarios.schema.references`: templates, facts, knowledge ids, edge cases, persona
traits) and, for a scenario with a `world`, references into its domain
(`scenarios.domains.checks`). Files in a folder named `domains` are domain files
(`scenarios.domains.loader`), checked the same way. The reference pass reads the raw data
defensively, so it still runs when the schema pass found mistakes elsewhere in the file.
Every problem is `file:line: field: message`.

The built-in library is loaded exactly like a user's folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from scenarios.domains.checks import check_world
from scenarios.domains.loader import is_domain_file, read_domain
from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.edge_cases import check_edge_case_library, is_packaged, load_edge_cases
from scenarios.inputfiles import what_it_is
from scenarios.model import Scenario
from scenarios.schema.problems import Problem, ScenarioError
from scenarios.schema.references import check_references, check_variables_draw
from scenarios.schema.source import Source, read_yaml
from scenarios.schema.validate import validate

__all__ = [
    "SUFFIXES",
    "Problem",
    "ScenarioError",
    "builtin_library",
    "collect",
    "discover",
    "load_scenarios",
]

SUFFIXES = (".yaml", ".yml")
SCHEMA_KEY = "$schema"


def builtin_library() -> Path:
    """The folder of packaged scenarios."""
    return Path(__file__).with_name("library")


def _files_under(folder: Path, skipped: list[tuple[str, str]] | None = None) -> Iterator[Path]:
    """The YAML files under `folder`; a YAML name that is not a regular file (a FIFO, a
    device, a symlink to one or to nothing) or a symlink to a file outside `folder` is left
    out and, given `skipped`, named there as (path under the folder, what it is). A folder
    walk reads only the folder's own files: a link to /etc/passwd is not a scenario someone
    meant to hand over (named directly, a file is read wherever it lies)."""
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).parts
        if any(part.startswith(".") for part in rel):
            continue
        if path.suffix not in SUFFIXES:
            continue
        if path.is_file():
            target = path.resolve()
            if target.is_relative_to(root):
                yield path
            elif skipped is not None:
                shown = os.readlink(path) if path.is_symlink() else str(target)
                skipped.append(
                    (str(path.relative_to(folder)), f"a symlink to {shown}, outside {folder}")
                )
        elif skipped is not None and not path.is_dir():
            what = what_it_is(path) if path.exists() else "is a symlink to nothing"
            what = what.removeprefix("is ").removesuffix(", not a regular file")
            skipped.append((str(path.relative_to(folder)), what))


def _skipped_message(what: str) -> str:
    if ", outside " in what and what.startswith("a symlink to "):
        return (
            f"{what}: lint and run read only the files inside a folder; copy the file into "
            "the folder, or name it on the command line"
        )
    return f"{what}, not a regular file: lint and run read only YAML files"


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The scenario files named by `paths` (folders searched recursively, sorted), each once."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            skipped: list[tuple[str, str]] = []
            found = list(_files_under(path, skipped))
            if not found:
                why = f"no scenario files (*.yaml, *.yml) under {path}"
                if skipped:  # named, or a FIFO called s.yaml leaves the reader guessing
                    shown = "; ".join(f"{n}: {w}" for n, w in skipped[:5])
                    shown += " ..." if len(skipped) > 5 else ""
                    out = any(", outside " in w for _, w in skipped)
                    kinds = "not regular files" + (" or links out of it" if out else "")
                    why += f" (skipped, {kinds}: {shown})"
                problems.append(Problem(str(path), 0, "", why))
            else:  # each YAML name it cannot read is a problem of its own, never a silent skip
                for name, what in skipped:
                    problems.append(Problem(str(path / name), 0, "", _skipped_message(what)))
        elif path.is_file():
            if path.suffix not in SUFFIXES:
                problems.append(Problem(str(path), 0, "", "not a YAML file (*.yaml, *.yml)"))
                continue
            found = [path]
        elif path.exists():  # a FIFO would block the read, a device never end it
            message = f"{what_it_is(path)}; give a YAML file"
            problems.append(Problem(str(path), 0, "", message, refused=True))
            continue
        else:
            problems.append(Problem(str(path), 0, "", "no such file or directory"))
            continue
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, problems


def is_edge_case_library(data: Any) -> bool:
    """A file whose only content is a list of edge cases (plus an optional `$schema`)."""
    return (
        isinstance(data, dict)
        and "edge_cases" in data
        and set(data) <= {"edge_cases", SCHEMA_KEY}
        and isinstance(data["edge_cases"], list)
        and all(isinstance(item, dict) for item in data["edge_cases"])
    )


def _strip_schema_key(src: Source, data: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """Editors may point a file at its JSON Schema with a `$schema` key; it is not data."""
    if SCHEMA_KEY not in data:
        return data, []
    rest = {k: v for k, v in data.items() if k != SCHEMA_KEY}
    if isinstance(data[SCHEMA_KEY], str):
        return rest, []
    return rest, [src.problem((SCHEMA_KEY,), "expected text: a path or URL to the JSON Schema")]


def check_scenario(
    src: Source,
    traits: Mapping[str, set[str]] | None,
    edge_cases: EdgeCaseLibrary,
) -> tuple[Scenario | None, list[Problem]]:
    """Validate one parsed scenario file: the schema, then references between fields."""
    if src.data is None:
        return None, [Problem(src.file, 1, "", "empty file; a scenario is a mapping of keys")]
    if not isinstance(src.data, dict):
        got = "a list" if isinstance(src.data, list) else "a single value"
        return None, [Problem(src.file, 1, "", f"expected a mapping of scenario keys, got {got}")]
    data, problems = _strip_schema_key(src, src.data)
    scenario, schema_problems = validate(Scenario, src, data)
    problems += schema_problems
    problems += check_references(src, data, traits, edge_cases)
    if scenario is not None and not problems:
        problems += check_world(src, scenario, Path(src.file))[1]
    if scenario is not None and not problems:
        problems += check_variables_draw(src, scenario)
    return (scenario if not problems else None), problems


def collect(
    paths: Sequence[Path],
    traits: Mapping[str, set[str]] | None = None,
    edge_cases: EdgeCaseLibrary | None = None,
    *,
    allow_edge_case_libraries: bool = False,
) -> tuple[list[Scenario], list[Problem]]:
    """Scenarios that are valid, and every problem found, in file order.

    With `allow_edge_case_libraries`, a file holding only `edge_cases:` is checked as an
    edge-case library (what the linter does) instead of being reported as not a scenario.
    """
    library = edge_cases if edge_cases is not None else load_edge_cases()
    files, problems = discover(paths)
    scenarios: list[Scenario] = []
    first_ids: dict[str, str] = {}  # scenario id -> file:line where it was first seen
    reported: set[Problem] = set()  # a domain's problems, once however many files use it
    for path in files:
        if is_domain_file(path):
            problems += [p for p in read_domain(path)[1] if p not in reported]
            reported.update(problems)
            continue
        src = read_yaml(path, str(path))
        found = list(src.problems)
        if src.data is None and src.problems:  # unreadable or malformed YAML
            problems += found
            continue
        if is_edge_case_library(src.data):
            if allow_edge_case_libraries:
                data, extra = _strip_schema_key(src, src.data)
                # A user library file extends the packaged one (scenarios/edge_cases.py).
                base = None if is_packaged(path) else load_edge_cases()
                found += extra + check_edge_case_library(src, data, base)[1]
            else:
                found.append(
                    src.problem(("edge_cases",), "this is an edge-case library, not a scenario")
                )
            problems += sorted(found, key=lambda p: p.line)
            continue
        if isinstance(src.data, dict) and set(src.data) == {"weights"}:
            # Persona weights (`convsim learn` writes them beside its draft; read by
            # --persona-weights): not a scenario, and no scenario has only this key.
            continue
        if isinstance(src.data, dict) and "tables" in src.data and "customer" not in src.data:
            message = "this looks like a domain file: put it in a folder named domains/"
            problems.append(src.problem(("tables",), message + " (domains/<name>.yaml)"))
            continue
        scenario, more = check_scenario(src, traits, library)
        found += more
        sid = src.data.get("id") if isinstance(src.data, dict) else None
        if isinstance(sid, str):
            where = f"{src.file}:{src.line(('id',))}"
            if sid in first_ids:
                message = f"duplicate scenario id '{sid}' (first in {first_ids[sid]})"
                found.append(src.problem(("id",), message))
                scenario = None
            else:
                first_ids[sid] = where
        fresh = [p for p in found if p not in reported]
        reported.update(fresh)
        problems += sorted(fresh, key=lambda p: (p.file != src.file, p.file, p.line))
        if scenario is not None and not found:
            scenarios.append(scenario)
    return scenarios, problems


def load_scenarios(
    paths: Sequence[Path],
    traits: Mapping[str, set[str]] | None = None,
    edge_cases: EdgeCaseLibrary | None = None,
) -> list[Scenario]:
    """Every scenario under `paths`; raises ScenarioError listing all problems if any."""
    scenarios, problems = collect(paths, traits, edge_cases)
    if problems:
        raise ScenarioError(problems)
    return scenarios
