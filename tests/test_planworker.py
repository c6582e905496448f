"""The plan worker plans exactly what the in-process planner would, and a worker that cannot
start or dies costs nothing but speed."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

import pytest

from agents.planning import BatchPlanner, PlanSpec
from agents.planning.factors import observed
from agents.types import ConversationPlan
from personas import Persona
from simulator.run import runner
from simulator.run.inputs import Inputs, load_inputs
from simulator.run.planworker import InProcess, PlanWorker
from simulator.run.runner import RunRequest, run

BATCHES = 4


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    return load_inputs(())


def planner(inputs: Inputs, mode: str = "failures") -> BatchPlanner:
    return BatchPlanner(7, inputs.scenarios, inputs.edge_cases, inputs.traits, mode=mode)  # type: ignore[arg-type]


def dumps(plans: list[ConversationPlan]) -> list[str]:
    return [p.model_dump_json() for p in plans]


async def plan_all(
    source: BatchPlanner | PlanWorker, wanted: set[int]
) -> tuple[list[PlanSpec], list[str]]:
    """Batches 0..BATCHES-1 with the run's lag; every third conversation of a batch that
    'ran' fails, so the failures bandit has something to chase."""
    specs_out: list[PlanSpec] = []
    plans_out: list[str] = []
    made: list[tuple[list[PlanSpec], list[ConversationPlan]]] = []
    for batch in range(BATCHES):
        if batch >= 2:
            for i, plan in enumerate(made[batch - 2][1]):
                names = observed(plan.scenario.id, plan.persona, [e.id for e in plan.edge_cases])
                source.observe(names, i % 3 == 0)
        pending = made[batch - 1][0] if batch else []
        if isinstance(source, PlanWorker):
            specs, plans = await source.batch(batch, pending, None, wanted)
        else:
            specs = source.plan_batch(batch, pending)
            plans = [source.materialize(s) for s in specs if s.index in wanted]
        made.append((specs, plans))
        specs_out += specs
        plans_out += dumps(plans)
    return specs_out, plans_out


def test_worker_plans_exactly_what_the_planner_would(inputs: Inputs) -> None:
    wanted = set(range(0, BATCHES * 50, 2))  # some indices ran before: not materialised

    async def go() -> tuple[tuple[list[PlanSpec], list[str]], int]:
        worker = PlanWorker(planner(inputs), inputs, 2)
        await worker.start()
        assert worker.ready is not None and await worker.ready
        try:
            return await plan_all(worker, wanted), worker.jobs
        finally:
            await worker.close()

    (specs, plans), jobs = asyncio.run(go())
    assert jobs == BATCHES  # every batch came from the worker, none from the fallback
    expected_specs, expected_plans = asyncio.run(plan_all(planner(inputs), wanted))
    assert specs == expected_specs
    assert plans == expected_plans
    assert len(plans) == len(wanted)


def test_a_dead_worker_falls_back_to_planning_in_process(inputs: Inputs) -> None:
    async def go() -> tuple[list[str], int, bool]:
        worker = PlanWorker(planner(inputs, "random"), inputs, 2)
        await worker.start()
        assert worker.ready is not None and await worker.ready
        first = await worker.random(range(0, 10))
        assert worker.proc is not None
        worker.proc.kill()
        await worker.proc.wait()
        second = await worker.random(range(10, 20))
        return dumps(first + second), worker.jobs, worker.proc is None

    plans, jobs, closed = asyncio.run(go())
    local = planner(inputs, "random")
    assert plans == dumps([local.base.plan(i) for i in range(20)])
    assert jobs == 1 and closed


def test_a_worker_that_cannot_start_is_not_used(inputs: Inputs, tmp_path: Path) -> None:
    async def go() -> tuple[list[PlanSpec], int]:
        worker = PlanWorker(planner(inputs), inputs, 2, python=str(tmp_path / "no-python"))
        await worker.start()
        specs, _ = await worker.batch(0, [], None, set())
        return specs, worker.jobs

    specs, jobs = asyncio.run(go())
    assert jobs == 0
    assert specs == planner(inputs).plan_batch(0)


@pytest.mark.parametrize("mode", ["coverage", "random"])
def test_runs_are_identical_with_and_without_the_worker(mode: str, tmp_path: Path) -> None:
    files = []
    for use in (False, True):
        out = tmp_path / f"{mode}-{use}"
        run(RunRequest((), 160, 3, out, 16, planner=mode, plan_worker=use))
        files.append((out / "transcripts.jsonl").read_bytes())
    assert files[0] == files[1]
    assert files[0].count(b"\n") == 160


def test_a_worker_that_fails_its_start_is_sent_nothing(inputs: Inputs, tmp_path: Path) -> None:
    quits = tmp_path / "quits"
    quits.write_text("#!/bin/sh\nexit 0\n")
    quits.chmod(0o755)

    async def go() -> tuple[list[PlanSpec], int, int]:
        worker = PlanWorker(planner(inputs), inputs, 2, python=str(quits))
        await worker.start()
        assert worker.ready is not None and not await worker.ready
        worker.observe(observed(inputs.scenarios[0].id, _persona(inputs), []), False)
        specs, _ = await worker.batch(1, [], None, set())
        unsent = len(worker.unsent)
        await worker.close()
        return specs, worker.jobs, unsent

    specs, jobs, unsent = asyncio.run(go())
    local = planner(inputs)
    local.observe(observed(inputs.scenarios[0].id, _persona(inputs), []), False)
    assert (jobs, unsent) == (0, 0)
    assert specs == local.plan_batch(1)


def _persona(inputs: Inputs) -> Persona:
    return planner(inputs, "random").base.plan(0).persona


@pytest.mark.parametrize("dies_before", [2, 3])
def test_with_a_replay_the_runner_observes_nothing_until_the_worker_dies(
    inputs: Inputs, dies_before: int
) -> None:
    """With `replay` (run.db's observations, as PlanSource gives it), the in-process planner
    skips every observation while the worker plans, and catches up from the replay when the
    worker dies: the plans are the same as planning in-process all along."""
    made: list[tuple[dict[str, list[str]], bool]] = []
    counted: list[int] = []

    async def go() -> tuple[tuple[list[PlanSpec], list[str]], int, int]:
        worker = PlanWorker(planner(inputs), inputs, 2)
        worker.replay = lambda: iter(list(made))
        observe = worker.observe

        def logged(names: dict[str, list[str]], failed: bool) -> None:
            made.append((names, failed))
            observe(names, failed)
            counted.append(worker.planner.state.conversations)

        worker.observe = logged  # type: ignore[method-assign]
        batch = worker.batch

        async def dying(b: int, *args: object) -> tuple[list[PlanSpec], list[ConversationPlan]]:
            if b == dies_before and worker.proc is not None:
                worker.proc.kill()
                await worker.proc.wait()
            return await batch(b, *args)  # type: ignore[arg-type]

        worker.batch = dying  # type: ignore[method-assign,assignment]
        await worker.start()
        assert worker.ready is not None and await worker.ready
        try:
            planned = await plan_all(worker, wanted)
            return planned, worker.jobs, worker.planner.state.conversations
        finally:
            await worker.close()

    wanted = set(range(BATCHES * 50))
    (specs, plans), jobs, total = asyncio.run(go())
    assert jobs == dies_before  # batches 0..dies_before-1 from the worker (0 and 1 too here)
    # Nothing counted in the runner's process while the worker served (the observations
    # before batch `dies_before`), all of it once the worker had died.
    assert counted[: 50 * (dies_before - 1)] == [0] * (50 * (dies_before - 1))
    assert total == len(made) == 50 * (BATCHES - 2)
    expected_specs, expected_plans = asyncio.run(plan_all(planner(inputs), wanted))
    assert specs == expected_specs
    assert plans == expected_plans


def test_a_worker_that_fails_its_start_late_catches_the_runner_up(
    inputs: Inputs, tmp_path: Path
) -> None:
    """Observations skipped while the worker was starting are counted before the next one
    once its start has failed."""
    late = tmp_path / "late"
    late.write_text("#!/bin/sh\nsleep 0.3\nexit 0\n")
    late.chmod(0o755)
    names = [observed(s.id, _persona(inputs), []) for s in inputs.scenarios[:3]]

    async def go() -> tuple[list[PlanSpec], int]:
        worker = PlanWorker(planner(inputs), inputs, 2, python=str(late))
        worker.replay = lambda: iter([(n, False) for n in names])
        await worker.start()
        worker.observe(names[0], False)
        worker.observe(names[1], False)
        skipped = worker.planner.state.conversations
        assert worker.ready is not None and not await worker.ready
        worker.observe(names[2], False)
        specs, _ = await worker.batch(1, [], None, set())
        await worker.close()
        return specs, skipped

    specs, skipped = asyncio.run(go())
    local = planner(inputs)
    for n in names:
        local.observe(n, False)
    assert skipped == 0
    assert specs == local.plan_batch(1)


_DIES = """#!{python}
import sys
sys.path.insert(0, {root!r})
from simulator.run import planworker

real, messages = planworker._read, []


def read(stream):
    messages.append(1)
    return None if len(messages) > 1 + {jobs} else real(stream)  # the start, then {jobs} jobs


planworker._read = read
planworker.serve(sys.stdin.buffer, sys.stdout.buffer)
"""


def test_a_run_whose_worker_dies_mid_run_plans_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real run (failures planner, so what ran steers the plans) whose planning worker
    exits after two jobs: the runner's planner, which skipped every observation while the
    worker planned, catches up from run.db and plans the rest as an in-process run does."""
    dies = tmp_path / "dying-python"
    root = str(Path(__file__).resolve().parents[1])
    dies.write_text(_DIES.format(python=sys.executable, root=root, jobs=2))
    dies.chmod(0o755)
    workers: list[PlanWorker] = []

    def dying_maker(planner: BatchPlanner, inputs: Inputs, strength: int, plans: int,
                    use: bool | None = None) -> InProcess:  # fmt: skip
        workers.append(PlanWorker(planner, inputs, strength, python=str(dies)))
        return workers[-1]

    outs = {}
    for name in ("in-process", "dies"):
        outs[name] = out = tmp_path / name
        if name == "dies":
            monkeypatch.setattr(runner, "plan_maker", dying_maker)
        run(RunRequest((), 360, 4, out, 16, planner="failures", plan_worker=False))
    (worker,) = workers
    assert worker.jobs == 2 and worker.proc is None  # it served, then the runner planned
    assert worker.twin == worker.seen > 0  # caught up with every observation
    files = [(outs[n] / "transcripts.jsonl").read_bytes() for n in outs]
    assert files[0] == files[1]
    planned = []
    for out in outs.values():
        with sqlite3.connect(out / "run.db") as db:
            planned.append(
                db.execute("SELECT idx, batch, spec FROM planned ORDER BY idx").fetchall()
            )
    assert planned[0] == planned[1]
