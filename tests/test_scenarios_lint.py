"""`lint`: the loader's checks returned as data, plus edge-case library files."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scenarios.edge_cases import PACKAGED
from scenarios.lint import lint
from scenarios.loader import ScenarioError, load_scenarios

DATA = Path(__file__).parent / "data"
BAD = DATA / "scenarios_bad"


def test_clean_files_give_no_problems() -> None:
    assert lint([DATA / "scenarios_good", PACKAGED]) == []


def test_lint_returns_what_loading_raises_and_checks_edge_case_libraries() -> None:
    traits = {"patience": {"low", "medium", "high"}, "tone": {"friendly"}, "language": {"en"}}
    problems = lint([BAD], traits)
    try:
        load_scenarios([BAD], traits)
    except ScenarioError as e:
        raised = e.problems
    library = BAD / "edge_case_library.yaml"
    assert [p for p in problems if p.file != str(library)] == [
        p for p in raised if p.file != str(library)
    ]
    assert [str(p) for p in problems if p.file == str(library)] == [
        f"{library}:7: edge_cases[0].incompatible_with[0]: 'whispers' does not list 'shouts' "
        "in its incompatible_with; add it there too (incompatibility goes both ways)",
        f"{library}:7: edge_cases[0].incompatible_with[1]: 'mumbles' does not list 'shouts' "
        "in its incompatible_with; add it there too (incompatibility goes both ways)",
        f"{library}:7: edge_cases[0].incompatible_with[2]: 'shouts' cannot be incompatible "
        "with itself",
        f"{library}:11: edge_cases[1].category: must be 'identity', 'emotion', 'conversation', "
        "'policy', 'security', 'language' or 'privacy', got text 'emotionn'",
        f"{library}:13: edge_cases[2].id: duplicate edge case id 'shouts' (first at edge_cases[0])",
    ]


def test_unknown_persona_value_suggests_the_closest(tmp_path: Path) -> None:
    text = (DATA / "scenarios_good" / "refund.yaml").read_text()
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("persona: {patience: [low, medium]}", "persona: {patience: [lo]}"))
    problems = lint([path], {"patience": {"low", "medium", "high"}})
    assert [str(p) for p in problems] == [
        f"{path}:21: persona.patience[0]: unknown value 'lo' for trait 'patience' "
        "(did you mean 'low'?)"
    ]
    problems = lint([path], {"patience": {"calm", "restless"}})
    assert [str(p) for p in problems] == [
        f"{path}:21: persona.patience[0]: unknown value 'lo' for trait 'patience'; "
        "values: calm, restless"
    ]


def test_lint_reports_instead_of_crashing_on_any_shape(tmp_path: Path) -> None:
    """Replace random parts of a valid scenario with values of the wrong shape: lint must
    report problems with a line, never raise."""
    base = yaml.safe_load((DATA / "scenarios_good" / "refund.yaml").read_text())
    weird: list[object] = [None, 1, 2.5, True, "{x", [], {}, [[1]], {"a": [1]}, {1: 2}, ["a", None]]
    spots = list(_locations(base))
    rng = random.Random(0)
    path = tmp_path / "s.yaml"
    for _ in range(300):
        data = copy.deepcopy(base)
        for loc in rng.sample(spots, 3):
            _replace(data, loc, copy.deepcopy(rng.choice(weird)))
        path.write_text(yaml.safe_dump(data))
        for problem in lint([path], {"patience": {"low", "medium"}}):
            assert problem.line >= 1 and problem.message, problem


def _locations(obj: object, loc: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if loc:
        yield loc
    items = (
        obj.items() if isinstance(obj, dict) else enumerate(obj) if isinstance(obj, list) else []
    )
    for key, value in items:
        yield from _locations(value, (*loc, key))


def _replace(data: Any, loc: tuple[Any, ...], value: object) -> None:
    for part in loc[:-1]:
        if not isinstance(data, dict | list):
            return
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict) or (
        isinstance(data, list) and isinstance(loc[-1], int) and loc[-1] < len(data)
    ):
        data[loc[-1]] = value
