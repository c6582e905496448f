"""`convsim fork` on a run whose manifest.json is gone or damaged: it says so, and the fix
it gives (the run's own command again) works (outsider 20 #17: the scenarios were blamed)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from simulator.cli import app

SCENARIO = Path(__file__).resolve().parent / "data" / "bots" / "refund.yaml"


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_fork_names_a_missing_or_damaged_manifest_and_the_fix_works(tmp_path: Path) -> None:
    run = tmp_path / "run"
    make = ("run", SCENARIO, "--n", "1", "--seed", "3", "--out", run)
    assert cli(*make).exit_code == 0
    cid = json.loads((run / "transcripts.jsonl").read_text().splitlines()[0])["id"]
    fork = ("fork", run, "--id", cid, "--at", "1", "--n", "1")
    fix = (
        "and it is what says where the run's scenarios are; run the command that made the run "
        "again with the same --out (it resumes the run and writes manifest.json anew), then fork"
    )
    (run / "manifest.json").unlink()
    missing = cli(*fork)
    assert (missing.exit_code, missing.stderr) == (
        2, f"convsim: error: {run}/manifest.json: missing, {fix}\n"
    )  # fmt: skip
    (run / "manifest.json").write_text("[]")
    damaged = cli(*fork)
    wrong = "not as convsim wrote it (no config.paths)"
    assert (damaged.exit_code, damaged.stderr) == (
        2, f"convsim: error: {run}/manifest.json: {wrong}, {fix}\n"
    )  # fmt: skip
    (run / "manifest.json").unlink()
    assert cli(*make).exit_code == 0
    assert cli(*fork).exit_code == 0
