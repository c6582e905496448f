"""The critic in `convsim run`: a run-level rubric, recorded in the run's fingerprint."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from simulator.cli import app


def run(out: Path, *extra: str) -> tuple[int, str]:
    args = ["run", "--n", "6", "--seed", "5", "--out", str(out), "--quiet", *extra]
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stderr


def test_run_rubric_changes_verdicts_and_the_fingerprint(tmp_path: Path) -> None:
    rubric = tmp_path / "strict.yaml"
    rubric.write_text("verdict: {review_when_unjudged: true}\n")
    out = tmp_path / "run"
    assert run(out, "--rubric", str(rubric)) == (0, "")
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    # Offline, correctness and courtesy are unjudged, so this policy reviews every conversation.
    assert {r["verdict"]["label"] for r in records} == {"REVIEW"}
    assert all(r["verdict"]["unjudged"][-2:] == ["correctness", "courtesy"] for r in records)
    engines = json.loads((out / "manifest.json").read_text())["engines"]
    assert engines["critic"].startswith("rules+rubric:")
    code, err = run(out)  # the same run without the rubric is another run
    assert code == 2 and "engines" in err and "--force" in err


def test_bad_run_rubric_is_one_line(tmp_path: Path) -> None:
    rubric = tmp_path / "bad.yaml"
    rubric.write_text("dimensions: {policy: {sourc: judge}}\n")
    code, err = run(tmp_path / "run", "--rubric", str(rubric))
    assert code == 2
    assert err == (
        f"convsim: error: --rubric {rubric}: dimensions.policy.sourc: Extra inputs are not "
        "permitted; see the RubricPatch/Rubric shape in scenarios/rubric.py\n"
    )
    assert not (tmp_path / "run").exists()
