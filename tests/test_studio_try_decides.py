"""Try's verdicts were "undecided" for every conversation (newcomer 18: 45 of 45, 14 with the
wrong decision and nothing pointing at them). What the rules decide is now decided, and each
undecided conversation asks the one question that decides the rest, with its own values and
the line its rule came from."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.testclient import TestClient

from simulator.studio.pages.app import create_app
from simulator.studio.pages.pages import conversation
from simulator.studio.trying.deciding import kept_rule


def _record(act: str, status: str) -> dict[str, object]:
    return {
        "scenario_id": "q",
        "variables": {"locker_size": "large"},
        "turns": [
            {"role": "customer", "content": "Can I get my deposit back?"},
            {"role": "support", "content": "Done.", "act": act},
        ],
        "outcome": {"status": status},
        "verdict": {"label": "ACCEPT", "unjudged": ["correctness"], "findings": []},
    }


def test_what_the_rules_decide_is_decided() -> None:
    assert kept_rule(_record("refuse", "abandoned"), "refuse") is True
    assert kept_rule(_record("resolve", "resolved"), "refuse") is False
    assert kept_rule(_record("resolve", "resolved"), "confirm") is True
    assert kept_rule(_record("refuse", "abandoned"), "offer") is True
    assert kept_rule(_record("escalate", "escalated"), "escalate") is True
    assert kept_rule(_record("resolve", "resolved"), None) is None
    broke = conversation(_record("resolve", "resolved"), 2, "refuse", "paid is no", "why")
    assert "Support did not do what rule 2 says" in broke
    kept = conversation(
        _record("refuse", "abandoned"), 2, "refuse", "paid is no", "lockers are not refunded"
    )
    assert "Decided by your rules: support did what rule 2 says (refuse)" in kept
    assert "should support refuse for a customer with locker_size large?" in kept
    assert "lockers are not refunded" in kept and "change rule 2" in kept


def test_each_try_conversation_says_what_would_decide_it(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    policy = (
        "Ask for the locker number first.\n"
        "If the key was lost, we keep 10 pounds and refund the rest of the deposit.\n"
        "Lockers rented for more than 90 days are not refunded.\n"
    )
    res = client.post("/new", data={"template": "starter", "path": "", "id": "", "policy": policy})
    rel = parse_qs(urlsplit(str(res.url)).query)["path"][0]
    text = (tmp_path / rel).read_text(encoding="utf-8")
    html = client.post(
        "/api/try", json={"path": rel, "text": text, "engine": "scripted", "seed": 1}
    ).json()["html"]
    summary = html.split("</p>")[0]
    assert "Decided by your rules: support did what the rule says in" in summary
    convs = html.split('<div class="conv">')[1:]
    assert len(convs) == 5
    for conv in convs:
        if "undecided" in conv and "Rule " in conv:
            assert "Still yours to decide: should support" in conv, conv[:600]
