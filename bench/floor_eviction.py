"""How much LangGraph's own steps slow down when other work evicts them from the caches.

    python bench/floor_eviction.py                    # 64 KB, 1 MB, 4 MB, 16 MB, 3 rounds each
    python bench/floor_eviction.py --kb 16384 --n 500

bench/throughput.py's floor (the leanest LangGraph loop, 16 in flight) three ways, alternating:
the floor; the floor with every step first copying KB of memory into another buffer (`dst[:] =
src`: one memmove, few instructions, 2 x KB of cache lines touched); and the copies alone. The
extra cost of the steps is (floor with copies) - (floor) - (copies alone), in ms of CPU per
conversation: what the same LangGraph instructions cost more when the data between two steps
of a conversation no longer sits in the caches. The runner's role turns and critic sit there
in a real run, so this is the part of the time ratio that the instruction ratio
(bench/instructions.py) cannot see.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any, TypedDict

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.types import Command  # noqa: E402


class LoopState(TypedDict):
    steps: int


def floor_graph(src: bytearray | None, dst: bytearray) -> Any:
    """bench/throughput.py's bare graph, each step first copying `src` into `dst` if given."""

    def node(other: str) -> Any:
        async def step(state: LoopState) -> Command[str]:
            if src is not None:
                dst[:] = src
            left = state["steps"] - 1
            return Command(update={"steps": left}, goto=other if left > 0 else END)

        return step

    graph: StateGraph[Any] = StateGraph(LoopState)
    graph.add_node("a", node("b"), destinations=("b", END))
    graph.add_node("b", node("a"), destinations=("a", END))
    graph.add_edge(START, "a")
    return graph.compile()


async def run(graph: Any, n: int, steps: int, concurrency: int) -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue()
    for _ in range(n):
        queue.put_nowait(steps)
    for _ in range(concurrency):
        queue.put_nowait(None)

    async def worker() -> None:
        while (left := await queue.get()) is not None:
            await graph.ainvoke({"steps": left}, {"recursion_limit": left + 5}, version="v2")

    await asyncio.gather(*(worker() for _ in range(concurrency)))


def measure(kb: int, n: int, steps: int, concurrency: int, rounds: int) -> dict[str, float]:
    src, dst = bytearray(kb * 1024), bytearray(kb * 1024)
    plain, copying = floor_graph(None, dst), floor_graph(src, dst)
    times: dict[str, list[float]] = {"floor": [], "with_copies": [], "copies": []}
    for _ in range(rounds):
        for name, graph in (("floor", plain), ("with_copies", copying)):
            cpu = time.process_time()
            asyncio.run(run(graph, n, steps, concurrency))
            times[name].append(time.process_time() - cpu)
        cpu = time.process_time()
        for _ in range(n * steps):
            dst[:] = src
        times["copies"].append(time.process_time() - cpu)
    best = {name: 1000 * min(values) / n for name, values in times.items()}
    extra = best["with_copies"] - best["floor"] - best["copies"]
    return {
        "kb": kb,
        "floor_cpu_ms": round(best["floor"], 3),
        "copies_cpu_ms": round(best["copies"], 3),
        "with_copies_cpu_ms": round(best["with_copies"], 3),
        "extra_ms": round(extra, 3),
        "slowdown": round((best["floor"] + extra) / best["floor"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, nargs="*", default=[64, 1024, 4096, 16384])
    parser.add_argument("--n", type=int, default=1000, help="conversations per timing")
    parser.add_argument("--steps", type=int, default=11, help="graph steps per conversation")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="keep the fastest of this many")
    args = parser.parse_args()
    for kb in args.kb:
        f = measure(kb, args.n, args.steps, args.concurrency, args.rounds)
        print(
            f"{kb} KB copied per step: floor {f['floor_cpu_ms']} ms CPU per conversation, "
            f"copies alone {f['copies_cpu_ms']}, both {f['with_copies_cpu_ms']}: the steps cost "
            f"{f['extra_ms']} ms more, x{f['slowdown']}"
        )


if __name__ == "__main__":
    main()
