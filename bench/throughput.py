"""Throughput and memory of the full runner, against the floor LangGraph itself sets.

    python bench/throughput.py                 # both figures (takes a few minutes)
    python bench/throughput.py --n 500 --no-memory
    python bench/throughput.py --n 1000 --no-memory --repeat 3   # 3 alternating runs per side

1. Speed: N conversations of the scripted engine through the whole runner (planning,
   customer, support, critic, run.db, transcripts.jsonl, manifest; no progress bar; a temp
   dir), against the leanest loop LangGraph allows taking the same number of steps per
   conversation at the same concurrency: two async nodes routing themselves with `Command`,
   one state channel, `ainvoke(version="v2")`. The ratio full/bare is what convsim keeps of
   LangGraph's own speed (goal >= 0.33). A graph step is one role reply (a customer or
   support node) plus the critic: the tool turns a support reply records happen inside its
   node, so they are not steps and the bare loop is not given them. The steps are read from
   the stored records, so an attempt dropped because the critic blamed the simulated customer
   (played again, simulator.run.rerun: 5 attempts in 600 conversations of seed 3) is graph work
   the runner did and the floor is not given: the ratio understates the runner by about 1%.
2. Memory: peak RSS of a fresh process running 1,000 and then 10,000 conversations; the ratio
   shows whether memory grows with N (goal <= 1.2).

On a shared machine the wall clock, and even the CPU time, move 10-15% from run to run: read
the CPU line, take `--repeat` (both sides alternate; each side's fastest run and the median of
the pairs' ratios are printed, with the load average before and after), and run before and
after alternately in the same minutes. A
change smaller than that shows only in instruction counts: bench/instructions.py counts both
sides under callgrind (docs/figures.md reports them).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from langgraph.graph import END, START, StateGraph  # noqa: E402
from langgraph.types import Command  # noqa: E402

from agents.types import Turn  # noqa: E402
from simulator.run.runner import RunRequest, run, scripted_engines  # noqa: E402
from simulator.store.rundb import RunStore  # noqa: E402


class LoopState(TypedDict):
    steps: int


def bare_graph() -> Any:
    """LangGraph's floor for the same walk: two async nodes that hand over to each other with
    a `Command` (no router task per step) until `steps` is used up, on one state channel."""

    def node(other: str) -> Any:
        async def step(state: LoopState) -> Command[str]:
            left = state["steps"] - 1
            return Command(update={"steps": left}, goto=other if left > 0 else END)

        return step

    graph: StateGraph[Any] = StateGraph(LoopState)
    graph.add_node("a", node("b"), destinations=("b", END))
    graph.add_node("b", node("a"), destinations=("a", END))
    graph.add_edge(START, "a")
    return graph.compile()


async def run_bare(step_counts: list[int], concurrency: int) -> None:
    graph = bare_graph()
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=2 * concurrency)

    async def worker() -> None:
        while (steps := await queue.get()) is not None:
            # version="v2": the values stream only (v1 also streams every update)
            await graph.ainvoke({"steps": steps}, {"recursion_limit": steps + 5}, version="v2")

    async def produce() -> None:
        for steps in step_counts:
            await queue.put(steps)
        for _ in range(concurrency):
            await queue.put(None)

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        for _ in range(concurrency):
            group.create_task(worker())


def graph_steps(turns: Sequence[Turn]) -> int:
    """The graph steps a stored conversation took: one per role reply, plus the critic. A
    support node's tool calls are recorded as a support turn with `tool_calls` and its `tool`
    results, all before the reply, so neither is a step of its own."""
    return sum(1 for t in turns if t.role != "tool" and not t.tool_calls) + 1


def speed(n: int, concurrency: int, repeat: int = 1) -> dict[str, float]:
    """Each side timed `repeat` times, alternating, and its fastest run kept: on a shared
    machine the fastest run is the one least slowed by other work. Also the CPU time of this
    process (the runner's, not its planning worker's) per conversation: steadier than the
    wall clock when other work shares the cores. The medians of the ratios of each pair (a
    runner's run and the floor's right after it) say how far one pair can be trusted: the
    fastest of each side may come from different minutes."""
    engines = scripted_engines()
    load = os.getloadavg()[0]
    fulls: list[tuple[float, float]] = []
    bares: list[tuple[float, float]] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "run"
            start, cpu = time.perf_counter(), time.process_time()
            run(RunRequest((), n, 1, out, concurrency), engines)
            fulls.append((time.perf_counter() - start, time.process_time() - cpu))
            with RunStore(out / "run.db") as store:
                steps = [graph_steps(t.turns) for t in store.iter_transcripts()]
        start, cpu = time.perf_counter(), time.process_time()
        asyncio.run(run_bare(steps, concurrency))
        bares.append((time.perf_counter() - start, time.process_time() - cpu))
    full, bare = min(f[0] for f in fulls), min(b[0] for b in bares)
    full_cpu, bare_cpu = min(f[1] for f in fulls), min(b[1] for b in bares)
    pairs = list(zip(fulls, bares, strict=True))
    return {
        "conversations": n,
        "mean_steps": round(sum(steps) / len(steps), 2),
        "full_conv_per_s": round(n / full, 1),
        "bare_conv_per_s": round(n / bare, 1),
        "ratio": round(bare / full, 3),
        "full_cpu_ms": round(1000 * full_cpu / n, 2),
        "bare_cpu_ms": round(1000 * bare_cpu / n, 2),
        "cpu_ratio": round(bare_cpu / full_cpu, 3),
        "median_ratio": round(statistics.median(b[0] / f[0] for f, b in pairs), 3),
        "median_cpu_ratio": round(statistics.median(b[1] / f[1] for f, b in pairs), 3),
        "load_before": round(load, 1),
        "load_after": round(os.getloadavg()[0], 1),
    }


def peak_rss_mb(n: int) -> float:
    """Peak RSS of a fresh interpreter running n conversations (ru_maxrss, in MB)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, __file__, "--child", str(n), str(Path(tmp) / "run")]
        done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return float(json.loads(done.stdout)["peak_rss_mb"])


def child(n: int, out: Path) -> None:
    run(RunRequest((), n, 1, out, 16), scripted_engines())
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux
    print(json.dumps({"peak_rss_mb": round(kb / 1024, 1)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="conversations for the speed test")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-memory", action="store_true", help="skip the 1k vs 10k test")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each side this often, keep the fastest"
    )
    parser.add_argument("--child", nargs=2, metavar=("N", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(int(args.child[0]), Path(args.child[1]))
        return
    figures: dict[str, Any] = {"speed": speed(args.n, args.concurrency, args.repeat)}
    s = figures["speed"]
    print(
        f"full runner: {s['full_conv_per_s']} conv/s; bare 2-node LangGraph loop with the "
        f"same steps ({s['mean_steps']}/conversation): {s['bare_conv_per_s']} conv/s; "
        f"ratio {s['ratio']} (goal >= 0.33)\n"
        f"CPU per conversation: full runner {s['full_cpu_ms']} ms; bare loop {s['bare_cpu_ms']} "
        f"ms; ratio {s['cpu_ratio']}\n"
        f"median of the {args.repeat} pairs: ratio {s['median_ratio']}, CPU ratio "
        f"{s['median_cpu_ratio']}; load average {s['load_before']} before, {s['load_after']} after"
    )
    if not args.no_memory:
        small, large = peak_rss_mb(1000), peak_rss_mb(10000)
        figures["memory"] = {
            "peak_rss_mb_1000": small,
            "peak_rss_mb_10000": large,
            "ratio": round(large / small, 3),
        }
        print(
            f"peak memory: 1,000 conversations {small} MB; 10,000 conversations {large} MB; "
            f"ratio {figures['memory']['ratio']} (goal <= 1.2)"
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
