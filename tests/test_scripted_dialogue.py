"""The scripted customer and support talking to each other: the main flow, refusals,
escalations, patience, determinism. Edge-case behaviours are in test_scripted_edges.py."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pytest

from agents import types as a
from agents.scripted import KNOWN_BEHAVIORS, UnknownBehaviorError, check_behaviors
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.types import ConversationPlan, Outcome, Reply, Role, Turn
from personas.model import Identity, Persona
from scenarios.edge_case_model import EdgeCase
from scenarios.model import Scenario

ORDER = "ORD-48213"
EMAIL = "ann.lee@example.com"
SCENARIO: dict[str, Any] = {
    "id": "test/refund-cracked-kettle",
    "title": "Refund a kettle that arrived cracked",
    "domain": "ecommerce",
    "intent": "refund_request",
    "variables": {"order_id": {"choice": [ORDER]}, "days": {"range": [1, 60]}},
    "customer": {
        "goal": "Get a refund for order {order_id}; the kettle arrived cracked.",
        "knows": {"order_id": "{order_id}", "email": "{email}", "product": "glass kettle"},
        "reveal_only_when_asked": ["order_id", "email"],
        "labels": {"order_id": "order number"},
        "openings": ["My kettle arrived cracked.", "Hi, the glass kettle I ordered is broken."],
    },
    "support": {
        "policy": "Verify the order number and email first. Refund within 20 days.",
        "knowledge": [
            {
                "id": "refund_timing",
                "keywords": ["how long", "refund take", "when"],
                "answer": ["Refunds reach your card within 5 business days."],
            },
            {
                "id": "return_label",
                "keywords": ["send it back", "return label"],
                "answer": ["There is no need to send the kettle back."],
            },
        ],
        "verify": ["order_id", "email"],
        "rules": [
            {
                "when": {"days": {"gt": 30}},
                "action": "refuse",
                "reason": "outside the 30-day window",
                "say": ["Order {order_id} is past the 30-day window, so I can't refund it."],
            },
            {
                "when": {"days": {"gt": 20}},
                "action": "escalate",
                "reason": "late refunds need a specialist",
                "say": ["Refunds after 20 days need a specialist's approval."],
            },
            {"action": "resolve", "say": ["I've refunded order {order_id} in full."]},
        ],
    },
    "flow": [
        {
            "id": "ask_timing",
            "after": "resolve",
            "asks": "refund_timing",
            "probability": 0.5,
            "say": ["How long will the refund take?"],
        }
    ],
    "max_turns": 12,
}


def make_persona(
    patience: str = "medium", tone: str = "neutral", verbosity: str = "normal"
) -> Persona:
    identity = Identity(
        locale="en_US", first_name="Ann", last_name="Lee", name="Ann Lee", email=EMAIL,
        phone="555-0100", address="1 Main St", city="Springfield", age=40,
    )  # fmt: skip
    return Persona(
        id="p-test", identity=identity, tone=tone, patience=patience, verbosity=verbosity,
        tech_savviness="medium", language="en",
    )  # fmt: skip


def edge(behavior: str) -> EdgeCase:
    return EdgeCase(
        id=f"case_{behavior}", title=behavior, description=behavior, category="conversation",
        behavior=behavior,
    )  # fmt: skip


def make_plan(
    seed: int,
    behaviors: Iterable[str] = (),
    days: int = 12,
    scenario: Mapping[str, Any] | None = None,
    **persona: str,
) -> ConversationPlan:
    sc = Scenario.model_validate(scenario or SCENARIO)
    variables = {
        "order_id": ORDER, "days": str(days), "customer_name": "Ann Lee", "first_name": "Ann",
        "last_name": "Lee", "email": EMAIL, "phone": "555-0100", "address": "1 Main St",
        "city": "Springfield",
    }  # fmt: skip
    return ConversationPlan(
        id=f"plan-{seed}", run_seed=1, index=seed, seed=seed, scenario=sc,
        persona=make_persona(**persona), edge_cases=tuple(edge(b) for b in behaviors),
        variables=variables,
    )  # fmt: skip


async def _converse(
    plan: ConversationPlan, customer: Role, support: Role
) -> tuple[list[Turn], Outcome]:
    roles = {"customer": customer, "support": support}
    memory: dict[str, Mapping[str, Any]] = {"customer": {}, "support": {}}
    turns: list[Turn] = []
    while True:
        for name in ("customer", "support"):
            reply = await roles[name].respond(plan, turns, memory[name])
            memory[name] = reply.memory
            turns.append(reply.turn)
            if reply.stop is not None:
                return turns, reply.stop
            said = sum(t.role == "customer" for t in turns)
            if name == "support" and said >= plan.scenario.max_turns:
                return turns, Outcome(status="max_turns", reason="limit", ended_by="limit")


def converse(
    plan: ConversationPlan, customer: Role | None = None, support: Role | None = None
) -> tuple[list[Turn], Outcome]:
    return asyncio.run(
        _converse(plan, customer or ScriptedCustomer(), support or ScriptedSupport())
    )


def acts(turns: Sequence[Turn], role: str | None = None) -> list[str]:
    return [t.act or "" for t in turns if role is None or t.role == role]


def given_before(turns: Sequence[Turn], index: int) -> dict[str, str]:
    """Fact values the customer gave before turn `index`, the latest value of each."""
    facts: dict[str, str] = {}
    for t in turns[:index]:
        if t.role == "customer":
            facts.update(t.slots)
    return facts


SEEDS = range(24)


@pytest.mark.parametrize("seed", SEEDS)
def test_support_resolves_only_after_verifying(seed: int) -> None:
    turns, outcome = converse(make_plan(seed))
    assert outcome.status in ("resolved", "abandoned")
    resolves = [i for i, t in enumerate(turns) if t.act == a.RESOLVE]
    assert resolves, acts(turns)
    facts = given_before(turns, resolves[0])
    assert facts["order_id"] == ORDER and facts["email"] == EMAIL
    assert ORDER in turns[resolves[0]].content


@pytest.mark.parametrize("verbosity", ["terse", "normal", "chatty"])
def test_private_facts_wait_until_asked_whatever_the_behaviour(verbosity: str) -> None:
    for seed, behavior in enumerate([None, *sorted(KNOWN_BEHAVIORS)] * 2):
        plan = make_plan(seed, [behavior] if behavior else [], verbosity=verbosity)
        turns, _ = converse(plan)
        asked: set[str] = set()
        for t in turns:
            if t.role == "support" and t.act in (a.REQUEST_INFO, a.VERIFY_FAILED):
                asked |= set(t.slots)
            if t.role == "customer":
                leaked = ({"order_id", "email"} & set(t.slots)) - asked
                assert not leaked, (behavior, seed, acts(turns))


def test_chatty_customers_volunteer_open_facts_and_terse_ones_do_not() -> None:
    def volunteered(verbosity: str) -> int:
        plans = [make_plan(seed, verbosity=verbosity) for seed in SEEDS]
        return sum("product" in converse(p)[0][0].slots for p in plans)

    assert volunteered("terse") == 0
    assert volunteered("chatty") > volunteered("normal") > 0


@pytest.mark.parametrize("seed", SEEDS)
def test_refusal_is_never_a_resolution(seed: int) -> None:
    turns, outcome = converse(make_plan(seed, days=45))
    assert a.RESOLVE not in acts(turns)
    refusals = [t for t in turns if t.act == a.REFUSE]
    assert refusals[0].content and ORDER in refusals[0].content
    assert outcome.status in ("abandoned", "escalated")
    after = acts(turns, "customer")[acts(turns, "customer").index(a.INFORM) :]
    assert set(after) & {a.PUSH_BACK, a.ACCEPT, a.GIVE_UP, a.REQUEST_ESCALATION}


def test_refusals_get_pushed_back_on_by_impatient_people_more() -> None:
    def pushes(patience: str) -> int:
        runs = [converse(make_plan(s, days=45, patience=patience))[0] for s in range(40)]
        return sum(a.PUSH_BACK in acts(t) for t in runs)

    assert pushes("low") > pushes("high")


@pytest.mark.parametrize("seed", range(8))
def test_escalation_rule_hands_over(seed: int) -> None:
    turns, outcome = converse(make_plan(seed, days=25))
    assert turns[-1].act == a.ESCALATE and turns[-1].role == "support"
    assert outcome == Outcome(
        status="escalated", reason="late refunds need a specialist", ended_by="support"
    )


class WrongOrderCustomer:
    """Always gives the same wrong order number: support must stop after three checks."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        slots = {"order_id": "ORD-11111", "email": EMAIL}
        act = a.OPEN if not turns else a.INFORM
        return Reply(turn=Turn(role="customer", content="ORD-11111", act=act, slots=slots))


def test_three_failed_verifications_escalate() -> None:
    turns, outcome = converse(make_plan(3), customer=WrongOrderCustomer())
    assert acts(turns, "support") == [a.VERIFY_FAILED, a.VERIFY_FAILED, a.ESCALATE]
    assert turns[1].slots == {"order_id": "ORD-11111"}
    assert outcome.status == "escalated"
    assert outcome.reason == "verification failed 3 times (order number)"


class Unhelpful:
    """A support bot that never understands anything."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        return Reply(turn=Turn(role="support", content="Could you rephrase?", act=a.CLARIFY))


@pytest.mark.parametrize("patience", ["low", "medium", "high"])
def test_patience_runs_out_against_an_unhelpful_bot(patience: str) -> None:
    lengths = []
    for seed in range(12):
        turns, outcome = converse(make_plan(seed, patience=patience), support=Unhelpful())
        assert outcome.status == "abandoned" and outcome.ended_by == "customer"
        assert outcome.reason == "ran out of patience"
        assert turns[-1].act == a.GIVE_UP
        assert set(acts(turns, "customer")[1:-1]) <= {a.INFORM, a.REQUEST_ESCALATION}
        lengths.append(sum(t.role == "customer" for t in turns))
    # Customer turns until it leaves: the budget (and a manager demand or not) decides.
    assert (min(lengths), max(lengths)) == {"low": (3, 5), "medium": (4, 6), "high": (6, 8)}[
        patience
    ]


def test_same_seed_same_transcript_and_seeds_differ() -> None:
    plan = make_plan(7, ["off_topic", "wrong_identifier"])
    first, out1 = converse(plan)
    second, out2 = converse(plan)
    assert [t.model_dump() for t in first] == [t.model_dump() for t in second]
    assert out1 == out2
    others = {tuple(t.content for t in converse(make_plan(s))[0]) for s in range(6)}
    assert len(others) == 6


def test_memory_is_returned_anew_not_mutated() -> None:
    plan = make_plan(2)
    opening = asyncio.run(ScriptedCustomer().respond(plan, [], {}))
    memory: dict[str, Any] = {}
    reply = asyncio.run(ScriptedSupport().respond(plan, [opening.turn], memory))
    assert memory == {} and reply.memory["requested"]
    frozen = dict(reply.memory)
    asyncio.run(ScriptedSupport().respond(plan, [opening.turn, reply.turn], reply.memory))
    assert reply.memory == frozen


def test_conversations_stay_short_with_any_behaviour() -> None:
    longest = 0
    for i, behavior in enumerate(sorted(KNOWN_BEHAVIORS)):
        for seed in range(10):
            plan = make_plan(seed * 31 + i, [behavior], days=(12, 45, 25)[seed % 3])
            turns, outcome = converse(plan)
            assert outcome.status != "max_turns", (behavior, seed, acts(turns))
            longest = max(longest, sum(t.role == "customer" for t in turns))
    assert longest <= 9


class Unannotated:
    """Hides acts from the wrapped role's view, as if the other side were an LLM."""

    def __init__(self, inner: Role, hide: str) -> None:
        self.inner, self.hide = inner, hide

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        seen = [Turn(role=t.role, content=t.content) if t.role == self.hide else t for t in turns]
        return await self.inner.respond(plan, seen, memory)


@pytest.mark.parametrize("seed", range(8))
def test_roles_understand_each_other_from_text_alone(seed: int) -> None:
    plan = make_plan(seed)
    for customer, support in (
        (Unannotated(ScriptedCustomer(), "support"), ScriptedSupport()),
        (ScriptedCustomer(), Unannotated(ScriptedSupport(), "customer")),
    ):
        turns, outcome = converse(plan, customer, support)
        assert outcome.status == "resolved", acts(turns)
        resolve = acts(turns).index(a.RESOLVE)
        assert given_before(turns, resolve)["order_id"] == ORDER


def test_unknown_behaviour_is_refused_with_the_fix() -> None:
    check_behaviors([edge("silence")])
    with pytest.raises(UnknownBehaviorError) as err:
        check_behaviors([edge("juggles")])
    assert str(err.value).startswith(
        "edge case 'case_juggles': behavior 'juggles' has no scripted logic; use one of: "
        "against_policy, demand_manager,"
    )
    with pytest.raises(UnknownBehaviorError):
        asyncio.run(ScriptedCustomer().respond(make_plan(1, ["juggles"]), [], {}))


def test_every_library_behaviour_is_scripted() -> None:
    edge_cases = pytest.importorskip("scenarios.edge_cases")
    library = edge_cases.load_edge_cases()
    assert {e.behavior for e in library.edge_cases} <= KNOWN_BEHAVIORS
