"""The conversation graph: its shape, its routing and how it survives a failing role."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from persona_fixture import ADA

from agents.types import ConversationPlan, Outcome, Reply, Turn, Verdict
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

SCENARIO = Scenario.model_validate(
    {
        "id": "test/graph",
        "title": "Graph test",
        "domain": "test",
        "intent": "graph_test",
        "customer": {"goal": "Test the graph.", "openings": ["Hello."]},
        "support": {"policy": "Help.", "rules": [{"action": "resolve", "say": ["Done."]}]},
        "max_turns": 3,
    }
)
PERSONA = ADA
PLAN = ConversationPlan(
    id="plan-1", run_seed=1, index=0, seed=42, scenario=SCENARIO, persona=PERSONA, variables={}
)


class Scripted:
    """Replies from a queue; each reply's memory counts the calls, to check memory flows."""

    def __init__(
        self, role: str, stops: Mapping[int, Outcome] | None = None, fail_at: int | None = None
    ) -> None:
        self.role = role
        self.stops = dict(stops or {})
        self.fail_at = fail_at
        self.seen_memory: list[dict[str, Any]] = []

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        self.seen_memory.append(dict(memory))
        calls = int(memory.get("calls", 0)) + 1
        if calls == self.fail_at:
            raise TimeoutError("model did not answer")
        turn = Turn(role=self.role, content=f"{self.role} {calls}")  # type: ignore[arg-type]
        return Reply(turn=turn, memory={"calls": calls}, stop=self.stops.get(calls))


def grade_stub(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(
        label="ACCEPT",
        scores={"turns": float(len(turns))},
        rationale=f"{outcome.status} by {outcome.ended_by}",
    )


def play(
    customer: Scripted, support: Scripted, grade: Any = grade_stub
) -> tuple[list[Turn], Outcome, Verdict]:
    return asyncio.run(run_conversation(build_graph(customer, support, grade), PLAN))


def test_graph_shape_snapshot() -> None:
    graph = build_graph(Scripted("customer"), Scripted("support"), grade_stub).get_graph()
    assert list(graph.nodes) == ["__start__", "customer", "support", "critic", "__end__"]
    edges = [line.strip() for line in graph.draw_mermaid().splitlines() if "->" in line]
    assert edges == [
        "__start__ --> customer;",
        "customer -.-> critic;",
        "customer -.-> support;",
        "support -.-> critic;",
        "support -.-> customer;",
        "critic --> __end__;",
    ]


def test_customer_stop_goes_to_critic() -> None:
    thanks = Outcome(status="resolved", reason="thanked", ended_by="customer")
    customer, support = Scripted("customer", stops={2: thanks}), Scripted("support")
    turns, outcome, verdict = play(customer, support)
    assert [t.content for t in turns] == ["customer 1", "support 1", "customer 2"]
    assert outcome == thanks
    assert verdict.rationale == "resolved by customer"
    assert customer.seen_memory == [{}, {"calls": 1}]
    assert support.seen_memory == [{}]


def test_support_stop_ends_the_conversation() -> None:
    escalated = Outcome(status="escalated", reason="handed over", ended_by="support")
    turns, outcome, _ = play(Scripted("customer"), Scripted("support", stops={1: escalated}))
    assert [t.role for t in turns] == ["customer", "support"]
    assert outcome == escalated


def test_max_turns_counts_customer_turns_and_lets_support_answer() -> None:
    turns, outcome, verdict = play(Scripted("customer"), Scripted("support"))
    assert [t.content for t in turns] == [
        "customer 1",
        "support 1",
        "customer 2",
        "support 2",
        "customer 3",
        "support 3",
    ]
    assert outcome == Outcome(
        status="max_turns", reason="the customer had 3 turns (max_turns)", ended_by="limit"
    )
    assert verdict.scores == {"turns": 6.0}


def test_role_exception_becomes_error_outcome_not_a_crash() -> None:
    turns, outcome, verdict = play(Scripted("customer"), Scripted("support", fail_at=2))
    assert [t.content for t in turns] == ["customer 1", "support 1", "customer 2"]
    assert outcome == Outcome(
        status="error",
        reason="support role failed: TimeoutError: model did not answer",
        ended_by="system",
    )
    assert verdict == Verdict(label="ERROR", rationale=outcome.reason)


def test_a_turn_with_the_wrong_role_is_an_error() -> None:
    _, outcome, _ = play(Scripted("support"), Scripted("support"))
    assert outcome.status == "error"
    assert outcome.reason == "customer role failed: ValueError: returned a turn with role 'support'"


def test_critic_exception_gives_error_verdict() -> None:
    def broken(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
        raise KeyError("rubric")

    thanks = Outcome(status="resolved", reason="thanked", ended_by="customer")
    _, outcome, verdict = play(Scripted("customer", stops={1: thanks}), Scripted("support"), broken)
    assert outcome == thanks
    assert verdict == Verdict(label="ERROR", rationale="critic failed: KeyError: 'rubric'")


def test_long_conversations_fit_the_recursion_limit() -> None:
    plan = PLAN.model_copy(update={"scenario": SCENARIO.model_copy(update={"max_turns": 60})})
    graph = build_graph(Scripted("customer"), Scripted("support"), grade_stub)
    turns, outcome, _ = asyncio.run(run_conversation(graph, plan))
    assert len(turns) == 120
    assert outcome.status == "max_turns"
