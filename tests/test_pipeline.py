"""Pipelined mini-batches: no barrier between batches, yet plans stay a function of the seed and
the stored results (any concurrency, any timing, killed and resumed, stopped by a budget)."""

from __future__ import annotations

import asyncio
import itertools
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from test_run_runner import NAMES, StandIn, grade, request

from agents.planning import BatchPlanner
from agents.types import ConversationPlan, Reply, Turn
from simulator.run.coverage import planner_languages
from simulator.run.inputs import load_inputs
from simulator.run.runner import Engines, run

SPECS = "SELECT idx, batch, spec FROM planned ORDER BY idx"


def table(out: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / "run.db") as db:
        return db.execute(sql).fetchall()


class Jittery(StandIn):
    """A stand-in whose replies take a different number of event-loop steps per plan, so
    conversations finish out of order (and differently at each concurrency)."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        for _ in range((plan.index * 7919 + len(turns) * 31) % 13):
            await asyncio.sleep(0)
        return await super().respond(plan, turns, memory)


def jittery(**customer: Any) -> Engines:
    return Engines(Jittery("customer", **customer), Jittery("support"), grade, NAMES)


@pytest.mark.parametrize("planner", ["coverage", "failures"])
def test_plans_do_not_depend_on_concurrency_or_timing(tmp_path: Path, planner: str) -> None:
    run(request(tmp_path / "one", n=180, concurrency=1, planner=planner), jittery())
    run(request(tmp_path / "many", n=180, concurrency=24, planner=planner), jittery())
    assert table(tmp_path / "one", SPECS) == table(tmp_path / "many", SPECS)
    assert [b for (b,) in table(tmp_path / "one", "SELECT DISTINCT batch FROM planned")] == [
        0,
        1,
        2,
        3,
    ]
    one = (tmp_path / "one" / "transcripts.jsonl").read_bytes()
    assert one == (tmp_path / "many" / "transcripts.jsonl").read_bytes()


def test_the_next_batch_starts_while_the_last_one_still_runs(tmp_path: Path) -> None:
    """Conversation 0 only finishes once a conversation of batch 1 has started: a barrier after
    batch 0 would time it out into an error outcome."""
    started = asyncio.Event()

    class Waits(StandIn):
        async def respond(
            self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
        ) -> Reply:
            if plan.index >= 50:
                started.set()
            elif plan.index == 0 and not turns:
                await asyncio.wait_for(started.wait(), 30)  # a guard, not a pause
            return await super().respond(plan, turns, memory)

    eng = Engines(Waits("customer"), StandIn("support"), grade, NAMES)
    result = run(request(tmp_path / "r", n=60, concurrency=4), eng)
    assert result.outcomes.get("error", 0) == 0
    assert result.simulated == 60


def test_convsim_plan_shows_what_a_run_plans(tmp_path: Path) -> None:
    run(request(tmp_path / "r", n=130, seed=3), jittery())
    inputs = load_inputs(())
    # The run's engines decide its languages (stand-ins write any), as the runner does.
    languages = planner_languages(jittery().names)
    planner = BatchPlanner(
        3, inputs.scenarios, inputs.edge_cases, inputs.traits, languages=languages
    )
    ahead = [spec.to_json() for spec, _ in itertools.islice(planner.plan_ahead(), 150)]
    assert [str(s) for _, _, s in table(tmp_path / "r", SPECS)] == ahead


@pytest.mark.parametrize("after", [140, 330])
def test_killed_anywhere_in_the_pipeline_resumes_to_the_same_run(
    tmp_path: Path, after: int
) -> None:
    run(request(tmp_path / "full", n=170, concurrency=8, planner="failures"), jittery())
    cut = request(tmp_path / "cut", n=170, concurrency=8, planner="failures")
    with pytest.raises(KeyboardInterrupt):
        run(cut, jittery(interrupt_after=after))
    resumed = run(cut, jittery())
    assert 0 < resumed.already_done < 170
    assert table(tmp_path / "cut", SPECS) == table(tmp_path / "full", SPECS)
    full = (tmp_path / "full" / "transcripts.jsonl").read_bytes()
    assert (tmp_path / "cut" / "transcripts.jsonl").read_bytes() == full
    coverage = "SELECT idx, factors FROM coverage ORDER BY idx"
    assert table(tmp_path / "cut", coverage) == table(tmp_path / "full", coverage)


class Budget:
    """Engine hooks whose budget is spent once `limit` conversations have been graded."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.graded = 0

    def check(self) -> None:
        return None

    def stop_reason(self) -> str | None:
        spent = self.limit is not None and self.graded >= self.limit
        return "budget spent" if spent else None

    def report(self) -> dict[str, Any]:
        return {}

    def grade(self, plan: ConversationPlan, turns: Sequence[Turn], outcome: Any) -> Any:
        self.graded += 1
        return grade(plan, turns, outcome)


def budgeted(limit: int | None) -> Engines:
    hooks = Budget(limit)
    return Engines(Jittery("customer"), Jittery("support"), hooks.grade, NAMES, hooks=hooks)


def test_a_spent_budget_stops_planning_and_a_rerun_finishes_the_same_run(tmp_path: Path) -> None:
    run(request(tmp_path / "full", n=200, concurrency=6), budgeted(None))
    stopped = run(request(tmp_path / "cut", n=200, concurrency=6), budgeted(70))
    assert stopped.stopped == "budget spent"
    assert 70 <= stopped.simulated < 100
    # batch 2 needs batch 0 done (it is) and may be planned; batch 3 needs batch 1, never done
    assert len(table(tmp_path / "cut", "SELECT DISTINCT batch FROM planned")) <= 3
    resumed = run(request(tmp_path / "cut", n=200, concurrency=6), budgeted(None))
    assert resumed.already_done == stopped.simulated
    assert table(tmp_path / "cut", SPECS) == table(tmp_path / "full", SPECS)
    full = (tmp_path / "full" / "transcripts.jsonl").read_bytes()
    assert (tmp_path / "cut" / "transcripts.jsonl").read_bytes() == full


def test_retried_errors_are_waited_for_before_the_planner_reads_their_batch(
    tmp_path: Path,
) -> None:
    for name, concurrency in (("one", 1), ("many", 24)):
        out = tmp_path / name
        run(request(out, n=60, planner="failures"), jittery(fail_index=3))
        # batches 2 and 3 are planned now, from batch 0 once index 3 has run again
        again = request(out, n=170, concurrency=concurrency, planner="failures", retry_errors=True)
        assert run(again, jittery()).simulated == 111
    assert table(tmp_path / "one", SPECS) == table(tmp_path / "many", SPECS)
    one = (tmp_path / "one" / "transcripts.jsonl").read_bytes()
    assert one == (tmp_path / "many" / "transcripts.jsonl").read_bytes()
