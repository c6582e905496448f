"""Re-running a plan whose failure was the simulated customer's, and counting those faults.

When the critic blames a failed conversation on the simulator (`Verdict.blame`, see
`agents.blame`), the conversation says nothing about the support side. The plan is played
again with a fresh conversation seed, at most `MAX_RETRIES` times; the seed of attempt a is
`derive_seed("simulator-retry", plan seed, a)`, so a run stays deterministic and a resumed
run re-runs exactly as an uninterrupted one. The record stored is the last attempt; the
dropped ones are listed in its `simulator_faults` (seed, label, the customer's findings).
A last attempt that is still the simulator's fault keeps `blame: simulator` and is counted
neither as a pass nor as a fail of the bot.

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
from simulator.graph import run_conversation
from simulator.store import RunStore

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
            return Played(attempt, turns, outcome, verdict, faults)
        categories, reason = fault_summary(verdict.findings, turns)
        faults.append(SimulatorFault(seed=attempt.seed, label=verdict.label,
                                     categories=categories, reason=reason))  # fmt: skip
        attempt = plan.model_copy(update={"seed": retry_seed(plan.seed, number + 1)})
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
            **llm_usage(turns, verdict.usage),
        },
        simulator_faults=list(faults),
    )


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
            text += f"; {self.rerun} conversations re-run"
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
