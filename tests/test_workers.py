"""`--workers N`: conversations in worker processes give the same bytes as one process; a
killed worker loses and duplicates nothing; a killed driver resumes."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agents.planning import BatchPlanner
from simulator.errors import UserError
from simulator.run.graph import build_graph
from simulator.run.inputs import load_inputs
from simulator.run.rerun import play
from simulator.run.runner import RunRequest, prepare, run, scripted_engines
from simulator.run.workerpool import ProcessPool
from simulator.store.rows import Rows
from tests.test_cli_subprocess import env, stored

N = 300


def test_one_and_two_workers_give_the_bytes_of_one_process(tmp_path: Path) -> None:
    outs = {}
    for workers in (0, 1, 2):
        out = tmp_path / f"w{workers}"
        result = run(RunRequest((), 40, 9, out, concurrency=8, workers=workers))
        outs[workers] = (out / "transcripts.jsonl").read_bytes()
        placement = json.loads((out / "manifest.json").read_text())["placement"]
        assert sum(placement["conversations"].values()) == 40
        assert placement["workers"] == workers
        assert result.placement.workers == workers
    assert outs[0] == outs[1] == outs[2]
    assert len(outs[0].splitlines()) == 40
    assert placement["mode"] == "processes"
    assert set(placement["conversations"]) == {"worker-1", "worker-2"}
    # What each process spent: the driver while conversations ran, each worker after start-up
    cpu, startup = placement["cpu_seconds"], placement["startup_cpu_seconds"]
    assert set(cpu) == {"driver", "worker-1", "worker-2"}
    assert set(startup) == {"worker-1", "worker-2"}
    assert all(v > 0 for v in [*cpu.values(), *startup.values()])


def test_a_worker_killed_mid_conversation_loses_and_duplicates_nothing() -> None:
    inputs = load_inputs((), None)
    planner = BatchPlanner(4, list(inputs.scenarios), inputs.edge_cases, inputs.traits)
    plans = [planner.base.plan(i) for i in range(12)]
    engines = scripted_engines()
    graph = build_graph(engines.customer, engines.support, engines.grade)
    expected = [asyncio.run(play(graph, p)) for p in plans]

    async def go() -> tuple[list[Rows], ProcessPool, int]:
        assert engines.recipe is not None
        pool = ProcessPool(2, engines.recipe)
        await pool.start()
        try:
            tasks = [asyncio.create_task(pool.play(p)) for p in plans]
            await asyncio.sleep(0)
            while not all(w.inflight for w in pool.workers):
                await asyncio.sleep(0)
            victim = pool.workers[0]
            lost = len(victim.inflight)
            victim.channel.proc.send_signal(signal.SIGKILL)
            return list(await asyncio.gather(*tasks)), pool, lost
        finally:
            await pool.close()

    got, pool, lost = asyncio.run(go())
    assert lost > 0
    assert [g.transcript().turns for g in got] == [e.turns for e in expected]
    assert [g.transcript().verdict for g in got] == [e.verdict for e in expected]
    assert pool.placement.workers_died == 1
    assert pool.placement.rerun_after_worker_died == lost
    assert sum(pool.placement.conversations.values()) == len(plans)
    assert len(pool.workers) == 3  # the two started and the replacement


def _command(out: Path, workers: int) -> list[str]:
    flags = ["--n", str(N), "--seed", "11", "--out", str(out), "--quiet", "--concurrency", "8"]
    return [sys.executable, "-m", "simulator", "run", *flags, "--workers", str(workers)]


def _workers_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                cmd = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat[1]) == pid and b"simulator.run.convworker" in cmd:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_driver_killed_with_workers_running_then_resumed_equals_one_process(
    tmp_path: Path,
) -> None:
    whole = subprocess.run(_command(tmp_path / "whole", 0), env=env("0"), capture_output=True,
                           text=True, timeout=300, check=False)  # fmt: skip
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "killed"
    proc = subprocess.Popen(_command(out, 2), env=env("0"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while stored(out) < 20:
        assert proc.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)
    workers = _workers_of(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    saved = stored(out)
    assert 20 <= saved < N
    deadline = time.monotonic() + 30  # orphaned workers see their stdin close and exit
    while any(Path(f"/proc/{w}").exists() and _alive(w) for w in workers):
        assert time.monotonic() < deadline, "worker processes outlived their driver"
        time.sleep(0.05)
    resumed = subprocess.run(_command(out, 2), env=env("0"), capture_output=True, text=True,
                             timeout=300, check=False)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    result = (out / "transcripts.jsonl").read_bytes()
    assert result == (tmp_path / "whole" / "transcripts.jsonl").read_bytes()
    assert stored(out) == N
    assert "2 worker processes" in resumed.stdout


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_out_of_range_and_engines_without_a_recipe_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^--workers 300: give 0 \(this process\) to 256"):
        prepare(RunRequest((), 5, 1, tmp_path / "r", workers=300), scripted_engines())
    engines = scripted_engines()
    bare = type(engines)(engines.customer, engines.support, engines.grade, engines.names)
    with pytest.raises(UserError, match=r"^--workers 2: these engines were assembled in Python"):
        prepare(RunRequest((), 5, 1, tmp_path / "r", workers=2), bare)
    assert not (tmp_path / "r").exists()
