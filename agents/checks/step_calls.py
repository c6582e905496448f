"""A support step's tool calls, wherever they sit in it.

Most bots call tools in messages that say nothing and speak in another message; the checks
read support's messages (GradeContext.support_turns), so those calls were seen by none of the
checks that ask whether a turn did something (idle, stall, goal, acted). Here each call goes
to the message of its step that speaks.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.types import ToolCall, Turn


def step_calls(turns: Sequence[Turn], said: Sequence[int]) -> dict[int, tuple[ToolCall, ...]]:
    """The calls of support turns that only call tools (and say nothing, so they are no
    support turn of `support_reads`), given to the turn of the same step that speaks: the
    next one, or, for calls after the step's last words and before the customer speaks
    again, the one before. Without it the checks saw a bot's calls only where it spoke in
    the same message, which most bots never do ("idle", "stalled", "closed without acting"
    after a transfer call and "I've passed you on")."""
    spoken = set(said)
    out: dict[int, tuple[ToolCall, ...]] = {}
    pending: list[ToolCall] = []
    previous: int | None = None  # the step's last turn that spoke
    for index, turn in enumerate(turns):
        if turn.role == "customer":
            if pending and previous is not None:
                out[previous] = (*out.get(previous, turns[previous].tool_calls or ()), *pending)
                pending = []
            previous = None
        elif turn.role == "support" and index in spoken:
            if pending:
                out[index] = (*pending, *(turn.tool_calls or ()))
                pending = []
            previous = index
        elif turn.role == "support" and turn.tool_calls:
            pending.extend(turn.tool_calls)
    if pending and previous is not None:
        out[previous] = (*out.get(previous, turns[previous].tool_calls or ()), *pending)
    return out
