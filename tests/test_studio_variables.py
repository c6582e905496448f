"""A condition that names a variable the scenario lacks: the offer under the rule's box, the
variable made from it (added, or used instead of one no rule tests), and the refusals."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.editing.variables import define_variable, offer_html
from simulator.studio.pages.app import create_app

REL = "scenarios/move-a-cleaning.yaml"
TEXT = """\
id: a/b
variables:
  item: {choice: [booking, order]}  # what is moved
  days_ago: {range: [1, 45]}
customer:
  goal: g
  openings: ["Can I move my {item}?"]
support:
  policy: ""
  rules:
    - when: {hours_left: {lt: 48}}
      action: refuse
      say: ["It was {days_ago} days ago."]
    - action: resolve
      say: [Done.]
"""


def _offers(html: str) -> list[str]:
    return re.findall(r"<div class='offer'.*?</div>", html)


def test_a_number_condition_offers_a_range_and_the_variable_no_rule_tests() -> None:
    data = {
        "variables": {"item": {"choice": ["a"]}, "days_ago": {"range": [1, 45]}},
        "support": {"rules": [{"when": {"hours_left": {"lt": 48}}}, {"when": {"item": {}}}]},
    }
    rule = data["support"]["rules"][0]
    assert _offers(offer_html(0, rule, data)) == [
        "<div class='offer' id='offer-0-hours_left' data-name='hours_left' data-kind='range'>"
        "<b>hours_left</b> is new: "
        "a number from <input class='dv' data-f='low' value='1' style='width:5em'> to <input "
        "class='dv' data-f='high' value='96' style='width:5em'> <button class='define'>add it"
        "</button> or <button class='define' data-instead='days_ago'>use it instead of days_ago"
        "</button></div>"
    ]


@pytest.mark.parametrize(
    ("when", "offered"),
    [
        ({"plan": {"in": ["gold", "silver"]}}, "value='gold, silver'"),
        ({"plan": {"eq": "gold"}}, "value='gold'"),
        ({"age": {"ge": 0}}, "value='-10'"),  # below 2: around the value
        ({"item": {"eq": "a"}}, None),  # a variable already: nothing offered
        ({"first_name": {"eq": "Ann"}}, None),  # every scenario has it
    ],
)
def test_what_is_offered(when: dict[str, Any], offered: str | None) -> None:
    rules = [{"when": when}, {"when": {"item": {"eq": "a"}}}]
    data = {"variables": {"item": {"choice": ["a"]}}, "support": {"rules": rules}}
    html = offer_html(0, {"when": when}, data)
    if offered is None:
        assert html == ""
    else:
        assert offered in html and "use it instead" not in html  # item is still tested


def test_used_instead_renames_it_everywhere_with_the_new_range() -> None:
    fields = {"name": "hours_left", "kind": "range", "low": "1", "high": "96"}
    text = define_variable(TEXT, {**fields, "instead": "days_ago"})
    assert text == TEXT.replace(
        "  days_ago: {range: [1, 45]}", "  hours_left: {range: [1, 96]}"
    ).replace("{days_ago}", "{hours_left}")


def test_added_as_a_list_of_values_keeps_the_others() -> None:
    fields = {"name": "plan", "kind": "choice", "values": "gold, silver, 3"}
    text = define_variable(TEXT, fields)
    assert "  days_ago: {range: [1, 45]}\n  plan: {choice: [gold, silver, 3]}\n" in text
    assert "  item: {choice: [booking, order]}  # what is moved\n" in text


@pytest.mark.parametrize(
    ("typed", "made"),
    [
        ("gold, silver", "{choice: [gold, silver]}"),
        ("1-45", "{range: [1, 45]}"),
        ("3 to 12", "{range: [3, 12]}"),
        ("M-#####", "{faker: bothify, text: M-#####}"),
        ("yes, no", '{choice: ["yes", "no"]}'),
    ],
)
def test_made_where_a_text_uses_it_from_what_is_typed(typed: str, made: str) -> None:
    """A {placeholder} with no variable: one box under the text takes its values, a range or
    a made-up pattern, whichever is typed."""
    text = define_variable(TEXT, {"name": "plan", "kind": "typed", "values": typed})
    assert f"  days_ago: {{range: [1, 45]}}\n  plan: {made}\n" in text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "Hours", "kind": "range", "low": "1", "high": "2"},
         "'Hours': a variable's name is lowercase words joined by _"),
        ({"name": "h", "kind": "range", "low": "9", "high": "2"},
         "variable h: give two whole numbers, the smaller first"),
        ({"name": "h", "kind": "range", "low": "1.5", "high": "2"},
         "variable h: give two whole numbers, the smaller first"),
        ({"name": "h", "kind": "choice", "values": " , "},
         "variable h: give its values, a comma between them"),
        ({"name": "item", "kind": "choice", "values": "a"}, "variable item exists already"),
        ({"name": "email", "kind": "choice", "values": "a"},
         "email is a name every scenario has (from the customer); pick another"),
        ({"name": "h", "kind": "choice", "values": "a", "instead": "nope"},
         "nope is not a variable in the file"),
    ],
)  # fmt: skip
def test_refused(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError) as caught:
        define_variable(TEXT, fields)
    assert str(caught.value) == message


def test_from_the_page_the_offer_then_the_file_lints_clean(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "Dental: move a cleaning"})
    text = (tmp_path / REL).read_text(encoding="utf-8")
    changed = client.post(
        "/api/offline",
        json={
            "path": REL,
            "text": text,
            "key": "rule.0.when",
            "value": "hours_left is less than 48",
        },
    ).json()
    assert [p["message"] for p in changed["problems"]] == [
        "'hours_left' is not a variable; conditions test the scenario's variables"
    ]
    assert "use it instead of days_ago" in changed["offline_html"]
    fields = {
        "name": "hours_left",
        "kind": "range",
        "low": "1",
        "high": "96",
        "instead": "days_ago",
    }
    made = client.post(
        "/api/variable", json={"path": REL, "text": changed["new_text"], "fields": fields}
    ).json()
    assert made["problems"] == [] and "days_ago" not in made["new_text"]
    assert "  hours_left: {range: [1, 96]}\n" in made["new_text"]
    assert _offers(made["offline_html"]) == []
    (tmp_path / REL).write_text(made["new_text"], encoding="utf-8")
    assert lint([tmp_path / REL]) == []
    bad = client.post(
        "/api/variable", json={"path": REL, "text": made["new_text"], "fields": fields}
    ).json()
    assert bad["status"] == "variable not changed: days_ago is not a variable in the file"
    assert "new_text" not in bad


def test_a_rule_that_does_it_has_no_because(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "a/b"})
    text = (tmp_path / "scenarios/b.yaml").read_text(encoding="utf-8")
    shown = client.post("/api/check", json={"path": "scenarios/b.yaml", "text": text}).json()
    assert "id='o-rule.0.reason'" in shown["offline_html"]  # rule 1 refuses
    assert "id='o-rule.1.reason'" not in shown["offline_html"]  # rule 2 does it
    res = client.post(
        "/api/offline",
        json={"path": "scenarios/b.yaml", "text": text, "key": "rule.0.action", "value": "resolve"},
    ).json()
    assert "reason:" not in res["new_text"] and "id='o-rule.0.reason'" not in res["offline_html"]


def test_try_shows_each_conversations_values_and_the_rule_they_select(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "a/b"})
    text = (tmp_path / "scenarios/b.yaml").read_text(encoding="utf-8")
    tried = client.post(
        "/api/try", json={"path": "scenarios/b.yaml", "text": text, "engine": "scripted"}
    ).json()
    heads = re.findall(r"<div class='note'>(item \w+ · days_ago (\d+) · reference REF-\d{5})"
                       r"( · Rule (\d) \([^)]*\) applies)?</div>", tried["html"])  # fmt: skip
    assert len(heads) == 5
    for _values, days, _used, rule in heads:
        assert rule == ("1" if int(days) > 30 else "2")  # rule 1: days_ago is more than 30
