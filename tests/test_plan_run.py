"""`convsim plan --run DIR`: the next plans of an existing run from its stored results, exactly
what extending the run then runs, without writing anything."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from test_run_runner import engines, request
from typer.testing import CliRunner, Result

from agents.planning.factors import TRAITS
from simulator.cli import app
from simulator.run.runner import run


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def table_rows(text: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def stored_rows(out: Path, lo: int, hi: int) -> list[list[str]]:
    with sqlite3.connect(out / "run.db") as db:
        plans = db.execute(
            "SELECT idx, plan FROM plans WHERE idx >= ? AND idx < ? ORDER BY idx", (lo, hi)
        ).fetchall()
    rows = []
    for idx, text in plans:
        plan = json.loads(text)
        persona = plan["persona"]
        traits = [
            persona[t] if isinstance(persona[t], str) else ", ".join(persona[t]) or "none"
            for t in TRAITS
        ]
        edges = ", ".join(e["id"] for e in plan["edge_cases"]) or "-"
        rows.append([str(idx), plan["scenario_id"], *traits, edges])
    return rows


def test_plan_run_shows_what_the_run_targets_next_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "r"
    # Stand-in roles and grader: half the conversations fail (REVIEW), whatever the critic does.
    run(request(out, n=100, seed=4, planner="failures"), engines())
    before = snapshot(out)
    shown = invoke("plan", "--run", str(out), "--n", "6")
    assert shown.exit_code == 0, shown.stderr
    lines = [line.rstrip() for line in shown.stdout.splitlines()]
    assert lines[0] == "next 6 plans of run-3c7cfe26295a (failures, seed 4)"
    assert lines[4:10] == [
        "│ 100 │ ecommerce/package-marked-delivered-not-received │ friendly │ medium   │ chatty    "
        "│ high   │ it       │ no_punctuation │ -               │ failures │",
        "│ 101 │ telecom/roaming-charges-dispute                 │ neutral  │ medium   │ normal    "
        "│ high   │ fr       │ typos          │ -               │ coverage │",
        "│ 102 │ telecom/sim-replacement-lost-phone              │ angry    │ medium   │ normal    "
        "│ high   │ fr       │ lowercase      │ -               │ failures │",
        "│ 103 │ banking/dispute-unknown-charge                  │ anxious  │ medium   │ normal    "
        "│ low    │ en       │ all_caps       │ demands_manager │ failures │",
        "│ 104 │ travel/delayed-baggage                          │ polite   │ low      │ chatty    "
        "│ medium │ en       │ none           │ -               │ failures │",
        "│ 105 │ ecommerce/cancel-pending-order                  │ neutral  │ low      │ terse     "
        "│ low    │ nl       │ none           │ vague_opening   │ failures │",
    ]
    assert lines[-1] == (
        "the run's 100 conversations cover 1570 of 1933 feasible 2-wise combinations; "
        "with these 6 plans: 1585"
    )
    assert snapshot(out) == before  # read-only: no byte changed, no -wal or -shm left behind
    many = invoke("plan", "--run", str(out), "--n", "60")
    assert many.exit_code == 0, many.stderr
    planned = table_rows(many.stdout)
    assert [row[:9] for row in planned[:6]] == [row[:9] for row in table_rows(shown.stdout)]
    assert {row[9] for row in planned} == {"failures", "coverage"}
    run(request(out, n=160, seed=4, planner="failures"), engines())  # extend the run
    assert [row[:9] for row in planned] == stored_rows(out, 100, 160)


def test_plan_run_refusals(tmp_path: Path) -> None:
    out = tmp_path / "r"
    run(request(out, n=3, seed=4), engines())
    seeded = invoke("plan", "--run", str(out), "--seed", "4")
    assert (seeded.exit_code, seeded.stderr) == (
        2,
        "convsim: error: --seed: not with --run; the run's own setting is used\n",
    )
    missing = invoke("plan", "--run", str(tmp_path / "none"))
    assert missing.stderr == (
        f"convsim: error: --run {tmp_path / 'none'}: no run.db here; give a run directory made "
        "by convsim run\n"
    )
    folder = tmp_path / "one"
    folder.mkdir()
    lib = Path(__file__).resolve().parent.parent / "scenarios" / "library"
    shutil.copy(lib / "ecommerce" / "refund-damaged-item.yaml", folder)
    other = invoke("plan", str(folder), "--run", str(out))
    assert other.stderr == (
        f"convsim: error: --run {out}: the scenarios differ from the ones the run used; give "
        "the PATHs the run was made with\n"
    )
