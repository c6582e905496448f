"""CPU time of the scripted roles alone (customer, support, their tool calls), per conversation.

    python bench/roles.py                      # 800 conversations of the library, seed 3
    python bench/roles.py --critic --plans /tmp/plans.pkl   # the critic too; plans kept
    python bench/roles.py --profile /tmp/roles.prof      # cProfile of the counted part

bench/throughput.py times the whole runner, where the roles are about a third of the CPU and
the machine's load moves the figure by 10-15%; this isolates them. A run of the built-in
library (seed, N) is made once to get its plans (the runner's planning, recorded by the
critic it calls); then the roles play those plans again, without LangGraph, through the same
`_role_update` the graph's nodes call, 16 conversations interleaved (one turn each in turn, as
the graph's steps interleave them): the first `--warmup` plans to fill the process's caches,
then the rest timed by the process's CPU clock (conversations new to the process, as in a
run: playing the same plans twice would find their texts cached). `--critic` grades each
conversation too and times that apart. The turns played are checked against the run's stored
transcripts (the same JSON), so a change that alters the output fails here. Under callgrind,
the counted part is marked as bench/instructions.py marks it (`os.getppid`, `os.getpgrp`).

Printed: CPU milliseconds per counted conversation of the roles (and the critic), and the
load average, since even CPU time moves with what else runs on the machine: compare two
versions by running them alternately, several times each.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from agents.checks.replay import live_world  # noqa: E402
from agents.tools import default_world  # noqa: E402
from agents.types import ConversationPlan, Outcome, Turn, Verdict  # noqa: E402
from scenarios.domains.loader import pinned_domains  # noqa: E402
from simulator.run.graph import _role_update  # noqa: E402
from simulator.run.heap import frozen_heap  # noqa: E402
from simulator.run.runner import Engines, RunRequest, run, scripted_engines  # noqa: E402
from simulator.store.rundb import RunStore  # noqa: E402


def recorded_plans(
    n: int, seed: int, paths: Sequence[Path], languages: str | None
) -> tuple[list[ConversationPlan], dict[str, str]]:
    """The plans a run of (paths, n, seed) plays, in index order, and each conversation's
    stored turns as JSON by plan index (what the roles must say again)."""
    base = scripted_engines()
    plans: dict[int, ConversationPlan] = {}  # the last attempt graded (see simulator.run.rerun)
    ids: dict[int, str] = {}  # the plan's own id, which the record is stored under

    def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
        plans[plan.index] = plan
        ids.setdefault(plan.index, plan.id)
        return base.grade(plan, turns, outcome)

    engines = Engines(base.customer, base.support, grade, base.names)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        run(RunRequest(tuple(paths), n, seed, out, 16, languages=languages), engines)
        with RunStore(out / "run.db") as store:
            stored = {t.id: turns_json(t.turns) for t in store.iter_transcripts()}
    ordered = [plans[i] for i in sorted(plans)]
    return ordered, {p.id: stored[ids[p.index]] for p in ordered}


def turns_json(turns: Sequence[Turn]) -> str:
    return json.dumps([t.model_dump(mode="json") for t in turns], sort_keys=True)


async def play_all(
    plans: Sequence[ConversationPlan],
    engines: Engines,
    concurrency: int,
    critic: list[float] | None,
) -> dict[str, list[Turn]]:
    """Every plan's conversation played by the roles, `concurrency` at a time; each coroutine
    yields after each turn so the conversations interleave as the graph's steps do."""
    queue: asyncio.Queue[ConversationPlan | None] = asyncio.Queue()
    for plan in plans:
        queue.put_nowait(plan)
    for _ in range(concurrency):
        queue.put_nowait(None)
    played: dict[str, list[Turn]] = {}

    async def one(plan: ConversationPlan) -> None:
        state: dict[str, Any] = {"plan": plan, "turns": []}
        name = "customer"
        while True:
            role = engines.customer if name == "customer" else engines.support
            world = default_world if name == "support" else None
            update = await _role_update(name, role, state, world)  # type: ignore[arg-type]
            if "desk" in update:
                state["desk"] = update["desk"]
            state["turns"] = state["turns"] + update.get("turns", [])
            if f"{name}_memory" in update:
                state[f"{name}_memory"] = update[f"{name}_memory"]
            await asyncio.sleep(0)
            if "outcome" in update:
                break
            name = "support" if name == "customer" else "customer"
        desk = state.get("desk")
        if critic is not None:
            start = time.process_time()
            if desk is not None:
                with live_world(desk.state):
                    engines.grade(plan, state["turns"], update["outcome"])
            else:
                engines.grade(plan, state["turns"], update["outcome"])
            critic.append(time.process_time() - start)
        if desk is not None:
            desk.close()
        played[plan.id] = state["turns"]

    async def worker() -> None:
        while (plan := await queue.get()) is not None:
            await one(plan)

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())
    return played


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=800)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--languages", help="as convsim run --languages")
    parser.add_argument(
        "--warmup", type=int, default=200, help="of the N, played first and not counted"
    )
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--critic", action="store_true", help="grade too (timed apart)")
    parser.add_argument("--profile", type=Path, help="cProfile one pass into this file")
    parser.add_argument(
        "--plans", type=Path, help="keep the recorded plans in this file (pickle) and reuse them"
    )
    parser.add_argument("paths", nargs="*", type=Path, help="scenario folders (the library)")
    args = parser.parse_args()
    if args.plans is not None and args.plans.exists():
        plans, stored = pickle.loads(args.plans.read_bytes())
    else:
        plans, stored = recorded_plans(args.n, args.seed, args.paths, args.languages)
        if args.plans is not None:
            args.plans.write_bytes(pickle.dumps((plans, stored)))
    engines = scripted_engines()
    warm, counted = plans[: args.warmup], plans[args.warmup :]
    with frozen_heap(), pinned_domains():  # as the runner plays them
        # Conversations new to the process, after others filled its caches: the runner's
        # steady state (a pass over the same plans again would find their texts cached).
        asyncio.run(play_all(warm, engines, args.concurrency, None))
        critic: list[float] | None = [] if args.critic else None
        profiler = cProfile.Profile() if args.profile is not None else None
        start = time.process_time()
        os.getppid()  # callgrind's --zero-before marker (as bench/instructions.py)
        if profiler is not None:
            profiler.enable()
        played = asyncio.run(play_all(counted, engines, args.concurrency, critic))
        if profiler is not None:
            profiler.disable()
        os.getpgrp()  # its --dump-before marker
        spent = time.process_time() - start
        critic_spent = sum(critic) if critic is not None else 0.0
    differ = sum(1 for p in plans if p.id in played and turns_json(played[p.id]) != stored[p.id])
    if differ:
        raise SystemExit(f"roles.py: {differ} conversations differ from the run's")
    if profiler is not None:
        profiler.dump_stats(args.profile)
    result: dict[str, Any] = {
        "conversations": len(counted),
        "roles_cpu_ms": round(1000 * (spent - critic_spent) / len(counted), 3),
        "load": round(os.getloadavg()[0], 1),
    }
    if args.critic:
        result["critic_cpu_ms"] = round(1000 * critic_spent / len(counted), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
