"""What a conversation's tool results teach the scripted support agent (agents.scripted.tooluse):
the calls already made, the fields the results showed, and the results that name one record.
Kept per desk and extended turn by turn, since each support turn starts from all of them.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Protocol

from agents.tools import Desk
from agents.types import ToolCall, Turn

_FINDER = re.compile(r"^(?:find|get|lookup|look_up|search)_(.+?)(?:_by_.+)?$")
SCALARS = (str, int, float)  # a tuple: `str | int | float` builds a union at every test


class Learning(Protocol):
    """Where a result's lessons go (a Clerk, or a desk's record of them)."""

    seen: dict[str, Any]
    texts: list[str]
    grounds: list[str]


# `json.dumps(..., sort_keys=True, default=str)` without building an encoder per call.
_KEY_JSON = json.JSONEncoder(sort_keys=True, default=str)


@dataclass(frozen=True)
class Call:
    name: str
    arguments: dict[str, Any]

    def key(self) -> str:
        return self._key

    @cached_property
    def _key(self) -> str:
        """Worked out once per call: the expected actions are compared on every turn."""
        return self.name + _KEY_JSON.encode(self.arguments)


@lru_cache(maxsize=1024)
def _parsed(content: str) -> Any:
    """A tool result's JSON (else its text): cached, as a result may be read again (a
    conversation's turns read whole). Only read, never changed: one parse serves all."""
    try:
        return json.loads(content)
    except ValueError:
        return content.strip()


class _Learnt:
    """What the tool turns of a conversation so far taught (a Clerk's starting point): kept
    per desk and extended by the turns added since, instead of read again from the first
    turn at every support turn."""

    def __init__(self) -> None:
        self.made: set[str] = set()
        self.seen: dict[str, Any] = {}
        self.texts: list[str] = []
        self.grounds: list[str] = []
        self.calls: dict[str, ToolCall] = {}  # tool call id -> the call
        self.upto = 0  # turns read
        self.last: Turn | None = None  # the last turn read, to tell the same conversation

    def continued_by(self, turns: Sequence[Turn]) -> bool:
        n = self.upto
        return n <= len(turns) and (n == 0 or turns[n - 1] is self.last)

    def read(self, turns: Sequence[Turn]) -> bool:
        """Learn from `turns[self.upto:]`; False when they reuse a call id (the call a tool
        turn answers is then the last one with that id in all of `turns`)."""
        new = turns[self.upto :]
        for t in new:
            for c in t.tool_calls or ():
                if c.id in self.calls:
                    return False
                self.calls[c.id] = c
        self._take(new)
        self.upto, self.last = len(turns), (turns[-1] if turns else None)
        return True

    def read_whole(self, turns: Sequence[Turn]) -> None:
        self.calls = {c.id: c for t in turns if t.tool_calls for c in t.tool_calls}
        self._take(turns)

    def _take(self, turns: Sequence[Turn]) -> None:
        for turn in turns:
            if turn.role == "tool" and turn.tool_call_id in self.calls:
                call = self.calls[turn.tool_call_id]
                self.made.add(Call(call.name, dict(call.arguments)).key())
                if not turn.error:
                    learn(self, call.name, turn.content)


_LEARNT: weakref.WeakKeyDictionary[Desk, _Learnt] = weakref.WeakKeyDictionary()


def learnt_from(desk: Desk, turns: Sequence[Turn]) -> _Learnt:
    """What `turns`' tool results taught: the desk's record extended by the turns since,
    when `turns` continue the ones it read (else read from the start)."""
    found = _LEARNT.get(desk)
    if found is None or not found.continued_by(turns):
        found = _Learnt()
    if found.read(turns):
        _LEARNT[desk] = found
        return found
    _LEARNT.pop(desk, None)  # a reused call id: read whole, as at every turn
    whole = _Learnt()
    whole.read_whole(turns)
    return whole


def learn(into: Learning, name: str, content: str) -> None:
    """What one result teaches: its text, whether it names one record, and its fields."""
    into.texts.append(content)
    data = _parsed(content)
    if not (isinstance(data, list) and len(data) > 1):
        into.grounds.append(content)
    if isinstance(data, list) and len(data) == 1:
        data = data[0]  # the one record a search found
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, SCALARS) and not isinstance(value, bool):
                into.seen.setdefault(key, value)
    elif isinstance(data, str | int) and str(data) and " " not in str(data):
        m = _FINDER.match(name)
        if m is not None:
            into.seen.setdefault(m.group(1), data)
