"""What the planner buys: pairwise coverage sooner, and planted weaknesses found more often.

    python bench/coverage.py               # both figures, over the built-in library
    python bench/coverage.py --n 400 --seed 7

1. Coverage: conversations until every feasible pairwise combination of factor values
   (scenario, persona traits, edge case) has run, for the `coverage` planner and for `random`,
   against the lower bound the issue names (the product of the two largest factor sizes) and
   a tighter one for this library (the most feasible pairs of one factor pair, divided by how
   many of them one conversation can hold). Counted from the materialized plans, i.e. the
   personas and edge cases the conversations get; the text of a conversation does not change
   its factors, so nothing needs to be simulated for this figure (random needs thousands).
2. Failure seeking: the scripted engine against a support agent with a weakness planted in a
   few pairwise cells (WeakSupport below: it gives up and escalates at once there), through
   the full runner; failures (critic REJECT or REVIEW) in the first N conversations with
   `--planner failures` and with `--planner random`.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable from a checkout without installing
    sys.path.insert(0, str(ROOT))

from agents.planning import BatchPlanner, Mode, observed  # noqa: E402
from agents.planning.coverage import CoverageState  # noqa: E402
from agents.planning.factors import EDGE, MAX_EDGE_CASES  # noqa: E402
from agents.scripted.support import ScriptedSupport  # noqa: E402
from agents.types import ConversationPlan, Outcome, Reply, Role, Turn  # noqa: E402
from simulator.run.coverage import failed  # noqa: E402
from simulator.run.inputs import Inputs, load_inputs  # noqa: E402
from simulator.run.runner import Engines, RunRequest, run, scripted_engines  # noqa: E402
from simulator.store.rundb import RunStore  # noqa: E402

# The planted weakness: (trait, value) pairs; a conversation in any of these cells fails.
WEAK_CELLS: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("language", "de"), ("tech_savviness", "low")),
    (("tone", "confused"), ("verbosity", "chatty")),
    (("quirks", "all_caps"), ("patience", "low")),
)


def in_weak_cell(plan: ConversationPlan, cells: Sequence[Any] = WEAK_CELLS) -> bool:
    def has(trait: str, value: str) -> bool:
        got = plan.persona.trait(trait)
        return got == value if isinstance(got, str) else value in got

    return any(all(has(t, v) for t, v in cell) for cell in cells)


class WeakSupport:
    """The scripted support agent, except in the weak cells, where it gives up at once."""

    def __init__(self, inner: Role | None = None, cells: Sequence[Any] = WEAK_CELLS) -> None:
        self.inner = inner or ScriptedSupport()
        self.cells = cells

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if in_weak_cell(plan, self.cells):
            turn = Turn(
                role="support",
                content="I'm not able to help with this here; I'm passing you to another team.",
                act="escalate",
            )
            stop = Outcome(status="escalated", reason="gave up", ended_by="support")
            return Reply(turn=turn, stop=stop)
        return await self.inner.respond(plan, turns, memory)


def weak_engines() -> Engines:
    base = scripted_engines()
    return Engines(base.customer, WeakSupport(), base.grade, {**base.names, "support": "weak"})


def until_full(inputs: Inputs, mode: Mode, seed: int, limit: int) -> int | None:
    """Conversations until what ran covers every pair, planned as a run plans them (batches
    planned one batch ahead of the results they see)."""
    planner = BatchPlanner(seed, inputs.scenarios, inputs.edge_cases, inputs.traits, mode=mode)
    ran = CoverageState(planner.model, planner.state.strength)
    for count, (_, plan) in enumerate(planner.plan_ahead(), start=1):
        names = observed(plan.scenario.id, plan.persona, [e.id for e in plan.edge_cases])
        ran.add(planner.model.from_names(names), False)
        if ran.complete:
            return count
        if count >= limit:
            return None
    return None


def bounds(inputs: Inputs) -> dict[str, int]:
    planner = BatchPlanner(0, inputs.scenarios, inputs.edge_cases, inputs.traits)
    model, state = planner.model, planner.state
    sizes = sorted(model.sizes().values(), reverse=True)
    per_group: dict[tuple[int, int], int] = {}
    for combo in state.universe:
        key = (model.values[combo[0]].factor, model.values[combo[1]].factor)
        per_group[key] = per_group.get(key, 0) + 1
    edge = model.factors.index(EDGE)
    tight = max(-(-n // (MAX_EDGE_CASES if edge in key else 1)) for key, n in per_group.items())
    return {"product_two_largest": sizes[0] * sizes[1], "feasible": tight, "pairs": state.total}


def failures_found(mode: str, n: int, seed: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        run(RunRequest((), n, seed, out, planner=mode), weak_engines())
        with RunStore(out / "run.db") as store:
            return sum(
                failed(t.verdict.label if t.verdict else None) for t in store.iter_transcripts()
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400, help="conversations for failure seeking")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    inputs = load_inputs(())
    bound = bounds(inputs)
    planner = until_full(inputs, "coverage", args.seed, 100_000)
    rnd = until_full(inputs, "random", args.seed, 100_000)
    assert planner is not None and rnd is not None
    cover = {
        **bound,
        "planner": planner,
        "random": rnd,
        "planner_vs_product_bound": round(planner / bound["product_two_largest"], 3),
        "planner_vs_feasible_bound": round(planner / bound["feasible"], 3),
    }
    print(
        f"full pairwise coverage ({bound['pairs']} feasible pairs): planner {planner} "
        f"conversations, random {rnd}; lower bound {bound['product_two_largest']} (product of "
        f"the two largest factor sizes; planner {cover['planner_vs_product_bound']}x, goal "
        f"<= 1.3x), feasible-pairs bound {bound['feasible']} "
        f"(planner {cover['planner_vs_feasible_bound']}x)"
    )
    seek = {m: failures_found(m, args.n, args.seed) for m in ("failures", "random")}
    ratio = seek["failures"] / max(seek["random"], 1)
    print(
        f"failure seeking, first {args.n} conversations: failures {seek['failures']} found "
        f"with --planner failures, {seek['random']} with random; ratio {ratio:.2f} (goal >= 3)"
    )
    print(
        json.dumps({"coverage": cover, "failures": {**seek, "n": args.n, "ratio": round(ratio, 2)}})
    )


if __name__ == "__main__":
    main()
