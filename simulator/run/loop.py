"""The run loop: plans through the conversation graph with bounded concurrency, into run.db.

Its own module because it is the one place every conversation of a run passes through (the
hot path bench/throughput.py and bench/instructions.py measure), kept apart from preparing a
run and writing its files (simulator.run.runner). A worker task takes the next plan from a
bounded queue, plays it (simulator.run.rerun), builds its rows and stores them in one
transaction, so memory stays flat however many plans come.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

from langgraph.graph.state import CompiledStateGraph

from agents.llm.errors import BudgetExceeded
from agents.types import ConversationPlan, Transcript
from simulator.run.graph import build_graph
from simulator.run.pools import Pool
from simulator.run.rerun import make_transcript, play
from simulator.store.rows import conversation_rows
from simulator.store.rundb import RunStore

if TYPE_CHECKING:  # the runner imports this module
    from simulator.run.runner import Engines


async def simulate(
    plans: Iterator[ConversationPlan] | AsyncIterator[ConversationPlan],
    store: RunStore,
    engines: Engines,
    run_id: str,
    concurrency: int,
    advance: Callable[[], None],
    graph: CompiledStateGraph[Any] | None = None,
    settled: Callable[[int, bool], None] | None = None,
    pool: Pool | None = None,
    annotate: Callable[[Transcript], Transcript] | None = None,
) -> int:
    """Run plans through the graph with at most `concurrency` in flight; returns how many.
    `settled(index, ran)` follows each plan: stored (True) or skipped, a spent budget (False).
    With a `pool`, conversations play in its worker processes; storing stays here.
    `annotate` adds to each record before it is stored (a replay's link to its source); a
    pool builds the records where it plays them, so the two do not go together."""
    if pool is not None and annotate is not None:
        raise ValueError("simulate: annotate needs the records here; give no pool")
    if graph is None:
        graph = build_graph(engines.customer, engines.support, engines.grade)
    queue: asyncio.Queue[ConversationPlan | None] = asyncio.Queue(maxsize=2 * concurrency)
    finished = 0
    hooks = engines.hooks

    def stop() -> bool:  # a spent budget: no re-run of a simulator fault either
        return hooks is not None and hooks.stop_reason() is not None

    async def worker() -> None:
        nonlocal finished
        while (plan := await queue.get()) is not None:
            if engines.hooks is not None and engines.hooks.stop_reason() is not None:
                if settled is not None:
                    settled(plan.index, False)
                continue  # budget spent: drain the queue without starting conversations
            try:
                if pool is not None:  # played, graded and serialised in a worker
                    rows = await pool.play(plan)
                else:
                    p = await play(graph, plan, stop)
                    record = make_transcript(run_id, p.plan, p.turns, p.outcome, p.verdict,
                                             p.faults)  # fmt: skip
                    if annotate is not None:
                        record = annotate(record)
                    rows = conversation_rows(p.plan, record)
            except BudgetExceeded:  # cut short: not a result, stored nowhere, redone on resume
                if settled is not None:
                    settled(plan.index, False)
                continue
            store.write(rows)
            finished += 1
            advance()
            if settled is not None:
                settled(plan.index, True)

    async def produce() -> None:
        # Yield after each plan: a worker starts its conversation (and its first model call)
        # while the next plan is made, instead of waiting until the queue is full.
        if isinstance(plans, AsyncIterator):
            async for plan in plans:
                await queue.put(plan)
                await asyncio.sleep(0)
        else:
            for plan in plans:
                await queue.put(plan)
                await asyncio.sleep(0)
        for _ in range(concurrency):
            await queue.put(None)

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        for _ in range(concurrency):
            group.create_task(worker())
    return finished
