"""The deterministic critic's data checks: empty and repeated turns, turn order and limits,
and personal data that is not the conversation's own."""

from __future__ import annotations

from critic_fixture import (
    GOOD,
    LEFT,
    PENDING,
    REPEATS,
    SILENCE,
    F,
    c,
    categories,
    s,
    verdict_for,
)

from agents.checks.pii import find_items, iban_valid, luhn_valid
from agents.types import Outcome, Turn

# --- data checks ---------------------------------------------------------------------------


def test_empty_support_turn_is_critical() -> None:
    turns = [GOOD[0], s("   \n", "greet"), c("Hello?", "chitchat"), GOOD[3]]
    v = verdict_for(turns)
    assert v.findings == [
        F(1, "data_quality", "empty_turn", "critical", "", "the support turn is empty")
    ]
    assert v.label == "REJECT"
    assert v.scores["data_quality"] == 1.0
    assert v.rationale == (
        "Rejected: 1 critical finding; worst: the support turn is empty (turn 1)." + PENDING
    )


def test_customer_silence_is_intentional_only_for_the_silence_edge_case() -> None:
    silent = [*GOOD[:2], c("", "chitchat", edge_case="goes_silent"), s("Still there?", "check_in")]
    assert verdict_for(silent, edge_cases=(SILENCE,)).findings == []
    # Without the edge case in the plan, an empty customer turn is a defect.
    assert categories(verdict_for(silent)) == [(2, "empty_turn", "critical")]
    unplanned = [*GOOD[:2], c(" "), s("Still there?", "check_in")]
    assert categories(verdict_for(unplanned, edge_cases=(SILENCE,))) == [
        (2, "empty_turn", "critical")
    ]


def test_repeated_turns() -> None:
    ask = "Could you give me your order number?"
    hold = "Thanks for waiting, I am still looking into this for you."
    turns = [
        c("Refund please.", "open"),
        s(ask, "request_info", order_id=""),
        c("ok", "chitchat"),
        s(hold, "chitchat"),
        c("ok", "chitchat"),
        s("  thanks for WAITING, I am still looking into\tthis for you. ", "chitchat"),
        c("ok", "chitchat"),
    ]
    v = verdict_for(turns, outcome=LEFT)
    assert v.findings[1:] == [
        F(
            2,
            "customer_fidelity",
            "withheld_fact",
            "major",
            "Could you give me your order number?",
            "support asked for the order number in plain words (turn 1) and the customer, who "
            "knows it, never gave it",
        )
    ]
    assert v.findings[:1] == [
        F(
            5,
            "data_quality",
            "repeated_turn",
            "major",
            "thanks for WAITING, I am still looking into this for you.",
            "the support repeats turn 3 word for word",
        )
    ]
    assert v.label == "REVIEW"
    # Asking again, word for word, for the order number the customer has not given is the
    # job, not a repeat (outsider 15: a terse bot failed 10 of 24 for it).
    again = [*turns[:3], s("  could you GIVE me your\torder number? ", "request_info", order_id="")]
    assert [
        f.category for f in verdict_for([*again, c("ok", "chitchat")], outcome=LEFT).findings
    ] == ["withheld_fact"]


def test_repeats_by_the_other_role_or_an_edge_case_are_fine() -> None:
    line = "What is the refund timeline?"
    turns = [c(line, "ask"), s(line, "clarify"), c(line, "ask", edge_case="repeats_question")]
    assert verdict_for(turns, outcome=LEFT, edge_cases=(REPEATS,)).findings == []


def test_consecutive_turns_by_one_role() -> None:
    turns = [GOOD[0], GOOD[1], s("Are you there?", "check_in"), c("Yes.", "chitchat")]
    v = verdict_for(turns, outcome=LEFT)
    assert [(f.turn, f.category, f.severity, f.explanation) for f in v.findings] == [
        (2, "structure", "critical", "two support turns in a row (1 and 2)"),
        (3, "withheld_fact", "major", "support asked for the order number in plain words (turn "
         "1) and the customer, who knows it, never gave it"),
    ]  # fmt: skip
    tool_between = [GOOD[0], s("Let me look.", "answer"), Turn(role="tool", content="{}"), GOOD[3]]
    assert verdict_for(tool_between).findings == []
    support_first = [s("Welcome!", "greet"), c("Hi", "open")]
    assert categories(verdict_for(support_first, outcome=LEFT)) == [(0, "structure", "critical")]


def test_turn_limit() -> None:
    limit = Outcome(status="max_turns", reason="6 customer turns", ended_by="limit")
    v = verdict_for(GOOD[:4], outcome=limit)
    assert v.findings == [
        F(
            3,
            "task_success",
            "turn_limit",
            "major",
            "Thanks, I've refunded 120 to your card for ORD-12345.",
            "the conversation hit the limit of 6 customer turns unresolved",
        )
    ]


# --- personal data -------------------------------------------------------------------------


def leaks(text: str, before: list[Turn] | None = None) -> list[tuple[int | None, str, str]]:
    turns = [*(before or [c("Hi, I need help with my account.", "open")]), s(text, "answer")]
    v = verdict_for(turns)
    return [(f.turn, f.evidence, f.explanation) for f in v.findings if f.category == "pii_leak"]


def test_luhn_and_mod97() -> None:
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert luhn_valid("79927398713")
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")
    assert not iban_valid("DE8937040044053201300")  # one character short for Germany


def test_someone_elses_email_leaks_but_own_email_does_not() -> None:
    assert leaks("I'll send it to dana.whitfield@EXAMPLE.net.") == []
    assert leaks("The account belongs to mark.ortiz@example.org, not you.") == [
        (1, "The account belongs to m***@example.org, not you.",
         "support disclosed an email address that is not the customer's"),
    ]  # fmt: skip


def test_card_numbers_only_when_luhn_valid() -> None:
    assert leaks("The card on file is 4111 1111 1111 1111.") == [
        (1, "The card on file is 41** **** **** **11.",
         "support disclosed a card number that is not the customer's"),
    ]  # fmt: skip
    assert leaks("The card on file is 4111 1111 1111 1112.") == []
    assert leaks("Your tracking code is 0000000000000000.") == []


def test_ibans_only_when_mod97_valid_and_not_the_customers() -> None:
    assert leaks("Paid into DE89 3704 0044 0532 0130 00 yesterday.") == [
        (1, "Paid into DE** **** **** **** **** 00 yesterday.",
         "support disclosed an IBAN that is not the customer's"),
    ]  # fmt: skip
    assert leaks("Paid into DE89 3704 0044 0532 0130 01 yesterday.") == []
    assert leaks("Refunded to GB82WEST12345698765432.") == []  # the plan's own IBAN


def test_phone_numbers() -> None:
    assert leaks("We'll call you on (202) 555-0147.") == []  # own phone, other format
    assert leaks("Call us on 0800 555 0199.") == []  # the company's number from the scenario
    german = [c("Ruf mich an: +49 30 12345678", "inform")]
    assert leaks("Ich rufe 030 12345678 an.", german) == []  # trunk 0 instead of +49
    assert leaks("Her number is +44 20 7946 0958.") == [
        (1, "Her number is +44 ** **** **58.",
         "support disclosed a phone number that is not the customer's"),
    ]  # fmt: skip
    # Dates, order numbers and amounts are not phone numbers.
    assert leaks("Delivered 2024-05-12, order 98765432, total 1299.00.") == []


def test_company_contacts_and_echoes_are_not_leaks() -> None:
    assert leaks("Write to help@shop.example for anything else.") == []
    said = [c("Send the label to my work address, d.w@acme-corp.example", "inform")]
    assert leaks("Done, the label went to d.w@acme-corp.example.", said) == []


def test_quoting_back_part_of_a_run_together_number_is_not_a_leak() -> None:
    # An account number and a PIN written together read as one phone-shaped number; support
    # quoting back the account number alone repeats what the customer said.
    said = [c("for account number 8683696660 5114 for the account PIN", "inform")]
    assert leaks('I couldn\'t verify the account number "8683696660". Re-check it?', said) == []
    assert leaks('I found account "8683696661" instead.', said) != []


def test_customer_turns_with_own_data_are_fine() -> None:
    turns = [
        c("I'm dana.whitfield@example.net, card 4111 1111 1111 1111, call +1 202 555 0147.",
          "open"),
        s("Thanks, I've found your account.", "answer"),
    ]  # fmt: skip
    assert verdict_for(turns).findings == []


def test_find_items_does_not_reread_an_iban_as_a_card_or_phone() -> None:
    items = find_items("IBAN DE89 3704 0044 0532 0130 00, mail a.b@c.io")
    assert [(i.kind, i.key) for i in items] == [
        ("email", "a.b@c.io"),
        ("iban", "DE89370400440532013000"),
    ]
