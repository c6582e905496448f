"""A rule that turns on a fact only the customer holds obliges support once the customer has
said it (outsider report 14, false alarm 2).

banking/lost-debit-card escalates when the customer has seen transactions it did not make.
The critic raised a critical `policy_rule` ("never handed over") from the plan's hidden value
when the customer had answered the question with "Not sure.": nothing was reported, so
nothing obliged support. And the scripted customer now answers a yes/no question worded in
support's own clause ("are there any transactions on it you don't recognise?") for a fact
labelled as an indirect question ("whether I see any transactions I don't recognise").
"""

from __future__ import annotations

import asyncio
from functools import lru_cache

import pytest
from test_scripted_dialogue import make_persona

from agents import types as a
from agents.checks import GradeContext
from agents.checks.escalation import UNJUDGED_RULE, missed_escalation
from agents.scripted.customer import ScriptedCustomer
from agents.types import ConversationPlan, Outcome, Turn
from agents.understanding.facts import named_facts
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

CARD = "banking/lost-debit-card"
SEEN = "two online purchases I don't recognise"
ASK = "Before I block it: are there any transactions on it you don't recognise?"


@lru_cache(maxsize=1)
def _scenario() -> Scenario:
    return next(s for s in load_scenarios([builtin_library()]) if s.id == CARD)


def _plan(suspicious: str = SEEN) -> ConversationPlan:
    persona = make_persona(patience="high")
    variables = {
        "card_id": "K7201", "card_last4": "6040", "card_type": "debit card",
        "customer_id": "B3101", "holder_name": "Theo Mbeki", "date_of_birth": "1996-07-12",
        "where_lost": "on the train", "suspicious": suspicious, "delivery": "standard",
        "customer_name": "Ann Lee", "first_name": "Ann", "last_name": "Lee",
        "email": "ann@example.com", "phone": "555-0100", "address": "1 Main St",
        "city": "Springfield",
    }  # fmt: skip
    return ConversationPlan(
        id="p-card", run_seed=1, index=0, seed=3, scenario=_scenario(), persona=persona,
        edge_cases=(), variables=variables,
    )  # fmt: skip


VERIFIED = [
    Turn(role="customer", content="I've lost my debit card, can you block it please?", act="open"),
    Turn(
        role="support", content="Could I have your full name, date of birth and card's last four?"
    ),
    Turn(
        role="customer",
        content="Theo Mbeki, 1996-07-12, last four 6040.",
        act="inform",
        slots={"customer_name": "Theo Mbeki", "date_of_birth": "1996-07-12", "card_last4": "6040"},
    ),
    Turn(role="support", content=ASK),
]
BLOCKED = [
    Turn(role="support", content="The card ending 6040 is blocked. Standard or express delivery?"),
    Turn(role="customer", content="Standard, please.", act="inform"),
    Turn(role="support", content="Done: a replacement is on its way by standard delivery."),
]
LEFT = Outcome(status="resolved", reason="done", ended_by="support")


def _grade(answer: Turn) -> tuple[list[str], tuple[str, ...]]:
    ctx = GradeContext(plan=_plan(), turns=[*VERIFIED, answer, *BLOCKED], outcome=LEFT)
    result = missed_escalation(ctx)
    return [f.category for f in result.findings], tuple(result.unjudged)


def test_a_fact_never_said_obliges_no_handover() -> None:
    # The customer's hidden value says it saw unknown purchases; it said "Not sure."
    found, unjudged = _grade(Turn(role="customer", content="Not sure.", act="inform"))
    assert found == [] and unjudged == ()


def test_a_fact_said_obliges_the_handover() -> None:
    said = Turn(role="customer", content=f"Yes: {SEEN}.", act="inform", slots={"suspicious": SEEN})
    found, _ = _grade(said)
    assert found == ["policy_rule"]
    # Said in the customer's own words, no slot: still read from the text.
    found, _ = _grade(Turn(role="customer", content=f"Well, {SEEN}!", act="inform"))
    assert found == ["policy_rule"]


def test_a_free_text_customer_in_its_own_words_is_undecided_not_passed() -> None:
    # An LLM customer (no acts) may report it in words the check does not read.
    answer = Turn(role="customer", content="Yeah, somebody bought stuff online with it.")
    plain = [t.model_copy(update={"act": None, "slots": {}}) for t in [*VERIFIED, answer, *BLOCKED]]
    ctx = GradeContext(plan=_plan(), turns=plain, outcome=LEFT)
    result = missed_escalation(ctx)
    assert result.findings == () and UNJUDGED_RULE in result.unjudged


LABELS = {
    "card_last4": "last four digits of the card",
    "customer_name": "full name",
    "suspicious": "whether I see any transactions I don't recognise",
}


@pytest.mark.parametrize(
    "text",
    [
        ASK,
        "Do you see any transactions on the card you don't recognise, or none?",
        "Have you noticed any transactions you don't recognise?",
        "Could you let me know whether you see any transactions you don't recognise?",
    ],
)
def test_a_whether_fact_is_asked_for_in_support_s_own_clause(text: str) -> None:
    assert named_facts(text, LABELS) == ["suspicious"]


@pytest.mark.parametrize(
    "text",
    ["Is there anything else I can help with?", "Could I have your full name, please?"],
)
def test_other_questions_do_not_ask_for_it(text: str) -> None:
    assert "suspicious" not in named_facts(text, LABELS)


@pytest.mark.parametrize("value", [SEEN, "none"])
def test_the_scripted_customer_answers_the_yes_no_question(value: str) -> None:
    memory = {
        "given": {
            "customer_name": "Theo Mbeki",
            "date_of_birth": "1996-07-12",
            "card_last4": "6040",
        },
        "stated": True,
    }
    reply = asyncio.run(ScriptedCustomer().respond(_plan(value), list(VERIFIED), memory))
    turn = reply.turn
    assert turn.act == a.INFORM and turn.slots.get("suspicious") == value, turn.content
    assert value.casefold() in turn.content.casefold(), turn.content
