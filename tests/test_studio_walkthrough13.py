"""Walkthrough 13's findings (issue 15): a bike-share lead pasted their desk policy as
written, title first. Each test fails on 12af9f1 / a8dff35. The policies here are other
businesses', so the reader is checked on the general case, not that one policy."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from scenarios.lint import lint
from simulator.studio.editing import author
from simulator.studio.policy.from_policy import made_from_policy, made_line
from simulator.studio.policy.headings import is_heading
from simulator.studio.policy.suggest import policy_lines, suggest

# A gym's desk policy, pasted with its title: the title's bracket says "cannot".
GYM = (
    "Membership freezes (members who cannot train) - front desk guidelines\n"
    "1. Freezes longer than 3 months are not possible.\n"
    "2. Members with unpaid fees must pay them first.\n"
)


def test_a_title_line_is_no_rule() -> None:
    """A title tells support nothing to do: no rule refuses everyone it names."""
    found = suggest(GYM)
    assert [s.line for s in found] == [
        "Freezes longer than 3 months are not possible.",
        "Members with unpaid fees must pay them first.",
    ]
    assert all("train" not in s.when for s in found)
    text = made_from_policy(author.STARTER, "freeze", "Freeze my membership", GYM)
    rules = YAML(typ="safe").load(text)["support"]["rules"]
    assert not any("front desk" in str(r.get("reason", "")) for r in rules)
    # nor is it counted among the lines read as no rule
    assert "no rule" not in made_line(text)


def test_headings_in_their_usual_shapes() -> None:
    for title in (
        "Late returns (when a car is not back on time) - branch policy",
        "# Refunds",
        "Refunds and exchanges:",
        "Hotel cancellations",
        "Claims: team procedure",
    ):
        assert is_heading(title), title
        assert policy_lines(f"{title}\nRefunds above 50 EUR go to a manager.") == [
            "Refunds above 50 EUR go to a manager."
        ]
    # sentences, verbless rules and instructions without a full stop are not headings
    for line in (
        "Max freeze 3 months",
        "No refunds on sale items",
        "Returns accepted within 30 days",
        "Waive the fee for loyalty members",
        "Do not refund if the bike was left unlocked",
        "Refunds are not possible under this policy",
        "Pets older than 10 years cannot be added.",
    ):
        assert not is_heading(line), line


# A phone company's desk: what support checks first, said as a lead-in and a list.
TELCO = (
    "Confirm who you are talking to first: ask for the account PIN and the last 3 digits "
    "of the phone number on the account.\n"
    "Plan changes above 40 EUR a month go to a team lead.\n"
)


def test_what_support_asks_first_replaces_the_starter_reference(tmp_path: Path) -> None:
    """The policy's facts are what support asks for before acting, named as it names them;
    the starter's "reference number" (which no policy mentions) is gone."""
    [asks] = [s for s in suggest(TELCO) if s.action == "asks"]
    assert asks.reason == "account pin, last 3 digits of the phone number"
    text = made_from_policy(author.STARTER, "plan", "Change my phone plan", TELCO)
    data = YAML(typ="safe").load(text)
    assert data["support"]["verify"] == ["account_pin", "last_3_digits_of_the_phone_number"]
    labels = data["customer"]["labels"]
    assert labels["account_pin"] == "account pin"
    assert labels["last_3_digits_of_the_phone_number"] == "last 3 digits of the phone number"
    # three digits are drawn as three digits, not as a made-up reference
    assert data["variables"]["last_3_digits_of_the_phone_number"] == {
        "faker": "numerify",
        "text": "###",
    }
    assert "reference number" not in text and "{reference}" not in text
    assert "reference" not in data["variables"]
    checks = [c["check"] for c in data["success"]]
    assert {"requested": "account_pin"} in checks
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []
    # and the line is read, not listed as no rule
    assert "no rule" not in made_line(text)


def test_an_email_asked_for_looks_like_one() -> None:
    policy = "Ask for the account email and the booking number before changing anything.\n"
    text = made_from_policy(author.STARTER, "b", "Change my booking", policy)
    data = YAML(typ="safe").load(text)
    assert data["support"]["verify"] == ["account_email", "booking_number"]
    assert data["variables"]["account_email"]["text"].endswith("@example.com")
    assert data["variables"]["booking_number"] == {"faker": "bothify", "text": "B-#####"}
