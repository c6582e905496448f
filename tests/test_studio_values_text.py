"""Values typed in the form are text exactly as typed: `yes, no` (or `on`, `null`, `007`,
`12:30`...) is written quoted where YAML would read it plainly as true/false, nothing, a
number or a date, so the file lints clean and a rule `unpaid_fee is yes` matches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.conditions import all_hold
from scenarios.lint import lint
from scenarios.loader import load_scenarios
from simulator.studio.editing.roundtrip import round_trip_yaml
from simulator.studio.editing.variables import define_variable
from simulator.studio.pages.app import create_app
from simulator.studio.trying.offline import add_item, apply_field

REL = "scenarios/book-repair.yaml"
BASE = "id: a/b\nvariables:\n  kind: {choice: [x]}\n"
TRICKY = [
    ("yes, no", ["yes", "no"]),
    ("on, off, y, n", ["on", "off", "y", "n"]),
    ("true, False, null, ~", ["true", "False", "null", "~"]),
    ("007, 0123, 08, 0x1F, 1e3, .inf", ["007", "0123", "08", "0x1F", "1e3", ".inf"]),
    ("12:30, 2024-01-31, monthly", ["12:30", "2024-01-31", "monthly"]),
    ("\"yes\", 'no'", ["yes", "no"]),  # the quotes YAML advice asks for are not the value
    ("30, 4.5, 0", [30, 4.5, 0]),  # numbers stay numbers
]


def _kind(value: object) -> type:
    """The plain type (the 1.2 reader keeps how each value was written in a subclass)."""
    for kind in (bool, str, int, float):
        if isinstance(value, kind):
            return kind
    return type(value)


def _both(text: str) -> tuple[Any, Any]:
    """The text as convsim reads it (YAML 1.1) and as the studio and editors do (1.2)."""
    return yaml.safe_load(text), round_trip_yaml().load(text)


@pytest.mark.parametrize(("typed", "values"), TRICKY)
def test_each_way_the_form_writes_values_reads_back_what_was_typed(
    typed: str, values: list[object]
) -> None:
    written = [
        apply_field(BASE, "variable.kind.values", typed),
        add_item(BASE, "variable", {"name": "fee", "values": typed}),
        define_variable(BASE, {"name": "fee", "kind": "choice", "values": typed}),
    ]
    for text in written:
        for data in _both(text):
            variables = data["variables"]
            got = variables["fee"] if "fee" in variables else variables["kind"]
            assert got["choice"] == values
            assert [_kind(v) for v in got["choice"]] == [type(v) for v in values]


@pytest.mark.parametrize("typed", ["yes", "007", "off"])
def test_a_condition_on_such_a_value_is_text_too(typed: str) -> None:
    text = BASE + "support:\n  rules:\n    - action: resolve\n"
    text = apply_field(text, "rule.0.when", f"kind is {typed} and size is one of {typed}, big")
    for data in _both(text):
        assert data["support"]["rules"][0]["when"] == {
            "kind": {"eq": typed},
            "size": {"in": [typed, "big"]},
        }


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")


def test_a_yes_no_variable_lints_clean_and_its_rule_matches(
    client: TestClient, tmp_path: Path
) -> None:
    res = client.post("/new", data={"template": "starter", "path": "", "id": "spokes/book-repair"})
    assert res.status_code == 200, res.text
    text = (tmp_path / REL).read_text(encoding="utf-8")

    shown = ""

    def post(key: str, value: str) -> list[Any]:
        nonlocal text, shown
        body = {"path": REL, "text": text, "key": key, "value": value}
        res = client.post("/api/offline", json=body)
        assert res.status_code == 200, res.text
        text, shown = res.json()["new_text"], res.json()["offline_html"]
        return list(res.json()["problems"])

    assert post("variable.item.values", "yes, no") == []  # no error, no warning
    assert "data-key='variable.item.values' value='yes, no'" in shown  # shown as typed
    assert '  item: {choice: ["yes", "no"]}' in text
    assert post("rule.0.when", "item is yes") == []
    assert '    - when: {item: {eq: "yes"}}\n' in text
    (tmp_path / REL).write_text(text, encoding="utf-8")
    assert lint([tmp_path / REL]) == []
    (scenario,) = load_scenarios([tmp_path / REL])
    when = scenario.support.rules[0].when
    assert all_hold(when, {"item": "yes"}) and not all_hold(when, {"item": "no"})
    assert "item is yes" in shown  # the rule's condition, without quote marks
