"""A form action never writes YAML that does not read (walkthrough 8: "remove" of the last
follow-up wrote `flow:  # ...` then `[]` on a line of its own, the form vanished and the error
pointed at the next line with advice for programmers), and a value alone on its line is
explained on that line in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

from scenarios.schema.source import YAMLFileError, load_yaml_text
from simulator.studio.editing.roundtrip import dump, round_trip_yaml
from simulator.studio.editing.yaml_api import reads
from simulator.studio.pages.app import create_app
from simulator.studio.trying.offline import remove


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")


def _starter(client: TestClient, tmp_path: Path) -> tuple[str, str]:
    res = client.post("/new", data={"template": "starter", "path": "", "id": "Gym: freeze"})
    assert res.status_code == 200, res.text
    (path,) = (tmp_path / "scenarios").glob("*.yaml")
    return f"scenarios/{path.name}", path.read_text(encoding="utf-8")


def test_removing_the_last_follow_up_removes_the_key(client: TestClient, tmp_path: Path) -> None:
    rel, text = _starter(client, tmp_path)
    flows = yaml.safe_load(text)["flow"]
    for _ in flows:
        res = client.post("/api/remove", json={"path": rel, "text": text, "key": "flow.0"}).json()
        assert res["status"] == "", res["status"]
        text = res["new_text"]
        load_yaml_text(text, rel)  # reads after every click
    assert "flow" not in yaml.safe_load(text)
    assert "\n[]" not in text and not [p for p in res["problems"] if "flow" in p["text"]]


@pytest.mark.parametrize(
    ("source", "key", "gone"),
    [
        (
            "a: 1\nsuccess:  # checks\n  - id: x\n    check: {requested: r}\nb: 2\n",
            "success.0",
            "success",
        ),
        ("a: 1\nflow:\n  - {id: x, say: [hi]}\n", "flow.0", "flow"),
    ],
)
def test_an_emptied_list_goes_with_its_key(source: str, key: str, gone: str) -> None:
    text = remove(source, key)
    data = yaml.safe_load(text)
    assert gone not in data and data["a"] == 1


def test_an_empty_collection_after_a_commented_key_stays_on_its_line() -> None:
    y = round_trip_yaml()
    data = y.load("a: 1\nflow:  # what comes next\n  - x\nb:  # more\n  k: 1\n")
    data["flow"].pop()
    data["b"].pop("k")
    text = dump(y, data)
    assert "flow: []  # what comes next\n" in text and "b: {}  # more\n" in text
    assert yaml.safe_load(text) == {"a": 1, "flow": [], "b": {}}
    data = y.load("c:\n  - z:  # e\n      - 1\n    w: 2\n")
    data["c"][0]["z"].pop()
    assert yaml.safe_load(dump(y, data)) == {"c": [{"z": [], "w": 2}]}


def test_a_change_that_would_not_read_is_refused() -> None:
    reads("a: 1\nb: [x]\n", "s.yaml")
    with pytest.raises(ValueError, match=r"unreadable \(line 3: "):
        reads("a: 1\nflow:\n[]\n", "s.yaml")


def _explained(text: str) -> tuple[int, str]:
    with pytest.raises(YAMLFileError) as e:
        load_yaml_text(text, "s.yaml")
    return e.value.problem.line, e.value.problem.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "a: 1\nflow:  # what the customer may say next\n[]\nsuccess:\n  - id: x\n",
            3,
            "this line holds only '[]', the value of 'flow:' on line 2: write it on that line "
            "after the colon (flow: []) (an empty list can go: delete this line and the line "
            "above)",
        ),
        (
            "a:\n  say:\n  [Hello, Bye]\n  b: 2\n",
            3,
            "this line holds only '[Hello, Bye]', the value of 'say:' on line 2: write it on "
            "that line after the colon (say: [Hello, Bye])",
        ),
        (
            "goal: I want my deposit\nback after I cancelled\nid: x\n",
            2,
            "this line ('back after I cancelled') has no 'key:'; if it goes on the text of "
            "'goal:' on line 1, indent it more than 'goal', or put the whole text in quotes",
        ),
        (
            "a: 1\npolicy:\nRefund within 30 days\nb: 2\n",
            3,
            "this line ('Refund within 30 days') has no 'key:'; if it is the value of "
            "'policy:' on line 2, indent it under 'policy:' or write it on that line after "
            "the colon",
        ),
    ],
)
def test_a_line_without_a_key_is_explained_on_that_line(text: str, line: int, message: str) -> None:
    assert _explained(text) == (line, message)
