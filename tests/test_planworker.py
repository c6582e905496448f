"""The plan worker plans exactly what the in-process planner would, and a worker that cannot
start or dies costs nothing but speed."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from agents.planning import BatchPlanner, PlanSpec
from agents.planning.factors import observed
from agents.types import ConversationPlan
from personas import Persona
from simulator.run.inputs import Inputs, load_inputs
from simulator.run.planworker import PlanWorker
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
