"""Renaming a variable everywhere the scenario uses it, with its refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.studio.editing.rename import rename_variable
from simulator.studio.pages.app import create_app

REL = "scenarios/book-repair.yaml"
TEXT = """\
id: a/b  # kept
variables:
  item: {choice: [booking, order]}
  days_ago: {range: [1, 45]}  # how old the booking is
  ref: {faker: bothify, text: "REF-#####"}
customer:
  goal: Change my {item}, made {days_ago} days ago; literal {{days_ago}} stays.
  knows:
    days_ago: "{days_ago}"
  openings:
    en: ["It was {days_ago} days ago", "hi"]
    es: ["Hace {days_ago} días", "hola"]
support:
  policy: "Refuse past 30 days."
  rules:
    - when: {days_ago: {gt: 30}, item: {eq: booking}}
      action: refuse
      say:
        - "{days_ago} days is too long"
    - action: resolve
      say: [Done.]
expect:
  actions:
    - tool: change
      when: {days_ago: {le: 30}}
      args: {age: "{days_ago}"}
"""


def test_a_rename_reaches_every_use_and_keeps_the_rest() -> None:
    text, changed = rename_variable(TEXT, "days_ago", "booking_age")
    assert changed == 10  # the key, 2 conditions, 6 texts, the fact that carries it
    assert text == (
        TEXT.replace("{{days_ago}}", "LITERAL")
        .replace("{days_ago}", "{booking_age}")
        .replace("LITERAL", "{{days_ago}}")
        .replace("  days_ago: {range", "  booking_age: {range")
        .replace("{days_ago: {gt", "{booking_age: {gt")
        .replace("{days_ago: {le", "{booking_age: {le")
        .replace("45]}  # how", "45]} # how")  # ruamel keeps the comment's column
        .replace('    days_ago: "{booking_age}"', '    booking_age: "{booking_age}"')
    )
    assert "literal {{days_ago}} stays" in text
    assert '  booking_age: "{booking_age}"' in text  # the fact that only carries it follows
    assert "# how old the booking is" in text and "# kept" in text


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("days", "x", "days is not a variable in the file"),
        ("days_ago", "Age", "'Age': a variable's name is lowercase words joined by _ (like "
         "hours_until)"),
        ("days_ago", "item", "item is a variable already; pick another name or remove that one"),
        ("days_ago", "first_name", "first_name is a name every scenario has (from the "
         "customer's persona); pick another"),
    ],
)  # fmt: skip
def test_a_rename_that_would_clash_changes_nothing(old: str, new: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        rename_variable(TEXT, old, new)
    assert str(caught.value) == message


def test_the_rename_endpoint_lints_clean_after(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "spokes/book-repair"})
    text = (tmp_path / REL).read_text(encoding="utf-8")
    page = client.post("/api/check", json={"path": REL, "text": text}).json()["offline_html"]
    assert "<button class='rn' data-name='days_ago'>rename</button>" in page
    res = client.post(
        "/api/rename", json={"path": REL, "text": text, "old": "days_ago", "new": "hours_until"}
    ).json()
    assert res["status"] == "renamed days_ago to hours_until in 4 places"
    assert "days_ago" not in res["new_text"] and res["problems"] == []
    assert "- when: {hours_until: {gt: 30}}" in res["new_text"]
    refused = client.post(
        "/api/rename", json={"path": REL, "text": text, "old": "days_ago", "new": "item"}
    ).json()
    assert refused["status"] == (
        "not renamed: item is a variable already; pick another name or remove that one"
    )
    assert "new_text" not in refused
    once = client.post(
        "/api/rename", json={"path": REL, "text": text, "old": "item", "new": "which_visit"}
    ).json()
    assert once["status"] == "renamed item to which_visit in 1 place"  # walkthrough 5: "1 places"
    assert (tmp_path / REL).read_text(encoding="utf-8") == text  # nothing saved until Save
