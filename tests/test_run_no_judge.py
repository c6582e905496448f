"""`convsim run --no-judge` means what `convsim test --no-judge` means: no judge model grades
this, the scenarios' `judge:` criteria are named as not graded (summary, manifest) and left out
of the decision, and whatever a deterministic check could not decide stays undecided. `export`
reads the choice back from the manifest; a run without it stays honest (its judge criteria are
undecided, and the ACCEPT filter drops them). `validate` reads no verdict, so it has no such
flag."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_ID = "example/refund-damaged-order"  # examples/scenarios/refund-damaged-order.yaml


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True, text=True, cwd=ROOT, timeout=600, env={"COLUMNS": "200",
        "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def judged(tmp_path: Path) -> Path:
    """The example scenario with a judge criterion, as every library scenario has."""
    text = (ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml").read_text()
    extra = "  - {id: polite_close, judge: Support closes politely.}\n"
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "judged.yaml").write_text(text.replace("success:\n", "success:\n" + extra, 1))
    return folder


def exported(run: Path, out: Path) -> tuple[int, str]:
    done = convsim("export", run, "--format", "openai", "--out", out)
    assert done.returncode == 0, done.stderr
    return len(out.read_text().splitlines()), done.stdout


def test_run_no_judge_names_the_judge_criteria_and_export_keeps_those_accepts(
    tmp_path: Path,
) -> None:
    folder = judged(tmp_path)
    with_flag = convsim("run", folder, "--n", "8", "--seed", "3", "--out", tmp_path / "a",
                        "--quiet", "--no-judge")  # fmt: skip
    assert with_flag.returncode == 0, with_flag.stderr
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in with_flag.stdout.splitlines() if line.count("│") == 3}  # fmt: skip
    accepted = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert accepted["config"]["no_judge"] is True
    assert accepted["config"]["judge_criteria_not_graded"] == [f"{SCENARIO_ID}:polite_close"]
    records = [
        json.loads(x) for x in (tmp_path / "a" / "transcripts.jsonl").read_text().split("\n") if x
    ]
    accepts = [r for r in records if r["verdict"]["label"] == "ACCEPT"]
    assert accepts and all("polite_close" in r["verdict"]["unjudged"] for r in accepts)
    assert "undecided" not in rows["verdicts"]
    assert accepted["counts"]["undecided"]["not_graded"] == {"polite_close": len(accepts)}
    assert rows["no judge"].startswith(
        f"{len(accepts)} judge criteria not graded (no judge model): polite_close {len(accepts)};"
    )
    kept, said = exported(tmp_path / "a", tmp_path / "a.jsonl")
    assert "note: the run was made with --no-judge" in said
    assert 0 < kept <= len(accepts)

    # The same run without the flag: the same verdicts, undecided, and the export drops them.
    without = convsim("run", folder, "--n", "8", "--seed", "3", "--out", tmp_path / "b", "--quiet")
    assert without.returncode == 0, without.stderr
    assert f"ACCEPT {len(accepts)} ({len(accepts)} with undecided criteria)" in without.stdout
    assert "no judge" not in without.stdout
    assert "no_judge" not in json.loads((tmp_path / "b" / "manifest.json").read_text())["config"]
    assert exported(tmp_path / "b", tmp_path / "b.jsonl")[0] == 0


def test_run_no_judge_is_refused_with_a_judge_model(tmp_path: Path) -> None:
    refused = convsim("run", judged(tmp_path), "--out", tmp_path / "r", "--no-judge",
                      "--critic-model", "m", "--base-url", "http://127.0.0.1:9/v1")  # fmt: skip
    assert (refused.returncode, refused.stderr) == (
        2,
        "convsim: error: --no-judge: a judge model is set (--critic-model or the config file) "
        "and would grade the judge criteria; drop --no-judge, or the judge model\n",
    )
    assert not (tmp_path / "r").exists()
