"""Loading what a run reads (scenarios, edge cases, traits), turning failures into UserErrors.

Everything is loaded and validated once, before a run creates anything; the runner then works
on parsed models only, never re-reading a scenario per conversation.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from personas import TraitLibrary
from personas.library import TraitsError, load_traits
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import ScenarioError, builtin_library, load_scenarios
from scenarios.model import EdgeCaseLibrary, Scenario
from simulator.errors import UserError


@dataclass(frozen=True)
class Inputs:
    paths: tuple[Path, ...]
    scenarios: tuple[Scenario, ...]
    edge_cases: EdgeCaseLibrary
    traits: TraitLibrary


def check_paths(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The scenario paths to read: the given ones (which must exist) or the built-in library."""
    if not paths:
        return (builtin_library(),)
    for path in paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder; give scenario YAML files or folders")
    return tuple(paths)


def load_traits_or_fail() -> TraitLibrary:
    try:
        return load_traits()
    except TraitsError as exc:
        raise UserError(str(exc)) from exc


def load_inputs(paths: Sequence[Path]) -> Inputs:
    checked = check_paths(paths)
    traits = load_traits_or_fail()
    try:
        edge_cases = load_edge_cases()
        scenarios = load_scenarios(checked, traits=traits.names(), edge_cases=edge_cases)
    except ScenarioError as exc:
        raise UserError([str(p) for p in exc.problems] or [str(exc)]) from exc
    if not scenarios:
        where = ", ".join(str(p) for p in checked)
        raise UserError(
            f"{where}: no scenario files found; add a .yaml scenario or give another path"
        )
    return Inputs(checked, tuple(sorted(scenarios, key=lambda s: s.id)), edge_cases, traits)


def content_hash(*models: object) -> str:
    """A stable hash of pydantic models (or lists of them) by their canonical JSON."""
    digest = hashlib.blake2b(digest_size=16)
    for model in models:
        digest.update(json.dumps(_plain(model), sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _plain(value: object) -> object:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
