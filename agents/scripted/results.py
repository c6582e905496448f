"""What a conversation's tool results teach the scripted support agent (agents.scripted.tooluse):
the calls already made, the fields the results showed, and the results that name one record.
Each support turn learns them again from the turns (a record kept per desk and extended
turn by turn measured no cheaper: a conversation has a handful of results).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Protocol

_FINDER = re.compile(r"^(?:find|get|lookup|look_up|search)_(.+?)(?:_by_.+)?$")
SCALARS = (str, int, float)  # a tuple: `str | int | float` builds a union at every test


class Learning(Protocol):
    """Where a result's lessons go (agents.scripted.tooluse.Clerk)."""

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
    """A tool result's JSON (else its text): cached, as each support turn learns again from
    every result before it. Only read, never changed, so one parse serves every turn."""
    try:
        return json.loads(content)
    except ValueError:
        return content.strip()


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
