"""What `--workers N` and `--ray` buy on this machine, and the driver's floor.

    python bench/scale.py                    # a few minutes on 2 cores
    python bench/scale.py --n 2000 --no-ray  # bigger scripted runs, no Ray
    python bench/scale.py --no-llm

1. Scripted: the same `convsim run` (built-in library, seed 1) in one process, with
   `--workers 1`, `--workers 2` and, when the ray extra is installed, `--ray` (a local Ray
   instance started by the run, one actor per CPU). Each runs in its own process; the rate is
   the manifest's (the run's clock, worker or actor start-up included, Python start-up not).
   Printed as conversations/s and as the ratio over one process (goal for 2 workers on 2
   cores: at least 1.6); then the same after start-up (a run of N/4 is timed too, and the
   rate is the other 3N/4 over the time they added); and whether every transcripts.jsonl
   has the same bytes.
2. The driver's floor: how many conversations/s the driver can take in when simulating costs
   nothing. `runner.simulate` is fed plans made beforehand and a pool that answers each at
   once with a conversation played before; what is left is the queue, the transcript record
   and run.db's one transaction per conversation. More workers cannot go past it. Planning
   is timed apart (the base planner's plans/s).
3. LLM-bound: customer and support on the fake server (`convsim fake-llm`, its own process,
   100 ms a request) at concurrency 64, in one process and with `--workers 2`: model calls/s
   and the ratio, and CPU milliseconds per call of the run (driver and workers), taken as
   the difference between a run of N and a run of 10 conversations, so start-up and imports
   are not counted (goal for one process: at most 3 ms). Then, in the same minute, the same
   one-process run with requests through ChatOpenAI (`client = "langchain"`), and the bare
   ChatOpenAI client replaying the first run's calls (bench/llm_bound.py's replay, at the
   same concurrency, in this process: its CPU over the replay alone).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from agents.planning import BatchPlanner  # noqa: E402
from agents.types import ConversationPlan  # noqa: E402
from simulator.run.convworker import Placement  # noqa: E402
from simulator.run.graph import build_graph  # noqa: E402
from simulator.run.inputs import load_inputs  # noqa: E402
from simulator.run.rerun import make_transcript, play  # noqa: E402
from simulator.run.runner import scripted_engines, simulate  # noqa: E402
from simulator.store.rows import Rows, conversation_rows  # noqa: E402
from simulator.store.rundb import RunStore  # noqa: E402

SEED = 1
LLM_CONCURRENCY = 64
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p
), "OPENAI_API_KEY": os.environ.get("OPENAI_API_KEY") or "local"}  # fmt: skip


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def convsim_run(out: Path, n: int, *flags: str) -> tuple[dict[str, Any], float]:
    """One `convsim run` in its own process: its manifest, and the CPU seconds it and its
    worker processes used (Ray's own processes are not children and are not counted)."""
    cmd = [sys.executable, "-m", "simulator", "run", "--n", str(n), "--seed", str(SEED),
           "--out", str(out), "--quiet", *flags]  # fmt: skip
    before = children_cpu()
    done = subprocess.run(cmd, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return json.loads((out / "manifest.json").read_text()), children_cpu() - before


def rate(manifest: dict[str, Any]) -> float:
    return float(manifest["timings"]["conversations_per_second"])


@dataclass
class Sample:
    rate: float  # conversations/s, the run's clock (start-up of workers included)
    steady: float  # conversations/s after start-up
    driver_ms: float  # driver CPU per conversation while conversations ran
    workers_ms: float  # workers' CPU per conversation after their start-up
    startup_s: float  # the workers' start-up CPU, all of them
    all_ms: float  # every process of the run (Ray's own excepted), start-ups excluded
    where: str


def scripted_sample(n: int, flags: list[str], out: Path) -> Sample:
    small = max(1, n // 4)
    manifest, cpu = convsim_run(out, n, *flags)
    first, first_cpu = convsim_run(out.with_name(out.name + "-small"), small, *flags)
    # After start-up: the conversations beyond the small run's, over the time they took.
    extra = manifest["timings"]["seconds"] - first["timings"]["seconds"]
    placement = manifest["placement"]
    spent = placement.get("cpu_seconds", {})
    workers = sum(v for k, v in spent.items() if k != "driver")
    shown = Placement(**{**placement, "notes": []}).line() if placement["workers"] else ""
    return Sample(
        rate=rate(manifest),
        steady=(n - small) / extra if extra > 0 else float("nan"),
        driver_ms=1000 * spent.get("driver", float("nan")) / n,
        workers_ms=1000 * workers / n,
        startup_s=sum(placement.get("startup_cpu_seconds", {}).values()),
        all_ms=1000 * (cpu - first_cpu) / (n - small),
        where=shown,
    )


def scripted(n: int, ray: bool, work: Path, repeat: int) -> None:
    """Each configuration `repeat` times, the configurations taking turns (so a change in the
    machine's load falls on all of them); the fastest of each is printed."""
    print(f"scripted engines, {n} conversations, seed {SEED} (built-in library), best of "
          f"{repeat}, configurations alternating")  # fmt: skip
    configs: list[tuple[str, list[str]]] = [
        ("one process", []),
        ("--workers 1", ["--workers", "1"]),
        ("--workers 2", ["--workers", "2"]),
    ]
    if ray:
        configs.append(("--ray (local, started by the run)", ["--ray"]))
    samples: dict[str, list[Sample]] = {label: [] for label, _ in configs}
    outputs: list[bytes] = []
    for round_ in range(repeat):
        for i, (label, flags) in enumerate(configs):
            out = work / f"scripted-{i}-{round_}"
            samples[label].append(scripted_sample(n, flags, out))
            outputs.append((out / "transcripts.jsonl").read_bytes())
            load = os.getloadavg()[0]
            print(f"    ({label}: round {round_ + 1}, load average {load:.1f})", flush=True)
    base = max(s.rate for s in samples["one process"])
    steady_base = max(s.steady for s in samples["one process"])
    print(f"  {'':<36} {'conv/s':>7} {'ratio':>6}   {'after start-up':>14} {'ratio':>6}   "
          "CPU ms per conversation: driver, workers, all processes; workers' start-up")  # fmt: skip
    for label, _ in configs:
        best = max(samples[label], key=lambda s: s.rate)
        steady = max(s.steady for s in samples[label])
        print(f"  {label:<36} {best.rate:7.1f} {best.rate / base:5.2f}x   {steady:12.1f}/s "
              f"{steady / steady_base:5.2f}x   {best.driver_ms:5.2f} {best.workers_ms:5.2f} "
              f"{best.all_ms:5.2f}; {best.startup_s:4.1f} s  {best.where}")  # fmt: skip
    same = all(o == outputs[0] for o in outputs)
    print(f"  transcripts.jsonl the same bytes in every run: {same}")
    print("  (all processes: the run, its workers and its planning worker, from the difference "
          "with a run of N/4; Ray's own processes are not counted, its actors' CPU is in "
          "'workers')")  # fmt: skip


class CannedPool:
    """A pool whose conversations cost nothing: each plan gets the rows of a conversation
    played before (as a worker sends them), under the plan's own id and index."""

    def __init__(self, canned: Rows) -> None:
        self.canned = canned
        self.placement = Placement("canned", 0)

    async def start(self) -> None:
        return None

    async def play(self, plan: ConversationPlan) -> Rows:
        c = self.canned
        return Rows(
            plan.index,
            (plan.id, plan.index, *c.plan[2:]),
            (plan.id, plan.index, *c.conversation[2:]),
            [(plan.id, *t[1:]) for t in c.turns],
            None if c.verdict is None else (plan.id, *c.verdict[1:]),
        )

    async def close(self) -> None:
        return None


def floor(n: int, work: Path) -> None:
    inputs = load_inputs((), None)
    planner = BatchPlanner(SEED, list(inputs.scenarios), inputs.edge_cases, inputs.traits)
    clock = time.perf_counter()
    plans = [planner.base.plan(i) for i in range(n)]
    planning = n / (time.perf_counter() - clock)
    engines = scripted_engines()
    graph = build_graph(engines.customer, engines.support, engines.grade)
    p = asyncio.run(play(graph, plans[0]))
    record = make_transcript("run-floor", p.plan, p.turns, p.outcome, p.verdict, p.faults)
    canned = conversation_rows(p.plan, record)
    with RunStore(work / "floor.db") as store:
        store.set_run_config("run-floor", "floor", {"seed": SEED})
        clock = time.perf_counter()
        pool = CannedPool(canned)
        job = simulate(iter(plans), store, engines, "run-floor", 16, _nothing, graph, pool=pool)
        stored = asyncio.run(job)
        storing = stored / (time.perf_counter() - clock)
    print(f"driver floor, {n} conversations, no simulation:")
    print(f"  stored (queue, record, one run.db transaction each) {storing:8.0f} conversations/s")
    print(f"  planned (base planner)                              {planning:8.0f} plans/s")


def _nothing() -> None:
    return None


@contextmanager
def fake_server(*flags: str) -> Iterator[str]:
    """`convsim fake-llm` in its own process (so it does not share a run's GIL)."""
    cmd = [sys.executable, "-m", "simulator", "fake-llm", "--port", "0", *flags]
    proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        yield line.split(" on ", 1)[1].split(" ", 1)[0]
    finally:
        proc.terminate()
        proc.wait(10)


def llm_bound(n: int, work: Path) -> None:
    print(f"LLM-bound: customer and support on the fake server (100 ms), concurrency "
          f"{LLM_CONCURRENCY}, {n} conversations")  # fmt: skip
    langchain = work / "langchain.toml"
    langchain.write_text('[llm]\nclient = "langchain"\n')
    base = 0.0
    runs = (("one process", "0", []), ("--workers 2", "2", []),
            ("one process, ChatOpenAI", "0", ["--config", str(langchain)]))  # fmt: skip
    with fake_server("--latency-ms", "100") as url:
        for k, (label, workers, extra) in enumerate(runs):
            flags = ["--customer-model", "fake", "--support-model", "fake", "--base-url", url,
                     "--concurrency", str(LLM_CONCURRENCY), "--workers", workers,
                     *extra]  # fmt: skip
            small, small_cpu = convsim_run(work / f"llm-small-{k}", 10, *flags)
            big, big_cpu = convsim_run(work / f"llm-{k}", n, *flags)
            calls = big["llm"]["usage"]["calls"]
            speed = calls / big["timings"]["seconds"]
            base = base or speed
            extra_calls = calls - small["llm"]["usage"]["calls"]
            per_call = 1000 * (big_cpu - small_cpu) / max(1, extra_calls)
            goal = "  (goal <= 3)" if k == 0 else ""
            print(f"  {label:<24} {speed:7.1f} calls/s  {speed / base:5.2f}x   "
                  f"{per_call:5.2f} ms CPU per call (driver + workers){goal}")  # fmt: skip
        per_call, speed = bare_client(url, work / "llm-0")
        print(f"  {'bare ChatOpenAI client':<24} {speed:7.1f} calls/s  {speed / base:5.2f}x   "
              f"{per_call:5.2f} ms CPU per call (the first run's calls replayed)")  # fmt: skip


def bare_client(url: str, out: Path) -> tuple[float, float]:
    """(CPU ms per call, calls/s) of the bare ChatOpenAI client replaying `out`'s calls."""
    from bench.llm_bound import bare, recorded_calls

    calls = recorded_calls(out)
    asyncio.run(bare(url, calls[:20], LLM_CONCURRENCY))  # its imports and first connections
    clock = time.process_time()
    speed = asyncio.run(bare(url, calls, LLM_CONCURRENCY))
    return 1000 * (time.process_time() - clock) / len(calls), speed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=600, help="conversations per scripted run")
    parser.add_argument("--floor-n", type=int, default=5000, help="conversations for the floor")
    parser.add_argument("--llm-n", type=int, default=200, help="conversations per LLM run")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the scripted runs")
    parser.add_argument("--no-ray", action="store_true", help="skip --ray")
    parser.add_argument("--only-scripted", action="store_true", help="skip the floor and LLM")
    parser.add_argument("--no-llm", action="store_true", help="skip the LLM-bound runs")
    args = parser.parse_args()
    ray = not args.no_ray and importlib.util.find_spec("ray") is not None
    if not args.no_ray and not ray:
        print('(ray is not installed: pip install ".[ray]" for the --ray figure)')
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="convsim-scale-") as tmp:
        work = Path(tmp)
        scripted(args.n, ray, work, args.repeat)
        if args.only_scripted:
            return
        floor(args.floor_n, work)
        if not args.no_llm:
            llm_bound(args.llm_n, work)


if __name__ == "__main__":
    main()
