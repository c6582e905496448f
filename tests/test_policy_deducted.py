"""Newcomer 18's findings after walkthrough 18b (issue 15), checked on other trades' policies
in words the reader was not written against: a grant less an amount is no refusal, a range
keeps both bounds on one quantity, one time counted in two units is one variable, an offer
said to staff belongs to its refusal, and what bars a request comes before what it costs or
who decides it."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML

from simulator.studio.editing import author
from simulator.studio.policy.deducted import deduction
from simulator.studio.policy.from_policy import made_from_policy
from simulator.studio.policy.suggest import suggest


def _rules(policy: str) -> list[dict[str, Any]]:
    text = made_from_policy(author.STARTER, "q", "Shop: a return", policy)
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return [r for r in data["support"]["rules"] if isinstance(r, dict)]


def _index(rules: list[dict[str, Any]], word: str) -> int:
    return next(i for i, r in enumerate(rules) if word in str(r.get("reason", "")).lower())


def test_a_grant_less_an_amount_asks_first_and_says_the_amount() -> None:
    """ "... minus a 12 pound restocking fee" was read as a refusal of the condition's side
    (the condition's "not" taken for a no), or as a plain "Done!" that never said the fee."""
    for line, amount in [
        ("If the seal is not intact, we refund the headphones minus a 12 pound restocking "
         "fee.", "12 pound"),
        ("When a guest leaves the cabin untidy, we keep 30 euros for cleaning and return the "
         "rest.", "30 euros"),
        ("If a lesson is cancelled on the day, it is refunded less a 15% admin fee.", "15%"),
    ]:  # fmt: skip
        assert deduction(line), line
        found = [s for s in suggest(line) if s.line == line]
        assert len(found) == 1 and found[0].action == "confirm", (line, found)
        assert found[0].when, line
        rule = next(r for r in _rules(line) if r.get("confirm"))
        assert rule["action"] == "resolve" and rule.get("when")
        assert amount in " ".join(rule["confirm"]), rule["confirm"]


def test_no_deduction_in_a_plain_grant_or_refusal() -> None:
    for line in [
        "We refund the headphones if the seal is intact.",
        "Refunds reach the card within 10 working days.",
        "We cannot refund tickets less than 2 hours before the show.",
    ]:
        assert deduction(line) == "", line


def test_a_range_before_an_event_keeps_both_bounds_on_one_quantity() -> None:
    """ "between 2 and 7 days before pick-up" became a second quantity for the lower bound
    and "at least 7" for the upper one."""
    [found] = suggest("Moving a lesson between 3 and 10 days before the lesson costs 8 pounds.")
    assert found.when == (
        "days_before_lesson is at least 3 and days_before_lesson is at most 10"
    ), found.when
    [at_most] = suggest("Moving a lesson at most 10 days before the lesson costs 8 pounds.")
    assert at_most.when == "days_before_lesson is at most 10"
    # "up to" before an event still means: while that much time or more is left
    [up_to] = suggest("Lessons can be moved free of charge up to 24 hours before the lesson.")
    assert "hours_before_lesson" in up_to.when and "at least" not in up_to.when.replace(
        "is less than", ""
    )


def test_one_time_before_an_event_in_two_units_is_one_variable() -> None:
    found = suggest(
        "Cancelling more than 3 days before the lesson is free.\n"
        "Cancelling less than 24 hours before the lesson costs the full 40 pounds.\n"
    )
    whens = " ".join(s.when for s in found)
    assert "hours_before_lesson" not in whens, whens
    assert "days_before_lesson is less than 1" in whens, whens


def test_an_offer_said_to_staff_after_a_refusal_is_its_offer_not_a_rule_for_everyone() -> None:
    """ "...; instead offer to move the dates ..." was a rule with no condition that asked
    every customer about the offer."""
    rules = _rules(
        "Tickets on the non-refundable fare cannot be refunded; instead offer a voucher for "
        "the same amount.\n"
    )
    refusal = next(r for r in rules if r["action"] == "refuse" and r.get("when"))
    assert "voucher" in str(refusal.get("offer")), refusal
    assert not [r for r in rules if not r.get("when") and "voucher" in str(r.get("reason"))]


def test_what_bars_a_request_comes_before_what_it_costs() -> None:
    rules = _rules(
        "If the seal is not intact, we refund the headphones minus a 12 pound restocking fee.\n"
        "Never refund headphones bought on a clearance sale.\n"
    )
    assert _index(rules, "clearance") < _index(rules, "restocking"), rules


def test_a_request_out_of_time_is_refused_before_a_hand_over_by_amount() -> None:
    rules = _rules(
        "Claims over 800 pounds go to the loss adjusters.\n"
        "Claims must be made within 60 days of the loss; after 60 days we refuse.\n"
    )
    assert rules[_index(rules, "60 days")]["action"] == "refuse"
    assert _index(rules, "60 days") < _index(rules, "800"), rules
