"""A yes/no fact labelled as an indirect question is said as the fact (agents/phrasing/
whether.py): walkthrough 7's customers said "as for whether the customer is a member, yes"."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agents.phrasing.facts import customer_facts
from agents.phrasing.whether import whether_answer
from simulator.studio.editing.author import STARTER, apply_form, from_template, id_from_words
from simulator.studio.policy.suggested import add_suggested
from simulator.studio.trying.trial import try_text


@pytest.mark.parametrize(
    ("label", "value", "said"),
    [
        ("whether I'm a member", "yes", "I'm a member"),
        ("whether I'm a member", "no", "I'm not a member"),
        ("whether the bike is damaged", "no", "the bike isn't damaged"),
        ("whether the bike is damaged", "Yes", "the bike is damaged"),
        ("whether anyone was hurt", "yes", "someone was hurt"),
        ("whether anyone was hurt", "no", "nobody was hurt"),
        ("whether I still have my backup codes", "no", "I don't have my backup codes"),
        ("whether I have been charged twice", "no", "I haven't been charged twice"),
        ("whether we can pay by card", "no", "we can't pay by card"),
        ("if my order has shipped or not", "yes", "my order has shipped"),
    ],
)
def test_the_clause_or_its_negation_with_the_yes_or_no(label: str, value: str, said: str) -> None:
    for seed in range(6):
        answer = whether_answer(label, value, random.Random(seed))
        assert said in answer
        assert ("yes" if value.lower() == "yes" else "no") in answer  # heard by it


@pytest.mark.parametrize(
    ("label", "value"),
    [("reference number", "yes"), ("whether I'm a member", "maybe"), ("whether it rained", "no")],
)
def test_no_answer_where_it_would_be_a_guess(label: str, value: str) -> None:
    assert whether_answer(label, value, random.Random(1)) == ""


def test_facts_never_say_as_for_whether() -> None:
    for seed in range(30):
        rng = random.Random(seed)
        one = customer_facts({"whether I'm a member": "yes"}, rng)
        many = customer_facts(
            {"whether I'm a member": "no", "whether the bike is damaged": "yes"}, rng
        )
        for text in (one, many):
            assert "as for" not in text and "whether" not in text
        assert "I'm a member" in one
        assert "I'm not a member" in many and "the bike is damaged" in many


def test_a_studio_rule_from_a_clause_is_told_as_the_fact(tmp_path: Path) -> None:
    text = from_template(STARTER, *id_from_words("Bike rental: waive late fee"))
    policy = (
        "Late fees are waived once if the customer is a member and within 3 days.\n"
        "If the bike is damaged, hand over to the workshop team."
    )
    text = add_suggested(apply_form(text, {"support.policy": policy}), "all")
    assert "member: whether I'm a member" in text  # the customer's own words, as labels are
    said = [
        turn["content"]
        for record in try_text(tmp_path, tmp_path / "scenarios" / "bike.yaml", text)
        for turn in record["turns"]
        if turn["role"] == "customer"
    ]
    told = [t for t in said if "a member" in t.lower()]
    assert told  # support asked, the customer said
    assert not [t for t in said if "as for whether" in t.lower() or "whether i" in t.lower()]
