"""Which records an export keeps: verdict, scores, status, scenario and edge-case filters.

Flags are checked against the run before anything is written, so a typo (`--status resolvd`,
a scenario the run never had) is one error line naming the flag and what exists, not an
empty file. A person's review decision replaces the critic's label for `--verdict`.

Undecided is not accepted: a record the critic labelled ACCEPT while a criterion was left
undecided (`agents.critic.undecided_criteria`: it needs a judge model) does not pass the
ACCEPT filter unless `--keep-undecided` asks for it, or a person accepted it in review. A run
made with `--no-judge` names its judge criteria as not graded (manifest.json): those alone do
not make a record undecided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from agents.critic import undecided_criteria
from simulator.errors import UserError

LABELS = ("ACCEPT", "REVIEW", "REJECT", "ERROR")
STATUSES = ("resolved", "escalated", "abandoned", "max_turns", "error")
NONE = "none"


def split_list(values: Sequence[str]) -> list[str]:
    """Repeated flags and comma lists alike: `--status a,b --status c` -> [a, b, c]."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@dataclass(frozen=True)
class Filters:
    verdicts: tuple[str, ...] = ("ACCEPT",)
    min_scores: tuple[tuple[str, float], ...] = ()
    statuses: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    edge_cases: tuple[str, ...] = ()
    keep_undecided: bool = False  # ACCEPT with undecided criteria counts as ACCEPT
    # scenario id -> judge criteria the run left out with --no-judge (its manifest says so):
    # not undecided, so an ACCEPT open on those alone is kept
    left_out: Mapping[str, frozenset[str]] = field(default_factory=dict)


def parse_filters(
    verdict: Sequence[str],
    min_score: Sequence[str],
    status: Sequence[str],
    scenario: Sequence[str],
    edge_case: Sequence[str],
    keep_undecided: bool = False,
) -> Filters:
    verdicts = [v.upper() for v in split_list(verdict)] or ["ACCEPT"]
    if [v for v in verdicts if v == "ANY"]:
        verdicts = list(LABELS)
    for v in verdicts:
        if v not in LABELS:
            raise UserError(f"--verdict {v}: not a label; give one of {', '.join(LABELS)} or any")
    scores: list[tuple[str, float]] = []
    for item in min_score:
        dim, sep, number = item.partition("=")
        try:
            value = float(number)
        except ValueError:
            value = float("nan")
        if not sep or not dim.strip() or value != value:
            raise UserError(
                f"--min-score {item}: write DIMENSION=NUMBER, e.g. --min-score policy=4"
            )
        scores.append((dim.strip(), value))
    statuses = split_list(status)
    for s in statuses:
        if s not in STATUSES:
            raise UserError(f"--status {s}: not an outcome; give one of {', '.join(STATUSES)}")
    return Filters(
        tuple(dict.fromkeys(verdicts)),
        tuple(scores),
        tuple(statuses),
        tuple(split_list(scenario)),
        tuple(split_list(edge_case)),
        keep_undecided,
    )


@dataclass
class Known:
    """What the run holds, to check flags against."""

    scenarios: set[str] = field(default_factory=set)
    edge_cases: set[str] = field(default_factory=set)
    dimensions: set[str] = field(default_factory=set)

    def add(self, record: Mapping[str, Any]) -> None:
        self.scenarios.add(str(record.get("scenario_id")))
        self.edge_cases.update(record.get("edge_cases", []))
        self.dimensions.update(((record.get("verdict") or {}).get("scores") or {}).keys())


def check_against_run(filters: Filters, known: Known, run: str) -> None:
    for pattern in filters.scenarios:
        if not any(fnmatchcase(s, pattern) for s in known.scenarios):
            raise UserError(
                f"--scenario {pattern}: no conversation in {run} has this scenario; "
                f"it has {_some(known.scenarios)}"
            )
    for edge in filters.edge_cases:
        if edge != NONE and edge not in known.edge_cases:
            raise UserError(
                f"--edge-case {edge}: no conversation in {run} has this edge case; "
                f"it has {_some(known.edge_cases)} (or give none)"
            )
    for dim, _ in filters.min_scores:
        if dim not in known.dimensions:
            raise UserError(
                f"--min-score {dim}: no verdict in {run} scores this dimension; "
                f"it scores {_some(known.dimensions)}"
            )


def _some(names: set[str]) -> str:
    ordered = sorted(names)
    if not ordered:
        return "none"
    shown = ", ".join(ordered[:8])
    return shown + (f" and {len(ordered) - 8} more" if len(ordered) > 8 else "")


UNDECIDED = "ACCEPT with undecided criteria (--keep-undecided keeps them)"


def rejection(
    record: Mapping[str, Any], label: str | None, filters: Filters, reviewed: bool = False
) -> str | None:
    """Why the filters drop this record (the summary's reason), or None to keep it."""
    if label not in filters.verdicts:
        return f"verdict {label or 'none'}"
    if label == "ACCEPT" and not reviewed and not filters.keep_undecided:
        unjudged = (record.get("verdict") or {}).get("unjudged") or []
        left = filters.left_out.get(str(record.get("scenario_id")), frozenset())
        if [c for c in undecided_criteria([str(u) for u in unjudged]) if c not in left]:
            return UNDECIDED
    status = (record.get("outcome") or {}).get("status")
    if filters.statuses and status not in filters.statuses:
        return f"status {status}"
    scenario = str(record.get("scenario_id"))
    if filters.scenarios and not any(fnmatchcase(scenario, p) for p in filters.scenarios):
        return "scenario not selected"
    if filters.edge_cases:
        edges = list(record.get("edge_cases", [])) or [NONE]
        if not any(e in filters.edge_cases for e in edges):
            return "edge case not selected"
    scores = (record.get("verdict") or {}).get("scores") or {}
    for dim, minimum in filters.min_scores:
        value = scores.get(dim)
        if value is None or float(value) < minimum:
            return f"score {dim} below {minimum:g}"
    return None
