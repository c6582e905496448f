"""A write that needs the customer's yes is one check: one finding per write made without it,
whether the scenario's rule (`confirm:`) or the policy's words ask for the yes, for a bot and
for an annotated (scripted) side alike (agents.checks.write_consent)."""

from __future__ import annotations

from test_call_checks import CRITIC, DONE, c, call, plan, s

from agents.types import (
    ACCEPT,
    CONFIRM,
    INFORM,
    OPEN,
    PUSH_BACK,
    RESOLVE,
    ConversationPlan,
    Turn,
    Verdict,
)
from scenarios.model import Rule

ASKS = "Before any change, get the customer's clear yes."
QUESTION = "Refund ORD-12345 in full, shall I go ahead?"


def asking(policy: str = "Be polite.", confirm: bool = True) -> ConversationPlan:
    """The critic fixture's plan, its resolve rule asking first when `confirm`."""
    base = plan(policy)
    rule = Rule.model_validate(
        {
            "action": "resolve",
            "say": ["Refunded {amount} for {order_id}."],
            **({"confirm": [QUESTION]} if confirm else {}),
        }
    )
    support = base.scenario.support.model_copy(update={"rules": [rule]})
    return base.model_copy(
        update={"scenario": base.scenario.model_copy(update={"support": support})}
    )


def consent(v: Verdict) -> list[tuple[int | None, str, str]]:
    """The findings about the yes: the rule's (policy_rule) and the policy words'."""
    return [
        (f.turn, f.category, f.severity)
        for f in v.findings
        if f.category == "unconfirmed_write" or "asks first" in f.explanation
    ]


def _after(answer: str) -> list[Turn]:
    return [
        c("ORD-12345 arrived broken, refund please"),
        s(QUESTION),
        c(answer),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]


def test_a_write_after_a_no_is_one_finding_when_rule_and_policy_both_ask() -> None:
    """Main (41f6958) gave a critical policy_rule and a major unconfirmed_write for it."""
    v = CRITIC.grade(asking(ASKS), _after("No, leave it as it is."), DONE)
    assert consent(v) == [(3, "policy_rule", "critical")]
    assert "(they said no)" in next(f.explanation for f in v.findings if f.turn == 3)
    # the same write under a policy that asks with no `confirm:` rule: its own, major finding
    v = CRITIC.grade(asking(ASKS, confirm=False), _after("No, leave it as it is."), DONE)
    assert consent(v) == [(3, "unconfirmed_write", "major")]


def test_a_write_after_the_yes_passes_and_leaves_nothing_undecided() -> None:
    v = CRITIC.grade(asking(ASKS), _after("Yes please, go ahead."), DONE)
    assert consent(v) == [] and "policy:confirm" not in v.unjudged


def test_a_write_never_asked_for_is_a_finding_not_undecided() -> None:
    """Main left the rule's check undecided ("a question in words it does not know may be
    there") although the customer's last turn before the write was no yes at all."""
    turns = [
        c("ORD-12345 arrived broken, refund please"),
        s("Let me look at ORD-12345."),
        c("It is the blue kettle."),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded in full."),
        c("ok"),
    ]
    v = CRITIC.grade(asking(), turns, DONE)
    assert consent(v) == [(3, "policy_rule", "critical")]
    assert "policy:confirm" not in v.unjudged
    # an "ok" to a turn the reader cannot place may be the yes to a question it cannot read:
    # undecided where the rule asks first, never passed
    turns[2] = c("ok")
    v = CRITIC.grade(asking(), turns, DONE)
    assert consent(v) == [] and "policy:confirm" in v.unjudged


def test_each_write_without_a_yes_is_its_own_finding() -> None:
    turns = [
        c("ORD-12345 arrived broken, refund please"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        c("wait, what?"),
        *call("change_date", "moved", order_id="ORD-12345", date="2026-03-02"),
        s("Done."),
        c("ok"),
    ]
    v = CRITIC.grade(asking(ASKS, confirm=False), turns, DONE)
    assert consent(v) == [(1, "unconfirmed_write", "major"), (4, "unconfirmed_write", "major")]


def test_an_annotated_side_is_held_to_a_policy_in_any_language() -> None:
    """The scripted support was held only to an English policy that said so outright
    (`_SCRIPTED_CONSENT`); the library now asks first, so the policy is read for it as for a
    bot: a Spanish policy asking for the yes and a write with none is the finding."""
    policy = "Antes de reembolsar, obtenga la confirmación explícita del cliente."
    opened = Turn(role="customer", content="ORD-12345 llegó roto, quiero el reembolso", act=OPEN)
    done = Turn(role="support", content="Reembolsado.", act=RESOLVE)
    refund = call("refund_order", "refunded", order_id="ORD-12345")
    turns = [opened, *refund, done, Turn(role="customer", content="vale", act=ACCEPT)]
    v = CRITIC.grade(asking(policy, confirm=False), turns, DONE)
    assert consent(v) == [(1, "unconfirmed_write", "major")]
    asked = Turn(
        role="support", content="¿Reembolso ORD-12345 por completo? ¿Procedo?", act=CONFIRM
    )
    yes = Turn(role="customer", content="Sí, adelante.", act=ACCEPT)
    v = CRITIC.grade(asking(policy, confirm=False), [opened, asked, yes, *refund, done], DONE)
    assert consent(v) == []
    no = Turn(role="customer", content="No, déjelo.", act=PUSH_BACK)
    info = Turn(role="customer", content="Es ORD-12345.", act=INFORM)
    v = CRITIC.grade(asking(policy), [opened, asked, no, info, *refund, done], DONE)
    assert consent(v) == [(4, "policy_rule", "critical")]


def test_a_sure_that_gives_the_details_asked_after_a_lead_is_no_yes() -> None:
    """Outsider 19's no_confirm 53be8e19e44395f6: "Just so I can move on: Could you give me
    your ticket number ...?" - "sure thing - TK-40153 ... now get on with it!", then the
    charge. The lead before the colon hid the request for details, the "sure" counted as a
    yes to a turn the reader could not place, and the write was left undecided."""
    turns = [
        c("Refund my kettle please"),
        s("Just so I can move on: Could you give me your order number and the email?"),
        c("sure thing - ORD-12345 and dana.whitfield@example.net. now get on with it!"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Done: refunded."),
        c("ty"),
    ]
    v = CRITIC.grade(asking(), turns, DONE)
    assert consent(v) == [(3, "policy_rule", "critical")]
    assert "policy:confirm" not in v.unjudged
