"""Near-duplicate removal: planted copies are found, distinct conversations are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_export_fixtures import accepted, edit, make_run
from typer.testing import CliRunner

from simulator.cli import app
from simulator.export.dedup import Duplicate, jaccard, near_duplicates, shingles

# Records with criteria only a judge decides are kept: these tests are about the formats.
EXPORT = ("export", "--keep-undecided")

BASE = (
    "Hi, my Nimbus earbuds arrived with a cracked case and I would like a refund please. "
    "Could I get your order number to start? Sure, it is ORD-123456. Thanks, I found the order "
    "and the refund of 89 dollars goes back to your card within 5 to 7 business days."
)


def test_shingles_are_word_trigrams_case_and_punctuation_blind() -> None:
    assert shingles("Hello, THERE big world") == frozenset({"hello there big", "there big world"})
    assert shingles("hi there") == frozenset({"hi there"})
    assert jaccard(shingles("a b c d"), shingles("a b c e")) == pytest.approx(1 / 3)


def test_planted_near_duplicates_are_dropped_and_the_first_is_kept() -> None:
    items = [
        ("a", BASE),
        ("b", "My internet has been down since Monday and the router shows a red light."),
        ("c", BASE.replace("ORD-123456", "ORD-654321")),  # same conversation, other order id
        ("d", BASE.upper()),  # same words, other case
    ]
    found = near_duplicates(items, threshold=0.8)
    assert [d.id for d in found] == ["c", "d"]
    assert found[1] == Duplicate("d", "a", 1.0)
    assert found[0].of == "a" and 0.8 <= found[0].similarity < 1.0


def test_threshold_is_configurable() -> None:
    items = [("a", BASE), ("c", BASE.replace("ORD-123456", "ORD-654321"))]
    similarity = near_duplicates(items, threshold=0.5)[0].similarity
    assert near_duplicates(items, threshold=min(1.0, similarity + 0.01)) == []
    with pytest.raises(ValueError, match="threshold 0: give a similarity above 0"):
        near_duplicates(items, threshold=0)


def test_export_drops_a_planted_copy_and_says_so(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path / "run", n=20, seed=4)
    first, second = accepted(run_dir)[:2]
    copied = [dict(t) for t in first["turns"]]
    copied[0] = {**copied[0], "content": copied[0]["content"] + " Thanks."}

    def plant(record: dict) -> None:  # the same customer, nearly the same words
        record.update(turns=copied, persona=first["persona"], variables=first["variables"])

    edit(run_dir, second["id"], plant)
    out = tmp_path / "d.jsonl"
    result = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "dropped 1: near-duplicate" in result.stdout
    assert f"{second['id']} repeats {first['id']} (similarity 0.9" in result.stdout
    kept = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert first["id"] in kept and second["id"] not in kept
    result = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out), "--no-dedup"])
    assert second["id"] in [json.loads(line)["id"] for line in out.read_text().splitlines()]
    result = CliRunner().invoke(
        app,
        [*EXPORT, str(run_dir), "--out", str(out), "--dedup-threshold", "1"],
    )
    assert "near-duplicate" not in result.stdout
