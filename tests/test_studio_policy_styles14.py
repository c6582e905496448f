"""The policy reader on sentences written in session 14, in five more businesses' styles,
before it was changed (a pharmacy, a car rental, a broadband ISP's bullets, a dentist, a
hotel: bench/data/studio_policies/train6-10; 10 of 25 right, 7 wrong, 8 not offered
before), and session 13's two held-out misreadings the issue names. The held-out half
(held6-10) is graded in docs/figures.md, not tested here."""

from __future__ import annotations

import pytest

from simulator.studio.policy.suggest import policy_lines, suggest


@pytest.mark.parametrize(
    ("line", "action", "when", "also"),
    [
        # session 13's held-out misreadings: a referral is a hand-over; what is accepted
        # "within 30 days with the receipt" refuses the other side of each part
        ("Students with a documented hardship case are referred to student services.",
         "escalate", "documented_hardship_case is yes", ()),
        ("Returns accepted within 30 days with the receipt.", "refuse",
         "return_days is more than 30", ("receipt is no",)),
        # a number before the verb of what is allowed is on the allowed side too
        ("Pauses of up to 3 months are possible.", "refuse", "pause_months is more than 3", ()),
        # what the patient reports is the fact, not the reporting (walkthrough 12)
        ("If a patient reports a side effect, refer them to the pharmacist on duty.",
         "escalate", "side_effect is yes", ()),
        ("Cars returned more than 2 hours late are charged an extra day.", "confirm",
         "late_hours is more than 2", ()),
        # one way to get it (ways.py): done when it holds, the rest refused after the ways
        ("Cancellations made at least 48 hours before pick-up get a full refund.", "resolve",
         "hours_before_pick_up is at least 48", ()),
        ("New patients must complete a medical history form before their first appointment.",
         "refuse", "medical_history_form is no", ()),
        ("Pets are welcome in ground-floor rooms only.", "refuse", "ground_floor_room is no", ()),
        ("Late check-out until 2pm is free for loyalty members; everyone else pays 30 euros.",
         "confirm", "loyalty_member is no", ()),
    ],
)  # fmt: skip
def test_what_each_line_means(line: str, action: str, when: str, also: tuple[str, ...]) -> None:
    (found,) = suggest(line, {})
    assert (found.action, found.when, found.also) == (action, when, also)


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("We need the booking reference and the driver's surname before changing a booking.",
         "booking reference, surname"),
        ("verify: account number + the first line of the address",
         "account number, first line of the address"),
    ],
)  # fmt: skip
def test_what_support_asks_for_said_as_a_need_or_a_bullet(line: str, asked: str) -> None:
    (found,) = suggest(line, {})
    assert (found.action, found.reason) == ("asks", asked)


def test_an_arrow_reads_as_if_then() -> None:
    (found,) = suggest("outages longer than 24 hours -> credit one day's charge", {})
    assert (found.action, found.when) == ("resolve", "credit_hours is more than 24")
    assert found.line == "outages longer than 24 hours -> credit one day's charge"


def test_a_part_that_points_back_stays_with_its_sentence() -> None:
    policy = (
        "Controlled medicines are never posted; the patient must collect them in person.\n"
        "Late check-out is free for loyalty members; everyone else pays 30 euros.\n"
        "Members are never cut off; send them to the team; no exceptions are made."
    )
    assert policy_lines(policy) == [
        "Controlled medicines are never posted; the patient must collect them in person.",
        "Late check-out is free for loyalty members; everyone else pays 30 euros.",
        "Members are never cut off; send them to the team",
        "no exceptions are made.",
    ]
    (found,) = suggest(policy.splitlines()[0], {})
    assert (found.action, found.when) == ("refuse", "controlled_medicine is yes")


def test_time_until_an_event_is_not_time_late() -> None:
    """ "2 hours late" and "48 hours before pick-up" in one policy: two quantities, two
    variables (the second reused `late_hours` once the lines before passed their variables)."""
    policy = (
        "Cars returned more than 2 hours late are charged an extra day.\n"
        "Cancellations made at least 48 hours before pick-up get a full refund.\n"
    )
    late, early = suggest(policy, {})
    assert (late.when, early.when) == (
        "late_hours is more than 2",
        "hours_before_pick_up is at least 48",
    )
