"""`--no-judge` (`convsim test`, `convsim run`): a session without a judge model names the
scenarios' `judge:` criteria as not graded instead of leaving its conversations undecided on
them. What it leaves out is written in the manifest's `config` (`no_judge_config`) and read
back from there by whoever decides later what an ACCEPT means (`left_out_of`: export, the
run's counts); a criterion a deterministic check could not decide is never among them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from scenarios.model import Scenario

__all__ = ["LeftOut", "judge_criteria", "left_out_of", "no_judge_config"]

# scenario id -> its judge criteria that `--no-judge` (test, run) leaves out of the decision
LeftOut = Mapping[str, frozenset[str]]


def judge_criteria(scenarios: Iterable[Scenario]) -> dict[str, frozenset[str]]:
    """Scenario id -> its `judge:` criteria: what --no-judge leaves out of the decision."""
    found = {s.id: frozenset(c.id for c in s.success if c.judge is not None) for s in scenarios}
    return {sid: names for sid, names in found.items() if names}


def no_judge_config(left_out: LeftOut) -> dict[str, Any]:
    """The manifest's `config` entries of a --no-judge session: that it was one, and every
    `scenario:criterion` no one graded (export reads them back: `left_out_of`)."""
    names = sorted(f"{sid}:{c}" for sid, criteria in left_out.items() for c in criteria)
    return {"no_judge": True, "judge_criteria_not_graded": names}


def left_out_of(config: Mapping[str, Any]) -> dict[str, frozenset[str]] | None:
    """A manifest `config`'s --no-judge criteria by scenario, or None when it had none."""
    names = config.get("judge_criteria_not_graded")
    if config.get("no_judge") is not True or not isinstance(names, list):
        return None
    found: dict[str, set[str]] = {}
    for name in names:
        sid, sep, criterion = str(name).rpartition(":")
        if sep:
            found.setdefault(sid, set()).add(criterion)
    return {sid: frozenset(c) for sid, c in found.items()}
