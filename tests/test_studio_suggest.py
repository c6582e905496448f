"""Rules suggested from the support policy (studio/suggest.py, studio/suggested.py): each
sentence the studio reads offers the rule it means, and one click makes it an ordinary,
editable rule with the variables it needs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, from_template
from simulator.studio.pages.app import create_app
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import add_suggested

REL = "scenarios/pause-membership.yaml"


@pytest.mark.parametrize(
    ("sentence", "action", "when"),
    [
        # The limit is what is allowed: the other side of it is refused.
        ("Members can pause for up to 3 months.", "refuse", "pause_months is more than 3"),
        ("A freeze is possible for one to three months.", "refuse", "freeze_months is more than 3"),
        ("A pause needs at least 14 days notice.", "refuse", "notice_days is less than 14"),
        ("Returns are accepted within 30 days.", "refuse", "return_days is more than 30"),
        ("Members can pause their membership for 1 to 3 months.", "refuse",
         "pause_months is more than 3"),
        ("Bookings can be changed up to 48 hours before the class.", "refuse",
         "hours_before_class is less than 48"),
        # What is refused, said as such.
        ("Pauses longer than 3 months are not possible.", "refuse", "pause_months is more than 3"),
        ("Tickets older than 2 years cannot be refunded.", "refuse", "ticket_years is more than 2"),
        ("Classes cannot be cancelled less than 12 hours before the start.", "refuse",
         "hours_before_start is less than 12"),
        ("The longest pause is 3 months.", "refuse", "pause_months is more than 3"),
        ("A pause must be requested at least 7 days before the next billing date.", "refuse",
         "days_before_billing is less than 7"),
        ("Pauses of more than 2 months need approval from the manager.", "escalate",
         "pause_months is more than 2"),
        # A clause about the customer, or what they must (not) have: a yes/no variable.
        ("The member must not have any unpaid bills.", "refuse", "unpaid_bills is yes"),
        ("Members must have a valid ID.", "refuse", "valid_id is no"),
        ("Members who owe money cannot pause.", "refuse", "owe_money is yes"),
        ("Members with unpaid fees must pay them first.", "refuse", "unpaid_fees is yes"),
        ("You cannot pause without a doctor's note.", "refuse", "doctors_note is no"),
        ("Only customers with a premium plan get free delivery.", "refuse", "premium_plan is no"),
        # Handing over and asking first.
        ("Refunds over 100 EUR need a manager.", "escalate", "refund_amount is more than 100"),
        ("If the caller is a minor, transfer them to a colleague.", "escalate", "minor is yes"),
        ("Changing the date costs a 15 EUR fee.", "confirm", ""),
        ("Orders over $50 cost 5 dollars to ship.", "confirm", "order_amount is more than 50"),
    ],
)  # fmt: skip
def test_a_policy_sentence_reads_as_the_rule_it_means(
    sentence: str, action: str, when: str
) -> None:
    (found,) = suggest(sentence)
    assert (found.action, found.when) == (action, when)
    assert found.reason == sentence[0].lower() + sentence[1:].rstrip(".")


def test_sentences_that_say_no_rule_offer_none() -> None:
    policy = (
        "Be friendly and patient.\nAlways greet the customer by name.\nMembers can pause.\n"
        # how things go, or what support says: not when it refuses
        "Refunds arrive within 5 to 10 business days.\nDo not promise future waivers.\n"
        "Ask whether there are other charges the customer does not recognise."
    )
    # a prohibition is read as what support never says (for the critic), never as a rule
    found = suggest(policy)
    assert [(s.action, s.reason) for s in found] == [("never", "promise future waivers")]


def test_amounts_units_and_the_scenarios_own_variables() -> None:
    (big,) = suggest("Claims above $10,000 must be reviewed by a senior adjuster.")
    assert (big.action, big.when) == ("escalate", "claim_amount is more than 10000")
    (days,) = suggest("Refunds are only possible within 10 business days.")
    assert days.when == "refund_days is more than 10"
    # A variable the scenario has that counts the same thing is used, not a new one.
    known = {"days_since_delivery": {"range": [1, 60]}, "amount": {"range": [1, 900]}}
    late, high = suggest(
        "Items can be returned within 30 days of delivery. Refunds above $500 need a manager.",
        known,
    )
    assert (late.when, late.variables) == ("days_since_delivery is more than 30", {})
    assert (high.when, high.variables) == ("amount is more than 500", {})


def test_new_variables_span_both_sides_of_the_condition() -> None:
    (months,) = suggest("Pauses longer than 3 months are not possible.")
    assert months.variables == {"pause_months": {"range": [1, 6]}}
    (owes,) = suggest("Members who owe money cannot pause.")
    assert owes.variables == {"owe_money": {"choice": ["yes", "no"]}}
    # A variable the scenario has already is used, not made again.
    (again,) = suggest("Pauses longer than 3 months are not possible.", {"pause_months": {}})
    assert again.variables == {}


POLICY = (
    "Members can pause for up to 3 months.\n"
    "Members with unpaid fees must pay them first.\n"
    "Medical pauses over 2 months need a manager.\n"
    "Be friendly."
)


def _starter() -> str:
    text = from_template(STARTER, "gym/pause-membership", "Gym: pause membership")
    return apply_form(text, {"support.policy": POLICY})


def test_adding_replaces_the_starters_example_and_lints_clean(tmp_path: Path) -> None:
    text = add_suggested(_starter(), "0")
    data = yaml.safe_load(text)
    rules = data["support"]["rules"]
    # The starter's rule about bookings and the variables only it used are gone.
    assert [r.get("when") for r in rules] == [{"pause_months": {"gt": 3}}, None]
    assert set(data["variables"]) == {"reference", "pause_months"}
    assert rules[0]["action"] == "refuse"
    assert rules[0]["reason"] == "members can pause for up to 3 months"
    assert rules[0]["say"][0] == "I'm sorry, but you can only pause for up to 3 months."
    path = tmp_path / "pause.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []
    # The others go before the rule for everything else, in the policy's order; adding
    # them again changes nothing.
    text = add_suggested(text, "all")
    assert add_suggested(text, "all") == text
    data = yaml.safe_load(text)
    assert [r.get("when") for r in data["support"]["rules"]] == [
        {"pause_months": {"gt": 3}},
        {"unpaid_fees": {"eq": "yes"}},
        {"pause_months": {"gt": 2}},
        None,
    ]
    assert data["variables"]["unpaid_fees"] == {"choice": ["yes", "no"]}
    assert '\n  unpaid_fees: {choice: ["yes", "no"]}\n' in text  # text, not true/false
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []
    # The user's comments stay.
    assert "# what the customer can tell when support asks" in text


def test_the_page_shows_each_rule_then_which_rule_it_became() -> None:
    text = _starter()
    shown = suggest_html(yaml.safe_load(text))
    assert shown.count("add this rule</button>") == 3
    assert "<button class='sg' data-i='all'>add all 3</button>" in shown
    assert "new variable pause_months: a number from 1 to 6" in shown
    assert "No rule read in: <i>Be friendly.</i>" not in shown  # two words: not a rule
    shown = suggest_html(yaml.safe_load(add_suggested(text, "1")))
    assert "&#10003; rule 1</span>" in shown
    assert shown.count("add this rule</button>") == 2


def test_a_fee_without_a_condition_asks_first_instead_of_the_catch_all() -> None:
    text = from_template(STARTER, "salon/move-appointment", "")
    text = apply_form(text, {"support.policy": "Moving an appointment costs a 10 EUR fee."})
    rules = yaml.safe_load(add_suggested(text, "0"))["support"]["rules"]
    last = rules[-1]
    assert "when" not in last and last["action"] == "resolve"
    assert last["confirm"] == ["Just so you know: moving an appointment costs a 10 EUR fee. "
                               "Shall I go ahead?"]  # fmt: skip
    assert last["say"] == ["Done! That's taken care of for {reference}. You'll get a "
                           "confirmation by email."]  # fmt: skip


def test_the_studio_adds_them_and_try_follows_them(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path, warm=False), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "Gym: pause membership"})
    text = (tmp_path / REL).read_text(encoding="utf-8")
    answer = client.post(
        "/api/form", json={"path": REL, "text": text, "values": {"support.policy": POLICY}}
    ).json()
    assert "Members with unpaid fees must pay them first." in answer["suggest_html"]
    added = client.post(
        "/api/suggested", json={"path": REL, "text": answer["new_text"], "which": "all"}
    ).json()
    assert added["problems"] == []
    assert added["suggest_html"].count("&#10003; rule") == 3
    tried = client.post(
        "/api/try", json={"path": REL, "text": added["new_text"], "engine": "scripted"}
    ).json()
    assert tried["status"].startswith("5 of 5 conversations")
    original = text  # as the page opened: the policy typed since
    tried = client.post(
        "/api/try",
        json={"path": REL, "text": added["new_text"], "original": original, "engine": "scripted"},
    ).json()
    assert "Support followed your rules (3 lines of your policy added)." in tried["notice"]
    assert "support: I&#x27;m sorry, I can&#x27;t do that: members" in tried["html"] or (
        "Rule 2 (" in tried["html"]
    )
    gone = client.post(
        "/api/suggested", json={"path": REL, "text": answer["new_text"], "which": "7"}
    ).json()
    assert gone["status"].startswith("rule not changed: that suggestion is gone")


def test_the_name_support_asks_for_the_fact_by() -> None:
    text = from_template(STARTER, "gym/pause-membership", "Gym: pause membership")
    text = apply_form(text, {"support.policy": "Ask for the membership number first."})
    shown = suggest_html(yaml.safe_load(text))
    assert (
        "support asks for the <b>membership number</b> first (now: reference number) <button "
        "class='sg' data-i='0'>use this name</button>"
    ) in shown
    named = add_suggested(text, "0")
    labels = yaml.safe_load(named)["customer"]["labels"]
    assert labels == {"membership_number": "membership number"}
    # The starter's made-up reference follows the name: no REF- for a membership number.
    assert '  membership_number: {faker: bothify, text: "M-#####"}\n' in named
    assert "first <span class='ok'>&#10003;</span>" in suggest_html(yaml.safe_load(named))
    # A library scenario's names are per language: the English one is compared.
    library = {
        "support": {"policy": "Ask for the order number.", "verify": ["order_id"]},
        "customer": {"labels": {"order_id": {"en": "order number", "es": "pedido"}}},
    }
    assert "&#10003;" in suggest_html(library)


def test_a_fact_of_the_customers_case_is_asked_for_before_a_rule_uses_it(
    tmp_path: Path,
) -> None:
    """Walkthrough 7: "if the bike is damaged, hand over" made a variable nobody ever said,
    so support acted on it unasked ("Sorry to hear the bike is damaged"). A clause about the
    customer's case becomes a fact the customer knows and tells when asked; "add all" on the
    starter also never leaves a rule testing a starter variable it dropped."""
    text = from_template(STARTER, "bike/late-fee", "Bike rental: waive my late fee")
    policy = (
        "If the customer is not a member, the late fee cannot be waived.\n"
        "If the bike is damaged, hand over to the workshop team.\n"
        "Bikes returned more than 3 days late cannot have the fee waived."
    )
    data = yaml.safe_load(add_suggested(apply_form(text, {"support.policy": policy}), "all"))
    customer = data["customer"]
    assert customer["knows"]["member"] == "{member}"
    assert customer["knows"]["bike_damaged"] == "{bike_damaged}"
    assert customer["labels"]["member"] == "whether I'm a member"  # the customer's words
    assert customer["labels"]["bike_damaged"] == "whether the bike is damaged"
    assert customer["labels"]["late_days"] == "number of late days"
    assert {"member", "bike_damaged", "late_days"} <= set(customer["reveal_only_when_asked"])
    assert [r.get("when") for r in data["support"]["rules"]] == [
        {"member": {"eq": "no"}},
        {"bike_damaged": {"eq": "yes"}},
        {"late_days": {"gt": 3}},
        None,
    ]
    path = tmp_path / "mine" / "bike.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(data))
    assert lint([path]) == []
