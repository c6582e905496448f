"""Counts in English summary lines: "1 turn", "2 turns" (a line that says "1 turns" reads as
careless, and it is the first thing a newcomer sees)."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """`n` with the noun in the number it needs; `plural` defaults to `singular + "s"`."""
    return f"{n} {singular if n == 1 else plural or singular + 's'}"
