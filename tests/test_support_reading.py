"""Reading act-less support text (agents.understanding.support) on wording unlike convsim's
own phrasing: formal, terse, chatty, typo-ridden; negation, questions vs claims, stalls,
handover, and fact names the scenario does not use."""

from __future__ import annotations

import pytest
from test_scripted_dialogue import make_plan

from agents.understanding import SupportReading, read_support
from agents.understanding.facts import named_facts
from agents.understanding.support import ASKS, CLAIMS, OFFERS, REFUSES, STALLS

FACTS = {
    "order_id": "order ID",
    "email": "email",
    "date_of_birth": "date of birth",
    "account_pin": "account PIN",
    "zip_code": "postcode",
    "phone": "phone number",
}


def read(text: str) -> SupportReading:
    return read_support(text, FACTS)


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("Could you share the number on your order confirmation?", {"order_id"}),
        ("What's your order #?", {"order_id"}),
        ("order no. pls", {"order_id"}),
        ("Kindly furnish the order reference and the e-mail address on file.",
         {"order_id", "email"}),
        ("Pls send ur e-mail on file", {"email"}),
        ("I'll need your DOB and ZIP to proceed.", {"date_of_birth", "zip_code"}),
        ("For security, what is the PIN on the account?", {"account_pin"}),
        ("Which order is this about?", {"order_id"}),
        # a number to reach you on is a phone number (session 19, outsider 23's claims desk)
        ("What's the best number to reach you on?", {"phone"}),
        ("Can I get a contact phone?", {"phone"}),
        ("Order ID and postcode.", {"order_id", "zip_code"}),  # a bare noun phrase
    ],
)  # fmt: skip
def test_asks_name_the_scenarios_facts_in_any_wording(text: str, facts: set[str]) -> None:
    r = read(text)
    assert r.asks_info and r.asks == facts, r
    assert not r.claims


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Your refund has been issued.", {"refund"}),
        ("I've gone ahead and cancelled the order for you.", {"cancel"}),
        ("Order cancelled.", {"cancel"}),
        ("Your flight is now reserved!", {"book"}),
        ("We have processed the reimbursement to the original payment method.", {"refund"}),
        ("Ticket #4471 has been opened with our repairs desk.", {"ticket"}),
        ("Your appointment was successfully rescheduled to Monday.", {"change"}),
        ("all done, you're good to go :)", {"done"}),
        ("ok refunded ur order, shud see it in 3-5 days", {"refund"}),
    ],
)  # fmt: skip
def test_claims_of_actions_done(text: str, kinds: set[str]) -> None:
    r = read(text)
    assert r.claims == kinds, r
    assert not r.refuses


@pytest.mark.parametrize(
    "text",
    [
        "Would you like me to cancel it?",
        "Shall I go ahead and issue the refund?",
        "I can refund that for you once I have the order ID.",
        "I'll cancel the subscription as soon as you confirm.",
        "Do you want a refund or a replacement?",
        "If you've already cancelled, there's nothing more to do.",
        "Has the refund reached your account yet?",
    ],
)
def test_questions_offers_and_promises_are_not_claims(text: str) -> None:
    assert not read(text).claims, read(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't refund orders older than 30 days.",
        "Unfortunately we are unable to cancel a shipped order.",
        "I'm afraid that isn't something I'm able to do.",
        "The cancellation could not be processed.",
        "Sorry but refunds r not possible after 30 days",
        "Regrettably, your request does not qualify under our returns policy.",
    ],
)
def test_negated_actions_are_refusals_not_claims(text: str) -> None:
    r = read(text)
    assert r.refuses and not r.claims, r


@pytest.mark.parametrize(
    "text",
    [
        "One moment please.",
        "Let me check that for you.",
        "Still looking into it, won't be long!",
        "Bear with me while I pull up the details...",
        "Thank you for your patience, I'm checking with the warehouse.",
    ],
)
def test_holding_messages_are_stalls(text: str) -> None:
    r = read(text)
    assert r.classes == {STALLS}, r


def test_holding_with_progress_is_not_a_stall() -> None:
    r = read("Thanks for waiting - your refund has been issued.")
    assert r.claims == {"refund"} and not r.stalls


@pytest.mark.parametrize(
    ("text", "hands_over"),
    [
        ("I'm transferring you to a specialist now.", True),
        ("Let me connect you with one of our human agents.", True),
        ("I have escalated your case to the billing team.", True),
        ("A supervisor will call you back within the hour.", True),
        ("Would you like me to transfer you to a supervisor?", False),
        ("I'm sorry, I can't transfer you to a human.", False),
    ],
)
def test_handover(text: str, hands_over: bool) -> None:
    r = read(text)
    assert r.hands_over is hands_over, r
    assert not r.claims


def test_a_statement_naming_a_fact_with_its_value_is_not_a_request() -> None:
    assert not read("Order ID ORD-12345 has been located.").asks
    assert not read("Your order ID is on the receipt.").has(ASKS)


def test_greeting_closing_and_answers() -> None:
    assert read("Good afternoon! How may I assist you today?").classes == {"greets"}
    assert read("Is there anything else I can do for you?").classes == {"closes"}
    assert read("Thank you and goodbye.").classes == {"closes"}
    answer = read("Refunds normally reach your card within 5 to 7 business days.")
    assert answer.classes == {"answers"}


def test_cannot_tell_is_reported_not_guessed() -> None:
    for text in ("", "ok.", "Hmm", "???"):
        r = read(text)
        assert r.undecided and r.classes == frozenset() and not r.confidence, text


def test_evidence_and_confidence_name_the_classes() -> None:
    r = read("Hi! I've refunded the order. Can I help with anything else?")
    assert CLAIMS in r.confidence and all(0.5 <= v <= 1 for v in r.confidence.values())
    assert (CLAIMS, "I've refunded the order.") in r.evidence


def test_plan_and_scenario_give_the_fact_names() -> None:
    plan = make_plan(1)
    text = "To locate the purchase I need the order number plus the e-mail you used."
    assert read_support(text, plan).asks == {"order_id", "email"}
    assert read_support(text, plan.scenario).asks == {"order_id", "email"}
    no_plan = read_support(text)
    assert no_plan.asks == frozenset() and no_plan.has(ASKS)


def test_fact_naming_prefers_the_more_specific_fact() -> None:
    facts = {"pin": "PIN", "account_pin": "account PIN", "account": "account number"}
    assert named_facts("what's your account PIN?", facts) == ["account_pin"]
    assert named_facts("and the account number?", facts) == ["account"]
    assert named_facts("phone number please", {"order_id": "order number"}) == []


def test_offers_hold_the_action_kind() -> None:
    assert read("Would you like me to cancel it?").offers == {"cancel"}
    assert OFFERS in read("Can I book it for you now?").classes
    assert REFUSES not in read("Would you like me to cancel it?").classes
