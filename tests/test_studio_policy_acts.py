"""Policy sentences that say what support does (studio/policy_acts.py; walkthrough 9's energy
policy read 1 of 5 lines): the verification list behind a lead-in, action rules ("if X, do
Y"), "also" rules flagged on the page, prohibitions read for the critic, and a "because" in
support's own words kept as it is. The sentences are written in other people's styles, not
the walkthrough's words only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, from_template
from simulator.studio.editing.variables import offer_html
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.own_words import refusal_lines
from simulator.studio.policy.policy_acts import NEVER
from simulator.studio.policy.suggest import ASKS, suggest
from simulator.studio.policy.suggested import add_suggested

NEWCOMER = "\n".join(
    (
        "First check who you're talking to: ask for the account number and the postcode "
        "of the supply address before you discuss anything on the account.",
        "When the bill was an estimate and the customer gives us a meter reading, "
        "re-issue the bill using that reading.",
        "If their reading is more than 20% lower than our estimate, book a meter check as well.",
        "Never threaten a vulnerable customer (someone with medical equipment at home) "
        "with disconnection; offer them a payment plan instead.",
        "Any dispute over 500 euros goes to the billing team.",
    )
)


def test_the_newcomers_policy_reads_five_of_five_lines() -> None:
    found = suggest(NEWCOMER, {})
    kinds = [(s.action, s.when) for s in found]
    assert kinds == [
        (ASKS, ""),
        ("resolve", "bill_estimate is yes and meter_reading is yes"),
        ("resolve", "reading_percent is more than 20"),
        (NEVER, ""),
        # "; offer them a payment plan instead": for the kind of customer the prohibition
        # is about
        ("resolve", "vulnerable is yes"),
        ("escalate", "dispute_amount is more than 500"),
    ]
    assert found[4].does == "offer you a payment plan"
    assert found[0].reason == "account number, postcode of the supply address"
    assert found[2].adds and not found[1].adds


@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        ("Security first: confirm the customer's date of birth and their postcode first.",
         "date of birth, postcode"),
        ("Before discussing the account, confirm the account number and the postcode.",
         "account number, postcode"),
        ("ID check - verify the policy number and the surname.", "policy number, surname"),
    ],
)  # fmt: skip
def test_a_verification_list_behind_a_lead_in_is_what_support_asks_for(
    sentence: str, items: str
) -> None:
    (found,) = suggest(sentence, {})
    assert (found.action, found.reason) == (ASKS, items)


@pytest.mark.parametrize(
    ("sentence", "when", "does"),
    [
        ("If the parcel arrives damaged and the customer sends a photo, send a replacement.",
         "parcel_arrives_damaged is yes and photo is yes", "send a replacement"),
        ("When a patient misses two appointments in a row, we book a call with the practice nurse.",
         "patient_misses is yes", "book a call with the practice nurse"),
        ("Arrange a free engineer visit if the boiler is under warranty.",
         "boiler_under_warranty is yes", "arrange a free engineer visit"),
        ("If the delay is more than 3 hours, also offer them a meal voucher.",
         "delay_hours is more than 3", "offer you a meal voucher"),
    ],
)  # fmt: skip
def test_an_action_sentence_is_a_rule_that_does_it(sentence: str, when: str, does: str) -> None:
    (found,) = suggest(sentence, {})
    assert found.action == "resolve"
    assert found.when.split(" is ")[-1] == when.split(" is ")[-1]
    assert found.does == does
    assert found.adds == ("also" in sentence)


def test_an_action_with_a_refusal_or_hand_over_is_not_read_as_doing_it() -> None:
    assert all(
        s.action != "resolve"
        for s in suggest("If the meter is faulty, do not re-issue the bill.", {})
    )
    assert all(
        s.action != "resolve"
        for s in suggest("If the caller is a minor, transfer them to a colleague.", {})
    )


def test_a_prohibition_is_what_support_never_says_and_no_rule_is_added() -> None:
    (found,) = suggest("Do not promise a refund date to the customer.", {})
    assert (found.action, found.reason) == (NEVER, "promise a refund date to the customer")
    page = suggest_html({"support": {"policy": "Never blame the courier for a late delivery."}})
    assert "support must never <b>blame the courier for a late delivery</b>" in page
    assert "add this rule" not in page and "No rule read in" not in page


def test_an_also_rule_says_first_rule_wins_where_it_is_offered() -> None:
    page = suggest_html(
        {"support": {"policy": "If the delay is over 2 hours, refund the fare as well."}}
    )
    assert "only the first rule whose condition holds is used" in page
    page = suggest_html({"support": {"policy": "If the delay is over 2 hours, refund the fare."}})
    assert "only the first rule whose condition holds is used" not in page


def test_a_because_in_supports_own_words_is_said_as_it_is() -> None:
    first, _again = refusal_lines("we need a meter reading to re-issue the bill")
    assert "for we" not in first and "we need a meter reading to re-issue the bill." in first
    assert refusal_lines("our policy is to refund unused tickets only")[0].endswith(
        "our policy is to refund unused tickets only."
    )


def test_adding_all_of_the_newcomers_policy_lints_clean_and_tries(tmp_path: Path) -> None:
    text = from_template(STARTER, "energy/dispute-estimated-bill", "Energy: dispute a bill")
    text = add_suggested(apply_form(text, {"support.policy": NEWCOMER}), "all")
    assert add_suggested(text, "all") == text
    data = yaml.safe_load(text)
    rules = data["support"]["rules"]
    whens = [r.get("when") for r in rules]
    assert {"bill_estimate": {"eq": "yes"}, "meter_reading": {"eq": "yes"}} in whens
    assert {"reading_percent": {"gt": 20}} in whens
    done = next(r for r in rules if r.get("when") == {"reading_percent": {"gt": 20}})
    assert (done["action"], done["say"]) == ("resolve", ["Thank you. I'll book a meter check."])
    # the hand-over by amount decides first, before any rule that does something (walkthrough
    # 12: a 3,516 euro dispute got a meter check when it came after)
    assert (whens[0], rules[0]["action"]) == ({"dispute_amount": {"gt": 500}}, "escalate")
    # "book a meter check as well" adds to the re-issue: the case both fit has a rule of
    # its own, above both, whose line says both (first rule wins)
    assert whens[1] == {"bill_estimate": {"eq": "yes"}, "meter_reading": {"eq": "yes"},
                        "reading_percent": {"gt": 20}}  # fmt: skip
    assert rules[1]["say"] == [
        "Thank you. I'll re-issue the bill using that reading, and I'll book a meter check too."
    ]
    assert "&id" not in text
    # the verification list: both facts asked for before anything else
    labels = data["customer"]["labels"]
    assert [labels[f] for f in data["support"]["verify"]] == [
        "account number",
        "postcode of the supply address",
    ]
    assert labels["meter_reading"] == "whether I have a meter reading"
    # measured against "our estimate": support works it out, the customer is never asked
    assert "reading_percent" not in data["customer"]["knows"]
    assert "reading_percent" in data["variables"]
    path = tmp_path / "energy.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []


def test_a_new_variable_never_offers_to_replace_one_support_verifies_with() -> None:
    data = {
        "variables": {
            "postcode": {"choice": ["D02 X285", "T12 AB34"]},
            "old_flag": {"choice": ["yes", "no"]},
            "said": {"choice": ["yes", "no"]},
        },
        "customer": {"knows": {"postcode": "{postcode}"}},
        "support": {
            "verify": ["postcode"],
            "rules": [
                {"when": {"vulnerable": {"eq": "yes"}}, "action": "resolve"},
                {"action": "resolve", "say": ["Noted: {said}."]},
            ],
        },
    }
    html = offer_html(0, data["support"]["rules"][0], data)
    assert "add it</button>" in html
    assert "instead of postcode" not in html and "instead of said" not in html
    assert "use it instead of old_flag" in html  # nothing uses it: still offered


def test_a_long_name_for_an_asked_fact_shows_whole_in_its_box() -> None:
    from simulator.studio.pages.sections import _asked

    long = _asked("postcode", "postcode of the supply address", True)
    assert re.search(r"width:(\d+)em", long) and int(re.search(r"width:(\d+)em", long)[1]) >= 19
    assert "width:12em" in _asked("reference", "account number", True)


def test_an_also_rule_with_nothing_to_add_to_adds_only_itself() -> None:
    text = from_template(STARTER, "rail/delay", "Rail: a delayed train")
    policy = "If the delay is more than 2 hours, also offer them a meal voucher."
    data = yaml.safe_load(add_suggested(apply_form(text, {"support.policy": policy}), "all"))
    whens = [r.get("when") for r in data["support"]["rules"]]
    assert whens == [{"delay_hours": {"gt": 2}}, None]


def test_what_to_do_instead_of_a_prohibition_is_a_rule_for_those_people() -> None:
    policy = "Do not tell elderly callers to use the app; instead, send them a paper form."
    never, sent = suggest(policy, {})
    assert never.action == NEVER
    assert (sent.action, sent.when, sent.does) == (
        "resolve",
        "elderly is yes",
        "send you a paper form",
    )
