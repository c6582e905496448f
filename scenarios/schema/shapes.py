"""Reading a scenario's raw parsed data leniently, for the checks between its fields.

The schema pass reports a value of the wrong shape; the cross-field checks
(`scenarios.schema.references`, `spoken`, `rules`) read what has the right shape and treat the
rest as empty, so one root mistake gives one message, not a cascade.
"""

from __future__ import annotations

from typing import Any

from scenarios.schema.problems import did_you_mean

__all__ = ["as_list", "as_map", "guess"]


def as_map(value: Any) -> dict[str, Any]:
    """`value` when it is a mapping, else an empty one."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def guess(word: str, candidates: Any) -> str:
    """A " (did you mean 'x'?)" tail for a message, or "" when nothing is close."""
    found = did_you_mean(word, candidates)
    return f" (did you mean '{found}'?)" if found else ""
