"""Tool-call ids a graded log gives to more than one call.

Some exporters and model servers number calls per message (`call_0` in every assistant
message) or reuse one id for a whole conversation. The critic pairs each call with its result
by id, so a reused id would pair every call with the last result of that id: the first
lookup "returned" what the third one did. Refusing such a log would lose conversations that are
otherwise fine, so the ids are made unique before grading (decision, note17's leftover): a
call whose id an earlier call of the conversation already had is graded as `ID#2`, `ID#3` ...,
and a result carrying the id answers the earliest call of that id before it still without a
result (the order tools answer in), else the latest one. `convsim grade` says so in one note.
"""

from __future__ import annotations

from collections import deque

from agents.types import Turn

__all__ = ["unique_call_ids"]


def unique_call_ids(turns: list[Turn]) -> tuple[list[Turn], tuple[str, ...]]:
    """The turns with every call id unique, and the ids that were reused (empty: unchanged)."""
    uses: dict[str, int] = {}
    for turn in turns:
        for call in turn.tool_calls or ():
            uses[call.id] = uses.get(call.id, 0) + 1
    reused = tuple(i for i, n in uses.items() if n > 1)
    if not reused:
        return turns, ()
    given: dict[str, int] = {}
    waiting: dict[str, deque[str]] = {}  # id as written -> the calls without a result, in order
    latest: dict[str, str] = {}
    out: list[Turn] = []
    for turn in turns:
        if turn.tool_calls:
            calls = []
            for call in turn.tool_calls:
                n = given[call.id] = given.get(call.id, 0) + 1
                new_id = call.id if n == 1 else f"{call.id}#{n}"
                waiting.setdefault(call.id, deque()).append(new_id)
                latest[call.id] = new_id
                calls.append(call if new_id == call.id else call.model_copy(update={"id": new_id}))
            turn = turn.model_copy(update={"tool_calls": tuple(calls)})
        elif turn.role == "tool" and turn.tool_call_id in latest:
            queue = waiting[turn.tool_call_id]
            answered = queue.popleft() if queue else latest[turn.tool_call_id]
            if answered != turn.tool_call_id:
                turn = turn.model_copy(update={"tool_call_id": answered})
        out.append(turn)
    return out, reused
