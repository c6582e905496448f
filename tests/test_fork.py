"""`convsim fork`: the restored state, deterministic continuations, resume, bad input."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from agents.types import Transcript
from simulator.forks.fork import check_fork_point, continue_from, fork
from simulator.forks.forktree import parent_plan
from simulator.run.graph import build_graph
from simulator.run.runner import RunRequest, run, scripted_engines
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
TOOLUSE = ROOT / "tests" / "data" / "tooluse"
GOLDEN = ROOT / "tests" / "data" / "golden" / "fork-tooluse-seed7.json"


def _run(out: Path, paths: tuple[Path, ...] = (), n: int = 4, seed: int = 7) -> list[Transcript]:
    run(RunRequest(paths, n, seed, out, concurrency=2))
    with RunStore(out / "run.db", readonly=True) as store:
        return list(store.iter_transcripts())


def _fork_points(t: Transcript) -> list[int]:
    points = []
    for at in range(len(t.turns)):
        try:
            check_fork_point(t, at)
        except Exception:
            continue
        points.append(at)
    return points


@pytest.mark.parametrize("paths", [(), (TOOLUSE,)], ids=["library", "tools"])
def test_restored_state_replays_the_parent_byte_for_byte(
    tmp_path: Path, paths: tuple[Path, ...]
) -> None:
    """Continued with the parent's own seed from any fork point, the conversation is the
    parent again: the restored prefix, memories and records are exactly what it had."""
    parents = _run(tmp_path / "run", paths, n=3)
    engines = scripted_engines()
    graph = build_graph(engines.customer, engines.support, engines.grade)
    checked = 0
    with RunStore(tmp_path / "run" / "run.db", readonly=True) as store:
        for parent in parents:
            plan = parent_plan(store, tmp_path / "run", parent)
            for at in _fork_points(parent):
                prefix = parent.turns[:at]
                turns, outcome, verdict = asyncio.run(
                    continue_from(graph, plan, plan, prefix, engines)
                )
                assert [t.model_dump_json() for t in turns] == [
                    t.model_dump_json() for t in parent.turns
                ], (parent.id, at)
                assert outcome == parent.outcome
                assert verdict.label == parent.verdict.label if parent.verdict else True
                checked += 1
    assert checked > 10


def _children(out: Path) -> list[dict[str, object]]:
    db = sqlite3.connect(out / "run.db")
    rows = db.execute(
        "SELECT id, parent_id, fork_turn, k, seed, label, score, transcript FROM forks"
        " ORDER BY parent_id, fork_turn, k"
    ).fetchall()
    db.close()
    return [
        {
            "id": r[0],
            "parent": r[1],
            "at": r[2],
            "k": r[3],
            "seed": r[4],
            "label": r[5],
            "score": r[6],
            "transcript": json.loads(r[7]),
        }
        for r in rows
    ]


def test_fork_golden_and_continuations_differ(tmp_path: Path) -> None:
    parents = _run(tmp_path / "run", (TOOLUSE,), n=2)
    parent = parents[0]
    at = 3
    check_fork_point(parent, at)
    pid, children = fork(tmp_path / "run", parent.id, at, 3, scripted_engines())
    assert pid == parent.id and [c.k for c in children] == [0, 1, 2]
    stored = _children(tmp_path / "run")
    for row in stored:
        turns = row["transcript"]["turns"]  # type: ignore[index]
        assert turns[:at] == [json.loads(t.model_dump_json()) for t in parent.turns[:at]]
    continuations = [json.dumps(r["transcript"]["turns"][at:]) for r in stored]  # type: ignore[index]
    assert len(set(continuations)) == 3, "each seed gives its own continuation"
    got = [
        {
            "id": r["id"],
            "seed": r["seed"],
            "label": r["label"],
            "score": r["score"],
            "turns": [[t["role"], t["content"]] for t in r["transcript"]["turns"][at:]],
        }  # type: ignore[index]
        for r in stored
    ]
    if os.environ.get("CONVSIM_REGEN_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_fork_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    """Two sessions (2, then 4) store exactly what one session of 4 does."""
    parent = _run(tmp_path / "a", n=2)[1]
    _run(tmp_path / "b", n=2)
    engines = scripted_engines()
    fork(tmp_path / "a", parent.id, 2, 2, engines)
    _, again = fork(tmp_path / "a", parent.id, 2, 4, engines)
    assert [c.simulated for c in again] == [False, False, True, True]
    fork(tmp_path / "b", parent.id, 2, 4, engines)
    a, b = _children(tmp_path / "a"), _children(tmp_path / "b")
    assert len(a) == 4 and len({r["id"] for r in a}) == 4
    assert a == b


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", "fork", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_fork_cli_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "run"
    parent = _run(out, (TOOLUSE,), n=1)[0]
    tool_at = next(i for i, t in enumerate(parent.turns) if t.role == "tool")
    after_tools = next(
        i
        for i, t in enumerate(parent.turns)
        if t.role == "support" and not t.tool_calls and parent.turns[i - 1].role == "tool"
    )
    last = len(parent.turns) - 1
    cases = {
        ("--id", "nope", "--at", "1"): f"convsim: error: --id nope: no such conversation in "
        f"{out}; list them with convsim show {out}",
        ("--id", parent.id, "--at", str(last + 1)): f"convsim: error: --at {last + 1}: "
        f"conversation {parent.id} has turns 0 to {last}; give one of those",
        ("--id", parent.id, "--at", str(tool_at)): f"convsim: error: --at {tool_at}: turn "
        f"{tool_at} of {parent.id} is a tool result, not a turn a role speaks; fork at the "
        "customer turn before it or the reply that called the tool",
        ("--id", parent.id, "--at", str(after_tools)): f"convsim: error: --at {after_tools}: "
        f"turn {after_tools} of {parent.id} ends a support reply that called tools; fork at "
        "the first turn of that reply",
        ("--id", parent.id, "--at", "1", "--n", "0"): "convsim: error: --n 0: give the number "
        "of continuations, 1 to 1000",
    }
    for args, message in cases.items():
        done = _cli(str(out), *args)
        assert (done.returncode, done.stderr.strip(), done.stdout) == (2, message, ""), args
    assert _children(out) == []


def test_fork_cli_prints_children_and_show_draws_the_tree(tmp_path: Path) -> None:
    out = tmp_path / "run"
    parent = _run(out, n=1)[0]
    done = _cli(str(out), "--id", parent.id, "--at", "2", "--n", "2")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"{parent.id} @ turn 2: 2 continuations (2 simulated now, 0 already stored)"
    assert [line.split()[0] for line in lines[1:]] == [f"{parent.id}-f2-0", f"{parent.id}-f2-1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    shown = subprocess.run(
        [sys.executable, "-m", "simulator", "show", str(out), "--id", parent.id],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    assert f"forks of {parent.id}: 2 continuations at 1 turn" in shown
    assert "└─ turn 2" in shown and f"├─ {parent.id}-f2-0" in shown
    assert f"└─ {parent.id}-f2-1" in shown
    assert shown.count(f"fork of {parent.id} from turn 2:") == 2
