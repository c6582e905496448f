"""`convsim run --match LOGS`: plans steered towards the real mix, coverage kept (on logs the
test writes; never the third-party realdata)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from agents.fidelity import MatchTarget
from agents.planning.batch import BatchPlanner
from simulator.run.inputs import load_inputs
from simulator.validation.match import assign

ROOT = Path(__file__).resolve().parents[1]
TELECOM = ROOT / "scenarios" / "library" / "telecom"
ROAMING = "telecom/roaming-charges-dispute"

# Customers' first words about one topic, written for this test (no scenario's own lines).
ROAMING_OPENINGS = [
    "Hi, my bill shows roaming charges from my trip abroad and I had roaming turned off",
    "why was I charged for data roaming? I never used my phone overseas",
    "I got a huge roaming charge on my last bill after travelling, please remove it",
    "the roaming charges on my account are wrong, I was not abroad that week",
    "hello! questioning a roaming charge on my phone bill",
]


def write_logs(path: Path, n: int = 30) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            turns = [
                {"role": "user", "content": ROAMING_OPENINGS[i % len(ROAMING_OPENINGS)]},
                {"role": "assistant", "content": "Sorry to hear that, let me look at the account."},
                {"role": "user", "content": "thank you"},
            ]
            f.write(json.dumps({"messages": turns}) + "\n")
        gibberish = [
            {"role": "user", "content": "qwerty zxcv"},
            {"role": "assistant", "content": "?"},
        ]
        f.write(json.dumps({"messages": gibberish}) + "\n")
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": os.environ.get("PATH", "")}
    command = [sys.executable, "-m", "simulator", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)


def transcripts(out: Path) -> list[dict]:
    lines = (out / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_match_steers_scenarios_and_keeps_coverage(tmp_path: Path) -> None:
    logs = write_logs(tmp_path / "logs.jsonl")
    base = cli("run", str(TELECOM), "--n", "100", "--out", str(tmp_path / "base"), "--quiet")
    assert base.returncode == 0, base.stderr
    assert "--match" not in base.stderr
    args = ["run", str(TELECOM), "--n", "100", "--match", str(logs), "--quiet"]
    steered = cli(*args, "--out", str(tmp_path / "match"))
    assert steered.returncode == 0, steered.stderr
    assert (
        "convsim: note: --match: 30 of 31 real conversations matched to 1 of 4 scenarios "
        f"({ROAMING} 30); 1 unassigned\n"
    ) in steered.stderr
    before, after = transcripts(tmp_path / "base"), transcripts(tmp_path / "match")
    share_before = sum(t["scenario_id"] == ROAMING for t in before) / len(before)
    share_after = sum(t["scenario_id"] == ROAMING for t in after) / len(after)
    assert 0.2 <= share_before <= 0.3  # about a quarter: the balanced default
    assert share_after >= 0.6
    # Coverage still runs the scenarios and edge cases the logs lack.
    assert {t["scenario_id"] for t in after} == {t["scenario_id"] for t in before}
    edges_before = {e for t in before for e in t["edge_cases"]}
    assert {e for t in after for e in t["edge_cases"]} == edges_before
    assert sum(bool(t["edge_cases"]) for t in after) >= 0.8 * len(after)
    again = cli(*args, "--out", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    same = (tmp_path / "again" / "transcripts.jsonl").read_bytes()
    assert same == (tmp_path / "match" / "transcripts.jsonl").read_bytes()


def test_match_with_the_random_planner(tmp_path: Path) -> None:
    logs = write_logs(tmp_path / "logs.jsonl")
    out = tmp_path / "r"
    args = ["run", str(TELECOM), "--n", "80", "--planner", "random", "--quiet"]
    done = cli(*args, "--match", str(logs), "--out", str(out))
    assert done.returncode == 0, done.stderr
    found = Counter(t["scenario_id"] for t in transcripts(out))
    assert found[ROAMING] >= 0.6 * 80
    assert len(found) == 4


def test_unreadable_logs_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": [\n', encoding="utf-8")
    out = tmp_path / "out"
    done = cli("run", str(TELECOM), "--n", "5", "--out", str(out), "--match", str(bad))
    assert done.returncode == 2
    assert done.stderr == (
        f"convsim: error: --match {bad}:1: not valid JSON (Expecting value at column 15); "
        "give one JSON object per line\n"
    )
    assert not out.exists()
    missing = tmp_path / "nope.jsonl"
    done = cli("run", str(TELECOM), "--n", "5", "--out", str(out), "--match", str(missing))
    assert done.returncode == 2
    assert done.stderr.startswith(f"convsim: error: --match {missing}")
    assert done.stderr.count("\n") == 1
    assert not out.exists()


def test_logs_about_nothing_being_run_are_an_error(tmp_path: Path) -> None:
    logs = tmp_path / "logs.jsonl"
    rows = [{"messages": [{"role": "user", "content": "qwerty zxcv uiop"}]} for _ in range(3)]
    logs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = cli("run", str(TELECOM), "--n", "5", "--out", str(tmp_path / "o"), "--match", str(logs))
    assert done.returncode == 2
    assert done.stderr == (
        f"convsim: error: --match {logs}: none of its 3 conversations is about a scenario "
        "being run; give logs of these scenarios' topics, or run `convsim learn` on them\n"
    )


def test_match_and_persona_weights_together_are_refused(tmp_path: Path) -> None:
    logs = write_logs(tmp_path / "logs.jsonl")
    weights = tmp_path / "w.yaml"
    weights.write_text("weights: {tone: {polite: 1}}\n", encoding="utf-8")
    args = ["--match", str(logs), "--persona-weights", str(weights)]
    done = cli("run", str(TELECOM), "--n", "5", "--out", str(tmp_path / "o"), *args)
    assert done.returncode == 2
    assert done.stderr == (
        "convsim: error: --match and --persona-weights: give one; --match measures the "
        "persona weights in its logs\n"
    )


def test_assign_takes_the_nearest_scenario_or_none() -> None:
    scenarios = sorted(load_inputs([TELECOM]).scenarios, key=lambda s: s.id)
    found = assign(
        [
            "my home internet has been down since this morning, the router light is red",
            "I lost my phone and need a new SIM card",
            "qwerty zxcv",
            "",
            "I want to return my shoes, they do not fit",
        ],
        scenarios,
    )
    assert found == [
        "telecom/internet-outage",
        "telecom/sim-replacement-lost-phone",
        None,
        None,
        None,
    ]


def test_steered_traits_follow_the_target() -> None:
    inputs = load_inputs([TELECOM])
    ids = sorted(s.id for s in inputs.scenarios)
    target = MatchTarget({ids[0]: 1.0}, {"tone": {"polite": 1.0}})
    planner = BatchPlanner(3, inputs.scenarios, inputs.edge_cases, inputs.traits, target=target)
    specs = planner.plan_batch(0)
    steered = [s for s in specs if s.why == "match"]
    assert len(steered) >= len(specs) // 2
    assert all(s.scenario == ids[0] and s.traits["tone"] == "polite" for s in steered)
    plain = BatchPlanner(3, inputs.scenarios, inputs.edge_cases, inputs.traits)
    assert all(s.why == "coverage" for s in plain.plan_batch(0))
