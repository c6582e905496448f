"""`convsim test --replay` in real processes: the exact error lines, the output, the gate."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_process import convsim as run_convsim

from agents.types import Transcript
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.forks.fork_failures import fork_turn
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
SCENARIO = TESTS / "data" / "bots" / "refund.yaml"


def convsim(*args: str) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=ROOT, env={"COLUMNS": "200"}, timeout=120)


def target(folder: Path, name: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"kind: python\ncallable: bots.logic:{name}\npythonpath: [{TESTS}]\n")
    return path


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Transcript]:
    """A run of the leaky bot and one of its conversations that went wrong at turn 3."""
    folder = tmp_path_factory.mktemp("cli")
    request = BotTestRequest((SCENARIO,), target(folder, "leaky"), 16, 3, folder / "run")
    execute_test(prepare_test(request))
    with RunStore(folder / "run" / DB_NAME, readonly=True) as store:
        found = next(t for t in store.iter_transcripts() if fork_turn(t) == 3)
    return folder / "run", found


def test_replay_errors_are_one_line_exit_2_and_write_nothing(
    source: tuple[Path, Transcript], tmp_path: Path
) -> None:
    run, t = source
    bot = str(target(tmp_path, "correct"))
    out = tmp_path / "out"
    last = len(t.turns)
    common = ["--target", bot, "--out", str(out)]
    cases = {
        ("--replay", str(run), "--id", "nope"): f"--id nope: no such conversation in {run}; "
        f"list them with convsim show {run}",
        ("--replay", str(run), "--id", t.id, "--at", str(last + 1)): f"--at {last + 1}: "
        f"conversation {t.id} has turns 0 to {last - 1}; give one of those, or {last} to send "
        "all its customer turns",
        ("--replay", str(run), "--id", t.id, "--at", "-1"): f"--at -1: conversation {t.id} has "
        f"turns 0 to {last - 1}; give one of those, or {last} to send all its customer turns",
        ("--replay", str(tmp_path), "--id", t.id): f"{tmp_path}: not a run directory (no run.db); "
        "make one with convsim run --out DIR",
        ("--replay", str(run)): f"--replay {run}: give the conversation to replay with --id ID",
        ("--id", t.id): "--id: only with --replay RUN (the run the conversation is in)",
        ("--replay", str(run), "--id", t.id, "--n", "5"): "--n: a replay plays the stored "
        "conversation --id names, with its own scenario, plan and seed; drop --n",
        (str(SCENARIO), "--replay", str(run), "--id", t.id): "PATH: a replay plays the stored "
        "conversation --id names, with its own scenario, plan and seed; drop PATH",
    }
    for args, message in cases.items():
        done = convsim("test", *args, *common)
        assert (done.returncode, done.stderr, done.stdout) == (
            2,
            f"convsim: error: {message}\n",
            "",
        ), args
        assert not out.exists(), args


def test_replay_cli_reports_the_link_and_gates(
    source: tuple[Path, Transcript], tmp_path: Path
) -> None:
    run, t = source
    out = tmp_path / "leaky"
    done = convsim("test", "--replay", str(run), "--id", t.id, "--target",
                   str(target(tmp_path, "leaky")), "--out", str(out), "--quiet",
                   "--min-pass-rate", "1")  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("convsim: error: gate failed: the pass rate is 0.0% (0 of 1")
    assert (
        f"replay of {t.id} from {run}: its 2 customer turns before turn 3 sent as stored, "
        "then live" in done.stdout
    )
    assert f"FAIL  {t.id} bots/refund-order" in done.stdout
    fixed = convsim("test", "--replay", str(run), "--id", t.id, "--at", "3", "--target",
                    str(target(tmp_path, "correct")), "--out", str(tmp_path / "fixed"),
                    "--quiet", "--min-pass-rate", "1")  # fmt: skip
    assert fixed.returncode == 0, fixed.stderr
    assert "gate passed: the pass rate is 100.0% (1 of 1 decided conversations)" in fixed.stdout
    shown = convsim("show", str(tmp_path / "fixed"))
    assert (
        f"replay of {t.id} in {run} ({t.run_id}): its 2 customer turns before turn 3 sent as "
        "stored, then live" in shown.stdout
    )


def test_compare_replays_each_regression_on_both_bots(tmp_path: Path) -> None:
    """B leaks its instructions where A did not: every regression is replayed from B's
    conversation on both bots and reproduces (A's bot passes, B's fails)."""
    runs = {}
    for side, bot in (("a", "correct"), ("b", "leaky")):
        request = BotTestRequest((SCENARIO,), target(tmp_path, bot), 16, 3, tmp_path / side)
        execute_test(prepare_test(request))
        runs[side] = tmp_path / side
    out = tmp_path / "replays"
    done = convsim("compare", str(runs["a"]), str(runs["b"]), "--replay", str(out))
    assert done.returncode == 1, done.stderr
    regressions = [
        line.split()[1] for line in done.stdout.splitlines() if line.startswith("regression: ")
    ]
    assert regressions
    assert (
        f"replayed {len(regressions)} regressions on both bots (B's conversation, its customer "
        f"turns before its first finding's turn, then live): {len(regressions)} reproduced"
    ) in done.stdout
    with RunStore(runs["b"] / DB_NAME, readonly=True) as store:
        turns = {cid: fork_turn(store.transcript(cid)) for cid in regressions}  # type: ignore[arg-type]
    for cid in regressions:
        assert f"replay: {cid} at turn {turns[cid]}: A pass, B fail: reproduced" in done.stdout
    # The replays are test runs keyed by their source: compare reads them like any.
    again = convsim("compare", str(out / "a"), str(out / "b"))
    assert again.returncode == 1
    assert again.stdout.startswith(
        f"compared {len(regressions)} conversations: {len(regressions)} regressions, 0 fixes"
    )

    (tmp_path / "correct.yaml").write_text(
        (tmp_path / "correct.yaml").read_text() + "timeout_s: 9\n"
    )
    edited = convsim("compare", str(runs["a"]), str(runs["b"]), "--replay", str(tmp_path / "x"))
    assert (edited.returncode, edited.stdout) == (2, "")
    assert edited.stderr == (
        f"convsim: error: --replay: {tmp_path / 'correct.yaml'}, the bot {runs['a']} tested, is "
        "gone or was edited since the run; restore it to replay on that bot\n"
    )
    assert not (tmp_path / "x").exists()
