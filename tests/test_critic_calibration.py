"""The deterministic checks against the labeled calibration set (bench/critic_eval.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from simulator.quality.calibration import (
    CALIBRATION,
    CHECKABLE,
    GOAL_PRECISION,
    GOAL_RECALL,
    HELDOUT,
    evaluate,
)

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench_module(name: str) -> ModuleType:
    """bench/ holds scripts, not a package: load the set's generators from their files."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


calibration_set = _bench_module("calibration_set")
calibration_heldout = _bench_module("calibration_heldout")

NEW = ("verbosity_drift", "quirk_drift", "ended_early", "rescued_support")


def test_every_checkable_category_meets_the_goal() -> None:
    figures, mistakes, n = evaluate()
    assert n == 285
    assert [f.category for f in figures] == list(CHECKABLE)
    for f in figures:
        assert f.recall >= GOAL_RECALL, (f.category, mistakes)
        assert f.precision >= GOAL_PRECISION, (f.category, mistakes)


def test_the_set_is_large_enough_and_has_hard_negatives() -> None:
    records = [
        json.loads(line)
        for path in sorted(CALIBRATION.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    for category in CHECKABLE:
        assert sum(category in r["expected"] for r in records) >= 15, category
    for category in NEW:
        assert sum(category in r["expected"] for r in records) >= 16, category
    clean = [r for r in records if not r["expected"]]
    assert len(clean) >= 70
    assert sum(r["note"].startswith("hard negative") for r in clean) >= 55


def test_the_generated_files_are_what_the_scripts_write() -> None:
    """The behaviour records are audited in the scripts; the files must match them."""
    for records, path in (
        (calibration_set.build(), calibration_set.OUT),
        (calibration_heldout.build(), HELDOUT / "transcripts.jsonl"),
    ):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == records


def test_held_out_figures() -> None:
    """Written after the checks were final; these are the figures the README reports."""
    figures, mistakes, n = evaluate(HELDOUT)
    assert n == 58
    by = {f.category: f for f in figures}
    for category in NEW:
        assert (by[category].precision, by[category].recall) == (1.0, 1.0), category
    # Act-less support acting before verification is read from its text (it was left unjudged
    # before the support-side checks): held-051 is caught.
    assert mistakes == []
