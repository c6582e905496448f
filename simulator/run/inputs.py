"""Loading what a run reads (scenarios, edge cases, traits), turning failures into UserErrors.

Everything is loaded and validated once, before a run creates anything; the runner then works
on parsed models only, never re-reading a scenario per conversation.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from agents.fidelity import MatchTarget
from agents.planner import playable
from personas import TraitLibrary
from personas.library import TraitsError, load_traits
from personas.weights import apply_weights, load_weights, parse_languages, with_languages
from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.edge_cases import load_edge_cases, load_user_edge_cases
from scenarios.inputfiles import describe, missing, missing_file
from scenarios.loader import ScenarioError, builtin_library, load_scenarios
from scenarios.model import Scenario
from scenarios.schema.source import YAMLFileError, load_yaml_file
from simulator.errors import UserError

# `--edge-cases FILE` of run, test, plan and lint: a user library extending the packaged one.
EdgeCasesOption = Annotated[
    Path | None,
    typer.Option(
        "--edge-cases",
        help="Your edge-case library (YAML), added to the packaged one; ids must be new.",
        show_default=False,
    ),
]


@dataclass(frozen=True)
class Inputs:
    paths: tuple[Path, ...]
    scenarios: tuple[Scenario, ...]
    edge_cases: EdgeCaseLibrary
    traits: TraitLibrary
    edge_case_file: Path | None = None  # the user library merged into edge_cases, if any
    match: MatchTarget | None = None  # the real mix to steer towards (`run --match`)
    match_note: str = ""  # what --match matched, one line for the user


def check_paths(paths: Sequence[Path]) -> tuple[Path, ...]:
    """The scenario paths to read: the given ones (which must exist, or name a built-in
    scenario or library folder by its id) or the built-in library."""
    if not paths:
        return (builtin_library(),)
    return tuple(scenario_path(path) for path in paths)


SCENARIO_PATH_FIX = (
    "give scenario YAML files or folders, or a built-in scenario id (list them with "
    "convsim scenarios)"
)


def library_ids() -> list[str]:
    """The built-in scenarios' ids: each is its file's path under the library, no `.yaml`."""
    root = builtin_library()
    return sorted(
        p.relative_to(root).with_suffix("").as_posix()
        for p in root.rglob("*.yaml")
        if p.relative_to(root).parts[0] != "domains"
    )


def scenario_path(path: Path, flag: str = "") -> Path:
    """`path` when it exists; else the built-in scenario (`ecommerce/refund-damaged-item`) or
    library folder (`ecommerce`) it names; else a UserError that suggests the nearest id.

    A file or folder of that name on disk always wins: ids are a shorthand, not a shadow."""
    if path.exists():
        return path
    name = path.as_posix().strip("/").removesuffix(".yaml")
    root = builtin_library()
    ids = library_ids()
    if name in ids:
        return root / f"{name}.yaml"
    if name and name != "domains" and any(i.startswith(name + "/") for i in ids):
        return root / name
    guess = difflib.get_close_matches(name, ids, n=1, cutoff=0.6)
    if not guess:  # a bare scenario name, the folder left out
        guess = [i for i in ids if i.rsplit("/", 1)[-1] == name.rsplit("/", 1)[-1]][:1]
    prefix = f"{flag} " if flag else ""
    if guess:
        raise UserError(
            f"{prefix}{path}: no such file or folder, and no built-in scenario has that id; "
            f"did you mean the built-in scenario {guess[0]}? (list them with convsim scenarios)"
        )
    raise UserError(prefix + missing(path, SCENARIO_PATH_FIX))


def load_traits_or_fail() -> TraitLibrary:
    try:
        return load_traits()
    except TraitsError as exc:
        raise UserError(str(exc)) from exc


def with_persona_weights(inputs: Inputs, path: Path | None) -> Inputs:
    """`inputs` with the trait library's weights replaced by the file's (`--persona-weights`)."""
    if path is None:
        return inputs
    try:
        weights = load_weights(path, _weights_yaml)
        traits = apply_weights(inputs.traits, weights, f"--persona-weights {path}")
    except TraitsError as exc:
        raise UserError(str(exc)) from exc
    return dataclasses.replace(inputs, traits=traits)


def _weights_yaml(path: Path) -> Any:
    """A weights file read like every user YAML: bounded, never blocking on a pipe."""
    fix = "give a weights YAML (convsim learn writes persona-weights.yaml)"
    if not path.exists():
        raise UserError(f"--persona-weights {missing_file(path, fix)}")
    try:
        return load_yaml_file(path)
    except YAMLFileError as exc:
        raise UserError(f"--persona-weights {exc}") from None


def with_language_mix(inputs: Inputs, spec: str | None) -> Inputs:
    """`inputs` drawing the persona's language by `--languages` (`de`, or `en=6,es=1`)."""
    if spec is None:
        return inputs
    try:
        traits = with_languages(inputs.traits, parse_languages(spec), f"--languages {spec}")
    except TraitsError as exc:
        raise UserError(str(exc)) from exc
    return dataclasses.replace(inputs, traits=traits)


def with_match(inputs: Inputs, path: Path | None) -> Inputs:
    """`inputs` steered towards the real mix in the logs at `path` (`--match`): the trait
    library's weights replaced by those measured there, the scenario shares set."""
    if path is None:
        return inputs
    # Imported here: scikit-learn would otherwise load in every run.
    from simulator.validation.match import match_target

    matched = match_target(path, inputs.scenarios)
    try:
        traits = apply_weights(inputs.traits, matched.target.traits, f"--match {path}")
    except TraitsError as exc:
        raise UserError(str(exc)) from exc
    return dataclasses.replace(inputs, traits=traits, match=matched.target, match_note=matched.note)


def load_edge_case_library(path: Path | None) -> EdgeCaseLibrary:
    """The packaged edge cases, extended by the user's library at `path` (`--edge-cases`)."""
    if path is not None and not path.is_file():
        fix = "give an edge-case library YAML"
        raise UserError(f"--edge-cases {describe(path, fix) or f'{path}: no such file; {fix}'}")
    try:
        library = load_edge_cases()
        return library if path is None else load_user_edge_cases(path, library)
    except ScenarioError as exc:
        raise UserError([str(p) for p in exc.problems] or [str(exc)]) from exc


def load_inputs(paths: Sequence[Path], edge_case_file: Path | None = None) -> Inputs:
    checked = check_paths(paths)
    traits = load_traits_or_fail()
    edge_cases = load_edge_case_library(edge_case_file)
    try:
        scenarios = load_scenarios(checked, traits=traits.names(), edge_cases=edge_cases)
    except ScenarioError as exc:
        raise UserError([str(p) for p in exc.problems] or [str(exc)]) from exc
    if not scenarios:
        where = ", ".join(str(p) for p in checked)
        raise UserError(
            f"{where}: no scenario files found; add a .yaml scenario or give another path"
        )
    ordered = tuple(sorted(scenarios, key=lambda s: s.id))
    return Inputs(checked, ordered, edge_cases, traits, edge_case_file)


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


def check_scripted_behaviors(inputs: Inputs, customer: str) -> None:
    """A user edge case the scripted customer cannot enact is refused before the run starts
    (an LLM customer acts from the description, so any behaviour name is fine there)."""
    if inputs.edge_case_file is None or customer != "scripted":
        return
    from agents.scripted import UnknownBehaviorError, check_behaviors

    try:
        check_behaviors(inputs.edge_cases.edge_cases)
    except UnknownBehaviorError as exc:
        raise UserError(f"--edge-cases {inputs.edge_case_file}: {exc}") from exc


def check_languages_played(inputs: Inputs, engines: Collection[str] | None, spec: str) -> None:
    """--languages must name a language some scenario can be played in (else it would be
    ignored: a conversation is held in a language its scenario has lines in)."""
    wanted = [c for c, w in (inputs.traits.language_weights or {}).items() if w > 0]
    can: set[str] = set()
    for scenario in inputs.scenarios:
        can |= set(playable(scenario, scenario.persona, engines).get("language", wanted))
    if not can & set(wanted):
        have = ", ".join(sorted(can)) or "none"
        raise UserError(
            f"--languages {spec}: no scenario here can be played in {', '.join(sorted(wanted))} "
            f"with these engines (they play: {have}); pick among those"
        )
