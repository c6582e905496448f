"""What support says about the records, compared with them (agents/checks/statements.py):
statuses, amounts and items stated of a record that no call read are unfounded, those the
records never held are contradicted, actions claimed with no write are unperformed, and what
cannot be told is undecided, never passed. On the library's ecommerce records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from persona_fixture import ADA

from agents.checks import GradeContext
from agents.checks.statements import UNJUDGED, record_statements
from agents.types import ConversationPlan, Outcome, ToolCall, Turn
from scenarios.domains import domain_for
from scenarios.loader import builtin_library, load_scenarios
from simulator.commands.import_tau import write_import

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
SCENARIOS = {s.id: s for s in load_scenarios([builtin_library()])}
CANCEL = SCENARIOS["ecommerce/cancel-pending-order"]
DAMAGED = SCENARIOS["ecommerce/refund-damaged-item"]
RESOLVED = Outcome(status="resolved", reason="done", ended_by="customer")
# W2040635: Elena Haddad's gaming headset, pending, $108.43, PayPal (C1006 has five orders,
# the last of them W2041116, a knife set, processed, $323.00).
PENDING = {
    "order_id": "W2040635", "customer_id": "C1006", "account_email": "elena.haddad80@example.com",
    "order_status": "pending", "product": "gaming headset", "total": "108.43",
    "payment_method": "PayPal", "reason": "no longer needed",
}  # fmt: skip
# W2040598: a Lumen Glass Table Lamp delivered 4 days ago, $79.33 by credit card (C1007).
LAMP = {
    "order_id": "W2040598", "customer_id": "C1007", "account_email": "hiroshi.quinn68@example.com",
    "product": "Lumen Glass Table Lamp", "amount": "79.33", "days_since_delivery": "4",
    "payment_method": "credit card", "damage": "a chipped corner",
}  # fmt: skip


def plan(scenario: object, variables: dict[str, str]) -> ConversationPlan:
    return ConversationPlan(
        id="p", run_seed=1, index=0, seed=1, scenario=scenario, persona=ADA, variables=variables
    )


class Chat:
    """A conversation written turn by turn, tool calls answered from the records."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []

    def customer(self, text: str) -> Chat:
        self.turns.append(Turn(role="customer", content=text))
        return self

    def support(self, text: str) -> Chat:
        self.turns.append(Turn(role="support", content=text))
        return self

    def call(self, name: str, result: object, error: bool = False, **arguments: str) -> Chat:
        cid = f"c{len(self.turns)}"
        call = ToolCall(id=cid, name=name, arguments=arguments)
        self.turns.append(Turn(role="support", content="", tool_calls=(call,)))
        text = result if isinstance(result, str) else json.dumps(result)
        self.turns.append(Turn(role="tool", content=text, name=name, tool_call_id=cid, error=error))
        return self

    def grade(
        self, scenario: object, variables: dict[str, str]
    ) -> tuple[list[str], tuple[str, ...]]:
        ctx = GradeContext(plan=plan(scenario, variables), turns=self.turns, outcome=RESOLVED)
        result = record_statements(ctx)
        return [f"{f.category}@{f.turn}" for f in result.findings], result.unjudged


def located() -> Chat:
    return (
        Chat()
        .customer("I'd like to cancel an order, I don't need it any more.")
        .support("Sure, what's the email on your account?")
        .customer("elena.haddad80@example.com")
        .call("find_customer_by_email", {"customer_id": "C1006", "name": "Elena Haddad"},
              email="elena.haddad80@example.com")
        .support("Thanks Elena. Which order is it?")
        .customer("It's W2040635.")
    )  # fmt: skip


def test_a_status_the_record_never_held_is_contradicted() -> None:
    chat = located().support("Order W2040635 has already shipped, so it's too late to cancel.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


def test_a_status_stated_without_looking_it_up_is_unfounded_even_when_true() -> None:
    chat = located().support("Good news: that order is still pending, so I can stop it.")
    assert chat.grade(CANCEL, PENDING) == (["unfounded_claim@7"], ())


def test_a_status_read_from_the_records_is_fine_in_any_wording() -> None:
    row = {"order_id": "W2040635", "status": "pending", "total": 108.43}
    chat = located().call("get_order", row, order_id="W2040635")
    chat.support("Found it: your order is still pending, and it came to $108.43.")
    assert chat.grade(CANCEL, PENDING) == ([], ())


def test_a_status_of_a_key_no_record_has_is_contradicted() -> None:
    chat = located().support("I see W2044186 is already on its way to you.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


@pytest.mark.parametrize(
    "text",
    [
        "Only pending orders can be cancelled.",
        "Once it has shipped you'll get an email with tracking.",
        "It hasn't shipped yet, as far as I know.",
        "Has your order shipped already?",
        "Glad the neighbour's replacement kettle was delivered fine.",
        "Let me check whether it's shipped.",
        "I'll make sure it's delivered by Friday.",
        "Orders that have already shipped can't be cancelled.",
        "A prepaid return label for order W2040635 is on its way to you.",
        "Ihre Bestellung ist noch nicht versandt.",
    ],
)
def test_rules_conditions_negations_questions_and_other_nouns_state_no_status(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == ([], ())


@pytest.mark.parametrize(
    "text",
    [
        "Since your order has shipped, I can't cancel it.",
        "Unfortunately, your order has already been delivered, so it can't be cancelled.",
        "Good news, the order is out for delivery today.",
    ],
)
def test_statuses_said_in_passing_are_read(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


def test_other_languages_state_statuses_too() -> None:
    chat = located().support("Veo que el pedido W2040635 sigue con el transportista.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())
    chat = located().support("Die Bestellung W2040635 ist bereits versandt.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())
    chat = located().support("Votre commande W2040635 a bien été livrée hier.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())
    chat = located().support("Seu pedido W2040635 já foi entregue.")
    assert chat.grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


def test_a_side_without_tools_is_undecided_when_right_and_caught_when_wrong() -> None:
    talk = Chat().customer("Please cancel W2040635, I don't need it.")
    right = Chat().customer("Please cancel W2040635.").support("W2040635 is still pending.")
    assert right.grade(CANCEL, PENDING) == ([], (UNJUDGED,))
    wrong = talk.support("Sorry, W2040635 was already delivered.")
    assert wrong.grade(CANCEL, PENDING) == (["contradicted_claim@1"], ())


def test_the_wrong_records_amount_is_contradicted_the_right_one_read_is_not() -> None:
    orders = [
        {"order_id": "W2040598", "product": "Lumen Glass Table Lamp", "status": "delivered",
         "total": 79.33},
        {"order_id": "W2041893", "product": "Halden Ceramic Dinner Set", "status": "shipped",
         "total": 104.0},
    ]  # fmt: skip
    chat = (
        Chat()
        .customer("My lamp arrived chipped. Order W2040598, hiroshi.quinn68@example.com")
        .call("get_customer_orders", orders, customer_id="C1007")
        .call("refund_damaged_item", {"order_id": "W2040598", "status": "delivered",
              "refunded_amount": 79.33}, order_id="W2040598")
    )  # fmt: skip
    wrong = Chat()
    wrong.turns = [
        *chat.turns,
        Turn(role="support", content="Done: a refund of $104.00 is on its way."),
    ]
    assert wrong.grade(DAMAGED, LAMP) == (["contradicted_claim@5"], ())
    right = Chat()
    right.turns = [
        *chat.turns,
        Turn(role="support", content="Done: a refund of $79.33 is on its way."),
    ]
    assert right.grade(DAMAGED, LAMP) == ([], ())


def test_an_amount_the_record_holds_but_nobody_read_is_unfounded() -> None:
    chat = (
        Chat()
        .customer("My lamp arrived broken, order W2040598.")
        .call("find_customer_by_email", {"customer_id": "C1007"}, email="h.quinn@example.com")
        .support("No problem, you'll get the full $79.33 back on your card.")
    )  # fmt: skip
    assert chat.grade(DAMAGED, LAMP) == (["unfounded_claim@3"], ())


def test_a_refund_claimed_with_no_write_is_unperformed() -> None:
    said = "Thank you! I've issued a full refund for that order to your original payment method."
    chat = Chat().customer("My lamp arrived broken, order W2040598.").support(said)
    assert chat.grade(DAMAGED, LAMP) == (["unperformed_action@1"], ())
    failed = (
        Chat()
        .customer("My lamp arrived broken, order W2040598.")
        .call("refund_damaged_item", "Error: order W2040598 was delivered more than 30 days ago",
              error=True, order_id="W2040598")
        .support(said)
    )  # fmt: skip
    assert failed.grade(DAMAGED, LAMP) == (["unperformed_action@3"], ())
    done = (
        Chat()
        .customer("My lamp arrived broken, order W2040598.")
        .call("refund_damaged_item", {"order_id": "W2040598", "refunded_amount": 79.33},
              order_id="W2040598")
        .support(said)
    )  # fmt: skip
    assert done.grade(DAMAGED, LAMP) == ([], ())


def test_an_item_called_the_customers_that_no_record_of_theirs_is_is_contradicted() -> None:
    row = {"order_id": "W2040598", "product": "Lumen Glass Table Lamp", "status": "delivered"}
    chat = Chat().customer("Order W2040598 arrived broken.")
    chat.call("get_order", row, order_id="W2040598")
    chat.support("I'm sorry your robot vacuum arrived like that.")
    assert chat.grade(DAMAGED, LAMP) == (["contradicted_claim@3"], ())


def test_without_a_domain_a_stated_status_is_undecided() -> None:
    example = next(s for s in load_scenarios([EXAMPLES]) if s.world is None)
    chat = Chat().customer("Where is my order?").support("Your order has already shipped.")
    assert chat.grade(example, {}) == ([], (UNJUDGED,))


def test_imported_tau_records_are_read_the_same_way(tmp_path: Path) -> None:
    """tau-bench's retail records (nested documents, '#W001' keys, statuses such as
    'pending'), as an LLM agent would talk about them: read first, then said, is fine; a
    status the record never held and a cancellation never made are not."""
    data = Path(__file__).resolve().parent / "data" / "tau"
    write_import(data, "retail", data / "retail_tasks.json", tmp_path / "retail")
    scenario = load_scenarios([tmp_path / "retail"])[0]
    domain = domain_for(scenario)
    assert domain is not None
    state = domain.new_state()
    try:
        record = state.call("get_order_details", {"order_id": "#W001"}).content
    finally:
        state.close()
    chat = Chat().customer("Hi, can you check order #W001 for me?")
    chat.call("get_order_details", record, order_id="#W001")
    ok = Chat()
    ok.turns = [*chat.turns, Turn(role="support", content="Your order #W001 is still pending.")]
    assert ok.grade(scenario, {}) == ([], ())
    wrong = Chat()
    said = "Your order #W001 has already been delivered, so it can't be cancelled."
    wrong.turns = [*chat.turns, Turn(role="support", content=said)]
    assert wrong.grade(scenario, {}) == (["contradicted_claim@3"], ())
    unmade = Chat()
    said = "I've cancelled order #W001 for you; the refund goes to your gift card."
    unmade.turns = [*chat.turns, Turn(role="support", content=said)]
    assert unmade.grade(scenario, {}) == (["unperformed_action@3"], ())


CHANGE = SCENARIOS["travel/change-flight-date"]
# RCLAKZ: Daniel Osei's economy booking, $1480.57 paid; moving it costs a $210 fare difference.
MOVE = {
    "reservation_code": "RCLAKZ", "passenger_last_name": "Osei", "route": "Houston to Denver",
    "cabin": "economy", "fare_difference": "210", "new_date": "2025-06-06",
    "payment": "the Amex on file",
}  # fmt: skip


def moved(said: str) -> Chat:
    """A date change that the write charged $210 for, then what support says of the charge."""
    booking = {"reservation_code": "RCLAKZ", "last_name": "Osei", "travel_date": "2025-06-17",
               "cabin": "economy", "total_paid": 1480.57}  # fmt: skip
    return (
        Chat()
        .customer("Please move my flight RCLAKZ, last name Osei, to 2025-06-06.")
        .call("get_reservation", booking, reservation_code="RCLAKZ", last_name="Osei")
        .support("RCLAKZ moves to 2025-06-06; any fare difference goes on your Amex. Go ahead?")
        .customer("Yes, please.")
        .call("change_flight_date", {"reservation_code": "RCLAKZ", "travel_date": "2025-06-06",
              "change_charge": 210.0}, reservation_code="RCLAKZ", new_date="2025-06-06")
        .support(said)
    )  # fmt: skip


@pytest.mark.parametrize(
    "said",
    [
        "Done. The fare difference of $1480.57 was charged to your Amex.",
        "Listo: se le ha cobrado la diferencia de $1480.57 en su Amex.",
        "C'est fait : le montant de $1480.57 a été prélevé sur votre Amex.",
        "Erledigt: der Betrag von $1480.57 wurde von Ihrer Amex abgebucht.",
        "Pronto: o valor de $1480.57 foi debitado no seu Amex.",
    ],
)
def test_an_amount_said_charged_is_what_the_write_charged_not_another_of_the_record(
    said: str,
) -> None:
    # $1480.57 is the booking's total paid, a figure a tool result held (so `invented_fact`
    # passes it) of the right record (so no other record's): the write charged $210.
    assert moved(said).grade(CHANGE, MOVE) == (["contradicted_claim@7"], ())


@pytest.mark.parametrize(
    "said",
    [
        "Done: the fare difference of $210.00 was charged to your Amex.",
        "The $210 difference was charged to your Amex, so the trip cost $1690.57 in all.",
        "Done: you now fly on 2025-06-06. You originally paid $1480.57 for the booking.",
    ],
)
def test_the_charge_the_write_returned_or_another_figure_not_said_charged_is_fine(
    said: str,
) -> None:
    assert moved(said).grade(CHANGE, MOVE) == ([], ())
