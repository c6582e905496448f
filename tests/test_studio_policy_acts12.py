"""Walkthrough 12 (an energy supplier's policy): a line whose action asks the customer for
something and then does something ("ask the customer for a meter reading and re-issue the
bill") is a rule that does it, after asking; a line the reader cannot turn into a rule is
pointed at the kind of rule it is, never at refusals when it refuses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, from_template
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import add_suggested

ESTIMATED = (
    "If the bill was based on an estimated reading, ask the customer for a meter reading "
    "and re-issue the bill."
)


@pytest.mark.parametrize(
    ("sentence", "when", "does", "after"),
    [
        (ESTIMATED, "bill_based_estimated is yes", "re-issue the bill", "the meter reading"),
        (
            "If the parcel is lost, ask them for the order number and the delivery address "
            "and send a replacement.",
            "parcel_lost is yes",
            "send a replacement",
            "the order number and the delivery address",
        ),
        (
            "Book a repair visit if the boiler is broken.",  # no request: as before
            "boiler_broken is yes",
            "book a repair visit",
            "",
        ),
    ],
)
def test_a_request_then_an_action_is_a_rule_that_does_the_action(
    sentence: str, when: str, does: str, after: str
) -> None:
    (found,) = suggest(sentence, {})
    assert (found.action, found.when, found.does, found.after) == ("resolve", when, does, after)


def test_a_request_with_no_action_after_it_is_no_action_rule() -> None:
    # asking alone does nothing for the customer's case: no rule that "does" it
    found = suggest("If the bill looks wrong, ask the customer for a meter reading.", {})
    assert all(s.action != "resolve" for s in found)


def test_the_rule_thanks_for_what_was_asked_and_says_the_policys_action(tmp_path: Path) -> None:
    text = from_template(STARTER, "energy/bill", "Energy: my bill is too high")
    text = add_suggested(apply_form(text, {"support.policy": ESTIMATED}), "all")
    rules = yaml.safe_load(text)["support"]["rules"]
    rule = next(r for r in rules if r.get("when") == {"bill_based_estimated": {"eq": "yes"}})
    assert rule["action"] == "resolve"
    assert rule["say"] == ["Thank you for the meter reading. I'll re-issue the bill."]
    path = tmp_path / "bill.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []


def test_an_unread_line_that_refuses_nothing_is_not_pointed_at_refusals() -> None:
    page = suggest_html({"support": {"policy": "Keep the customer informed about the repair."}})
    assert "No rule read in" in page
    assert "say when support refuses" not in page
    assert "say when and what support does" in page
