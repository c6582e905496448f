"""The scripted customer's last turn: a resolved conversation is ended by the customer, not
by the turn limit (a studio newcomer's gym scenario got a REVIEW for "hit the limit of 8
customer turns unresolved" after support had done what was asked)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from persona_fixture import ADA

from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation


def scenario(max_turns: int) -> Scenario:
    return Scenario.model_validate(
        {
            "id": "test/last-turn",
            "title": "Last turn",
            "domain": "test",
            "intent": "last_turn",
            "customer": {"goal": "Pause my membership.", "openings": ["Please pause it."]},
            "support": {"policy": "Pause it.", "rules": [{"action": "resolve", "say": ["Done."]}]},
            "max_turns": max_turns,
        }
    )


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT")


def outcomes(max_turns: int, seeds: range) -> list[tuple[str, int]]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade)
    found: list[tuple[str, int]] = []
    for seed in seeds:
        plan = ConversationPlan(
            id=f"p{seed}",
            run_seed=1,
            index=seed,
            seed=seed,
            scenario=scenario(max_turns),
            persona=ADA,
            variables={},
        )
        turns, outcome, _ = asyncio.run(run_conversation(graph, plan))
        found.append((outcome.status, sum(t.role == "customer" for t in turns)))
    return found


def test_resolved_on_the_customers_last_turn_is_ended_by_the_customer() -> None:
    assert {status for status, _ in outcomes(2, range(120))} == {"resolved"}


def test_with_turns_to_spare_the_customer_still_sometimes_acknowledges_first() -> None:
    # The acknowledgement ("ok, good") stays where there is room for the thanks after it.
    found = outcomes(4, range(120))
    assert {status for status, _ in found} == {"resolved"}
    assert {count for _, count in found} == {2, 3}  # thanks at once, or "ok" and then thanks
