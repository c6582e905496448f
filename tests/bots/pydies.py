"""Python bots that end their own process, as only code outside convsim's reach can: run in a
process of their own (agents.targets.isolated), each death fails the replies in flight."""

from __future__ import annotations

import ctypes
import json
import os
from typing import Any

CALLS = {"n": 0}


def dies_on_fourth(messages: list[dict[str, str]]) -> dict[str, Any]:
    """Ends each conversation at once, three times; then calls os._exit(9) (a fresh process
    counts again)."""
    CALLS["n"] += 1
    if CALLS["n"] > 3:
        os._exit(9)
    return {"reply": "Your refund is on its way.", "end": True}


def segfaults(messages: list[dict[str, str]]) -> str:
    """Dies of SIGSEGV when the customer says "crash", else answers."""
    if "crash" in messages[-1]["content"]:
        ctypes.string_at(0)
    return "Hello, how can I help?"


def tool_bot(messages: list[dict[str, str]], tools: Any = None) -> str:
    """Calls tools every way a Python bot can, refusals included."""
    order = json.loads(tools["get_order"](order_id="ORD-10001"))
    refund = tools["refund_order"]
    refund(order_id=order["order_id"])
    first = (refund.last_error, tools.last_error)
    tools.call("teleport_order", {"order_id": "ORD-10001"})
    unknown = tools.last_error
    tools.call("refund_order", "{not json")
    last = (refund.last_error, tools.last_error)
    name = tools.openai()[0]["function"]["name"]
    return f"Refunded {order['order_id']}: {first} {unknown} {last} {name}."
