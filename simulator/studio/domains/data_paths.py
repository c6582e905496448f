"""A domain's records and documents files are held to the workspace rule too.

A domain file may name its data by path (`records: orders.json`). Lint and Try read that file,
and both echo what they read (the rows in Try's conversations, the keys in lint's messages): a
domain saved with `records: ../../secrets.json` or an absolute path would show someone holding
the studio's token a file outside the workspace. So before the studio lints or runs a scenario,
each data file of its world's domain is resolved (symlinks followed) and refused when it lies
outside, with one problem at the field, as lint words one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scenarios.domains.loader import find_domain_file
from scenarios.schema.problems import Problem
from scenarios.schema.source import read_yaml

__all__ = ["outside_data"]

_DATA_FIELDS = ("records", "documents")


def outside_data(root: Path, path: Path, text: str) -> list[Problem]:
    """Problems for data files outside `root` named by the domains the scenario `text`
    (saved as if at `path`) uses; [] when it names none or its text does not parse (lint
    says why)."""
    problems: list[Problem] = []
    for world in sorted(_worlds(text)):
        domain = find_domain_file(world, path)
        if domain is None or not _inside(root, domain):
            continue  # none found (lint says so), or the built-in library's
        problems += _domain_problems(root, domain)
    return problems


def _worlds(text: str) -> set[str]:
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError, ValueError):
        return set()
    items = data if isinstance(data, list) else [data]
    return {
        str(d["world"]) for d in items if isinstance(d, dict) and isinstance(d.get("world"), str)
    }


def _domain_problems(root: Path, domain: Path) -> list[Problem]:
    src = read_yaml(domain, domain.resolve().relative_to(root).as_posix())
    tables: Any = src.data.get("tables") if isinstance(src.data, dict) else None
    if not isinstance(tables, dict):
        return []
    problems: list[Problem] = []
    for name, table in tables.items():
        if not isinstance(table, dict):
            continue
        for key in _DATA_FIELDS:
            ref = table.get(key)
            if isinstance(ref, str) and ref and not _inside(root, domain.parent / ref):
                message = (
                    f"'{ref[:200]}' is outside the workspace; the studio reads data files "
                    "inside it only: put the file in the workspace and name it from there"
                )
                problems.append(src.problem(("tables", str(name), key), message))
    return problems


def _inside(root: Path, path: Path) -> bool:
    try:
        real = path.resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL: not a readable file
        return False
    top = root.resolve()
    return real == top or top in real.parents
