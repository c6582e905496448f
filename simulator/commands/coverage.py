"""`convsim coverage DIR`: which factor combinations a run covered, how often, how they passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from agents.planning.factors import Combo, FactorModel
from simulator.commands.common import stdout, user_errors
from simulator.errors import UserError
from simulator.run.coverage import failed, iter_coverage
from simulator.run.inputs import Inputs
from simulator.run.plan_next import recorded_inputs
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import DB_NAME


@dataclass
class Cell:
    runs: int = 0
    passed: int = 0
    failed: int = 0

    @property
    def pass_rate(self) -> float | None:
        graded = self.passed + self.failed
        return None if graded == 0 else self.passed / graded


@dataclass
class Report:
    model: FactorModel
    strength: int
    cells: dict[Combo, Cell] = field(default_factory=dict)
    conversations: int = 0

    @property
    def covered(self) -> int:
        return sum(1 for c in self.cells.values() if c.runs)


def build_report(model: FactorModel, strength: int, rows: Any) -> Report:
    report = Report(model, strength, {c: Cell() for c in model.universe(strength)})
    for names, label, status in rows:
        report.conversations += 1
        for combo in model.combos(model.from_names(names), strength):
            cell = report.cells.get(combo)
            if cell is None:  # a combination the current library no longer allows
                continue
            cell.runs += 1
            if status != "error" and label not in (None, "ERROR"):
                if failed(label):
                    cell.failed += 1
                elif label == "ACCEPT":
                    cell.passed += 1
    return report


def run_inputs(out: Path, paths: list[Path] | None) -> Inputs:
    """The scenarios a run used: given paths, else the manifest's, else the built-in library;
    with the user edge-case library (--edge-cases) the manifest records."""
    return recorded_inputs(out, paths or (), None)


def stored_strength(store: RunStore) -> int:
    config = store.run_config()
    planner = config[2].get("planner", {}) if config else {}
    return int(planner.get("strength", 2)) if isinstance(planner, dict) else 2


def _rate(cell: Cell) -> str:
    rate = cell.pass_rate
    return "-" if rate is None else f"{rate:.0%}"


def print_report(report: Report, limit: int) -> None:
    model = report.model
    console = stdout(min_width=100)
    pairs = Table(title=f"coverage by factors ({report.strength}-wise)", title_justify="left")
    for col in ("factors", "covered", "feasible", "min runs", "max runs"):
        pairs.add_column(col, justify="left" if col == "factors" else "right")
    groups: dict[tuple[int, ...], list[Cell]] = {}
    for combo, cell in report.cells.items():
        key = tuple(model.values[v].factor for v in combo)
        groups.setdefault(key, []).append(cell)
    for key in sorted(groups):
        name = " x ".join(model.factors[f] for f in key)
        runs = [c.runs for c in groups[key]]
        covered = sum(1 for r in runs if r)
        pairs.add_row(name, str(covered), str(len(runs)), str(min(runs)), str(max(runs)))
    console.print(pairs)
    ranked = sorted(
        report.cells.items(),
        key=lambda item: (
            item[1].pass_rate if item[1].pass_rate is not None else 2.0,
            item[1].runs,
            item[0],
        ),
    )
    shown = ranked if limit <= 0 else ranked[:limit]
    title = "cells, lowest pass rate first" + (
        f" ({len(shown)} of {len(ranked)}; --limit 0 for all)" if len(shown) < len(ranked) else ""
    )
    cells = Table(title=title, title_justify="left")
    for col in ("combination", "runs", "failed", "pass rate"):
        cells.add_column(col, justify="left" if col == "combination" else "right")
    for combo, cell in shown:
        text = " & ".join("=".join(model.name(v)) for v in combo)
        cells.add_row(text, str(cell.runs), str(cell.failed), _rate(cell))
    console.print(cells)
    total = len(report.cells)
    share = report.covered / total if total else 1.0
    failing = sum(1 for c in report.cells.values() if c.failed)
    console.print(
        f"total: {report.covered} of {total} feasible {report.strength}-wise combinations "
        f"covered ({share:.1%}) by {report.conversations} conversations; "
        f"{failing} with failures",
        soft_wrap=True,
    )


@user_errors
def coverage(
    out: Annotated[Path, typer.Argument(help="A run directory.", show_default=False)],
    paths: Annotated[
        list[Path] | None,
        typer.Option("--scenarios", help="Scenario paths (default: those the run recorded)."),
    ] = None,
    strength: Annotated[
        int | None,
        typer.Option("--strength", help="1, 2 or 3 (default: the run's --coverage-strength)."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Cells to list; 0 lists all.")] = 30,
) -> None:
    """Print the coverage table of a run: combinations covered, how often, pass rate per cell."""
    db = out / DB_NAME
    if not db.is_file():
        raise UserError(f"{out}: no {DB_NAME} here; give a run directory made by convsim run")
    inputs = run_inputs(out, paths)
    try:
        with RunStore(db, readonly=True) as store:
            t = strength if strength is not None else stored_strength(store)
            if t not in (1, 2, 3):
                raise UserError(f"--strength {t}: give 1, 2 or 3")
            model = FactorModel(inputs.scenarios, inputs.edge_cases, inputs.traits)
            report = build_report(model, t, iter_coverage(store))
    except StoreError as exc:
        raise UserError(f"{out}: {exc}") from exc
    print_report(report, limit)


__all__ = ["coverage"]
