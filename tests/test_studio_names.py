"""A person's name asked for gets a name-like value (walkthrough 10: "surname of the main
driver" was made up like SOT-#####, and the list of surnames typed into "made up like" was
kept as one literal text, "Novak, Rossi, Meyer, Dubois, Okafor")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.editing.author import STARTER, apply_form, check_text, from_template
from simulator.studio.pages.app import create_app
from simulator.studio.policy.suggested import add_suggested


@pytest.mark.parametrize(
    ("policy", "name", "provider"),
    [
        (
            "Before any change, check the order number and the surname of the account holder.",
            "surname_of_the_account_holder",
            "last_name",
        ),
        (
            "Always verify the booking code and the first name of the lead passenger before "
            "discussing money.",
            "first_name_of_the_lead_passenger",
            "first_name",
        ),
        (
            "Confirm the policy number and the name of the driver before talking about a claim.",
            "name_of_the_driver",
            "name",
        ),
    ],
)
def test_a_persons_name_support_asks_for_is_drawn_as_a_name(
    tmp_path: Path, policy: str, name: str, provider: str
) -> None:
    text = from_template(STARTER, "mine/a-request", "")
    text = add_suggested(apply_form(text, {"support.policy": policy}), "all")
    data = yaml.safe_load(text)
    assert data["variables"][name] == {"faker": provider}
    assert name in data["support"]["verify"]
    path = tmp_path / "scenarios" / "a.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    assert lint([path]) == []
    (sample, *_) = check_text(path, "scenarios/a.yaml", text).samples
    assert re.fullmatch(r"[^\W\d_]+(?:[ '.-][^\W\d_]+)*\.?", sample[name]), sample[name]


def test_a_list_typed_as_made_up_like_becomes_the_values(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "Hire: dispute a fee"})
    (path,) = (tmp_path / "scenarios").glob("*.yaml")
    rel, text = f"scenarios/{path.name}", path.read_text(encoding="utf-8")
    body = {"path": rel, "text": text, "key": "variable.reference.pattern"}
    res = client.post("/api/offline", json={**body, "value": "Lindqvist, Haddad, O'Brien"}).json()
    assert yaml.safe_load(res["new_text"])["variables"]["reference"] == {
        "choice": ["Lindqvist", "Haddad", "O'Brien"]
    }
    assert [p["text"] for p in res["problems"]] == []
    # A pattern with a comma and digits to make up stays a pattern.
    res = client.post("/api/offline", json={**body, "value": "AB-###,##"}).json()
    assert yaml.safe_load(res["new_text"])["variables"]["reference"] == {
        "faker": "bothify",
        "text": "AB-###,##",
    }
