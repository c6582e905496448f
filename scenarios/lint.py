"""`convsim lint`: every problem in scenario files and edge-case libraries, as data.

The same checks as loading (one code path, so lint passing means the run will load), but the
problems are returned instead of raised. A file whose only top-level key is `edge_cases` is
checked as an edge-case library (schema, unique ids, symmetric incompatibilities); scenarios
are checked against the packaged edge-case library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from scenarios.edge_cases import load_edge_cases, load_user_edge_cases
from scenarios.loader import collect, discover
from scenarios.schema.problems import Problem, ScenarioError
from scenarios.schema.source import read_yaml

__all__ = ["lint", "lint_warnings"]


def lint(
    paths: Sequence[Path],
    traits: Mapping[str, set[str]] | None = None,
    edge_cases: Path | None = None,
) -> list[Problem]:
    """All problems under `paths`, in file order; empty when everything is valid. With
    `edge_cases`, scenarios may use the cases of that user library (extending the packaged)."""
    try:
        library = load_edge_cases()
        if edge_cases is not None:
            library = load_user_edge_cases(edge_cases, library)
    except ScenarioError as e:  # a broken library is itself a lint finding
        return e.problems
    return collect(paths, traits, library, allow_edge_case_libraries=True)[1]


def lint_warnings(paths: Sequence[Path]) -> list[Problem]:
    """What is legal but likely not meant, in every YAML file under `paths` (scenarios,
    domains, edge-case libraries): unquoted values YAML 1.1 and 1.2 read differently. Kept
    apart from `lint` so that nothing that loads files mistakes a warning for an error."""
    return [w for path in discover(paths)[0] for w in read_yaml(path, str(path)).warnings]
