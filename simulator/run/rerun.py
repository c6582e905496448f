"""Re-running a plan whose failure was the simulated customer's, and counting those faults.

When the critic blames a failed conversation on the simulator (`Verdict.blame`, see
`agents.blame`), the conversation says nothing about the support side. The plan is played
again with a fresh conversation seed, at most `MAX_RETRIES` times; the seed of attempt a is
`derive_seed("simulator-retry", plan seed, a)`, so a run stays deterministic and a resumed
run re-runs exactly as an uninterrupted one; it is played under the id `<plan id>-r<a>`, so
a stateful bot sees a new conversation, and stored under the plan's own id. The record stored
is the last attempt; the dropped ones are listed in its `simulator_faults` (seed, label, the
customer's findings, what they cost). A last attempt that is still the simulator's fault
keeps `blame: simulator` and is counted neither as a pass nor as a fail of the bot.

The simulator-fault rate is faulted attempts over all attempts that were graded (errors
excluded): how often the simulated customer, not the bot, spoiled a conversation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from agents.blame import fault_summary
from agents.llm.budget import llm_usage
from agents.planner import derive_seed
from agents.types import ConversationPlan, Outcome, SimulatorFault, Transcript, Turn, Verdict
from simulator.run.graph import run_conversation
from simulator.store.rundb import RunStore
from simulator.words import counted

MAX_RETRIES = 2


def retry_seed(plan_seed: int, attempt: int) -> int:
    return derive_seed("simulator-retry", plan_seed, attempt)


@dataclass(frozen=True)
class Played:
    plan: ConversationPlan  # the attempt stored (its seed is the one that ran)
    turns: list[Turn]
    outcome: Outcome
    verdict: Verdict
    faults: list[SimulatorFault]


async def play(
    graph: CompiledStateGraph[Any],
    plan: ConversationPlan,
    stop: Callable[[], bool] | None = None,
    retries: int = MAX_RETRIES,
) -> Played:
    """The plan's conversation, re-run while the simulated customer is to blame."""
    faults: list[SimulatorFault] = []
    attempt = plan
    for number in range(retries + 1):
        turns, outcome, verdict = await run_conversation(graph, attempt)
        last = number == retries or (stop is not None and stop())
        if verdict.blame != "simulator" or last:
            stored = plan.model_copy(update={"seed": attempt.seed}) if number else plan
            return Played(stored, turns, outcome, verdict, faults)
        categories, reason = fault_summary(verdict.findings, turns)
        spent = llm_usage(turns, verdict.usage)  # what it cost counts, though it is dropped
        fault = SimulatorFault(seed=attempt.seed, label=verdict.label, categories=categories,
                               reason=reason, usage=spent)  # fmt: skip
        faults.append(fault)
        # A fresh conversation for a stateful bot too: the id it sees is the plan's plus -rN.
        again = number + 1
        attempt = plan.model_copy(
            update={"seed": retry_seed(plan.seed, again), "id": f"{plan.id}-r{again}"}
        )
    raise AssertionError("unreachable: the last attempt returns")


def make_transcript(
    run_id: str,
    plan: ConversationPlan,
    turns: list[Turn],
    outcome: Outcome,
    verdict: Verdict,
    faults: Sequence[SimulatorFault] = (),
) -> Transcript:
    return Transcript(
        id=plan.id,
        run_id=run_id,
        scenario_id=plan.scenario.id,
        persona=plan.persona,
        edge_cases=[e.id for e in plan.edge_cases],
        seed=plan.seed,
        variables=plan.variables,
        turns=turns,
        outcome=outcome,
        verdict=verdict,
        usage={
            "turns": len(turns),
            "customer_turns": sum(1 for t in turns if t.role == "customer"),
            "characters": sum(len(t.content) for t in turns),
            **with_dropped(llm_usage(turns, verdict.usage), faults),
        },
        simulator_faults=list(faults),
    )


DROPPED = "simulator_faults"  # the `usage.llm` row of the attempts dropped before this one


def with_dropped(usage: dict[str, Any], faults: Sequence[SimulatorFault]) -> dict[str, Any]:
    """The record's model usage plus its dropped attempts': they cost tokens too, and a budget
    (counted from stored records on resume) must see them. Their calls are one row,
    `llm.simulator_faults`; the totals include them."""
    rows = [f.usage for f in faults if f.usage]
    if not rows:
        return usage
    row = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0, "cached": 0}
    for spent in rows:
        for part in spent.get("llm", {}).values():
            for key in row:
                row[key] += part.get(key, 0)
    row["cost_usd"] = round(float(row["cost_usd"]), 8)
    out = {**usage, "llm": {**usage.get("llm", {}), DROPPED: row}}
    for key in ("prompt_tokens", "completion_tokens"):
        out[key] = int(usage.get(key, 0)) + int(row[key])
    out["cost_usd"] = round(float(usage.get("cost_usd", 0.0)) + float(row["cost_usd"]), 8)
    return out


@dataclass(frozen=True)
class FaultCounts:
    attempts: int  # graded attempts: stored conversations (errors excluded) plus dropped ones
    faulted: int  # attempts the simulator spoiled (dropped ones, and last ones still blamed)
    rerun: int  # conversations that needed a re-run
    unresolved: int  # conversations whose last attempt is still the simulator's fault

    @property
    def rate(self) -> float | None:
        return self.faulted / self.attempts if self.attempts else None

    def as_dict(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "attempts": self.attempts,
            "faulted": self.faulted,
            "rate": round(rate, 4) if rate is not None else None,
            "rerun_conversations": self.rerun,
            "still_faulted": self.unresolved,
        }

    def line(self) -> str:
        """One sentence for a summary."""
        if not self.attempts:
            return "none graded"
        rate = f"{self.faulted / self.attempts:.1%}"
        text = f"{rate} of attempts failed by the simulated customer ({self.faulted} of "
        text += f"{self.attempts}"
        if self.rerun:
            text += f"; {counted(self.rerun, 'conversation')} re-run"
        if self.unresolved:
            text += f", {self.unresolved} still the simulator's fault and not graded"
        return text + ")"


def fault_counts(store: RunStore, below: int | None = None) -> FaultCounts:
    sql = (
        "SELECT status, COALESCE(json_array_length(transcript, '$.simulator_faults'), 0),"
        " json_extract(transcript, '$.verdict.blame') FROM conversations"
    )
    args: tuple[int, ...] = ()
    if below is not None:
        sql, args = sql + " WHERE idx < ?", (below,)
    attempts = faulted = rerun = unresolved = 0
    for status, dropped, blame in store.db.execute(sql, args):
        attempts += int(dropped) + (status != "error")
        faulted += int(dropped) + (blame == "simulator")
        rerun += dropped > 0
        unresolved += blame == "simulator"
    return FaultCounts(attempts, faulted, rerun, unresolved)
