"""Scripted support never states or acts on a customer's fact nobody gave it, anywhere in the
built-in library: each scenario is played in English with variables that make each of its
rules fire (the size wanted, the destination, the injuries, the cause of the damage, a
suspended licence...), through the real graph, and agents.scripted.unsaid checks every
support turn. The check itself is tested on hand-made turns, so it can fail."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from agents import types as a
from agents.planner import Planner
from agents.scripted.common import fill
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.decisive import decision_facts
from agents.scripted.support import ScriptedSupport
from agents.scripted.unsaid import Unsaid, customer_side, unsaid_facts
from agents.tools import default_world
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from scenarios.conditions import condition_holds
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.run.graph import build_graph, run_conversation

LIBRARY = sorted(load_scenarios([builtin_library()]), key=lambda s: s.id)
EDGES = load_edge_cases()
PER_RULE = 2  # English conversations per (scenario, firing rule)
DRAWS = 160  # plans drawn per scenario to find them


def _ungraded(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT", scores={}, rationale="not graded here")


def _firing(plan: ConversationPlan) -> int | None:
    for i, rule in enumerate(plan.scenario.support.rules):
        if all(condition_holds(plan.variables.get(n, ""), c) for n, c in rule.when.items()):
            return i
    return None


def _plans(scenario_index: int) -> list[ConversationPlan]:
    """Up to PER_RULE English plans for each rule of the scenario, edge cases included."""
    planner = Planner(7 + scenario_index, [LIBRARY[scenario_index]], EDGES)
    found: dict[int | None, list[ConversationPlan]] = {}
    for i in range(DRAWS):
        plan = planner.plan(i)
        if plan.persona.language != "en":
            continue
        picked = found.setdefault(_firing(plan), [])
        if len(picked) < PER_RULE:
            picked.append(plan)
    return [p for plans in found.values() for p in plans]


def _play(plan: ConversationPlan) -> list[Turn]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), _ungraded, world=default_world)
    turns, _, _ = asyncio.run(run_conversation(graph, plan))
    return turns


@pytest.mark.parametrize("index", range(len(LIBRARY)), ids=[s.id for s in LIBRARY])
def test_support_uses_only_facts_it_was_given(index: int) -> None:
    flagged: list[tuple[str, Unsaid, str, str]] = []
    for plan in _plans(index):
        turns = _play(plan)
        for u in unsaid_facts(plan, turns):
            before = next(
                (t.content for t in reversed(turns[: u.turn]) if t.role == "customer"), ""
            )
            flagged.append((plan.id, u, before, turns[u.turn].content))
    assert not flagged, "\n".join(
        f"{pid} turn {u.turn} {u.kind} {u.fact}={u.value!r}\n  customer: {b}\n  support: {s}"
        for pid, u, b, s in flagged
    )


# ---- the check on hand-made turns -----------------------------------------------------------

(WATER,) = [s for s in LIBRARY if s.id == "insurance/home-water-damage-claim"]
(DEADLINE,) = [s for s in LIBRARY if s.id == "ecommerce/delivery-before-deadline"]


def _plan_for(scenario_id: str, **pinned: str) -> ConversationPlan:
    (scenario,) = [s for s in LIBRARY if s.id == scenario_id]
    planner = Planner(3, [scenario], EDGES)
    for i in range(400):
        plan = planner.plan(i)
        if plan.persona.language == "en" and all(plan.variables[k] == v for k, v in pinned.items()):
            return plan
    raise AssertionError(f"no English plan of {scenario_id} with {pinned}")


def _turn(role: str, content: str, act: str | None = None) -> Turn:
    return Turn(role="customer" if role == "customer" else "support", content=content, act=act)


def test_a_refusal_turning_on_a_cause_never_given_is_flagged() -> None:
    leak = "a slow leak behind the shower that's been going for months"
    plan = _plan_for(WATER.id, cause=leak)
    refusal = fill(plan, plan.scenario.support.rules[1].say[0], "test")
    turns = [
        _turn("customer", "water damage at my house, need to claim", a.OPEN),
        _turn("support", "Can I have your policy number and postcode?", a.REQUEST_INFO),
        _turn("customer", f"{plan.variables['policy_number']} and {plan.variables['zip_code']}"),
        _turn("support", refusal, a.REFUSE),
    ]
    assert [(u.turn, u.kind, u.fact) for u in unsaid_facts(plan, turns)] == [
        (3, "decided", "cause")
    ]
    told = [*turns[:2], _turn("customer", f"well, {leak}"), *turns[2:]]
    assert unsaid_facts(plan, told) == []


def test_a_value_stated_before_the_customer_said_it_is_flagged() -> None:
    plan = _plan_for(DEADLINE.id, region="Hawaii")
    turns = [
        _turn("customer", "Do you do next-day delivery?", a.OPEN),
        _turn("support", "Nothing reaches Hawaii that fast.", a.ANSWER),
    ]
    found = unsaid_facts(plan, turns)
    assert ("stated", "region") in [(u.kind, u.fact) for u in found]
    said = [turns[0], _turn("customer", "it's going to Hawaii"), turns[1]]
    assert "region" not in [u.fact for u in unsaid_facts(plan, said)]


def test_support_records_are_not_customer_facts() -> None:
    # Days since delivery and stock are support's to look up; the size wanted is not.
    (exchange,) = [s for s in LIBRARY if s.id == "ecommerce/exchange-wrong-size"]
    side = customer_side(exchange)
    assert "size_wants" in side and "days_since_delivery" not in side and "stock" not in side
    assert decision_facts(DEADLINE, 0) == ("region", "days_until_needed")
    assert decision_facts(WATER, 2) == ("cause", "estimate")
