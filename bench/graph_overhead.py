"""What convsim's conversation graph costs above LangGraph's floor, with roles that cost nothing.

    python bench/graph_overhead.py                       # CPU per conversation, 3 alternating
    valgrind --tool=callgrind --zero-before=os_getppid --dump-before=os_getpgrp \\
        python bench/graph_overhead.py --n 200 --repeat 1  # instructions: dump 1 graph, 2 floor

`simulator.run.graph.build_graph` is played with a customer and a support role that return
prepared replies and a critic that returns a constant verdict (five exchanges, support ending
the fifth: 11 steps), against bench/throughput.py's floor (`run_bare`) given 11 steps, both at
16 in flight. What is left is the graph's own machinery: its channels, its nodes' input views,
its output schema, `run_conversation`. bench/throughput.py's ratio compares the whole runner;
this says how much of the gap the graph itself can close (docs/scale.md: 1.07x the floor in
instructions, session 19). Under callgrind the counted windows are marked by `os.getppid()`
(zero) and `os.getpgrp()` (dump), as bench/instructions.py does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import run_bare  # noqa: E402

from agents.types import Outcome, Reply, Turn, Verdict  # noqa: E402
from simulator.run.graph import build_graph, run_conversation  # noqa: E402

EXCHANGES = 5
STEPS = 2 * EXCHANGES + 1  # the replies and the critic
_STOP = Outcome(status="resolved", reason="prepared", ended_by="support")
_CUSTOMER = [Reply(turn=Turn(role="customer", content=f"c{i}"), memory={"i": i}) for i in range(6)]
_SUPPORT = [
    Reply(
        turn=Turn(role="support", content=f"s{i}"),
        memory={"i": i},
        stop=_STOP if i == EXCHANGES - 1 else None,
    )
    for i in range(6)
]
_VERDICT = Verdict(label="ACCEPT")


class _Customer:
    async def respond(self, plan: Any, turns: Sequence[Turn], memory: Mapping[str, Any]) -> Reply:
        return _CUSTOMER[len(turns) // 2]


class _Support:
    async def respond(self, plan: Any, turns: Sequence[Turn], memory: Mapping[str, Any]) -> Reply:
        return _SUPPORT[len(turns) // 2]


def _grade(plan: Any, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return _VERDICT


async def run_graph(n: int, concurrency: int) -> None:
    graph = build_graph(_Customer(), _Support(), _grade)
    # The prepared roles read nothing of the plan; the graph reads its max_turns and id.
    plan: Any = SimpleNamespace(scenario=SimpleNamespace(max_turns=12), id="prepared")
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for _ in range(n):
        queue.put_nowait(plan)
    for _ in range(concurrency):
        queue.put_nowait(None)

    async def worker() -> None:
        while (p := await queue.get()) is not None:
            turns, _, _ = await run_conversation(graph, p)
            assert len(turns) == 2 * EXCHANGES

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="conversations per side and run")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs, fastest kept")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    asyncio.run(run_graph(50, args.concurrency))  # warm both sides before anything counts
    asyncio.run(run_bare([STEPS] * 50, args.concurrency))
    graph: list[float] = []
    floor: list[float] = []
    for _ in range(args.repeat):
        os.getppid()
        start = time.process_time()
        asyncio.run(run_graph(args.n, args.concurrency))
        graph.append(time.process_time() - start)
        os.getpgrp()
        os.getppid()
        start = time.process_time()
        asyncio.run(run_bare([STEPS] * args.n, args.concurrency))
        floor.append(time.process_time() - start)
        os.getpgrp()
    g, f = 1000 * min(graph) / args.n, 1000 * min(floor) / args.n
    print(
        f"convsim's graph with prepared roles: {g:.3f} ms CPU per conversation; LangGraph's "
        f"floor with the same {STEPS} steps: {f:.3f} ms; floor/graph {f / g:.3f}"
    )


if __name__ == "__main__":
    main()
