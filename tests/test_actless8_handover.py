"""A handover before verification, decided from the policy (outsider 17's `noverify` bot
passed 8 of 24 conversations by calling `transfer_to_staff` on the membership number
alone): where the policy verifies before any action or names the handover after the check,
a handover before the verify facts, or without checking them, is a critical policy finding;
where it lets anyone be handed over, it is none. The scripted support keeps the same policy."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from test_call_checks import BASE, DONE, OBJECT, TOOLS, c, call, s
from test_scripted_dialogue import SCENARIO, acts, converse, given_before, make_plan

from agents import types as a
from agents.critic import Critic
from agents.types import ConversationPlan, Turn, Verdict
from agents.understanding.handover_scope import verifies_before_handover
from scenarios.domains import ToolSpec

VERIFY_THEN_HAND = (
    "Get the order number and the email, check them with find_order, then transfer the "
    "customer to a specialist with transfer_to_human."
)
ANYONE = "Verify the order number and email before changing anything. If the customer asks "
ANYONE += "for a person, use transfer_to_human."


@pytest.mark.parametrize(
    "policy",
    [
        VERIFY_THEN_HAND,
        "Verify the member before taking any action on the account.",
        "Verify the caller before transferring them to a specialist.",
        "Transfer only verified customers to the fraud team.",
        "Verifique el número de socio y la fecha de nacimiento y luego páselo con el encargado.",
        "Antes de cualquier gestión, verifique la identidad del cliente.",
        "Vérifiez le numéro de membre, puis transférez le client au responsable.",
        "Avant toute action, vérifiez l'identité du client.",
        "Prüfen Sie Mitgliedsnummer und Geburtsdatum und leiten Sie den Kunden dann an den "
        "Schichtleiter weiter.",
        "Vor jeder Bearbeitung prüfen Sie die Identität.",
        "Verifique o número e a data de nascimento e depois transfira o cliente para o gerente.",
        "Antes de qualquer ação, verifique a identidade do cliente.",
    ],
)
def test_policies_that_verify_before_a_handover(policy: str) -> None:
    assert verifies_before_handover(policy)


@pytest.mark.parametrize(
    "policy",
    [
        ANYONE,
        "Account details are only given after the membership number and date of birth are "
        "checked. If the customer asks for a person, use transfer_to_staff.",
        # a money transfer is no handover; a check of a record's state is no verification
        "Verify identity and identify the payment by its transfer reference before giving any "
        "payment details.",
        "Check the order status before acting.",
        "Verify the customer before any action that updates the booking database.",
        "Anyone may be transferred to a person at any time; verify before any change.",
        "Antes de cualquier cambio, verifique la identidad. Si pide una persona, páselo con el "
        "encargado.",
        "Vor jeder Änderung prüfen Sie die Identität.",
    ],
)
def test_policies_that_let_anyone_be_handed_over(policy: str) -> None:
    assert not verifies_before_handover(policy)


HAND_TOOLS = {
    **TOOLS,
    "transfer_to_human": ToolSpec(
        "transfer_to_human", "Hand the customer to a specialist.", {"type": OBJECT}, writes=False
    ),
    "find_order": ToolSpec(
        "find_order",
        "Look up an order.",
        {
            "type": OBJECT,
            "properties": {"order_id": {"type": "string"}, "email": {"type": "string"}},
        },
        writes=False,
    ),
}
CRITIC = Critic(tools=HAND_TOOLS)


def plan(policy: str) -> ConversationPlan:
    support = BASE.scenario.support.model_copy(
        update={"policy": policy, "verify": ["order_id", "email"]}
    )
    return BASE.model_copy(
        update={"scenario": BASE.scenario.model_copy(update={"support": support})}
    )


def policy_findings(v: Verdict) -> list[tuple[int | None, str]]:
    return [(f.turn, f.explanation) for f in v.findings if f.category == "policy_rule"]


def _handed(before: list[Turn]) -> list[Turn]:
    return [
        c("ORD-12345 is broken and I want a person now"),
        *before,
        *call("transfer_to_human", "queued", order_id="ORD-12345"),
        s("I'm passing you to a specialist now."),
    ]


def test_a_transfer_on_the_order_number_alone_breaks_a_policy_that_verifies_first() -> None:
    """Main (41f6958) passed it: a handover is no write."""
    found = policy_findings(CRITIC.grade(plan(VERIFY_THEN_HAND), _handed([]), DONE))
    assert [t for t, _ in found] == [1]
    assert "transfer_to_human (a handover) before the customer gave the email" in found[0][1]
    assert policy_findings(CRITIC.grade(plan(ANYONE), _handed([]), DONE)) == []


def test_a_transfer_after_the_facts_must_have_checked_them() -> None:
    asked = [s("Before I pass you on: the email on the order?"), c("dana.whitfield@example.net")]
    found = policy_findings(CRITIC.grade(plan(VERIFY_THEN_HAND), _handed(asked), DONE))
    assert [t for t, _ in found] == [3] and "without checking the email" in found[0][1]
    checked = [
        *asked,
        *call(
            "find_order",
            '{"order_id": "ORD-12345", "email": "dana.whitfield@example.net"}',
            order_id="ORD-12345",
            email="dana.whitfield@example.net",
        ),
    ]
    assert policy_findings(CRITIC.grade(plan(VERIFY_THEN_HAND), _handed(checked), DONE)) == []
    assert policy_findings(CRITIC.grade(plan(ANYONE), _handed(asked), DONE)) == []


def test_a_handover_said_before_verification_is_read_too() -> None:
    turns = [
        c("ORD-12345 is broken, get me a manager"),
        s("I'm transferring you to a manager now."),
    ]
    found = policy_findings(CRITIC.grade(plan(VERIFY_THEN_HAND), turns, DONE))
    assert [t for t, _ in found] == [1]


def _scenario(policy: str) -> dict[str, Any]:
    sc = copy.deepcopy(SCENARIO)
    sc["support"]["policy"] = policy
    return sc


@pytest.mark.parametrize("seed", range(12))
def test_the_scripted_support_verifies_before_the_handover_its_policy_orders(seed: int) -> None:
    """A customer who insists on a manager is asked for the details first, then handed over
    (before: handed over on the second demand, which the policy forbids)."""
    policy = "Verify the order number and email before any action, then transfer if needed."
    plan_ = make_plan(seed, ["demand_manager"], scenario=_scenario(policy))
    turns, outcome = converse(plan_)
    said = acts(turns)
    if a.ESCALATE in said:
        at = said.index(a.ESCALATE)
        assert {"order_id", "email"} <= set(given_before(turns, at)), said
    verdict = Critic().grade(plan_, turns, outcome)
    assert not [f for f in verdict.findings if f.severity in ("major", "critical")], verdict
