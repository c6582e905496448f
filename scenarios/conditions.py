"""A `Condition` and when it holds for a value: one meaning for every place conditions appear.

Support rules, expected actions and the `where` of record variables all test text against
the same data form (`{eq: pending}`, `{gt: 30}`, `{in: [a, b]}`): numerically when both
sides read as numbers, otherwise as text, ignoring case and surrounding spaces.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ConfigDict, Field, field_validator, model_validator

from scenarios.strict import Strict

__all__ = ["Condition", "all_hold", "condition_holds", "equal"]


class Condition(Strict):
    """A test on one drawn variable. All given comparisons must hold."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    eq: str | int | float | None = None
    ne: str | int | float | None = None
    gt: float | None = None
    ge: float | None = None
    lt: float | None = None
    le: float | None = None
    in_: list[str | int | float] | None = Field(default=None, alias="in")
    not_in: list[str | int | float] | None = None

    @field_validator("gt", "ge", "lt", "le")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        """A YAML `.nan` bound makes a condition that never holds, `.inf` one that always or
        never does, silently: refused when the file is read."""
        if value is not None and not math.isfinite(value):
            raise ValueError(f"got {value}, not a finite number; give a number")
        return value

    @model_validator(mode="before")
    @classmethod
    def _booleans(cls, data: Any) -> Any:
        """A YAML `true`/`false` is compared as the text a boolean variable holds, not as
        the number 1/0 pydantic would make of it."""
        if not isinstance(data, dict):
            return data
        return {k: _as_text(v) for k, v in data.items()}


def _as_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value


_ORDER: tuple[tuple[str, Callable[[float, float], bool]], ...] = (
    ("gt", operator.gt),
    ("ge", operator.ge),
    ("lt", operator.lt),
    ("le", operator.le),
)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip())
    except ValueError:
        return None


def equal(value: str, target: str | int | float) -> bool:
    a, b = _number(value), _number(target)
    if a is not None and b is not None:
        return a == b
    return value.strip().casefold() == str(target).strip().casefold()


def condition_holds(value: str, cond: Condition) -> bool:
    """All given comparisons hold."""
    if cond.eq is not None and not equal(value, cond.eq):
        return False
    if cond.ne is not None and equal(value, cond.ne):
        return False
    number = _number(value)
    for name, op in _ORDER:
        bound = getattr(cond, name)
        if bound is not None and (number is None or not op(number, bound)):
            return False
    if cond.in_ is not None and not any(equal(value, t) for t in cond.in_):
        return False
    return not (cond.not_in is not None and any(equal(value, t) for t in cond.not_in))


def all_hold(when: Mapping[str, Condition], values: Mapping[str, str]) -> bool:
    """Every condition holds for its variable; a variable without a value fails."""
    return all(name in values and condition_holds(values[name], c) for name, c in when.items())
