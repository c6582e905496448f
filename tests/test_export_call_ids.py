"""A bot that reuses a tool call id (outsider 16 #15: `id: "same"` twice reached the exports
unchanged; OpenAI's fine-tuning format needs each call's id unique): the openai and sharegpt
exports give every call an id unique in the conversation, and each result follows its own
call, in order."""

from __future__ import annotations

from typing import Any

from simulator.export.formats import chat_messages, sharegpt_turns


def call(call_id: str, order: str) -> dict[str, Any]:
    return {"id": call_id, "name": "get_order", "arguments": {"order_id": order}}


RECORD: dict[str, Any] = {
    "turns": [
        {"role": "customer", "content": "Where are my orders W1 and W2?"},
        {"role": "support", "content": "", "tool_calls": [call("same", "W1"), call("same", "W2")]},
        {"role": "tool", "tool_call_id": "same", "name": "get_order", "content": "W1 shipped"},
        {"role": "tool", "tool_call_id": "same", "name": "get_order", "content": "W2 pending"},
        {"role": "support", "content": "", "tool_calls": [call("same", "W3")]},
        {"role": "tool", "tool_call_id": "same", "name": "get_order", "content": "W3 lost"},
        {"role": "support", "content": "W1 shipped, W2 is pending, W3 is lost."},
    ]
}


def test_reused_call_ids_are_exported_unique_with_their_results() -> None:
    messages = chat_messages(RECORD, "support", None)
    calls = [c for m in messages for c in m.get("tool_calls", [])]
    assert [c["id"] for c in calls] == ["same", "same_2", "same_3"]
    results = [(m["tool_call_id"], m["content"]) for m in messages if m["role"] == "tool"]
    assert results == [("same", "W1 shipped"), ("same_2", "W2 pending"), ("same_3", "W3 lost")]
    assert [t["value"] for t in sharegpt_turns(messages) if t["from"] == "observation"] == [
        "W1 shipped", "W2 pending", "W3 lost"
    ]  # fmt: skip
