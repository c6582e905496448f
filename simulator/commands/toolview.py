"""Tool calls and results as one readable line each, for `show` and `review`:
`get_order(order_id="ORD-1") -> {"status": "delivered", ...}`, long parts shortened."""

from __future__ import annotations

import json
from collections.abc import Sequence

from agents.types import ToolCall, Turn

ARGS_LIMIT = 100
RESULT_LIMIT = 140


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def signature(call: ToolCall) -> str:
    args = ", ".join(
        f"{k}={json.dumps(v, ensure_ascii=False, sort_keys=True)}"
        for k, v in call.arguments.items()
    )
    return f"{call.name}({shorten(args, ARGS_LIMIT)})"


def calls_by_id(turns: Sequence[Turn]) -> dict[str, ToolCall]:
    return {c.id: c for t in turns for c in t.tool_calls or ()}


def result_line(result: Turn, calls: dict[str, ToolCall]) -> str:
    """`name(args) -> result` for a `tool` turn; `error:` marks a refused call."""
    call = calls.get(result.tool_call_id or "")
    head = signature(call) if call is not None else f"{result.name or 'tool'}(?)"
    tail = shorten(result.content, RESULT_LIMIT)
    return f"{head} -> {'error: ' if result.error else ''}{tail}"


def calls_line(turn: Turn) -> str:
    """What a support turn that calls tools asks for, results aside."""
    return "calls " + "; ".join(signature(c) for c in turn.tool_calls or ())
