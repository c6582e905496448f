"""Who holds a fact a rule decides on (walkthrough 9, the short starter with no records):
support asked the customer "your dispute amount" and "whether you're registered as
vulnerable", things it sees on the account. Money and account figures read from a policy are
support's to look up; beside the rules, one line names what support asks the customer before
deciding and one what it looks up itself, each switched with one click."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient
from studio_client import client, post

from scenarios.lint import lint
from simulator.studio.policy.suggest import suggest

REL = "scenarios/late-return.yaml"
__all__ = ["client"]  # the fixture, shared


@pytest.mark.parametrize(
    ("line", "when", "asked"),
    [
        # money, the account's figures: support looks them up
        ("Any balance over 500 euros goes to the collections team.",
         "balance_amount is more than 500", {}),
        ("Refunds over 40 euros need a supervisor.", "refund_amount is more than 40", {}),
        ("Accounts overdue by more than 60 days cannot be upgraded.",
         "overdue_days is more than 60", {}),
        # what the customer asks for or brings: asked
        ("Pauses longer than 3 months are not possible.", "pause_months is more than 3",
         {"pause_months": "number of pause months"}),
        ("Groups of 5 rooms or more need a manager.", "rooms is at least 5",
         {"rooms": "number of rooms"}),
    ],
)  # fmt: skip
def test_money_and_account_figures_are_not_asked_of_the_customer(
    line: str, when: str, asked: dict[str, str]
) -> None:
    [found] = suggest(line, {})
    assert (found.when, found.asks) == (when, asked)


def _post(client: TestClient, url: str, **body: Any) -> dict[str, Any]:
    return post(client, url, REL, **body)


def _rental(client: TestClient, tmp_path: Path) -> str:
    """A car rental's policy on the short starter, every rule read from it added."""
    res = client.post("/new", data={"template": "starter", "path": "", "id": "rental/late-return"})
    assert res.status_code == 200, res.text
    text = (tmp_path / REL).read_text(encoding="utf-8")
    policy = (
        "Any unpaid balance over 200 euros goes to the collections team.\n"
        "Members with a damaged car must report it first.\n"
    )
    text = _post(client, "/api/form", text=text, values={"support.policy": policy})["new_text"]
    return str(_post(client, "/api/suggested", text=text, which="all")["new_text"])


def test_the_rules_say_what_support_asks_and_what_it_looks_up(
    client: TestClient, tmp_path: Path
) -> None:
    text = _rental(client, tmp_path)
    data = yaml.safe_load(text)
    assert "balance_amount" in data["variables"]
    assert "balance_amount" not in data["customer"]["knows"]  # the account's figure
    shown = _post(client, "/api/check", text=text)["offline_html"]
    asked = shown[shown.index("<p id='decides-asked'>") :]
    asked = asked[: asked.index("</p>")]
    assert asked.startswith(
        "<p id='decides-asked'>Before deciding, support asks the customer for: "
    )
    assert "support looks it up</button>" in asked
    looked = shown[shown.index("<p id='decides-looked'>") :]
    looked = looked[: looked.index("</p>")]
    assert "<b title='in the file: balance_amount'>balance amount</b> " in looked
    assert "data-name='balance_amount'" in looked and "the customer tells it</button>" in looked
    # not offered as a fact "the customer will know" among what support asks for first
    also = shown[shown.index("<p>Also ask for:") :]
    assert "balance_amount (a variable" not in also[: also.index("</p>")]


def test_one_click_switches_who_holds_the_fact(client: TestClient, tmp_path: Path) -> None:
    text = _rental(client, tmp_path)
    data = yaml.safe_load(text)
    [fact] = [n for n in data["customer"]["knows"] if n not in data["support"]["verify"]]
    # support looks it up: the customer no longer knows it, the variable and rule stay
    res = _post(client, "/api/remove", text=text, key=f"customer.knows.{fact}")
    text = res["new_text"]
    data = yaml.safe_load(text)
    assert fact not in data["customer"]["knows"] and fact in data["variables"]
    assert fact not in data["customer"].get("reveal_only_when_asked", [])
    assert f"data-name='{fact}'" in res["offline_html"]
    # the customer tells it again, labelled in the customer's words
    res = _post(client, "/api/add", text=text, kind="tells", fields={"name": "balance_amount"})
    data = yaml.safe_load(res["new_text"])
    assert data["customer"]["knows"]["balance_amount"] == "{balance_amount}"
    assert data["customer"]["labels"]["balance_amount"] == "balance amount"
    assert "balance_amount" in data["customer"]["reveal_only_when_asked"]
    path = tmp_path / REL
    path.write_text(res["new_text"], encoding="utf-8")
    assert lint([path]) == []
    refused = _post(client, "/api/add", text=text, kind="tells", fields={"name": "nothing_here"})
    assert "'nothing_here' is not a variable" in refused["status"]
