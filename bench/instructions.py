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


def measure(args: argparse.Namespace, dumps: Path) -> dict[str, Any]:
    cmd = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={dumps}/callgrind.out",
        f"--zero-before={ZERO}",
        f"--dump-before={DUMP}",
        sys.executable,
        __file__,
        "--child",
        str(args.n),
        str(args.warmup),
        str(args.concurrency),
        {None: "auto", True: "worker", False: "in-process"}[args.plan_worker],
        str(dumps / "run"),
    ]
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
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, warmup, concurrency, where_, out = args.child
        plan = {"auto": None, "worker": True, "in-process": False}[where_]
        child(int(n), int(warmup), int(concurrency), plan, Path(out))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="convsim-instructions-") as tmp:
            figures = measure(args, Path(tmp))
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
