"""A rule that asks first in the studio: the action "asks first, then does it", the box for
the question, and the YAML it writes (`action: resolve` with `confirm:` lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from agents.understanding.confirm import asks_to_confirm
from simulator.studio.editing.conditions import CONFIRM_STARTER
from simulator.studio.editing.replies import made_question
from simulator.studio.pages.app import create_app

PATH = "scenarios/b.yaml"


def _start(tmp_path: Path) -> tuple[TestClient, str]:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "a/b"})
    return client, (tmp_path / PATH).read_text(encoding="utf-8")


def _set(client: TestClient, text: str, key: str, value: str) -> dict[str, Any]:
    res = client.post("/api/offline", json={"path": PATH, "text": text, "key": key, "value": value})
    out: dict[str, Any] = res.json()
    return out


def test_asks_first_writes_a_question_to_edit_and_shows_its_box(tmp_path: Path) -> None:
    client, text = _start(tmp_path)
    shown = client.post("/api/check", json={"path": PATH, "text": text}).json()
    assert "<option value='confirm'>asks first, then does it" in shown["offline_html"]
    assert "id='o-rule.0.confirm'" not in shown["offline_html"]
    res = _set(client, text, "rule.0.action", "confirm")
    new = res["new_text"]
    assert f"action: resolve\n      confirm:\n        - {CONFIRM_STARTER}\n" in new
    # The reason stays: support says it when the customer asks why before answering.
    assert "reason:" in new.split("rules:")[1].split("- when")[1]
    html = res["offline_html"]
    assert "<label for='o-rule.0.reason'>because (said if the customer asks why)</label>" in html
    assert "<option value='confirm' selected>" in html and "id='o-rule.0.confirm'" in html
    assert "once the customer agrees, says (one per line)" in html
    asked = _set(client, new, "rule.0.confirm", "It costs a 15 EUR fee. Shall I go ahead?\n")
    assert "        - It costs a 15 EUR fee. Shall I go ahead?\n" in asked["new_text"]
    assert CONFIRM_STARTER not in asked["new_text"]
    checked = client.post("/api/check", json={"path": PATH, "text": asked["new_text"]}).json()
    assert checked["problems"] == []
    back = _set(client, asked["new_text"], "rule.0.action", "resolve")
    assert (
        "confirm:" not in back["new_text"] and "id='o-rule.0.confirm'" not in back["offline_html"]
    )
    assert "reason:" not in back["new_text"].split("rules:")[1].split("- when")[1]
    empty = _set(client, asked["new_text"], "rule.0.confirm", "  \n")
    assert "confirm:" not in empty["new_text"]


def test_an_unknown_rule_action_names_the_choices(tmp_path: Path) -> None:
    client, text = _start(tmp_path)
    res = _set(client, text, "rule.0.action", "ask")
    assert (
        res["status"]
        == "not changed: action 'ask': give one of resolve, confirm, refuse, offer, escalate"
    )


def test_the_question_follows_a_typed_reason_until_the_author_edits_it(tmp_path: Path) -> None:
    """Walkthrough 5 typed a reason, then the question again: the question is made from it."""
    client, text = _start(tmp_path)
    asks = _set(client, text, "rule.0.action", "confirm")["new_text"]  # the starter's reason
    assert f"      confirm:\n        - {CONFIRM_STARTER}\n" in asks
    why = _set(client, asks, "rule.0.reason", "a change costs a 15 EUR fee")["new_text"]
    made = "Just so you know: a change costs a 15 EUR fee. Shall I go ahead?"
    assert f"      confirm:\n        - '{made}'\n" in why
    again = _set(client, why, "rule.0.reason", "a change costs a 20 EUR fee.")["new_text"]
    assert "Just so you know: a change costs a 20 EUR fee. Shall I go ahead?" in again
    mine = _set(client, again, "rule.0.confirm", "That is 20 EUR. OK?")["new_text"]
    kept = _set(client, mine, "rule.0.reason", "a change costs money")["new_text"]
    assert "That is 20 EUR. OK?" in kept and "Just so you know" not in kept


@pytest.mark.parametrize(
    ("reason", "question"),
    [
        (
            "there is an unpaid fee on your membership",
            "Just so you know: there is an unpaid fee on your membership, and that needs "
            "sorting out first. Would you like to do that now, so I can go ahead?",
        ),
        (
            "you must sign the transfer form first.",
            "Just so you know: you must sign the transfer form first. Would you like to do "
            "that now, so I can go ahead?",
        ),
        (
            "this cannot be undone",
            "Just so you know: this cannot be undone. Shall I go ahead?",
        ),
    ],
)
def test_a_reason_to_see_to_first_asks_whether_to_do_that_first(reason: str, question: str) -> None:
    """Walkthrough 6: after "there is an unpaid fee", "Shall I go ahead?" read as going ahead
    anyway; a reason the customer must see to first is asked about as that, and the customer
    still reads it as support asking for the go-ahead."""
    assert made_question(reason) == [question]
    assert asks_to_confirm(question)
