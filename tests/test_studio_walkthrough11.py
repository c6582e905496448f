"""Walkthrough 11 (a home-internet care lead, a scenario written from scratch): a name that is
no request never becomes the customer's sentence, ..."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, from_template, id_from_words
from simulator.studio.pages.app import create_app
from simulator.studio.policy.starter_words import GENERAL_NOTE, GENERAL_OPENINGS


@pytest.mark.parametrize(
    "name",
    [
        "Home internet: down after technician visit",
        "Courier: late delivery",
        "Phone shop: broken screen",
        "Bank: card swallowed by cash machine",
        "Airline: special assistance",
        "Shop: order not arrived",
    ],
)
def test_a_name_that_is_no_request_is_never_pasted_into_a_sentence(
    name: str, tmp_path: Path
) -> None:
    text = from_template(STARTER, *id_from_words(name))
    data = yaml.safe_load(text)
    topic = name.split(":")[-1].strip()
    assert data["customer"]["openings"] == list(GENERAL_OPENINGS)
    assert data["customer"]["goal"] == f"I need help with this: {topic[0].lower() + topic[1:]}."
    path = tmp_path / "scenarios" / "a.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Gym: freeze membership", "Hi, I'd like to freeze my membership, please."),
        ("Shop: return my shoes", "Hi, I'd like to return my shoes, please."),
        ("Energy: dispute a bill", "Hi, I'd like to dispute a bill, please."),
        ("Broadband: report a fault", "Hi, I'd like to report a fault, please."),
    ],
)
def test_a_name_said_as_a_request_is_still_the_customers_words(name: str, first: str) -> None:
    data = yaml.safe_load(from_template(STARTER, *id_from_words(name)))
    assert data["customer"]["openings"][0] == first


def test_the_page_asks_for_the_customers_own_first_messages(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "Courier: late delivery"})
    (path,) = (tmp_path / "scenarios").glob("*.yaml")
    text = path.read_text(encoding="utf-8")
    rel = path.relative_to(tmp_path).as_posix()
    notes = client.post("/api/check", json={"path": rel, "text": text}).json()["form_notes"]
    assert notes["customer.openings"] == GENERAL_NOTE
    mine = text.replace(GENERAL_OPENINGS[0], "My parcel is three days late, where is it?")
    notes = client.post("/api/check", json={"path": rel, "text": mine}).json()["form_notes"]
    assert notes["customer.openings"] == ""


_OUTAGE_VARS = "  line_fault: {choice: ['yes', 'no']}\n  days_down: {range: [1, 14]}\n"
_REPAIR = "I'll book a technician and credit one day's fee for every day the line was down."


def _two_doings(later_say: str, later_reason: str = "") -> str:
    reason = f"      reason: {later_reason}\n" if later_reason else ""
    return (
        "    - when: {line_fault: {eq: 'yes'}}\n      action: resolve\n"
        f'      say: ["Thank you. {_REPAIR}"]\n'
        "    - when: {days_down: {gt: 7}}\n      action: resolve\n" + reason + f"      say: "
        f'["{later_say}"]\n'
        '    - action: resolve\n      say: ["Done! That\'s taken care of for {reference}."]\n'
    )


def test_a_rule_for_two_different_actions_does_the_first_and_offers_the_other(
    tmp_path: Path,
) -> None:
    """Walkthrough 11: "add a rule for both" glued "I'll book a technician" to "I have started
    the cancellation" for a customer who asked for neither cancellation nor a choice."""
    from test_rule_overlaps import _scenario

    from simulator.studio.editing.both_rule import CHOICE_END, rule_for_both

    later = (
        "As your line has been down for more than 7 days, you can cancel without the "
        "early-termination fee. I've started the cancellation for account {reference}."
    )
    path = _scenario(tmp_path, _OUTAGE_VARS, _two_doings(later))
    text, noted = rule_for_both(path.read_text(), 0, 1)
    (said,) = yaml.safe_load(text)["support"]["rules"][0]["say"]
    assert said == (
        f"Thank you. {_REPAIR} As your line has been down for more than 7 days, you can "
        f"cancel without the early-termination fee. {CHOICE_END}"
    )
    assert "started the cancellation" not in said
    assert "does rule 2's and offers rule 3's" in noted["status"]
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []


def test_the_offer_comes_from_the_reason_or_the_rule_for_both_is_refused(tmp_path: Path) -> None:
    from test_rule_overlaps import _scenario

    from simulator.studio.editing.both_rule import rule_for_both

    done = "I've started the cancellation for account {reference}."
    reason = "if the outage lasted more than 7 days, the customer can cancel without a fee"
    path = _scenario(tmp_path, _OUTAGE_VARS, _two_doings(done, reason))
    text, _ = rule_for_both(path.read_text(), 0, 1)
    (said,) = yaml.safe_load(text)["support"]["rules"][0]["say"]
    assert "You can also cancel without a fee." in said and "started" not in said
    (tmp_path / "b").mkdir()
    path = _scenario(tmp_path / "b", _OUTAGE_VARS, _two_doings(done))
    with pytest.raises(ValueError, match="do different things"):
        rule_for_both(path.read_text(), 0, 1)


def _added(name: str, policy: str) -> dict[str, object]:
    from simulator.studio.editing.author import apply_form
    from simulator.studio.policy.suggested import add_suggested

    text = from_template(STARTER, *id_from_words(name))
    return yaml.safe_load(add_suggested(apply_form(text, {"support.policy": policy}), "all"))


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("If the line test shows a fault on our side, book a technician.", "line_test_shows"),
        ("Customers on a business contract go to the business team.", "business_contract"),
        ("If our records show a missed delivery, resend the parcel free.", "missed_delivery"),
    ],
)
def test_a_fact_of_the_companys_own_systems_is_looked_up_not_asked(line: str, name: str) -> None:
    """Walkthrough 11: "whether the line test shows a fault on our side" was asked of the
    customer, who cannot know it."""
    from simulator.studio.policy.lookups import decides_html

    data = _added("Broadband: report a fault", line)
    assert name in data["variables"], data["variables"]
    assert name not in (data["customer"].get("knows") or {})
    shown = decides_html(data)
    assert "decides-asked" not in shown and "support looks it up" not in shown
    assert "the customer tells it" in shown


def test_a_fact_the_customer_holds_is_still_asked() -> None:
    data = _added("Gym: freeze membership", "Members with unpaid fees must pay them first.")
    assert "unpaid_fees" in data["customer"]["knows"]


def test_a_rule_letting_the_customer_do_something_says_so_never_done() -> None:
    """Walkthrough 11: "the customer can cancel without paying the early termination fee"
    became "Done! That's taken care of for {reference}." """
    data = _added(
        "Home internet: report an outage",
        "If the outage has lasted more than 7 days, the customer can cancel without paying the "
        "early termination fee.",
    )
    rules = data["support"]["rules"]  # type: ignore[index]
    (way,) = [r for r in rules if r.get("when") and r["action"] == "resolve"]
    assert way["say"] == [
        "You can cancel without paying the early termination fee: just tell me if you'd like to."
    ]


def test_a_number_the_first_messages_say_is_offered_as_the_variable_the_rules_test() -> None:
    """Walkthrough 11: "three days" in the first messages, `lasted_days` 1-14 in the rules."""
    from simulator.studio.editing.author import apply_form
    from simulator.studio.policy.said_numbers import number_offers, numbers_html

    text = from_template(STARTER, *id_from_words("Home internet: report an outage"))
    text = apply_form(
        text,
        {
            "customer.openings": "My internet has been down for three days.\n"
            "3 days without internet, what now?\nhelp, no internet",
        },
    )
    data = _added(
        "Home internet: report an outage",
        "If the outage has lasted more than 7 days, the customer can cancel without a fee.",
    )
    data["customer"]["openings"] = yaml.safe_load(text)["customer"]["openings"]  # type: ignore[index]
    assert number_offers(data) == [("lasted_days", ["three days", "3 days"])]
    shown = numbers_html(data)
    assert "data-with='{lasted_days} days'" in shown and "three days" in shown
    assert data["customer"]["labels"]["lasted_days"] == "length of the outage in days"  # type: ignore[index]
    data["customer"]["openings"] = ["Down for {lasted_days} days now."]  # type: ignore[index]
    assert number_offers(data) == []


def test_try_counts_the_lines_added_and_names_each_rule_by_its_condition(tmp_path: Path) -> None:
    """Walkthrough 11 read "3 added" after "add all 4" (the 4th: what support asks for
    first), and "Rule 2 applies" named another rule once a rule was put above it."""
    from simulator.studio.editing.author import apply_form

    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "Broadband: fix a fault"})
    (path,) = (tmp_path / "scenarios").glob("*.yaml")
    rel, original = path.relative_to(tmp_path).as_posix(), path.read_text(encoding="utf-8")
    policy = (
        "Check the account number and the postcode before talking about the account.\n"
        "If the line test shows a fault on our side, book a technician.\n"
        "Customers on a business contract go to the business team."
    )
    text = apply_form(original, {"support.policy": policy})
    body = {"path": rel, "text": text, "which": "all"}
    text = client.post("/api/suggested", json=body).json()["new_text"]
    body = {"path": rel, "text": text, "original": original, "engine": "scripted"}
    tried = client.post("/api/try", json=body).json()
    assert "(3 lines of your policy added)" in tried["notice"]
    rules = yaml.safe_load(text)["support"]["rules"]
    shown = re.findall(r"Rule (\d+) \(([^)]*)\) applies", tried["html"])
    assert shown and "applies" not in re.sub(r"Rule \d+ \([^)]*\) applies", "", tried["html"])
    for n, when in shown:
        rule = rules[int(n) - 1]
        assert when == (
            " and ".join(f"{k} is {v['eq']}" for k, v in rule["when"].items())
            if rule.get("when")
            else "every other case"
        )
    assert "asks for (" not in tried["html"]
