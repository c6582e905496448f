"""The tool seam in the graph: a support role calls tools through its desk; the calls become
turns before its reply; the customer never sees them; max_turns counts customer turns."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

from persona_fixture import ADA
from tool_domain import orders_domain

from agents.tools import Desk, dialogue, takes_desk
from agents.types import ConversationPlan, Outcome, Reply, ToolCall, Turn, Verdict
from scenarios.domains import Domain
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation
from simulator.run.ratelimit import LimitedRole

SCENARIO = Scenario.model_validate(
    {
        "id": "test/tools",
        "title": "Tools test",
        "domain": "test",
        "intent": "tools_test",
        "customer": {"goal": "Test tools.", "openings": ["Hello."]},
        "support": {"policy": "Help.", "rules": [{"action": "resolve", "say": ["Done."]}]},
        "max_turns": 2,
    }
)
PLAN = ConversationPlan(
    id="plan-t", run_seed=1, index=0, seed=7, scenario=SCENARIO, persona=ADA, variables={}
)


class Customer:
    def __init__(self) -> None:
        self.seen: list[list[Turn]] = []

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        self.seen.append(list(turns))
        n = sum(1 for t in turns if t.role == "customer") + 1
        return Reply(turn=Turn(role="customer", content=f"customer {n}"))


class ToolSupport:
    """Looks an order up, then calls two tools in one message, then answers."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.desks: list[Desk | None] = []

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        self.desks.append(desk)
        assert desk is not None
        found = await desk.call("get_order", {"order_id": "ORD-10001"})
        assert [t.role for t in desk.pending] == ["support", "tool"]
        both = await desk.call_all(
            [
                ToolCall(id="m-1", name="refund_order", arguments={"order_id": "ORD-10001"}),
                ToolCall(id="m-2", name="cancel_order", arguments={"order_id": "ORD-10001"}),
            ],
            content="Let me sort that out.",
        )
        if self.fail:
            raise TimeoutError("model did not answer")
        text = f"found {found.error} {both[0].error} {both[1].error}"
        return Reply(turn=Turn(role="support", content=text))


def world(domain: Domain) -> Any:
    return lambda scenario: domain if scenario.id == "test/tools" else None


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT")


def play(customer: Any, support: Any, domain: Domain) -> tuple[list[Turn], Outcome, Verdict]:
    graph = build_graph(customer, support, grade, world=world(domain))
    return asyncio.run(run_conversation(graph, PLAN))


def test_tool_turns_come_before_the_reply_in_call_order() -> None:
    customer, support = Customer(), ToolSupport()
    turns, outcome, _ = play(customer, support, orders_domain())
    shape = [(t.role, t.name or "", t.tool_call_id or "", bool(t.tool_calls)) for t in turns]
    one_round = [
        ("support", "", "", True),
        ("tool", "get_order", "call_1", False),
        ("support", "", "", True),
        ("tool", "refund_order", "m-1", False),
        ("tool", "cancel_order", "m-2", False),
        ("support", "", "", False),
    ]
    assert shape == [
        ("customer", "", "", False),
        *one_round,
        ("customer", "", "", False),
        *[(r, n, i.replace("call_1", "call_2"), c) for r, n, i, c in one_round],
    ]
    # max_turns (2) counts the customer's turns only.
    assert outcome.status == "max_turns"
    first = turns[1]
    assert first.tool_calls == (
        ToolCall(id="call_1", name="get_order", arguments={"order_id": "ORD-10001"}),
    )
    assert turns[3].content == "Let me sort that out."
    assert [t.error for t in turns if t.role == "tool"][:3] == [False, False, True]
    assert '"status": "refunded"' in turns[4].content
    assert turns[5].content == "Error: only pending orders can be cancelled (status refunded)"
    assert turns[6].content == "found False False True"
    # One desk for the whole conversation: the refund made in round one is seen in round two.
    assert support.desks[0] is support.desks[1]
    assert turns[-3].content.startswith("Error: only delivered orders")


def test_customer_sees_only_the_dialogue() -> None:
    customer = Customer()
    play(customer, ToolSupport(), orders_domain())
    second = customer.seen[1]
    assert [(t.role, t.content) for t in second] == [
        ("customer", "customer 1"),
        ("support", "Let me sort that out."),
        ("support", "found False False True"),
    ]
    assert all(t.tool_calls is None for t in second)


def test_a_failing_support_role_keeps_the_calls_it_made() -> None:
    turns, outcome, verdict = play(Customer(), ToolSupport(fail=True), orders_domain())
    assert outcome.status == "error"
    assert "support role failed: TimeoutError" in outcome.reason
    assert [t.role for t in turns] == ["customer", "support", "tool", "support", "tool", "tool"]
    assert verdict.label == "ERROR"


def test_each_conversation_gets_its_own_records() -> None:
    domain = orders_domain()
    play(Customer(), ToolSupport(), domain)
    turns, _, _ = play(Customer(), ToolSupport(), domain)
    assert '"status": "refunded"' in turns[4].content  # a fresh copy: the refund works again
    row = domain.template.execute("SELECT status FROM orders WHERE order_id='ORD-10001'")
    assert row.fetchone()[0] == "delivered"


def test_a_role_without_a_desk_parameter_plays_as_before() -> None:
    class Plain:
        async def respond(
            self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
        ) -> Reply:
            return Reply(turn=Turn(role="support", content="hi"))

    assert not takes_desk(Plain()) and takes_desk(ToolSupport())
    turns, _, _ = play(Customer(), Plain(), orders_domain())
    assert [t.role for t in turns] == ["customer", "support", "customer", "support"]


def test_the_rate_limited_wrapper_passes_the_desk_through() -> None:
    support = ToolSupport()
    turns, _, _ = play(Customer(), LimitedRole(support, None), orders_domain())
    assert support.desks[0] is not None
    assert sum(1 for t in turns if t.role == "tool") == 6
    plain = LimitedRole(Customer(), None)  # a role without a desk never receives one
    assert asyncio.run(plain.respond(PLAN, [], {}, desk=None)).turn.content == "customer 1"


def test_dialogue_keeps_text_said_with_tool_calls() -> None:
    call = ToolCall(id="c", name="get_order", arguments={})
    turns = [
        Turn(role="customer", content="hi"),
        Turn(role="support", content="", tool_calls=(call,)),
        Turn(role="tool", content="{}", name="get_order", tool_call_id="c", error=False),
        Turn(role="support", content="One moment.", tool_calls=(call,)),
        Turn(role="support", content="Done."),
    ]
    assert [t.content for t in dialogue(turns)] == ["hi", "One moment.", "Done."]
