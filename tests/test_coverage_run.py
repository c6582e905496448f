"""Coverage through the runner and the CLI: stored before running, counted from what ran,
identical after a resume; `convsim coverage` and `convsim plan`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from test_run_runner import engines, refusal, request
from typer.testing import CliRunner, Result

from scenarios.loader import builtin_library
from simulator.cli import app
from simulator.run.runner import Engines, run


def table(out: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / "run.db") as db:
        return db.execute(sql).fetchall()


def test_batches_are_stored_before_running_and_coverage_counts_what_ran(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run(request(out, n=60), engines())
    planned = table(out, "SELECT batch, COUNT(*) FROM planned GROUP BY batch")
    assert planned == [(0, 50), (1, 50)]  # whole batches are planned, even past --n
    assert table(out, "SELECT COUNT(*) FROM coverage") == [(60,)]
    spec = json.loads(str(table(out, "SELECT spec FROM planned WHERE idx = 7")[0][0]))
    factors = json.loads(str(table(out, "SELECT factors FROM coverage WHERE idx = 7")[0][0]))
    assert factors["scenario"] == [spec["scenario"]]
    assert {t: factors[t] for t in spec["traits"]} == {t: [v] for t, v in spec["traits"].items()}
    assert factors["edge_case"] == (spec["edge_cases"] or ["none"])


def test_killed_run_resumes_with_the_same_plans_and_coverage(tmp_path: Path) -> None:
    run(request(tmp_path / "full", n=120), engines())
    with pytest.raises(KeyboardInterrupt):
        run(request(tmp_path / "cut", n=120, concurrency=3), engines(interrupt_after=200))
    stored = table(tmp_path / "cut", "SELECT COUNT(*) FROM conversations")[0][0]
    assert 0 < int(str(stored)) < 120
    resumed = run(request(tmp_path / "cut", n=120), engines())
    assert resumed.already_done == stored
    for name in ("transcripts.jsonl",):
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()
    for sql in (
        "SELECT idx, batch, spec FROM planned ORDER BY idx",
        "SELECT idx, factors FROM coverage ORDER BY idx",
    ):
        assert table(tmp_path / "cut", sql) == table(tmp_path / "full", sql)


def test_extending_a_run_equals_running_it_whole(tmp_path: Path) -> None:
    run(request(tmp_path / "whole", n=70), engines())
    run(request(tmp_path / "grown", n=30), engines())
    run(request(tmp_path / "grown", n=70), engines())
    assert (tmp_path / "grown" / "transcripts.jsonl").read_bytes() == (
        tmp_path / "whole" / "transcripts.jsonl"
    ).read_bytes()


def test_planner_settings_are_part_of_the_fingerprint(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run(request(out, n=3), engines())
    fix = "use --force to start over or choose another --out"
    expected = f"{out} holds a run made with a different planner setting; {fix}"
    assert refusal(request(out, n=3, planner="random")) == expected
    assert refusal(request(out, n=3, coverage_strength=3)) == expected
    assert refusal(request(tmp_path / "x", planner="best")) == (
        "--planner best: give one of coverage, failures, random"
    )
    assert refusal(request(tmp_path / "x", coverage_strength=4)) == (
        "--coverage-strength 4: give 1, 2 or 3"
    )


def test_random_planner_keeps_the_pure_per_index_plans(tmp_path: Path) -> None:
    run(request(tmp_path / "r", n=10, planner="random"), engines())
    assert table(tmp_path / "r", "SELECT COUNT(*) FROM planned") == [(0,)]
    assert table(tmp_path / "r", "SELECT COUNT(*) FROM coverage") == [(10,)]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_cli_plan_shows_the_next_plans() -> None:
    planned = invoke("plan", "--n", "3", "--seed", "4")
    assert planned.exit_code == 0, planned.stderr
    lines = planned.stdout.splitlines()
    assert lines[0].strip() == "next 3 plans (coverage, seed 4)"
    rows = [line for line in lines if line.startswith("│")]
    assert len(rows) == 3 and all(row.rstrip().endswith("coverage │") for row in rows)
    assert lines[-1] == "these 3 plans cover 105 of 1797 feasible 2-wise combinations"


def test_cli_plan_errors_and_coverage_table(tmp_path: Path) -> None:
    bad = invoke("plan", "--planner", "best")
    assert (bad.exit_code, bad.stderr) == (
        2,
        "convsim: error: --planner best: give one of coverage, failures, random\n",
    )
    out = tmp_path / "run"
    done = invoke("run", "--n", "30", "--seed", "4", "--out", str(out), "--quiet")
    assert done.exit_code == 0, done.stderr
    shown = invoke("coverage", str(out), "--limit", "2")
    assert shown.exit_code == 0, shown.stderr
    text = shown.stdout
    assert "coverage by factors (2-wise)" in text
    assert "│ scenario x tone" in text
    assert "cells, lowest pass rate first (2 of 1797; --limit 0 for all)" in text
    last = text.splitlines()[-1]
    assert last.startswith("total: ") and "of 1797 feasible 2-wise combinations covered" in last
    assert "by 30 conversations" in last
    one = invoke("coverage", str(out), "--strength", "1", "--limit", "0")
    assert one.stdout.splitlines()[-1].startswith("total: ")
    missing = invoke("coverage", str(tmp_path / "nothing"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"convsim: error: {tmp_path / 'nothing'}: no run.db here; give a run directory made "
        "by convsim run\n",
    )


def test_a_planner_model_proposes_edge_cases_once_coverage_saturates(tmp_path: Path) -> None:
    from test_planner_proposals import FakeModel, proposal

    folder = tmp_path / "scenarios"
    folder.mkdir()
    source = builtin_library() / "ecommerce" / "refund-damaged-item.yaml"
    text = source.read_text()
    narrowed = text.replace(
        "\nsupport:", "\npersona: {tone: [polite], language: [en]}\nsupport:", 1
    )
    if narrowed == text or "\npersona:" in text:
        pytest.skip("the library scenario changed shape")
    (folder / "one.yaml").write_text(narrowed)
    model = FakeModel({"edge_cases": [proposal("expired_voucher")]})
    base = engines()
    eng = Engines(base.customer, base.support, base.grade, base.names, planner_model=model)
    plain = tmp_path / "plain"
    run(request(plain, n=100, paths=(folder,)), engines())
    out = tmp_path / "with-model"
    run(request(out, n=100, paths=(folder,)), eng)
    assert len(model.asked) == 1
    written = (out / "edge_case_proposals.yaml").read_text()
    assert "id: expired_voucher" in written
    assert (out / "transcripts.jsonl").read_bytes() == (plain / "transcripts.jsonl").read_bytes()
