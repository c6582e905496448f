"""A small JSONPath subset for finding the reply in a bot's JSON answer.

`$` is the document; `.name` or `['name']` a key; `[0]`, `[-1]` a list item; `[*]` every item.
That covers the reply shapes of common bot APIs (`$.reply`, `$.choices[0].message.content`,
`$[*].text` for Rasa's REST channel) without a dependency or a query language to learn.
"""

from __future__ import annotations

import re
from typing import Any

Step = str | int | None  # key, index, or None for [*]

_TOKEN = re.compile(
    r"\.(?P<name>[A-Za-z_][\w-]*)|\[(?P<index>-?\d+)\]|\[(?P<star>\*)\]|\['(?P<quoted>[^']*)'\]"
    r'|\["(?P<dquoted>[^"]*)"\]'
)


class PathSyntaxError(ValueError):
    pass


def parse(path: str) -> tuple[Step, ...]:
    if not path.startswith("$"):
        raise PathSyntaxError(f"'{path}' must start with $ (like $.reply)")
    steps: list[Step] = []
    pos = 1
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise PathSyntaxError(
                f"'{path}': cannot read '{path[pos:]}'; use .key, ['key'], [0] or [*]"
            )
        if m.group("name") is not None:
            steps.append(m.group("name"))
        elif m.group("index") is not None:
            steps.append(int(m.group("index")))
        elif m.group("star") is not None:
            steps.append(None)
        else:
            steps.append(m.group("quoted") if m.group("quoted") is not None else m.group("dquoted"))
        pos = m.end()
    return tuple(steps)


_MISSING = object()


def find(doc: Any, steps: tuple[Step, ...]) -> list[Any]:
    """Every value the path reaches (one for a path without [*]); [] when it reaches none."""
    current: list[Any] = [doc]
    for step in steps:
        nxt: list[Any] = []
        for value in current:
            if step is None:
                if isinstance(value, list):
                    nxt.extend(value)
            elif isinstance(step, int):
                if isinstance(value, list) and -len(value) <= step < len(value):
                    nxt.append(value[step])
            elif isinstance(value, dict) and step in value:
                nxt.append(value[step])
        current = nxt
    return current
