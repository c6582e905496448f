"""`convsim grade` asks no more of a record than the transcript contract: an outcome with
`status` and `reason` only and a persona without convsim's id are graded; a record that does
not say which of several --scenario scenarios it is, or whose id is a list, is one clear line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests/data/calibration/scenarios"
TURNS = [
    {"role": "customer", "content": "My parcel never arrived, order ORD-10442."},
    {"role": "support", "content": "Sorry about that. I have sent a replacement today."},
    {"role": "customer", "content": "Great, thanks!"},
]


def grade(tmp_path: Path, *records: dict[str, Any], args: tuple[str, ...] = ()) -> Result:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records))
    return CliRunner().invoke(app, ["grade", str(src), "--out", str(tmp_path / "g.jsonl"), *args])


def graded(tmp_path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (tmp_path / "g.jsonl").read_text().splitlines()]


def test_an_outcome_without_ended_by_and_a_persona_without_id_are_graded(
    tmp_path: Path,
) -> None:
    record = {
        "id": "log-1",
        "turns": TURNS,
        "outcome": {"status": "resolved", "reason": "the customer thanked support"},
        "persona": {"tone": "friendly", "identity": {"name": "Ada Lovelace"}},
    }
    result = grade(tmp_path, record, {**record, "id": 7, "persona": {"patience": "low"}})
    assert result.exit_code == 0, result.output
    out = graded(tmp_path)
    assert [r["id"] for r in out] == ["log-1", 7]
    assert all(r["verdict"]["label"] in ("ACCEPT", "REVIEW", "REJECT") for r in out)
    assert out[0]["outcome"] == record["outcome"]  # the record keeps its own fields


def test_records_that_cannot_be_placed_are_one_clear_line(tmp_path: Path) -> None:
    result = grade(
        tmp_path,
        {"turns": TURNS, "scenario_id": "calibration/refund"},
        {"turns": TURNS},
        {"id": ["a", "b"], "turns": TURNS, "scenario_id": "calibration/refund"},
        {
            "turns": TURNS,
            "outcome": {"status": "won", "reason": "x"},
            "scenario_id": "calibration/refund",
        },
        args=("--scenario", str(SCENARIOS)),
    )
    assert result.exit_code == 1
    src = tmp_path / "in.jsonl"
    assert result.stderr.splitlines() == [
        f"convsim: skipped {src}:2: no scenario_id; --scenario gave 3 scenarios "
        "(calibration/lost-card, calibration/outage, calibration/refund), so each record names its "
        "own with scenario_id",
        f"convsim: skipped {src}:3: id: expected text or a number, got list",
        f"convsim: skipped {src}:4: outcome: status: Input should be 'resolved', 'escalated', "
        "'abandoned', 'max_turns' or 'error'",
    ]
    assert len(graded(tmp_path)) == 1
