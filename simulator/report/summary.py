"""What the report shows about a run, counted while its records stream by (twice).

The report used to hold every record and build `load_run`'s frames (turns with their text),
so its memory grew with the run: 381 MB at 2,000 conversations, 983 MB at 20,000. Here each
record is read, counted and dropped: counts per label, status, finding category and coverage
cell; one score per rubric dimension and a few numbers per turn (lengths, hashes, latency) in
arrays; the worst transcripts as a bounded list. A second pass fetches only the texts the
variety samples need (`variety.VarietyTally`). The figures are the ones the frame-based code
gave; sums of money are compensated (Neumaier), equal to it at the page's precision.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from agents.critic import undecided_criteria
from simulator.report.variety import VarietyTally
from simulator.store.tables import USAGE_KEYS, conversation_usage, final_label, passed
from simulator.store.tallies import NO_EDGE_CASE, TRAITS, Cells

WORST = 10
SEVERITY_RANK = {"REJECT": 0, "ERROR": 1, "REVIEW": 2, "ACCEPT": 3}
Records = Callable[[], Iterable[dict[str, Any]]]  # a fresh pass over the run's records


class Sum:
    """A float sum with Neumaier's compensation: the order of the terms barely matters."""

    def __init__(self) -> None:
        self.total = 0.0
        self.error = 0.0

    def add(self, value: float) -> None:
        t = self.total + value
        if abs(self.total) >= abs(value):
            self.error += (self.total - t) + value
        else:
            self.error += (value - t) + self.total
        self.total = t

    @property
    def value(self) -> float:
        return self.total + self.error


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _present(value: Any) -> bool:
    """What pandas' notna says of a cell: neither None nor NaN."""
    return value is not None and not (isinstance(value, float) and value != value)


@dataclass
class UsageTally:
    """Model calls, tokens and cost per role (turns with usage), the critic's judge calls, the
    conversations' own totals, and latency per turn by role."""

    roles: dict[str, list[Any]] = field(default_factory=dict)  # role -> [calls, Sum x 3]
    critic: list[Sum] = field(default_factory=lambda: [Sum() for _ in range(4)])
    judged: int = 0
    totals: list[Sum] = field(default_factory=lambda: [Sum() for _ in USAGE_KEYS])
    conversations: int = 0
    latency: dict[str, array[float]] = field(default_factory=dict)
    tokens: bool = False  # a turn records usage (its role may be unknown)

    def add(self, record: Mapping[str, Any]) -> None:
        sums = dict.fromkeys(USAGE_KEYS, 0.0)
        counted = False
        for turn in record.get("turns", []):
            usage = turn.get("usage") or {}
            role = turn.get("role")
            values = [usage.get(key) for key in USAGE_KEYS]
            for key, value in zip(USAGE_KEYS, values, strict=True):
                number = value if isinstance(value, int | float) else None
                if number is not None:
                    sums[key] += float(number)
                    counted = True
            priced = any(_present(v) for v in values)
            self.tokens = self.tokens or priced
            if role is not None and priced:
                row = self.roles.setdefault(str(role), [0, Sum(), Sum(), Sum()])
                row[0] += 1
                for total, value in zip(row[1:], values, strict=True):
                    number = _number(value)
                    if number is not None and number == number:
                        total.add(number)
            latency = turn.get("latency_ms")
            if role is not None and isinstance(latency, int | float) and _present(latency):
                self.latency.setdefault(str(role), array("d")).append(float(latency))
        conv = conversation_usage(record.get("usage"), sums if counted else None)
        if conv["critic_calls"] is not None:
            self.judged += 1
            for total, key in zip(self.critic, ("calls", *USAGE_KEYS), strict=True):
                value = conv[f"critic_{key}"]
                if value is not None and value == value:
                    total.add(value)
        if any(conv[key] is not None for key in USAGE_KEYS):
            self.conversations += 1
            for total, key in zip(self.totals, USAGE_KEYS, strict=True):
                value = conv[key]
                if value is not None and value == value:
                    total.add(value)

    def used(self) -> bool:
        return bool(self.tokens or self.latency or self.judged)


@dataclass
class RunSummary:
    conversations: int = 0
    scenarios: set[str] = field(default_factory=set)
    statuses: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)  # final labels (review wins)
    graded: int = 0
    passed: int = 0
    undecided: int = 0
    simulator: int = 0  # failures left on the simulated customer
    faults: int = 0  # attempts dropped and re-run for a simulator fault
    turns: int = 0
    findings: int = 0
    categories: Counter[str] = field(default_factory=Counter)  # "dimension/category"
    scores: dict[str, array[float]] = field(default_factory=dict)  # one per conversation
    by_edge: Cells = field(default_factory=lambda: Cells(["scenario_id", "edge_case"]))
    by_trait: Cells = field(default_factory=lambda: Cells(["trait", "domain"]))
    usage: UsageTally = field(default_factory=UsageTally)
    variety: VarietyTally = field(default_factory=VarietyTally)
    bad: int = 0  # conversations not accepted or with a finding
    worst: list[tuple[tuple[Any, ...], dict[str, Any], str | None]] = field(default_factory=list)

    def add(self, record: dict[str, Any], decisions: dict[str, str]) -> None:
        verdict = record.get("verdict") or {}
        final = final_label(record, decisions)
        ok = passed(final, decisions.get(record["id"]) is not None, verdict)
        outcome = record.get("outcome") or {}
        scenario = record.get("scenario_id")
        self.conversations += 1
        if scenario is not None:
            self.scenarios.add(scenario)
        self.statuses[_key(outcome.get("status"))] += 1
        self.labels[_key(final)] += 1
        self.graded += ok is not None
        self.passed += ok is True
        self.undecided += bool(undecided_criteria([str(u) for u in verdict.get("unjudged") or []]))
        self.simulator += verdict.get("blame") == "simulator"
        self.faults += len(record.get("simulator_faults") or [])
        self.turns += len(record.get("turns", []))
        findings = verdict.get("findings", [])
        self.findings += len(findings)
        nan = float("nan")
        for f in findings:
            self.categories[f"{f.get('dimension', nan)}/{f.get('category', nan)}"] += 1
        self._scores(verdict.get("scores") or {})
        self._cells(record, ok)
        self.usage.add(record)
        self.variety.add(record)
        if final != "ACCEPT" or findings:
            self.bad += 1
            self.worst.append((badness(record, final), record, final))
            if len(self.worst) >= 4 * WORST:  # a stable sort keeps the order sorted() gives
                self.worst = sorted(self.worst, key=lambda item: item[0])[:WORST]

    def _scores(self, scores: Mapping[str, Any]) -> None:
        before = self.conversations - 1
        for dim in scores:
            if dim not in self.scores:
                self.scores[dim] = array("d", [float("nan")] * before)
        for dim, values in self.scores.items():
            values.append(float(scores[dim]) if dim in scores else float("nan"))

    def _cells(self, record: Mapping[str, Any], ok: bool | None) -> None:
        scenario = record.get("scenario_id")
        for edge in list(record.get("edge_cases", [])) or [NO_EDGE_CASE]:
            self.by_edge.add((scenario, edge), ok)
        persona = record.get("persona") or {}
        domain = str(record.get("scenario_id", "")).split("/", 1)[0]
        for trait in TRAITS:
            self.by_trait.add((f"{trait}: {persona.get(trait)}", domain), ok)
        for quirk in list(persona.get("quirks", [])) or [NO_EDGE_CASE]:
            self.by_trait.add((f"quirk: {quirk}", domain), ok)

    def score_frame(self) -> pd.DataFrame:
        """One column per rubric dimension (sorted), one row per conversation, NaN if none."""
        dims = sorted(self.scores)
        return pd.DataFrame({d: np.array(self.scores[d], dtype=float) for d in dims}, columns=dims)

    def worst_records(self) -> list[tuple[dict[str, Any], str | None]]:
        ranked = sorted(self.worst, key=lambda item: item[0])[:WORST]
        return [(record, final) for _, record, final in ranked]


def _key(value: Any) -> str:
    return str(value) if value is not None and value == value else "none"


def badness(record: Mapping[str, Any], final: str | None) -> tuple[Any, ...]:
    """Sort key, worst first: label, critical findings, findings, lowest score, id."""
    verdict = record.get("verdict") or {}
    findings = verdict.get("findings", [])
    scores = list((verdict.get("scores") or {}).values()) or [5.0]
    critical = sum(f.get("severity") == "critical" for f in findings)
    return (SEVERITY_RANK.get(str(final), 4), -critical, -len(findings), min(scores),
            str(record["id"]))  # fmt: skip


def summarize(records: Records, decisions: dict[str, str]) -> RunSummary:
    """Two passes over `records()`: everything counted, then the variety samples' texts."""
    summary = RunSummary()
    for record in records():
        summary.add(record, decisions)
    summary.variety.plan()
    for record in records():
        summary.variety.collect(record)
    return summary
