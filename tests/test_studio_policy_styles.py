"""The policy reader on sentences written in five businesses' styles before it was changed
(a bank, a gym, a bike shop, an airline, a utility): 10 of 22 lines right, 5 wrong, 7 not
offered before; these are the lines it read wrong or not at all and now reads as meant."""

from __future__ import annotations

import pytest
import yaml

from simulator.studio.editing.author import STARTER, apply_form, from_template, id_from_words
from simulator.studio.policy.suggest import policy_lines, suggest
from simulator.studio.policy.suggested import add_suggested


@pytest.mark.parametrize(
    ("line", "action", "when"),
    [
        # a bank's money transfers are no hand-over
        ("We do not reverse transfers that are older than 60 days.", "refuse",
         "transfer_days is more than 60"),
        ("A replacement for a lost card costs $10 unless the customer holds a premium account.",
         "confirm", "premium is no"),
        ("Medical priority customers are never disconnected; transfer them to the "
         "vulnerability team.", "escalate", "medical_priority is yes"),
        ("Passengers travelling with a disability assistance request are always handed to the "
         "special assistance desk.", "escalate", "disability_assistance_request is yes"),
    ],
)  # fmt: skip
def test_what_each_line_means(line: str, action: str, when: str) -> None:
    (found,) = suggest(line, {})
    assert (found.action, found.when) == (action, when)


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("get their member number before you touch anything on the account.", "member number"),
        ("Never discuss balances before confirming the customer's date of birth and the last "
         "four digits of the card.", "date of birth, last four digits of the card"),
        ("Take the policy number up front.", "policy number"),
    ],
)  # fmt: skip
def test_what_support_asks_for_said_other_ways(line: str, asked: str) -> None:
    (found,) = suggest(line, {})
    assert (found.action, found.reason) == ("asks", asked)


def test_a_semicolon_before_what_to_do_about_it_keeps_one_sentence() -> None:
    policy = (
        "Members are never cut off; pass them to the team. Late fees always apply; no waivers "
        "are given."
    )
    assert policy_lines(policy) == [
        "Members are never cut off; pass them to the team.",
        "Late fees always apply",
        "no waivers are given.",
    ]


def test_a_yes_no_read_without_a_clause_is_still_the_customers_to_tell() -> None:
    text = from_template(STARTER, *id_from_words("Airline: special assistance"))
    policy = (
        "Passengers travelling with a disability assistance request are always handed to the "
        "special assistance desk."
    )
    customer = yaml.safe_load(add_suggested(apply_form(text, {"support.policy": policy}), "all"))[
        "customer"
    ]
    assert customer["knows"]["disability_assistance_request"] == "{disability_assistance_request}"
    assert customer["labels"]["disability_assistance_request"] == (
        "whether I have a disability assistance request"
    )


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("Emergencies are always passed to the on-call nurse.", "emergency is yes"),
        ("Basic policies don't cover floods.", "basic_policy is yes"),
    ],
)
def test_a_plural_in_ies_names_its_singular(line: str, when: str) -> None:
    (found,) = suggest(line, {})
    assert found.when == when
