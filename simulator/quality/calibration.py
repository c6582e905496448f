"""Measuring the deterministic critic against a labeled calibration set.

The tuned set is every .jsonl file in tests/data/calibration (transcripts.jsonl, hand-written
with the first checks; customer.jsonl, written by bench/calibration_set.py); the held-out set
in tests/data/calibration/heldout was written by bench/calibration_heldout.py after the
checks were final, so its figures are the honest ones. Each calibration record is a
transcript record (the `convsim grade` input) plus `expected`, the defect categories a person
put into it ([] for a clean one). A conversation counts as
predicted for a category when the critic reports at least one finding of that category;
precision and recall are per category, over conversations. `bench/critic_eval.py` prints
them; a test holds them to the goal (recall >= 0.95, precision >= 0.9).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from agents.critic import Critic
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import load_scenarios
from simulator.quality.grade_input import parse_line
from simulator.quality.grading import grade_parsed

CALIBRATION = Path(__file__).resolve().parents[2] / "tests" / "data" / "calibration"
HELDOUT = CALIBRATION / "heldout"
CHECKABLE = (
    "success_criterion",
    "policy_rule",
    "empty_turn",
    "repeated_turn",
    "structure",
    "turn_limit",
    "pii_leak",
    "instruction_leak",
    "persona_drift",
    "verbosity_drift",
    "quirk_drift",
    "ended_early",
    "rescued_support",
)
GOAL_RECALL = 0.95
GOAL_PRECISION = 0.9


@dataclass(frozen=True)
class Figures:
    category: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        labeled = self.true_positives + self.false_negatives
        return self.true_positives / labeled if labeled else 1.0

    @property
    def meets_goal(self) -> bool:
        return self.recall >= GOAL_RECALL and self.precision >= GOAL_PRECISION


@dataclass(frozen=True)
class Mistake:
    id: str
    category: str
    kind: str  # "missed" or "false alarm"


def evaluate(
    folder: Path = CALIBRATION, critic: Critic | None = None
) -> tuple[list[Figures], list[Mistake], int]:
    """(figures per category, the mistakes, number of records) for the calibration set."""
    critic = critic or Critic()
    folders = [CALIBRATION / "scenarios"]
    if (folder / "scenarios").resolve() != folders[0].resolve() and (folder / "scenarios").is_dir():
        folders.append(folder / "scenarios")  # a held-out set may add its own scenarios
    scenarios = {s.id: s for s in load_scenarios(folders)}
    edge_cases = load_edge_cases().by_id()
    counts = {c: [0, 0, 0] for c in CHECKABLE}
    mistakes: list[Mistake] = []
    n = 0
    for path, number, text in _lines(folder):
        record = json.loads(text)
        parsed = parse_line(text, f"{path}:{number}", scenarios, edge_cases)
        verdict = grade_parsed(parsed, critic)
        found = {f.category for f in verdict.findings}
        expected = set(record["expected"])
        n += 1
        for category in CHECKABLE:
            hit, wanted = category in found, category in expected
            if hit and wanted:
                counts[category][0] += 1
            elif hit:
                counts[category][1] += 1
                mistakes.append(Mistake(parsed.id, category, "false alarm"))
            elif wanted:
                counts[category][2] += 1
                mistakes.append(Mistake(parsed.id, category, "missed"))
    figures = [Figures(c, *counts[c]) for c in CHECKABLE]
    return figures, mistakes, n


def _lines(folder: Path) -> Iterator[tuple[Path, int, str]]:
    """Every record line of the folder's .jsonl files, in file-name order."""
    for path in sorted(folder.glob("*.jsonl")):
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip():
                yield path, number, text


def table(figures: Sequence[Figures]) -> str:
    lines = [f"{'category':<18} {'labeled':>7} {'precision':>9} {'recall':>7}  goal"]
    for f in figures:
        labeled = f.true_positives + f.false_negatives
        recall = f"{f.recall:>7.3f}" if labeled else f"{'-':>7}"
        goal = "met" if f.meets_goal else "MISSED"
        if not labeled and not f.false_positives:
            goal = "no labeled cases"
        lines.append(f"{f.category:<18} {labeled:>7} {f.precision:>9.3f} {recall}  {goal}")
    return "\n".join(lines)
