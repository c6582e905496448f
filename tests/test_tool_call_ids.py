"""A bot that gives two calls of one message the same id gets two ids in the transcript, so
each result answers its own call (outsider 29: an openai bot sent `"id": "same"` for a lookup
and a cancel in one message; every conversation was REJECTED for "a tool result answers no
call made before it", while `grade` on the same transcripts paired them and passed 6 of 6).
Ids are otherwise kept as the bot gave them, also when a later message reuses one."""

from __future__ import annotations

from target_tools_fixture import shop

from agents.tools import Desk
from agents.types import ToolCall, Turn


def answered(turns: list[Turn]) -> list[tuple[str, str]]:
    """(call id, tool name) of each result, each checked against the call turn before it."""
    out: list[tuple[str, str]] = []
    calls: dict[str, str] = {}
    for turn in turns:
        if turn.tool_calls:
            calls = {c.id: c.name for c in turn.tool_calls}
        if turn.role == "tool":
            assert turn.tool_call_id in calls, turn
            assert calls.pop(turn.tool_call_id) == turn.name
            out.append((turn.tool_call_id, turn.name or ""))
    return out


def call(call_id: str, name: str) -> ToolCall:
    return ToolCall(id=call_id, name=name, arguments={"order_id": "ORD-10001"})


def test_two_calls_with_one_id_in_one_message_get_two_ids() -> None:
    desk = Desk(shop().new_state())
    desk.run_all_sync([call("same", "get_order"), call("same", "refund_order")])
    desk.run_all_sync([call("call_1", "get_order"), call("", "get_order")])
    desk.run_all_sync([call("same", "get_order")])  # another message: kept
    turns = desk.take()
    assert answered(turns) == [
        ("same", "get_order"), ("call_1", "refund_order"),
        ("call_1", "get_order"), ("call_2", "get_order"),
        ("same", "get_order"),
    ]  # fmt: skip
    assert [t.error for t in turns if t.role == "tool"] == [False] * 5
