"""Walkthrough 16's findings (issue 15): a dental clinic's care lead pasted a six-line fee
policy. The policies here are other businesses', so the reader is checked on the general case."""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML

from simulator.studio.editing import author
from simulator.studio.policy.from_policy import made_from_policy


def _rules(policy: str) -> list[tuple[Any, str]]:
    data = YAML(typ="safe").load(made_from_policy(author.STARTER, "q", "Shop: a fee", policy))
    return [(rule.get("when"), rule["action"]) for rule in data["support"]["rules"]]


def test_a_contrast_saying_what_the_fact_is_not_about_does_not_negate_it() -> None:
    """ "(not the fee)" named another thing; it made the hand-over hold when the customer did
    NOT dispute the work (fails on 910d028: `eq: 'no'`)."""
    assert _rules(
        "If the customer disputes the repair itself (not the invoice), pass it to the "
        "workshop manager."
    )[0] == ({"disputes_repair_itself": {"eq": "yes"}}, "escalate")
    when, action = _rules(
        "If the tenant complains about the heating, not the rent, hand it to the caretaker."
    )[0]
    assert [test for test in when.values()] == [{"eq": "yes"}]
    assert action == "escalate"


def test_a_not_inside_the_condition_still_negates_it() -> None:
    """An aside in brackets ("(e.g. a guest)") is no part of the fact's name (it was `e_g`)."""
    assert _rules("If the customer is not a member (e.g. a guest), refuse the waiver.")[0] == (
        {"member": {"eq": "no"}},
        "refuse",
    )
    assert _rules("Refuse the refund if the item is not damaged.")[0] == (
        {"item_damaged": {"eq": "no"}},
        "refuse",
    )


def _verify(policy: str) -> list[str]:
    data = YAML(typ="safe").load(made_from_policy(author.STARTER, "q", "Shop: a fee", policy))
    return list(data["support"]["verify"])


def test_whom_support_verifies_then_a_bare_list_is_what_it_asks_for() -> None:
    """ "verify the patient: date of birth and the appointment reference" asked only a default
    reference (fails on 910d028)."""
    assert _verify(
        "Before you discuss any charge, verify the tenant: date of birth and the lease number."
    ) == ["date_of_birth", "lease_number"]
    assert _verify("Confirm the caller - membership number, postcode.") == [
        "membership_number",
        "postcode",
    ]
    # a lead-in that is no verification of a person, or a clause after it, is no list
    assert _verify("Check the return photos: if there is new damage, the charge stays.") == [
        "reference"
    ]
