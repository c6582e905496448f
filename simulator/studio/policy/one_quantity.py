"""One quantity, one variable: every rule the policy's lines make about "the fee" tests the
same variable, whose range covers each threshold.

Walkthrough 10 read "If the fee is below 150 euros ..." as `damage_amount` (1 to 300) and
"Fees above 1,000 euros go to the claims team" as `amount` (1 to 2000): two numbers for one fee
that disagreed in every conversation ("damage_amount 32 ... amount 700"), and a range that
never reached the other line's threshold. Lines are read one by one (suggest.py); here their
suggestions are made to agree: a variable a line uses is offered with the line (adding any
one of them makes it), with a range from 1 to twice the highest threshold any line tests.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from simulator.studio.policy.policy_read import Suggestion

__all__ = ["cover", "shared", "thresholds"]

_NUMERIC = re.compile(
    r"\b([a-z][a-z0-9_]*) is (?:more than|less than|at least|at most) (\d+(?:\.\d+)?)\b"
)


def thresholds(s: Suggestion) -> dict[str, float]:
    """The highest number each variable is compared with in `s`'s conditions."""
    out: dict[str, float] = {}
    for when in (s.when, *s.also):
        for name, value in _NUMERIC.findall(when or ""):
            out[name] = max(out.get(name, 0.0), float(value))
    return out


def _names(s: Suggestion) -> set[str]:
    return {
        name
        for when in (s.when, *s.also)
        for name in re.findall(r"\b([a-z][a-z0-9_]*) is\b", when or "")
    }


def _widened(spec: dict[str, Any], top: float) -> dict[str, Any]:
    bounds = spec.get("range")
    if not isinstance(bounds, list) or len(bounds) != 2 or top < 2 or bounds[1] > top:
        return spec
    return {**spec, "range": [bounds[0], 2 * int(top)]}


def shared(found: list[Suggestion], known: dict[Any, Any]) -> list[Suggestion]:
    """`found`, each offering every variable its conditions use that the scenario lacks (the
    first line's spec and label), a number's range covering every line's threshold."""
    specs: dict[str, dict[str, Any]] = {}
    asks: dict[str, str] = {}
    tops: dict[str, float] = {}
    for s in found:
        for name, spec in s.variables.items():
            specs.setdefault(name, spec)
            if name in s.asks:
                asks.setdefault(name, s.asks[name])
        for name, top in thresholds(s).items():
            tops[name] = max(tops.get(name, 0.0), top)
    specs = {n: _widened(spec, tops.get(n, 0.0)) for n, spec in specs.items()}
    out = []
    for s in found:
        used = [n for n in _names(s) if n in specs and str(n) not in map(str, known)]
        variables = {
            **{n: specs[n] for n in used},
            **{n: specs.get(n, v) for n, v in s.variables.items()},
        }
        said = {**{n: asks[n] for n in used if n in asks}, **s.asks}
        out.append(
            replace(s, variables=variables, asks=said)
            if variables != s.variables or said != s.asks
            else s
        )
    return out


def cover(variables: Any, s: Suggestion) -> None:
    """A variable the scenario has already, widened where a rule added from `s` compares it
    with a number its range never reaches (a rule that can never apply)."""
    if not isinstance(variables, dict):
        return
    for name, top in thresholds(s).items():
        spec = variables.get(name)
        bounds = spec.get("range") if isinstance(spec, dict) else None
        if isinstance(bounds, list) and len(bounds) == 2 and top >= 2 and bounds[1] <= top:
            bounds[1] = 2 * int(top)
