"""Several ways to get the same thing, read from a policy, make rules that together do what
the policy says (simulator/studio/policy/ways.py, one_quantity.py).

Walkthrough 10: three ways to have a damage fee dropped were each suggested as the refusal
of its other side; the first refusal blocked the other ways, and "add all" gave a scenario
whose Try broke the policy in 3 conversations of 5. The paragraphs here are written for these
tests in other people's styles (a council parking office, a software shop, an appliance
repairer), none of them the walkthrough's."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, from_template, load_for_form
from simulator.studio.pages.suggested_page import suggest_html
from simulator.studio.policy.suggest import suggest
from simulator.studio.policy.suggested import add_suggested
from simulator.studio.trying.trial import rule_actions, rules_used, try_text

PARKING = """\
Penalty charges are cancelled if the driver holds a valid blue badge.
If the charge is under 60 pounds and it is the driver's first penalty, we cancel it as a courtesy.
When the pay machine was out of order, we refund the charge and apologise.
Charges above 400 pounds are reviewed by the appeals team.
"""

SOFTWARE = """\
- We're happy to refund the annual plan if the customer asks within 14 days of renewal.
- If the customer never logged in after renewal, refund it.
- Refunds over $1,000 go to the finance team.
"""


def _added(policy: str, name: str, which: str = "all") -> str:
    text = from_template(STARTER, name, "")
    return add_suggested(apply_form(text, {"support.policy": policy}), which)


def _rules(text: str) -> list[tuple[Any, str]]:
    rules = yaml.safe_load(text)["support"]["rules"]
    return [(r.get("when"), r["action"]) for r in rules]


def test_each_way_does_it_the_hand_over_comes_first_and_one_refusal_last(tmp_path: Path) -> None:
    text = _added(PARKING, "parking/cancel-a-penalty")
    assert _rules(text) == [
        ({"charge_amount": {"gt": 400}}, "escalate"),
        ({"valid_blue_badge": {"eq": "yes"}}, "resolve"),
        ({"charge_amount": {"lt": 60}, "first_penalty": {"eq": "yes"}}, "resolve"),
        ({"pay_machine_order": {"eq": "yes"}}, "resolve"),
        (None, "refuse"),
    ]
    data = yaml.safe_load(text)
    last = data["support"]["rules"][-1]
    # What support cannot do and when it can, to "you": never a grant sentence read as a
    # refusal, never an order to staff read aloud.
    assert last["say"][0] == (
        "I'm sorry, but I can only cancel penalty charges if you hold a valid blue badge, if "
        "the charge is under 60 pounds and it is your first penalty, or when the pay machine "
        "was out of order."
    )
    said = " ".join(line for r in data["support"]["rules"] for line in r["say"])
    assert "apologise" not in said and "we cancel it" not in said
    assert data["support"]["rules"][3]["say"][0].startswith("I'm sorry for the trouble. Done!")
    # One charge, one variable, whose range reaches both thresholds.
    assert data["variables"]["charge_amount"] == {"range": [1, 800]}
    assert [n for n in data["variables"] if "amount" in n] == ["charge_amount"]
    path = tmp_path / "parking.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []


def _follows(policy: str, variables: dict[str, Any]) -> str:
    """What the PARKING policy says for these values, written by hand."""
    del policy
    charge = float(variables["charge_amount"])
    if charge > 400:
        return "escalate"
    if (
        variables["valid_blue_badge"] == "yes"
        or (charge < 60 and variables["first_penalty"] == "yes")
        or variables["pay_machine_order"] == "yes"
    ):
        return "resolve"
    return "refuse"


def test_try_after_add_all_follows_the_policy(tmp_path: Path) -> None:
    text = _added(PARKING, "parking/cancel-a-penalty")
    path = tmp_path / "scenarios" / "parking.yaml"
    data = load_for_form(text)
    done = []
    for seed in (1, 2):
        records = try_text(tmp_path, path, text, seed=seed)
        actions = rule_actions(data, rules_used(data, records))
        for record, action in zip(records, actions, strict=True):
            done.append((_follows(PARKING, record["variables"]), action))
    assert len(done) == 10
    assert [want for want, _ in done] == [did for _, did in done]
    assert {want for want, _ in done} >= {"resolve", "refuse"}  # both sides were tried


def test_bullets_with_a_number_way_and_a_yes_no_way() -> None:
    text = _added(SOFTWARE, "software/refund-a-renewal")
    assert _rules(text) == [
        ({"refund_amount": {"gt": 1000}}, "escalate"),
        ({"days_since_renewal": {"le": 14}}, "resolve"),
        ({"logged_after_renewal": {"eq": "no"}}, "resolve"),
        (None, "refuse"),
    ]
    last = yaml.safe_load(text)["support"]["rules"][-1]
    assert last["say"][0].startswith(
        "I'm sorry, but I can only refund the annual plan if you ask within 14 days of renewal, "
        "or if you never logged in after renewal"
    )


def test_the_page_says_how_the_ways_become_rules_before_the_click() -> None:
    text = apply_form(
        from_template(STARTER, "parking/cancel-a-penalty", ""), {"support.policy": PARKING}
    )
    shown = suggest_html(yaml.safe_load(text))
    assert "when <code>valid_blue_badge is yes</code>, support does it" in shown
    assert "refuses" not in shown.split("Each of these")[0].split("valid_blue_badge")[1][:80]
    assert (
        "Each of these lines becomes a rule: when what it names holds, support does what it "
        "says. The rules from your other lines are checked first; when none holds, a last rule "
        "says no: <i>I&#x27;m sorry, but I can only cancel penalty charges if you hold a valid "
        "blue badge"
    ) in shown


def test_added_one_by_one_the_ways_stay_together_and_the_refusal_follows_them() -> None:
    text = apply_form(
        from_template(STARTER, "parking/cancel-a-penalty", ""), {"support.policy": PARKING}
    )
    text = add_suggested(text, "3")  # the hand-over first
    text = add_suggested(text, "1")
    assert _rules(text) == [
        ({"charge_amount": {"gt": 400}}, "escalate"),
        ({"charge_amount": {"lt": 60}, "first_penalty": {"eq": "yes"}}, "resolve"),
        (None, "refuse"),
    ]
    assert (
        "if the charge is under 60 pounds" in yaml.safe_load(text)["support"]["rules"][-1]["reason"]
    )
    text = add_suggested(text, "0")
    rules = yaml.safe_load(text)["support"]["rules"]
    assert [r["action"] for r in rules] == ["escalate", "resolve", "resolve", "refuse"]
    assert "valid blue badge" in rules[-1]["reason"]  # the made refusal follows the ways
    # An author's own last line stays theirs.
    data = yaml.safe_load(text)
    own = text.replace(data["support"]["rules"][-1]["say"][0], "Sorry, no can do.")
    again = add_suggested(own, "2")
    assert yaml.safe_load(again)["support"]["rules"][-1]["say"][0] == "Sorry, no can do."


def test_the_range_of_a_variable_already_there_reaches_a_new_threshold() -> None:
    policy = "If the repair bill comes to less than 80 dollars, we cover it.\n"
    text = _added(policy, "repairs/cover-a-bill")
    assert yaml.safe_load(text)["variables"]["bill_amount"] == {"range": [1, 160]}
    more = text.replace(
        "If the repair bill comes to less than 80 dollars, we cover it.",
        "If the repair bill comes to less than 80 dollars, we cover it.\n    "
        "Repair bills over 900 dollars go to the warranty desk.",
    )
    done = add_suggested(more, "all")
    data = yaml.safe_load(done)
    assert data["variables"]["bill_amount"] == {"range": [1, 1800]}
    assert data["support"]["rules"][0]["when"] == {"bill_amount": {"gt": 900}}


@pytest.mark.parametrize(
    ("sentence", "when", "label"),
    [
        # The name and its yes follow the condition's words (walkthrough 10's
        # `damage_claim`, whose "no" meant not a first claim).
        (
            "If this is the guest's first stay with us, we waive the cleaning fee.",
            "first_stay is yes",
            "whether this is my first stay with us",
        ),
        (
            "If the fee is under 50 euros and it is the renter's first claim, we drop it.",
            "fee_amount is less than 50 and first_claim is yes",
            "whether it is my first claim",
        ),
    ],
)
def test_a_first_something_is_named_so_and_reads_the_same_way(
    sentence: str, when: str, label: str
) -> None:
    (found,) = suggest(sentence)
    assert found.when == when
    name = when.split(" is ")[-2].split(" and ")[-1]
    assert found.asks[name].replace("the renter's", "my") == label


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        # A grant sentence typed as a refusal's reason: what support cannot do and when it
        # can, to "you" (walkthrough 10: "I can't do that: if you bought ..., we drop ...").
        (
            "If the tenant has paid the last three months on time, we waive the late charge.",
            "I'm sorry, but I can only waive the late charge if you have paid the last three "
            "months on time.",
        ),
        (
            "When the parcel arrived after the promised date, refund the delivery fee and "
            "apologise.",
            "I'm sorry, but I can only refund the delivery fee when the parcel arrived after the "
            "promised date.",
        ),
        (
            "We'll happily extend the trial as long as the subscriber asks before it ends.",
            "I'm sorry, but I can only extend the trial as long as you ask before it ends.",
        ),
        # An order to staff is never read aloud: what it does, refused.
        ("Refund the booking fee and say sorry.", "I'm sorry, but I can't refund the booking fee."),
    ],
)
def test_a_refusal_says_what_support_cannot_do_never_an_order_to_staff(
    reason: str, said: str
) -> None:
    from simulator.studio.editing.replies import made_lines

    first, again = made_lines("refuse", reason, {})
    assert first == said
    assert not re.search(r"(?i)apologi[sz]e|say sorry|we'll happily", first + again)


GYM = """\
- Freezes are free for members on the annual plan.
- We also waive the freeze fee if the member sends a doctor's note.
- If the member has been with us for more than 3 years, we waive the freeze fee.
- Freezes longer than 6 months go to the membership manager.
"""


def test_ways_said_for_whom_and_with_also_are_ways_too() -> None:
    # "free for members on ...", "... get X waived too", "we also waive X if ..." beside
    # another way to have X waived: each one more way, not a refusal or an added action.
    found = suggest(GYM)
    assert [(s.action, s.when, bool(s.way)) for s in found] == [
        ("resolve", "annual_plan is yes", True),
        ("resolve", "doctors_note is yes", True),
        ("resolve", "freeze_years is more than 3", True),
        ("escalate", "freeze_months is more than 6", False),
    ]
    (social,) = suggest("Customers on the social tariff get the reconnection fee waived too.")
    assert (social.action, social.when, social.grants) == (
        "resolve",
        "social_tariff is yes",
        "waive the reconnection fee",
    )
    text = _added(GYM, "gym/freeze-my-membership")
    assert [a for _w, a in _rules(text)] == ["escalate", "resolve", "resolve", "resolve", "refuse"]
    # "also" with another thing than the other ways' stays an added action
    (lost, late) = suggest(
        "If the parcel is lost, refund the order.\n"
        "If the courier was late, also credit the delivery charge.\n"
    )
    assert lost.way and not late.way
