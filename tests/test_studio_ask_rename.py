"""Walkthrough 8, items 3 and 4: a variable is offered in "Also ask for" (asking makes it a
fact the customer knows), and a rename reaches the fact that carries the variable, its label,
"Also ask for" and what support asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.testclient import TestClient

from simulator.studio.pages.app import create_app

POLICY = "Group bookings of 5 rooms or more always go to the reservations team."


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")


def _post(client: TestClient, url: str, **body: Any) -> dict[str, Any]:
    res: dict[str, Any] = client.post(url, json=body).json()
    assert res.get("status", "") in ("",) or res["status"].startswith("renamed"), res["status"]
    return res


def test_a_variable_is_asked_for_and_renamed_everywhere(client: TestClient, tmp_path: Path) -> None:
    client.post("/new", data={"template": "starter", "path": "", "id": "Hotel: group booking"})
    (path,) = (tmp_path / "scenarios").glob("*.yaml")
    rel, text = f"scenarios/{path.name}", path.read_text(encoding="utf-8")
    text = _post(client, "/api/form", path=rel, text=text, values={"support.policy": POLICY})[
        "new_text"
    ]
    text = _post(client, "/api/suggested", path=rel, text=text, which="all")["new_text"]
    fields = {"name": "surname", "values": "Smith, Garcia, Okafor"}
    res = _post(client, "/api/add", path=rel, text=text, kind="variable", fields=fields)
    text = res["new_text"]
    page = client.post("/api/check", json={"path": rel, "text": text}).json()
    html = str(page)
    assert "surname (a variable: the customer will know it)" in html  # offered, not hidden
    res = _post(client, "/api/add", path=rel, text=text, kind="verify", fields={"name": "surname"})
    data = yaml.safe_load(res["new_text"])
    assert data["customer"]["knows"]["surname"] == "{surname}"
    assert data["support"]["verify"][-1] == "surname" and res["problems"] == []

    res = client.post(
        "/api/rename",
        json={"path": rel, "text": res["new_text"], "old": "rooms_booked", "new": "rooms"},
    ).json()
    data = yaml.safe_load(res["new_text"])
    customer = data["customer"]
    assert "rooms_booked" not in customer["knows"] and customer["knows"]["rooms"] == "{rooms}"
    assert customer["labels"]["rooms"] == "number of rooms"
    assert "rooms" in customer["reveal_only_when_asked"]
    assert "rooms_booked" not in res["new_text"] and res["problems"] == []


@pytest.mark.parametrize(
    ("title", "task"),
    [
        ("Hotel: refund of deposit after cancellation", "refund my deposit after cancellation"),
        ("Bank: cancellation of standing order", "ask about the cancellation of my standing order"),
        ("Shop: return of the jacket", "return the jacket"),
        ("Gym: freeze membership", "freeze my membership"),
    ],
)
def test_a_name_said_as_a_noun_makes_a_request_that_reads(title: str, task: str) -> None:
    from simulator.studio.policy.starter_words import _task

    assert _task("x/y", title) == task
