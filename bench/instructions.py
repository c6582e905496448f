"""bench/throughput.py's ratio counted in CPU instructions, which other work on the machine
does not move (the wall clock and even CPU time move 10-15% on a shared machine).

    python bench/instructions.py                  # about 3 minutes under callgrind
    python bench/instructions.py --n 200 --keep /tmp/cg   # keep the dumps for callgrind_annotate

One process under `valgrind --tool=callgrind`, PYTHONHASHSEED=0, runs what bench/throughput.py
times, with callgrind's counters zeroed and dumped around the measured parts (the markers are
`os.getppid()` and `os.getpgrp()`, C functions nothing else here calls):

1. the full runner (`run`'s `execute`, scripted engines, built-in library, seed 1, 16 in
   flight, planning where throughput.py's run plans it: a planning worker process when it pays
   off, whose instructions are not counted, like throughput.py's CPU line) over
   WARMUP + N + 16 conversations; counted from the WARMUP-th stored conversation to the
   (WARMUP + N)-th, so as many are in flight at both ends (steady state), divided by N; plus
   the end of the run (transcripts.jsonl, manifest) divided by all conversations;
2. bench/throughput.py's floor (`run_bare`: the leanest LangGraph loop) with the same steps per
   conversation: WARMUP conversations, then N counted.

Printed: instructions per conversation of each, and the ratio floor/runner, which is the
figure throughput.py's goal (>= 0.33) is about when both sides get a core to themselves.
Start-up (imports, loading the library, preparing the run) is not counted on either side.

    python bench/instructions.py --cache-sim      # about 10 minutes: two runs side by side

`--cache-sim` asks why the time ratio lags the instruction ratio (docs/figures.md: the runner's
16 interleaved conversations do work between two LangGraph steps that may evict LangGraph's
code and data). The same windows run under callgrind's cache simulation (`--cache-sim=yes`),
once per last-level size in `--ll` (default 1 MB, this machine's L2 per core, 8-way, and
32 MB, its L3, 16-way: /sys/devices/system/cpu/cpu0/cache), the first level as this
machine's (32 KB, 8-way, 64-byte lines, instruction and data).
Printed per conversation and side: instructions, D1 misses (reads + writes), I1 misses and
last-level misses (instruction + data), their ratios floor/runner, and cycles estimated by a
stated cost model (`--cost`: extra cycles for an L1 miss served by L2, an L2 miss served by
L3, an L3 miss; 1 cycle an instruction, no overlap), whose ratio is what misses alone would
make of the instruction ratio. Callgrind models no TLB, no prefetcher, no out-of-order overlap
and no branch predictor with history, and sees only this process (not the planning worker or
other processes sharing the L3), so the estimate says how much the misses the code itself
causes can explain, not a clock.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

ZERO = "os_getppid"  # callgrind --zero-before: CPython's C function behind os.getppid()
DUMP = "os_getpgrp"  # --dump-before: behind os.getpgrp(); each dump also zeroes


def throughput_module() -> ModuleType:
    """bench/throughput.py itself, so the floor counted is the one it times."""
    spec = importlib.util.spec_from_file_location(
        "throughput", Path(__file__).with_name("throughput.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Marks:
    """The runner's progress seam: zeroes callgrind's counters when the `first`-th
    conversation is stored, dumps them at the `last`-th, zeroes again at the `end`-th."""

    def __init__(self, first: int, last: int, end: int) -> None:
        self.first, self.last, self.end = first, last, end
        self.stored = 0

    def start(self, total: int, completed: int) -> None:
        return None

    def advance(self) -> None:
        self.stored += 1
        if self.stored in (self.first, self.end):
            os.getppid()
        elif self.stored == self.last:
            os.getpgrp()

    def stop(self) -> None:
        return None


def child(n: int, warmup: int, concurrency: int, plan_worker: bool | None, out: Path) -> None:
    from simulator.run.runner import RunRequest, execute, prepare, scripted_engines
    from simulator.store.rundb import RunStore

    throughput = throughput_module()
    total = warmup + n + concurrency
    engines = scripted_engines()
    request = RunRequest((), total, 1, out, concurrency, plan_worker=plan_worker)
    prepared = prepare(request, engines)
    execute(prepared, engines, Marks(warmup, warmup + n, total))  # dumps 1 (the loop)
    os.getpgrp()  # dump 2: the end of the run
    with RunStore(out / "run.db") as store:
        steps = [throughput.graph_steps(t.turns) for t in store.iter_transcripts()]
    asyncio.run(throughput.run_bare(steps[:warmup], concurrency))
    os.getppid()
    asyncio.run(throughput.run_bare(steps[warmup : warmup + n], concurrency))
    os.getpgrp()  # dump 3: the floor
    mean = sum(steps[warmup : warmup + n]) / n
    print(json.dumps({"total": total, "mean_steps": round(mean, 2)}))


def summary(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise ValueError(f"{path}: no summary line")


def counters(path: Path) -> dict[str, int]:
    """The dump's totals by event name (Ir alone, or Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
    with the cache simulation)."""
    events: list[str] = []
    for line in path.read_text().splitlines():
        if line.startswith("events:"):
            events = line.split()[1:]
        elif line.startswith("summary:"):
            return dict(zip(events, map(int, line.split()[1:]), strict=True))
    raise ValueError(f"{path}: no summary line")


def child_command(args: argparse.Namespace, dumps: Path, cache: list[str]) -> list[str]:
    return [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={dumps}/callgrind.out",
        f"--zero-before={ZERO}",
        f"--dump-before={DUMP}",
        *cache,
        sys.executable,
        __file__,
        "--child",
        str(args.n),
        str(args.warmup),
        str(args.concurrency),
        {None: "auto", True: "worker", False: "in-process"}[args.plan_worker],
        str(dumps / "run"),
    ]


def measure(args: argparse.Namespace, dumps: Path) -> dict[str, Any]:
    cmd = child_command(args, dumps, [])
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"callgrind run failed ({done.returncode}):\n{done.stderr[-3000:]}")
    info = json.loads(done.stdout.strip().splitlines()[-1])
    loop, end, bare = (summary(dumps / f"callgrind.out.{part}") for part in (1, 2, 3))
    runner = loop / args.n + end / info["total"]
    floor = bare / args.n
    return {
        "conversations": args.n,
        "mean_steps": info["mean_steps"],
        "runner_m_per_conv": round(runner / 1e6, 2),
        "runner_loop_m_per_conv": round(loop / args.n / 1e6, 2),
        "runner_end_m_per_conv": round(end / info["total"] / 1e6, 3),
        "floor_m_per_conv": round(floor / 1e6, 2),
        "ratio": round(floor / runner, 3),
    }


L1 = "32768,8,64"  # this machine's L1i and L1d per core (lscpu: 64 KiB over 2 instances)


def per_conversation(dump: dict[str, int], n: int) -> dict[str, float]:
    return {
        "ir": dump["Ir"] / n,
        "i1_miss": dump["I1mr"] / n,
        "d1_miss": (dump["D1mr"] + dump["D1mw"]) / n,
        "ll_miss": (dump["ILmr"] + dump["DLmr"] + dump["DLmw"]) / n,
    }


def measure_cache(args: argparse.Namespace, dumps: Path) -> dict[str, Any]:
    """One callgrind run with cache simulation per last-level size, side by side; per
    conversation and side the instructions and misses (the end of the run left out: it
    is 2% of the runner's instructions and not interleaved)."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(ROOT)}
    runs: dict[int, tuple[Path, subprocess.Popen[str]]] = {}
    for size in args.ll:
        where = dumps / f"ll{size}"
        where.mkdir(parents=True, exist_ok=True)
        ways = 8 if size <= 1024 * 1024 else 16  # as this machine's L2 and L3
        sim = ["--cache-sim=yes", f"--I1={L1}", f"--D1={L1}", f"--LL={size},{ways},64"]
        cmd = child_command(args, where, sim)
        runs[size] = (where, subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                              stderr=subprocess.PIPE, text=True))  # fmt: skip
    levels: dict[int, dict[str, dict[str, float]]] = {}
    steps = 0.0
    for size, (where, proc) in runs.items():
        out, err = proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"callgrind run (LL {size}) failed ({proc.returncode}):\n{err[-3000:]}")
        steps = json.loads(out.strip().splitlines()[-1])["mean_steps"]
        loop, bare = (counters(where / f"callgrind.out.{part}") for part in (1, 3))
        levels[size] = {
            "runner": per_conversation(loop, args.n),
            "floor": per_conversation(bare, args.n),
        }
    return {"conversations": args.n, "mean_steps": steps, "levels": levels}


def estimated_cycles(levels: dict[int, dict[str, dict[str, float]]], cost: list[float],
                     side: str) -> float | None:  # fmt: skip
    """Instructions plus misses at their cost: an L1 miss (I or D) served by the smaller last
    level, a miss of the smaller last level served by the larger, a miss of the larger."""
    if len(levels) < 2:
        return None
    small, large = min(levels), max(levels)
    s, big = levels[small][side], levels[large][side]
    l1 = s["i1_miss"] + s["d1_miss"]
    return (
        s["ir"]
        + cost[0] * l1
        + cost[1] * (s["ll_miss"] - big["ll_miss"])
        + cost[2] * big["ll_miss"]
    )


def print_cache(figures: dict[str, Any], cost: list[float]) -> None:
    levels = figures["levels"]
    for size, sides in sorted(levels.items()):
        r, f = sides["runner"], sides["floor"]
        print(f"last level {size // 1024} KB, per conversation (runner / floor = ratio):")
        for key, label in (("ir", "instructions"), ("i1_miss", "I1 misses"),
                           ("d1_miss", "D1 misses"), ("ll_miss", "LL misses")):  # fmt: skip
            ratio = f[key] / r[key] if r[key] else float("nan")
            print(f"  {label:13} {r[key] / 1e3:10.1f} K / {f[key] / 1e3:9.1f} K = {ratio:.3f}")
        print(f"  misses per 1,000 instructions: D1 {1e3 * r['d1_miss'] / r['ir']:.2f} / "
              f"{1e3 * f['d1_miss'] / f['ir']:.2f}, LL {1e3 * r['ll_miss'] / r['ir']:.3f} / "
              f"{1e3 * f['ll_miss'] / f['ir']:.3f}")  # fmt: skip
    runner, floor = (estimated_cycles(levels, cost, side) for side in ("runner", "floor"))
    if runner is not None and floor is not None:
        figures["estimated_cycles"] = {"runner": runner, "floor": floor, "cost": cost}
        print(f"estimated cycles (1 per instruction, +{cost[0]:g} per L1 miss, +{cost[1]:g} "
              f"per L2 miss, +{cost[2]:g} per L3 miss): runner {runner / 1e6:.2f} M, floor "
              f"{floor / 1e6:.2f} M, ratio {floor / runner:.3f}")  # fmt: skip


def size_arg(text: str) -> int:
    """`2M`, `512K` or bytes."""
    scale = {"K": 1024, "M": 1024 * 1024}.get(text[-1:].upper(), 1)
    return int(text[:-1] if scale > 1 else text) * scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100, help="conversations counted")
    parser.add_argument("--warmup", type=int, default=30, help="conversations before counting")
    parser.add_argument("--concurrency", type=int, default=16)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--plan-in-process", dest="plan_worker", action="store_false", default=None,
        help="count planning too (no planning worker process)",
    )  # fmt: skip
    where.add_argument("--plan-worker", dest="plan_worker", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep callgrind's dumps in this folder")
    parser.add_argument(
        "--cache-sim", action="store_true", help="count cache misses too (one run per --ll)"
    )
    parser.add_argument(
        "--ll", type=size_arg, nargs="+", default=[1024 * 1024, 32 * 1024 * 1024],
        help="last-level sizes to simulate (default 1M 32M: this machine's L2 and L3)",
    )  # fmt: skip
    parser.add_argument(
        "--cost", type=float, nargs=3, default=[8.0, 35.0, 200.0],
        metavar=("L1", "L2", "L3"), help="extra cycles per miss of each level (estimate only)",
    )  # fmt: skip
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, warmup, concurrency, where_, out = args.child
        plan = {"auto": None, "worker": True, "in-process": False}[where_]
        child(int(n), int(warmup), int(concurrency), plan, Path(out))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    how = measure_cache if args.cache_sim else measure
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = how(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="convsim-instructions-") as tmp:
            figures = how(args, Path(tmp))
    if args.cache_sim:
        print_cache(figures, args.cost)
        print(json.dumps(figures))
        return
    print(
        f"full runner: {figures['runner_m_per_conv']} M instructions/conversation "
        f"(loop {figures['runner_loop_m_per_conv']} M, end of run "
        f"{figures['runner_end_m_per_conv']} M); leanest LangGraph loop with the same steps "
        f"({figures['mean_steps']}/conversation): {figures['floor_m_per_conv']} M; "
        f"ratio {figures['ratio']} (goal >= 0.33)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
