"""Policy checks over the call log: writes before the facts, on unnamed records, with made-up
arguments, twice, or without the confirmation the policy asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agents.critic import Critic
from agents.types import ConversationPlan, Outcome, ToolCall, Turn, Verdict
from scenarios.domains import ToolSpec

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
BASE = ConversationPlan.model_validate(FIXTURE)
DONE = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
OBJECT = "object"
TOOLS = {
    "find_order": ToolSpec("find_order", "Look up an order.", {"type": OBJECT}, writes=False),
    "change_date": ToolSpec(
        "change_date",
        "Move a delivery.",
        {
            "type": OBJECT,
            "properties": {
                "order_id": {"type": "string"},
                "date": {"type": "string"},
                "speed": {"type": "string", "enum": ["standard", "express"]},
            },
        },
        writes=True,
    ),
    "refund_order": ToolSpec("refund_order", "Refund an order.", {"type": OBJECT}, writes=True),
}
CRITIC = Critic(tools=TOOLS)
_ids = iter(range(1000))


def c(content: str) -> Turn:
    return Turn(role="customer", content=content)


def s(content: str) -> Turn:
    return Turn(role="support", content=content)


def call(name: str, result: str, error: bool = False, **arguments: Any) -> list[Turn]:
    """A support turn calling one tool, and the tool turn with its result."""
    cid = f"call_{next(_ids)}"
    return [
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name=name, arguments=arguments),),
        ),
        Turn(role="tool", content=result, name=name, tool_call_id=cid, error=error or None),
    ]


def plan(policy: str = "Verify the order number before changing anything.") -> ConversationPlan:
    support = BASE.scenario.support.model_copy(update={"policy": policy})
    return BASE.model_copy(
        update={"scenario": BASE.scenario.model_copy(update={"support": support})}
    )


def found(v: Verdict, category: str) -> list[tuple[int | None, str]]:
    return [(f.turn, f.severity) for f in v.findings if f.category == category]


def test_a_write_before_the_order_number_is_a_policy_breach_and_a_read_is_not() -> None:
    early = [
        c("refund my kettle"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Done."),
        c("thanks"),
    ]
    v = CRITIC.grade(plan(), early, DONE)
    assert found(v, "policy_rule") == [(1, "critical")]
    assert v.findings[0].evidence == 'refund_order(order_id="ORD-12345")'
    lookup = [
        c("refund my kettle"),
        *call("find_order", "no order given"),
        s("Which order?"),
        c("ORD-12345"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded ORD-12345."),
        c("thanks"),
    ]
    v = CRITIC.grade(plan(), lookup, DONE)
    assert v.findings == [] and v.label == "ACCEPT"


def test_unknown_tools_are_unjudged_not_passed() -> None:
    turns = [
        c("please refund"),
        *call("mystery", "ok"),
        s("Which order is it?"),
        c("ORD-12345"),
        *call("refund_order", "ok", order_id="ORD-12345"),
        s("Done."),
        c("ta"),
    ]
    v = CRITIC.grade(plan(), turns, DONE)
    assert "call_log" in v.unjudged and "policy:verify_order_id" in v.unjudged


def test_a_write_on_a_record_the_customer_never_named() -> None:
    turns = [
        c("ORD-12345 arrived broken"),
        *call("refund_order", "refunded", order_id="ORD-77777"),
        s("Refunded."),
        c("ok"),
    ]
    v = CRITIC.grade(plan(), turns, DONE)
    assert found(v, "unidentified_record") == [(1, "major")]
    # A key from an earlier lookup result is identified.
    turns = [
        c("my kettle arrived broken, email dana.whitfield@example.net"),
        *call("find_order", '{"order_id": "ORD-77777"}'),
        *call("refund_order", "refunded", order_id="ORD-77777"),
        s("Refunded."),
        c("ok"),
    ]
    assert found(CRITIC.grade(plan("Be nice."), turns, DONE), "unidentified_record") == []


def test_an_argument_nobody_gave_is_ungrounded() -> None:
    base = [c("ORD-12345: please move the delivery to 2025-06-14")]
    invented = [
        *base,
        *call("change_date", "moved", order_id="ORD-12345", date="2025-06-21", speed="express"),
        s("Moved."),
        c("ok"),
    ]
    v = CRITIC.grade(plan(), invented, DONE)
    assert [f.explanation for f in v.findings if f.category == "ungrounded_argument"] == [
        "support wrote date=2025-06-21, which the customer never gave and no record holds"
    ]
    given = [
        *base,
        *call("change_date", "moved", order_id="ORD-12345", date="2025-06-14", speed="standard"),
        s("Moved."),
        c("ok"),
    ]
    assert CRITIC.grade(plan(), given, DONE).findings == []


def test_repeated_writes() -> None:
    twice = [
        c("ORD-12345 refund please"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]
    v = CRITIC.grade(plan(), twice, DONE)
    assert found(v, "repeated_write") == [(3, "major")]
    retry = [
        c("ORD-12345 refund please"),
        *call("refund_order", "Error: try again", error=True, order_id="ORD-12345"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]
    assert found(CRITIC.grade(plan(), retry, DONE), "repeated_write") == []


def test_writes_the_policy_wants_confirmed() -> None:
    policy = "Before any change, list the details and obtain explicit user confirmation (yes)."
    unasked = [
        c("ORD-12345 refund please"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]
    v = CRITIC.grade(plan(policy), unasked, DONE)
    assert found(v, "unconfirmed_write") == [(1, "major")]
    asked = [
        c("ORD-12345 refund please"),
        s("Refund ORD-12345 in full, shall I go ahead?"),
        c("yes please"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]
    assert CRITIC.grade(plan(policy), asked, DONE).findings == []
    assert found(CRITIC.grade(plan(), unasked, DONE), "unconfirmed_write") == []
