"""A yes/no a rule turns on is the customer's to tell (walkthrough 8: "Thank you for the
medical certificate" to a guest who never mentioned one), a new rule says where it went,
an emptied reply is made again, and an offer is not asked twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agents.scripted.offering import with_offer
from simulator.studio.editing.author import STARTER, from_template, id_from_words
from simulator.studio.policy.told import told_label
from simulator.studio.trying.offline import add_item, add_item_noted, apply_field
from simulator.studio.trying.trial import try_text


def _hotel() -> str:
    text = from_template(STARTER, *id_from_words("Hotel: refund of deposit after cancellation"))
    return add_item(text, "variable", {"name": "medical_certificate", "values": "yes, no"})


def _rule_for(text: str, when: str, say: str) -> str:
    text, noted = add_item_noted(text, "rule")
    at = int(noted["focus"].split(".")[1])
    text = apply_field(text, f"rule.{at}.when", when)
    return apply_field(text, f"rule.{at}.say", say)


def test_a_yes_no_a_rule_tests_becomes_a_fact_the_customer_tells() -> None:
    text = _rule_for(_hotel(), "medical_certificate is yes", "Thanks, refunded in full.")
    customer = yaml.safe_load(text)["customer"]
    assert customer["knows"]["medical_certificate"] == "{medical_certificate}"
    assert "medical_certificate" in customer["reveal_only_when_asked"]
    assert customer["labels"]["medical_certificate"] == "whether I have a medical certificate"


def test_support_hears_the_yes_no_before_it_acts_on_it(tmp_path: Path) -> None:
    text = _rule_for(
        _hotel(),
        "medical_certificate is yes",
        "Thank you for the medical certificate. I've refunded the whole deposit.",
    )
    records = try_text(tmp_path, tmp_path / "scenarios" / "hotel.yaml", text)
    thanked = 0
    for record in records:
        said_by_customer = False
        for turn in record["turns"]:
            words = turn["content"].lower()
            if turn["role"] == "customer" and "medical certificate" in words:
                said_by_customer = True
            if turn["role"] == "support" and "thank you for the medical certificate" in words:
                thanked += 1
                assert said_by_customer, record["turns"]
    assert thanked  # the rule applied in at least one of the five


@pytest.mark.parametrize(
    ("values", "world"),
    [("1, 2, 3", False), ("yes, no", True)],
)
def test_numbers_and_domain_records_stay_supports(values: str, world: bool) -> None:
    text = from_template(STARTER, *id_from_words("Gym: freeze membership"))
    text = add_item(text, "variable", {"name": "flagged", "values": values})
    if world:
        data = yaml.safe_load(text)
        text = text.replace("domain:", "world: shop\ndomain:", 1)
        assert data
    text = _rule_for(text, f"flagged is {values.split(',')[0]}", "Done.")
    assert "flagged" not in (yaml.safe_load(text)["customer"].get("knows") or {})


def test_a_fact_the_customer_already_carries_is_left_alone() -> None:
    text = _hotel()
    text = text.replace(
        'reference: "{reference}"',
        'reference: "{reference}"\n    certificate: "{medical_certificate}"',
        1,
    )
    text = _rule_for(text, "medical_certificate is yes", "Done.")
    knows = yaml.safe_load(text)["customer"]["knows"]
    assert "medical_certificate" not in knows and "certificate" in knows


def test_a_rule_written_before_its_variable() -> None:
    text = from_template(STARTER, *id_from_words("Gym: freeze membership"))
    text, noted = add_item_noted(text, "rule")
    at = int(noted["focus"].split(".")[1])
    text = apply_field(text, f"rule.{at}.when", "is_member is yes")
    text = add_item(text, "variable", {"name": "is_member", "values": "yes, no"})
    customer = yaml.safe_load(text)["customer"]
    assert customer["labels"]["is_member"] == "whether I'm a member"


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("medical_certificate", "whether I have a medical certificate"),
        ("is_member", "whether I'm a member"),
        ("has_receipt", "whether I have a receipt"),
        ("bike_damaged", "whether the bike is damaged"),
        ("insurance", "whether I have an insurance"),
        ("tickets", "whether I have tickets"),
        # walkthrough 9: "whether I have a vulnerable"
        ("vulnerable", "whether I'm vulnerable"),
        ("registered_vulnerable", "whether I'm registered vulnerable"),
        ("registered_as_vulnerable", "whether I'm registered as vulnerable"),
        ("eligible", "whether I'm eligible"),
        ("member", "whether I'm a member"),
        ("senior_citizen", "whether I'm a senior citizen"),
        ("damaged", "whether it is damaged"),
    ],
)
def test_told_labels(name: str, label: str) -> None:
    assert told_label(name) == label


def test_a_new_rule_says_where_it_went_and_that_its_condition_is_an_example() -> None:
    text = _hotel()
    last = yaml.safe_load(text)["support"]["rules"][-1]
    new, noted = add_item_noted(text, "rule")
    rules = yaml.safe_load(new)["support"]["rules"]
    at = int(noted["focus"].split(".")[1])
    assert rules[-1] == last and at == len(rules) - 2
    assert f"added rule {at + 1} above your last rule, now rule {at + 2}" in noted["status"]
    assert "only an example" in noted["status"]
    assert noted["focus"] == f"o-rule.{at}.when"


def test_an_emptied_reply_is_made_again_from_because() -> None:
    text = _hotel()
    text = apply_field(text, "rule.0.reason", "bookings over a month old are final")
    text = apply_field(text, "rule.0.say", "My own words.")
    text = apply_field(text, "rule.0.say", "  ")
    say = yaml.safe_load(text)["support"]["rules"][0]["say"]
    assert say and "month old" in say[0] and "My own words" not in say[0]


@pytest.mark.parametrize(
    "text",
    [
        "The first night is kept. I can refund the rest of the deposit; shall I arrange that?",
        "That's not possible. Would you like a voucher instead?",
        "I can't waive it. I could move you to the next intake, do you want me to do that?",
    ],
)
def test_a_reply_that_already_offers_is_not_asked_again(text: str) -> None:
    assert with_offer(text, "a refund of the deposit minus the first night") == text


def test_a_plain_refusal_still_gets_the_offer() -> None:
    said = with_offer("I'm sorry, that's not possible. Is that clear?", "a voucher")
    assert said.endswith("What I can offer instead is a voucher: shall I arrange that?")
