"""`convsim run`'s summary says how many ACCEPTs left a criterion undecided (issue #12): an
accept that a check could not decide is not a pass, and the summary must not read as one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from agents.critic import undecided_criteria

ROOT = Path(__file__).resolve().parent.parent

SCENARIO = """\
id: test/refund
title: Refund a broken kettle
domain: test
intent: refund_request
variables:
  order_id: {faker: bothify, text: "ORD-####"}
customer:
  goal: Get a refund for the kettle from order {order_id}.
  knows: {order_id: "{order_id}"}
  reveal_only_when_asked: [order_id]
  labels: {order_id: order number}
  openings: ["My kettle arrived broken."]
support:
  policy: Verify the order number, then refund.
  verify: [order_id]
  rules:
    - {action: resolve, say: ["I've refunded order {order_id}."]}
max_turns: 6
"""
JUDGED = "success:\n  - {id: warm_close, judge: Support thanks the customer before closing.}\n"


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def row(stdout: str, name: str) -> str | None:
    """The value of a summary table row, the table's borders stripped."""
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip("│| ").split("│")]
        if len(cells) == 2 and cells[0] == name:
            return cells[1]
    return None


def run(tmp_path: Path, scenario: str) -> tuple[str, list[dict]]:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "refund.yaml").write_text(scenario, encoding="utf-8")
    out = tmp_path / "run"
    done = convsim("run", folder, "--n", "6", "--seed", "3", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    lines = (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    return done.stdout, [json.loads(line) for line in lines]


def test_the_summary_counts_accepts_with_undecided_criteria(tmp_path: Path) -> None:
    stdout, records = run(tmp_path, SCENARIO + JUDGED)
    accepted = [r for r in records if r["verdict"]["label"] == "ACCEPT"]
    open_ = [r for r in accepted if undecided_criteria(r["verdict"]["unjudged"])]
    assert accepted and len(open_) == len(accepted)  # no judge model: warm_close stays open
    verdicts = row(stdout, "verdicts")
    assert verdicts is not None
    assert f"ACCEPT {len(accepted)} ({len(open_)} with undecided criteria)" in verdicts
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["undecided"] == {
        "conversations": len(open_),
        "criteria": {"warm_close": len(open_)},
    }
    # The export's ACCEPT filter drops the same conversations, for the same reason.
    exported = convsim("export", tmp_path / "run", "--format", "jsonl", "--out",
                       tmp_path / "x.jsonl")  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert f"dropped {len(open_)}: ACCEPT with undecided criteria" in exported.stdout


def test_a_run_whose_criteria_were_all_decided_says_nothing_more(tmp_path: Path) -> None:
    stdout, records = run(tmp_path, SCENARIO)
    accepted = [r for r in records if r["verdict"]["label"] == "ACCEPT"]
    assert accepted and not any(undecided_criteria(r["verdict"]["unjudged"]) for r in accepted)
    verdicts = row(stdout, "verdicts")
    assert verdicts is not None and f"ACCEPT {len(accepted)}" in verdicts
    assert "undecided" not in stdout
