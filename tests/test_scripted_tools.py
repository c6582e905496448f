"""The scripted support agent works through a domain's tools: it looks records up as the
customer identifies them, makes the scenario's expected actions only once verified, and says
what the tools showed or why they refused."""

from __future__ import annotations

import asyncio
import json
import os
import re
from pathlib import Path

import pytest
from tool_domain import REFUND, orders_domain, refund_plan

from agents.critic import grade
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.scripted.tooluse import expected_actions
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from scenarios.edge_case_model import EdgeCase
from scenarios.edge_cases import load_edge_cases
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

GOLDEN = Path(__file__).parent / "data" / "golden" / "tools-refund-seeds.jsonl"
DOMAIN = orders_domain(extras=True)
EDGES = load_edge_cases().by_id()


def play(plan: ConversationPlan) -> tuple[list[Turn], Outcome, Verdict]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=lambda s: DOMAIN)
    return asyncio.run(run_conversation(graph, plan))


def edge(name: str) -> tuple[EdgeCase, ...]:
    return (EDGES[name],)


def calls(turns: list[Turn]) -> list[tuple[int, str, dict[str, object]]]:
    return [(i, c.name, c.arguments) for i, t in enumerate(turns) for c in t.tool_calls or ()]


def test_lookup_then_refund_after_verification_and_the_text_says_the_result() -> None:
    turns, outcome, verdict = play(refund_plan(1, "ORD-10001"))
    made = calls(turns)
    assert [(name, args) for _, name, args in made] == [
        ("get_order", {"order_id": "ORD-10001"}),
        ("refund_order", {"order_id": "ORD-10001"}),
    ]
    refund_at = made[-1][0]
    given = {k: v for t in turns[:refund_at] if t.role == "customer" for k, v in t.slots.items()}
    assert given["order_id"] == "ORD-10001" and given["email"] == "ada@example.com"
    result = turns[refund_at + 1]
    assert (result.role, result.name, result.error) == ("tool", "refund_order", False)
    reply = turns[refund_at + 2]
    assert reply.act == "resolve"
    assert "refunded order ORD-10001" in reply.content
    # The status the refund left ("refunded") is already said: not again as a note.
    assert reply.content.count("refunded") == 1, reply.content
    assert outcome.status == "resolved"
    assert verdict.label == "ACCEPT", verdict.findings


def test_a_refused_action_becomes_a_refusal_with_the_tools_reason() -> None:
    turns, outcome, verdict = play(refund_plan(2, "ORD-10002"))
    made = calls(turns)
    assert [name for _, name, _ in made] == ["get_order", "refund_order"]
    result = turns[made[-1][0] + 1]
    assert result.error is True
    reply = turns[made[-1][0] + 2]
    assert reply.act == "refuse"
    assert "only delivered orders can be refunded (status pending)" in reply.content
    assert "Error:" not in reply.content
    # The lookup before it said what it found.
    lookup_reply = next(t for t in turns[made[0][0] :] if t.role == "support" and t.content)
    assert "pending" in lookup_reply.content
    assert outcome.status in ("abandoned", "escalated")
    assert not [f for f in verdict.findings if f.dimension == "data_quality"]


def test_a_wrong_identifier_is_looked_up_as_given_and_nothing_is_done_until_it_is_right() -> None:
    turns, _, _ = play(refund_plan(5, "ORD-10001", edge("wrong_identifier")))
    made = calls(turns)
    lookups = [(i, args["order_id"]) for i, name, args in made if name == "get_order"]
    assert len(lookups) >= 2, lookups  # the wrong number, then the right one
    first = turns[lookups[0][0] + 1]
    assert first.error is True and "not found" in first.content
    refunds = [i for i, name, _ in made if name == "refund_order"]
    assert refunds and refunds[0] > lookups[-1][0]


@pytest.mark.parametrize("order_id", ["ORD-10001", "ORD-10002"])
def test_over_many_seeds_writes_come_only_after_both_facts_checked_out(order_id: str) -> None:
    wrote = 0
    for seed in range(24):
        names = [None, "wrong_identifier", "demands_manager", "overshares_personal_data"]
        name = names[seed % 4]
        turns, _, verdict = play(refund_plan(seed, order_id, edge(name) if name else ()))
        for index, tool, _ in calls(turns):
            if tool != "refund_order":
                continue
            wrote += 1
            said = [t for t in turns[:index] if t.role == "customer"]
            last = {k: v for t in said for k, v in t.slots.items()}
            assert last.get("order_id") == order_id and last.get("email") == "ada@example.com"
            lookups = [i for i, n, _ in calls(turns) if n == "get_order" and i < index]
            assert lookups, "no lookup before the action"
        structure = [f for f in verdict.findings if f.category in ("structure", "empty_turn")]
        assert not structure
    assert wrote >= 12


def test_expected_actions_apply_when_and_render_variables() -> None:
    data = REFUND.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["expect"]["actions"].append(
        {
            "tool": "cancel_order",
            "arguments": {"order_id": "{order_id}", "note": ["{email}", 3]},
            "when": {"order_id": {"eq": "ORD-10002"}},
        }
    )
    scenario = Scenario.model_validate(data)
    one = refund_plan(1, "ORD-10001").model_copy(update={"scenario": scenario})
    two = refund_plan(1, "ORD-10002").model_copy(update={"scenario": scenario})
    assert [(c.name, c.arguments) for c in expected_actions(one, DOMAIN)] == [
        ("refund_order", {"order_id": "ORD-10001"})
    ]
    assert [(c.name, c.arguments) for c in expected_actions(two, DOMAIN)][1] == (
        "cancel_order",
        {"order_id": "ORD-10002", "note": ["ada@example.com", 3]},
    )


def test_golden_transcripts_with_tools() -> None:
    """Fixed seeds over the test domain give these exact turns (see test_run_golden.py for how
    to accept a change: UPDATE_GOLDEN=1, review the diff)."""
    records = []
    for seed, order_id, name in [
        (11, "ORD-10001", None),
        (12, "ORD-10002", None),
        (13, "ORD-10001", "wrong_identifier"),
        (14, "ORD-10002", "demands_manager"),
    ]:
        turns, outcome, verdict = play(refund_plan(seed, order_id, edge(name) if name else ()))
        records.append(
            json.dumps(
                {
                    "seed": seed,
                    "turns": [t.model_dump(mode="json") for t in turns],
                    "outcome": outcome.model_dump(mode="json"),
                    "verdict": verdict.label,
                },
                ensure_ascii=False,
                sort_keys=True,
            )
        )
    actual = "\n".join(records) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
        pytest.fail(f"wrote {GOLDEN}; review the diff and rerun", pytrace=False)
    assert GOLDEN.exists(), f"{GOLDEN} is missing: UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_a_hand_over_goes_through_the_domains_transfer_tool() -> None:
    turns, outcome, _ = play(refund_plan(10, "ORD-10001", edge("demands_manager")))
    assert outcome.status == "escalated"
    made = [(name, args) for _, name, args in calls(turns)]
    assert made[-1] == ("transfer_to_human_agents", {"summary": outcome.reason})
    assert [name for name, _ in made].count("transfer_to_human_agents") == 1
    assert turns[-1].act == "escalate" and turns[-2].role == "tool"


def test_only_lookup_named_tools_are_called_unasked() -> None:
    """check_warehouse reads too, but is a diagnostic: called only when expected."""
    for seed in range(6):
        turns, _, _ = play(refund_plan(seed, "ORD-10001"))
        assert "check_warehouse" not in [name for _, name, _ in calls(turns)]
    data = REFUND.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["expect"]["actions"].insert(
        0, {"tool": "check_warehouse", "arguments": {"order_id": "{order_id}"}}
    )
    plan = refund_plan(1, "ORD-10001").model_copy(
        update={"scenario": Scenario.model_validate(data)}
    )
    turns, _, _ = play(plan)
    names = [name for _, name, _ in calls(turns)]
    assert names.index("check_warehouse") < names.index("refund_order")


def test_an_action_says_its_news_once_in_the_decisions_words() -> None:
    """Reading s13: the record's new status was added after the decision ("... ends when this
    billing cycle closes. The service is now marked cancelled."): said once, in words."""
    for seed in range(6):
        turns, _, _ = play(refund_plan(seed, "ORD-10001"))
        replies = [t.content for t in turns if t.role == "support" and t.content]
        assert not any(re.search(r"now (?:shows as|marked)", r) for r in replies), replies
