"""`convsim export --format dpo|kto`: pairs from forks, in TRL's conversational shapes."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from agents.scripted.support import ScriptedSupport
from agents.tools import Desk
from agents.types import ConversationPlan, Outcome, Reply, Turn
from simulator.forks.fork import fork
from simulator.run.runner import RunRequest, run, scripted_engines
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden" / "dpo-seed7.jsonl"
LIBRARY = ROOT / "scenarios" / "library"


class Sloppy(ScriptedSupport):
    """The scripted support, except on odd seeds: it brushes the customer off and hangs up."""

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        if plan.seed % 2 and turns and turns[-1].role == "customer":
            stop = Outcome(status="abandoned", reason="support hung up", ended_by="support")
            text = "Not my problem. Figure it out yourself, stop wasting my time."
            return Reply(turn=Turn(role="support", content=text), stop=stop)
        return await super().respond(plan, turns, memory, desk)


def _forked(out: Path) -> list[str]:
    # The banking scenarios (their customers write in five languages; the brush-off is English).
    run(RunRequest((LIBRARY / "banking",), 3, 7, out, concurrency=1, languages="en,de,es,fr,pt"))
    with RunStore(out / "run.db", readonly=True) as store:
        parents = list(store.iter_transcripts())
    engines = dataclasses.replace(scripted_engines(), support=Sloppy())
    for parent in parents:  # at a support reply, from its second one when there is one
        points = [
            i
            for i, t in enumerate(parent.turns)
            if t.role == "support" and i > 0 and parent.turns[i - 1].role == "customer"
        ]
        fork(out, parent.id, points[1] if len(points) > 1 else points[0], 4, engines)
    return [p.id for p in parents]


def _export(out: Path, fmt: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "simulator", "export", str(out), "--format", fmt]
    return subprocess.run(
        [*args, "--out", str(out / f"{fmt}.jsonl"), *extra],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _check_messages(messages: Any, roles: set[str]) -> None:
    assert isinstance(messages, list) and messages
    for m in messages:
        assert m["role"] in roles
        assert isinstance(m.get("content", ""), str)


def test_dpo_and_kto_rows_have_trls_conversational_shape(tmp_path: Path) -> None:
    out = tmp_path / "run"
    parents = _forked(out)
    done = _export(out, "dpo", "--keep-undecided")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in (out / "dpo.jsonl").read_text().splitlines()]
    assert rows, done.stdout
    assert done.stdout.splitlines()[0] == (
        f"exported {len(rows)} rows from {len(parents)} fork points to {out / 'dpo.jsonl'} (dpo)"
    )
    for row in rows:
        assert sorted(row) == ["chosen", "prompt", "rejected"]
        _check_messages(row["prompt"], {"system", "user", "assistant", "tool"})
        assert row["prompt"][0]["role"] == "system" and row["prompt"][-1]["role"] == "user"
        _check_messages(row["chosen"], {"assistant", "tool"})
        _check_messages(row["rejected"], {"assistant", "tool"})
        assert row["chosen"][0]["role"] == row["rejected"][0]["role"] == "assistant"
        assert row["chosen"] != row["rejected"]
        # The brush-off scores worse: it is never chosen.
        assert "Not my problem" not in json.dumps(row["chosen"])
    assert any("Not my problem" in json.dumps(row["rejected"]) for row in rows)
    if os.environ.get("CONVSIM_REGEN_GOLDEN"):
        GOLDEN.write_text((out / "dpo.jsonl").read_text(), encoding="utf-8")
    assert (out / "dpo.jsonl").read_text() == GOLDEN.read_text(encoding="utf-8")

    done = _export(out, "kto", "--keep-undecided")
    assert done.returncode == 0, done.stderr
    kto = [json.loads(line) for line in (out / "kto.jsonl").read_text().splitlines()]
    assert {True, False} == {r["label"] for r in kto}
    for row in kto:
        assert sorted(row) == ["completion", "label", "prompt"]
        _check_messages(row["prompt"], {"system", "user", "assistant", "tool"})
        _check_messages(row["completion"], {"assistant", "tool"})
        if "Not my problem" in json.dumps(row["completion"]):
            assert row["label"] is False

    done = _export(out, "dpo", "--keep-undecided", "--min-gap", "10")
    assert (out / "dpo.jsonl").read_text() == ""
    assert "score gap below --min-gap" in done.stdout


def test_dpo_bad_input_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "run"
    run(RunRequest((), 1, 7, out, concurrency=1))
    done = _export(out, "dpo")
    assert (done.returncode, done.stderr.strip()) == (
        2,
        f"convsim: error: {out}: no forks to pair; make some with "
        f"convsim fork {out} --id ID --at TURN --n K",
    )
    done = _export(out, "dpo", "--min-gap", "0")
    assert (done.returncode, done.stderr.strip()) == (
        2,
        "convsim: error: --min-gap 0.0: give a score gap above 0 (ties are dropped)",
    )
    assert not (out / "dpo.jsonl").exists()


class Liar(ScriptedSupport):
    """The scripted support, except on odd seeds: from its second reply it claims a refund it
    never made (the critic rejects that)."""

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        if plan.seed % 2 and len(turns) >= 3 and turns[-1].role == "customer":
            text = "Done! I've refunded the full amount and closed your account. Anything else?"
            return Reply(turn=Turn(role="support", content=text))
        return await super().respond(plan, turns, memory, desk)


def test_fork_failures_counts_repairs(tmp_path: Path) -> None:
    """Failures of a sloppy support, forked where the critic first found fault and continued
    by the scripted support, are repaired; a second pass adds nothing."""
    from simulator.forks.fork_failures import fork_turn, repair_failures

    out = tmp_path / "run"
    liar = dataclasses.replace(scripted_engines(), support=Liar())
    run(RunRequest((), 6, 7, out, concurrency=1), liar)
    with RunStore(out / "run.db", readonly=True) as store:
        failed = [
            t
            for t in store.iter_transcripts()
            if t.verdict and t.verdict.label in ("REJECT", "REVIEW")
        ]
    assert failed
    for t in failed:
        at = fork_turn(t)
        assert at is not None and t.turns[at].role != "tool"
    first = repair_failures(out, 2, scripted_engines(), 6)
    assert first.failures == len(failed) and first.forked == len(failed)
    assert 0 < first.repaired <= first.failures
    again = repair_failures(out, 2, scripted_engines(), 6)
    assert again == first
    with RunStore(out / "run.db", readonly=True) as store:
        (stored,) = store.db.execute("SELECT COUNT(*) FROM forks").fetchone()
    assert stored == 2 * len(failed)


def test_run_fork_failures_flag(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "simulator", "run", "--n", "2", "--quiet"]
    bad = subprocess.run(
        [*base, "--out", str(tmp_path / "bad"), "--fork-failures", "0"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (bad.returncode, bad.stderr.strip()) == (
        2,
        "convsim: error: --fork-failures 0: give the continuations per failure, 1 to 1000",
    )
    assert not (tmp_path / "bad").exists()
    ok = subprocess.run(
        [*base, "--out", str(tmp_path / "ok"), "--fork-failures", "2"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert ok.stdout.splitlines()[-1] == (
        "fork-failures: 0 of 0 failures repaired (0 forked at their first finding's turn)"
    )
