"""The deterministic checks against the labeled calibration set (bench/critic_eval.py)."""

from __future__ import annotations

import json

from simulator.calibration import CALIBRATION, CHECKABLE, GOAL_PRECISION, GOAL_RECALL, evaluate


def test_every_checkable_category_meets_the_goal() -> None:
    figures, mistakes, n = evaluate()
    assert n == 190
    assert [f.category for f in figures] == list(CHECKABLE)
    for f in figures:
        assert f.recall >= GOAL_RECALL, (f.category, mistakes)
        assert f.precision >= GOAL_PRECISION, (f.category, mistakes)


def test_the_set_is_large_enough_and_has_hard_negatives() -> None:
    text = (CALIBRATION / "transcripts.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in text.splitlines()]
    for category in CHECKABLE:
        assert sum(category in r["expected"] for r in records) >= 15, category
    clean = [r for r in records if not r["expected"]]
    assert len(clean) >= 40
    assert sum(r["note"].startswith("hard negative") for r in clean) >= 25
