"""Where the runner's CPU goes, by part, in milliseconds per conversation.

    python bench/cpu_parts.py                  # 1,000 conversations of the library, seed 1
    python bench/cpu_parts.py --n 600 --interval 0.001 --json

bench/throughput.py gives the runner's CPU per conversation against LangGraph's floor; this
says which part of convsim spends it. One run of the scripted engine through the whole runner
(as throughput.py runs it: planning worker, graph, roles, critic, run.db) with the process's
CPU clock sampled (`ITIMER_PROF`, every `--interval` seconds of CPU; the kernel fires it at
its tick, about one sample per 4 ms of CPU on this machine whatever is asked, so sample at
least 1,000 conversations: 3,000-5,000 samples). A sample is charged to
the innermost frame on the stack that belongs to a part (a `re` search called from a check is
the critic's; LangGraph calling a node is the node's part), so the shares add up to the whole.
A sample with no part of its own (the interpreter between frames, the standard library called
from nowhere in the table) is `other`. The shares times the run's CPU per conversation give the
milliseconds; the run's CPU includes the sampler's own handler (a few per cent, spread over the
parts in proportion), so read the milliseconds next to throughput.py's figure of the same
minutes, and compare shares, not absolute figures, across loads.

Wall-clock profilers mislead on a shared machine (a system call where the scheduler takes the
core looks expensive); a CPU-clock sampler does not (docs/figures.md, "Throughput").
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from simulator.run.runner import RunRequest, run, scripted_engines  # noqa: E402

# (path fragment, part): the first fragment found in a frame's file names its part. Order
# matters: the narrower fragments come first.
PARTS: tuple[tuple[str, str], ...] = (
    ("/langgraph/", "LangGraph (langgraph, langchain_core)"),
    ("/langchain_core/", "LangGraph (langgraph, langchain_core)"),
    ("/asyncio/", "event loop (asyncio)"),
    ("/agents/critic.py", "critic (agents/critic, agents/checks)"),
    ("/agents/checks/", "critic (agents/critic, agents/checks)"),
    ("/agents/rubric.py", "critic (agents/critic, agents/checks)"),
    ("/agents/blame.py", "critic (agents/critic, agents/checks)"),
    ("/agents/phrasing/", "phrasing (agents/phrasing)"),
    ("/agents/scripted/", "scripted roles' own code (agents/scripted)"),
    ("/agents/understanding/", "language reading (agents/understanding)"),
    ("/scenarios/domains/", "domain tools (scenarios/domains, agents/tools)"),
    ("/agents/tools.py", "domain tools (scenarios/domains, agents/tools)"),
    ("/scenarios/templates.py", "scenario helpers (templates, memo, conditions)"),
    ("/scenarios/memo.py", "scenario helpers (templates, memo, conditions)"),
    ("/scenarios/conditions.py", "scenario helpers (templates, memo, conditions)"),
    ("/simulator/store/", "run.db and rows (simulator/store)"),
    ("/agents/planning/", "planning and coverage"),
    ("/agents/planner.py", "planning and coverage"),
    ("/personas/", "planning and coverage"),
    ("/simulator/run/coverage.py", "planning and coverage"),
    ("/simulator/run/planworker.py", "planning and coverage"),
    ("/simulator/run/plan_next.py", "planning and coverage"),
    ("/faker/", "planning and coverage"),
    ("/scenarios/", "preparing the run (scenarios: loading, checking)"),
    ("/agents/", "other agents/ code (types, models, seeds)"),
    ("/simulator/", "graph nodes, run loop, rest of the runner"),
    ("/pydantic", "pydantic (called from no part above)"),
    ("/sqlite3/", "SQLite (called from no part above)"),
)
OTHER = "other (interpreter, standard library)"


def part_of(frame: FrameType | None, cache: dict[str, str | None]) -> str:
    """The part of the innermost frame that belongs to one, walking outwards."""
    while frame is not None:
        part = part_of_file(frame.f_code.co_filename, cache)
        if part is not None:
            return part
        frame = frame.f_back
    return OTHER


def file_of(frame: FrameType | None, cache: dict[str, str | None]) -> str:
    """The innermost file of the project on the stack (`--by file`), relative to the root."""
    root = str(ROOT) + os.sep
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(root):
            return name[len(root) :]
        if part_of_file(name, cache) is not None:  # a library with a part of its own
            return part_of_file(name, cache) or OTHER
        frame = frame.f_back
    return OTHER


def part_of_file(name: str, cache: dict[str, str | None]) -> str | None:
    part = cache.get(name, "")
    if part == "":
        part = next((p for fragment, p in PARTS if fragment in name), None)
        cache[name] = part
    return part


def sampled_run(
    n: int, seed: int, interval: float, by_file: bool = False
) -> tuple[Counter[str], float]:
    """The samples per part (or per file) of one run of n conversations, and the run's CPU
    seconds."""
    engines = scripted_engines()
    samples: Counter[str] = Counter()
    cache: dict[str, str | None] = {}
    charge = file_of if by_file else part_of

    def sample(signum: int, frame: FrameType | None) -> None:
        samples[charge(frame, cache)] += 1

    previous = signal.signal(signal.SIGPROF, sample)
    with tempfile.TemporaryDirectory() as tmp:
        cpu = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, interval, interval)
        try:
            run(RunRequest((), n, seed, Path(tmp) / "run", 16), engines)
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0, 0)
            signal.signal(signal.SIGPROF, previous)
        cpu = time.process_time() - cpu
    return samples, cpu


def table(samples: Counter[str], cpu: float, n: int) -> list[dict[str, Any]]:
    total = sum(samples.values()) or 1
    ms = 1000 * cpu / n
    return [
        {"part": part, "share": round(k / total, 4), "ms": round(ms * k / total, 3)}
        for part, k in samples.most_common()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="conversations")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--interval", type=float, default=0.0005, help="CPU seconds per sample")
    parser.add_argument("--json", action="store_true", help="print the table as JSON too")
    parser.add_argument("--by-file", action="store_true", help="charge the project's files")
    parser.add_argument("--top", type=int, default=40, help="rows shown")
    args = parser.parse_args()
    samples, cpu = sampled_run(args.n, args.seed, args.interval, args.by_file)
    rows = table(samples, cpu, args.n)[: args.top]
    print(
        f"{args.n} conversations, {1000 * cpu / args.n:.2f} ms CPU per conversation "
        f"(this process, sampler included), {sum(samples.values())} samples, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| part | share | ms per conversation |\n|---|---|---|")
    for row in rows:
        print(f"| {row['part']} | {100 * row['share']:.1f}% | {row['ms']:.2f} |")
    if args.json:
        print(json.dumps({"n": args.n, "cpu_ms": round(1000 * cpu / args.n, 3), "parts": rows}))


if __name__ == "__main__":
    main()
