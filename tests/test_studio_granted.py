"""Policy sentences said the positive way are read as rules (studio/granted.py): walkthrough
7's "Late fee waived once if the customer is a member and ... within 3 days" was not, and its
rewrite as refusals was the walkthrough's costliest step."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, from_template
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.suggest import policy_lines, suggest
from simulator.studio.policy.suggested import add_suggested


@pytest.mark.parametrize(
    ("sentence", "granted_when"),
    [
        # A way to get it: a rule that does it when the whole condition holds (walkthrough
        # 10: refusing each part not met made several ways block each other).
        ("Late fees are waived once if the customer is a member and within 3 days.",
         "member is yes and late_days is at most 3"),
        ("Late fee waived once if the customer is a member and the bike comes back within 3 "
         "days of the due date.", "member is yes and days_since_due_date is at most 3"),
        ("If the customer is a member, waive the late fee.", "member is yes"),
        ("We'll happily unlock the phone as long as the contract is paid off.",
         "contract_paid_off is yes"),
        ("If the customer has been with us for more than 2 years we can waive the early exit "
         "fee.", "years is more than 2"),
        ("We only accept returns when the item is unused and in its original packaging.",
         "item_unused is yes and original_packaging is yes"),
        ("Overdue fines are forgiven for first-time borrowers.", "first_time_borrower is yes"),
    ],
)  # fmt: skip
def test_a_positive_sentence_is_a_way_to_get_it(sentence: str, granted_when: str) -> None:
    (found,) = suggest(sentence)
    assert (found.action, found.when, found.also) == ("resolve", granted_when, ())
    assert found.way and found.grants


@pytest.mark.parametrize(
    ("sentence", "refused"),
    [
        # A limit said as what is allowed: its other side is refused.
        ("Passengers may change their flight free of charge provided the request is made at "
         "least 24 hours before departure.", ["hours_before_departure is less than 24"]),
        ("We refund orders within 30 days of delivery.", ["days_since_delivery is more than 30"]),
        ("Freezes allowed for members with no outstanding balance.",
         ["outstanding_balance is yes"]),
        ("Max freeze 3 months.", ["freeze_months is more than 3"]),
        # Not positive: the refusal as before, a non-member is "member is no".
        ("The late fee of non-members cannot be waived.", ["member is no"]),
    ],
)  # fmt: skip
def test_a_limit_refuses_the_other_side(sentence: str, refused: list[str]) -> None:
    (found,) = suggest(sentence)
    assert found.action == "refuse"
    assert [found.when, *found.also] == refused


@pytest.mark.parametrize(
    "sentence",
    [
        "If the customer is upset, apologise and explain the fee.",
        "When the customer asks about opening hours, tell them we open at 9.",
        "Refunds arrive within 5 to 10 business days.",
        "If the customer is a member, greet them by name.",
    ],
)
def test_how_to_talk_and_how_things_go_are_no_rules(sentence: str) -> None:
    assert suggest(sentence) == []


_BIKES = (
    "Late fee waived once if the customer is a member and the bike comes back within 3 days of "
    "the due date.\nOtherwise the late fee stands, but we offer 20% off the next rental.\n"
    "If the bike is damaged, hand over to the workshop team."
)


def test_walkthrough_7s_policy_as_written_becomes_its_rules(tmp_path: Path) -> None:
    text = from_template(STARTER, "bike-rental/waive-late-fee", "Bike rental: waive late fee")
    text = apply_form(text, {"support.policy": _BIKES})
    data = yaml.safe_load(text)
    shown = suggest_html(data)
    assert "No rule read" not in shown  # all three lines, "Otherwise ..." with the first
    assert (
        "when none holds, a last rule says no: <i>I&#x27;m sorry, but I can only waive late fee "
        "once if you&#x27;re a member and the bike comes back within 3 days of the due date. "
        "What I can offer instead is 20% off the next rental: shall I arrange that?</i>"
    ) in shown
    (waiver, _damaged) = suggest(_BIKES)
    assert waiver.more == "Otherwise the late fee stands, but we offer 20% off the next rental."
    assert len(policy_lines(_BIKES)) == 3
    text = add_suggested(text, "all")
    data = yaml.safe_load(text)
    rules = data["support"]["rules"]
    # The hand-over decides first, the way to get it does it, the rest is refused (walkthrough
    # 10: refusing each part not met blocked any other way to get it).
    assert [(r.get("when"), r["action"]) for r in rules] == [
        ({"bike_damaged": {"eq": "yes"}}, "escalate"),
        ({"member": {"eq": "yes"}, "days_since_due_date": {"le": 3}}, "resolve"),
        (None, "refuse"),
    ]
    assert rules[2]["offer"] == "20% off the next rental"
    assert rules[2]["say"][0] == (
        "I'm sorry, but I can only waive late fee once if you're a member and the bike comes "
        "back within 3 days of the due date. What I can offer instead is 20% off the next "
        "rental: shall I arrange that?"
    )
    assert rules[0]["say"] == ["I'm passing this to our workshop team, since the bike is damaged."]
    # The customer knows whether they are a member, and says so when asked.
    assert data["customer"]["labels"]["member"] == "whether I'm a member"
    assert "member" in data["customer"]["reveal_only_when_asked"]
    assert add_suggested(text, "all") == text  # added once
    assert suggest_html(data).count("&#10003; rule") == 2
    path = tmp_path / "bikes.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []
