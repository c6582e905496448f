"""Support's made lines say what support does in its own words
(simulator/studio/policy/own_words.py): walkthrough 7's support recited the policy sentence,
written to support ("I'm passing this to
a colleague who can decide: if the bike is damaged, hand over to the workshop team")."""

from __future__ import annotations

import re

import pytest

from simulator.studio.editing.replies import made_lines


@pytest.mark.parametrize(
    ("reason", "line"),
    [
        ("if the bike is damaged, hand over to the workshop team",
         "I'm passing this to our workshop team, since the bike is damaged."),
        ("refunds over 100 EUR need a manager",
         "I'm passing this to a manager: they decide on refunds over 100 EUR."),
        ("if the caller is a minor, transfer them to a colleague",
         "I'm passing this to a colleague, since you're a minor."),
        ("claims above $10,000 must be reviewed by a senior adjuster",
         "I'm passing this to a senior adjuster: they decide on claims above $10,000."),
        ("escalate to billing when the customer disputes a charge",
         "I'm passing this to our billing team, since you dispute a charge."),
        # Walkthrough 8: "... group bookings of 5 rooms or more always."
        ("group bookings of 5 rooms or more always go to the reservations team",
         "I'm passing this to our reservations team: they decide on group bookings of 5 rooms "
         "or more."),
    ],
)  # fmt: skip
def test_a_hand_over_says_to_whom_and_why(reason: str, line: str) -> None:
    assert made_lines("escalate", reason, {}) == [line]


@pytest.mark.parametrize(
    ("reason", "first"),
    [
        ("the late fee of non-members cannot be waived",
         "I'm sorry, but I can't waive the late fee of non-members."),
        ("Tickets older than 2 years cannot be refunded", "I'm sorry, but I can't refund tickets "
         "older than 2 years."),
        ("returns after 30 days are not accepted",
         "I'm sorry, but I can't accept returns after 30 days."),
        ("pauses longer than 3 months are not possible",
         "I'm sorry, but I can't offer pauses longer than 3 months."),
        ("late fees are waived once if the customer is a member and within 3 days",
         "I'm sorry, but I can only waive late fees once if you're a member and within 3 days."),
        ("the deposit is refunded only if the customer returns the keys on time",
         "I'm sorry, but I can only refund the deposit if you return the keys on time."),
        ("members can pause for up to 3 months",
         "I'm sorry, but you can only pause for up to 3 months."),
        ("a pause needs at least 14 days notice",
         "I'm sorry, but I need at least 14 days notice for a pause."),
        ("members who owe money cannot pause",
         "I'm sorry, but you can't pause while you owe money."),
        ("members with unpaid fees must pay them first",
         "I'm sorry, but you need to pay the unpaid fees first."),
        ("only customers with a premium plan get free delivery",
         "I'm sorry, but you'd need a premium plan to get free delivery."),
        ("damage claims after 14 days are refused",
         "I'm sorry, but I can't accept damage claims after 14 days."),
        ("classes cannot be cancelled less than 12 hours before the start",
         "I'm sorry, but I can't cancel classes less than 12 hours before the start."),
    ],
)  # fmt: skip
def test_a_refusal_says_what_support_cannot_do(reason: str, first: str) -> None:
    lines = made_lines("refuse", reason, {})
    assert lines[0] == first
    # The push-back line says the same thing another way, never the first word for word.
    assert lines[1] == "I understand, but the answer has to stay the same: " + first[15:]


# Policies as other people write them: none of these is in the tables above.
_OTHERS = [
    "If the customer has lost the receipt, pass the case to a supervisor.",
    "Vouchers cannot be exchanged for cash.",
    "Cancellations are free if made at least 24 hours before the appointment.",
    "Gift cards are not refundable.",
    "The customer's deposit cannot be returned after check-in.",
    "When the customer is abroad, transfer them to the international desk.",
    "Orders shipped to a PO box cannot be redirected.",
    "Upgrades are only possible for annual plans.",
    "Items bought on sale cannot be returned.",
    "Subscriptions can be paused at most twice a year.",
    "Appointments may be rescheduled only once.",
    "Refund requests above 500 dollars go to the finance team.",
]


@pytest.mark.parametrize("sentence", _OTHERS)
def test_no_made_line_recites_a_policy_sentence_to_the_customer(sentence: str) -> None:
    reason = sentence[0].lower() + sentence[1:].rstrip(".")
    action = "escalate" if re.search(r"\b(?:transfer|pass|go to)\b", reason) else "refuse"
    for line in made_lines(action, reason, {}):
        assert reason.lower() not in line.lower()  # not the sentence as written to support
        assert not re.search(r"\bthe customer\b|\bthe customer's\b", line)  # said to "you"
        assert not re.search(r"\b(?:transfer them|pass the case|hand over)\b", line)
        assert re.search(r"\b(?:I|I'm|you|you're|your)\b", line)  # someone speaking to someone
