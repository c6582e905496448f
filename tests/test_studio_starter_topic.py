"""Walkthrough 8's starter text (a hotel deposit refund): no other business's opening hours
or bookings in a named scenario, a say-so asked for is no refusal, and no label saved as
"whether the customer ..." for the customer to say."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from agents.phrasing.labels import parse
from agents.phrasing.whether import whether_answer
from simulator.studio.editing.author import STARTER, apply_form, from_template, id_from_words
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import add_suggested
from simulator.studio.trying.trial import try_text


@pytest.mark.parametrize(
    "name", ["Hotel: refund of deposit after cancellation", "Gym: freeze membership"]
)
def test_a_named_starter_says_nothing_about_another_business(name: str) -> None:
    """Its side question is one any business answers alike; its refusal is about requests."""
    text = from_template(STARTER, *id_from_words(name))
    data = yaml.safe_load(text)
    for words in ("are open", "9am", "hours", "bookings"):
        assert words not in text.lower().split("\n", 3)[-1], words
    assert data["flow"][0]["asks"] == data["support"]["knowledge"][0]["id"] == "contact_again"
    refusal = data["support"]["rules"][0]
    assert refusal["say"][0] == "I'm sorry, but I can't handle requests made more than 30 days ago."


def test_the_side_question_is_answered(tmp_path: Path) -> None:
    text = from_template(STARTER, *id_from_words("Hotel: refund of deposit after cancellation"))
    asked = answered = 0
    for seed in range(1, 5):
        for record in try_text(tmp_path, tmp_path / "scenarios" / "h.yaml", text, seed=seed):
            turns = record["turns"]
            for i, turn in enumerate(turns[:-1]):
                if turn["role"] == "customer" and "comes up" in turn["content"]:
                    asked += 1
                    answered += "write to us here" in turns[i + 1]["content"]
    assert asked and answered == asked


def test_the_named_example_rule_still_goes_once_a_policy_rule_is_added() -> None:
    text = from_template(STARTER, *id_from_words("Gym: freeze membership"))
    policy = "Freezes longer than 3 months are not possible."
    text = add_suggested(apply_form(text, {"support.policy": policy}), "all")
    data = yaml.safe_load(text)
    assert "days_ago" not in data["variables"]
    assert not [r for r in data["support"]["rules"] if "30 days" in str(r.get("say"))]


def test_the_placeholder_starter_keeps_its_example() -> None:
    assert "opening_hours" in from_template(STARTER, "mine/my-scenario")


@pytest.mark.parametrize(
    "line",
    [
        "Repairs over $200 need the customer's okay first.",
        "Anything over $150 in parts needs the customer's OK before we start.",
        "Upgrades above 50 euros require the client's written consent.",
        "For changes over 3 hours, check with the customer first.",
    ],
)
def test_a_say_so_asked_for_is_asked_not_refused(line: str) -> None:
    (found,) = suggest(line, {})
    assert found.action == "confirm", found
    assert " is more than " in found.when


def test_a_managers_approval_is_still_a_hand_over() -> None:
    (found,) = suggest("Refunds over $500 need a manager's approval.", {})
    assert found.action == "escalate"


def test_the_say_so_question_asks_to_go_ahead() -> None:
    text = from_template(STARTER, *id_from_words("Bike shop: repair my bike"))
    policy = "Repairs over $200 need the customer's okay first."
    rules = yaml.safe_load(add_suggested(apply_form(text, {"support.policy": policy}), "all"))
    (asked,) = rules["support"]["rules"][0]["confirm"]
    assert asked == "Just so you know: repairs over $200 need your okay first. Shall I go ahead?"


@pytest.mark.parametrize(
    ("label", "value", "said"),
    [
        ("whether the customer is a member", "yes", "I'm a member"),
        ("whether the customer has a medical certificate", "no", "I don't have a medical"),
        ("whether the customer's bike is damaged", "no", "my bike isn't damaged"),
    ],
)
def test_a_label_saved_in_the_third_person_is_said_as_i(label: str, value: str, said: str) -> None:
    for seed in range(4):
        answer = whether_answer(label, value, random.Random(seed))
        assert said in answer and "customer" not in answer


def test_a_suggested_yes_no_is_labelled_in_the_customers_words() -> None:
    text = from_template(STARTER, *id_from_words("Hotel: refund of deposit after cancellation"))
    policy = "If a late cancellation comes with a medical certificate, refund the whole deposit."
    text = add_suggested(apply_form(text, {"support.policy": policy}), "all")
    labels = yaml.safe_load(text)["customer"]["labels"]
    assert labels["medical_certificate"] == "whether I have a medical certificate"
    assert "the customer" not in str(labels)


@pytest.mark.parametrize(
    ("label", "asked"),
    [
        ("whether the customer is a member", "whether you're a member"),
        ("whether the customer was hurt", "whether you were hurt"),
        ("whether the customer's bike is damaged", "whether your bike is damaged"),
        ("whether I still have my backup codes", "whether you still have your backup codes"),
    ],
)
def test_support_asks_a_third_person_label_of_you(label: str, asked: str) -> None:
    assert parse(label).spoken_by_support().text == asked
