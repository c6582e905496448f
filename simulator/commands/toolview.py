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


# What a terminal acts on instead of showing: C0/C1 control characters (ESC starts a colour,
# a screen clear, a window title, a hyperlink, a clipboard write), DEL, and the bidi controls
# that reorder the rest of a line. Line breaks and tabs are kept: a reply's lines are lines.
_HIDDEN = {
    *(c for c in range(0x20) if chr(c) not in "\n\t"),
    *range(0x7F, 0xA0),
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}
_ESCAPES = {c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" for c in _HIDDEN}


def terminal_safe(text: str) -> str:
    """`text` with what a terminal would act on written as escapes (`\\x1b[2J`, `\\u202e`):
    a bot's words and tool names are data, and `show` printed an ESC sequence in a reply as
    the terminal's command (outsider 18 #4: a cleared screen, a window title, a hyperlink,
    a clipboard write; a right-to-left override reversed the line)."""
    return text.translate(_ESCAPES)
