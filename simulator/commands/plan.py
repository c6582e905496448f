"""`convsim plan`: the plans a run would start with, without running anything."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agents.planning import BatchPlanner, observed
from agents.planning.coverage import CoverageState
from agents.planning.factors import TRAITS
from simulator.commands.common import stdout, user_errors
from simulator.commands.plan_run import show_run_plans
from simulator.errors import UserError, check_seed
from simulator.run.coverage import check_planner_flags
from simulator.run.inputs import EdgeCasesOption, load_inputs

MAX_N = 100_000


@user_errors
def plan(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario files or folders (default: the built-in library).", show_default=False
        ),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="Number of plans to show.")] = 20,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Run seed, as for convsim run.  [default: 0]"),
    ] = None,
    planner: Annotated[
        str | None,
        typer.Option("--planner", help="coverage, failures or random.  [default: coverage]"),
    ] = None,
    coverage_strength: Annotated[
        int | None,
        typer.Option("--coverage-strength", help="1, 2 (pairwise) or 3.  [default: 2]"),
    ] = None,
    run_dir: Annotated[
        Path | None,
        typer.Option(
            "--run",
            help="An existing run directory: show the plans it would run next, from its stored "
            "results (read-only).",
            show_default=False,
        ),
    ] = None,
    edge_cases: EdgeCasesOption = None,
) -> None:
    """Show the first N plans of a run: scenario, persona traits, edge cases and why.

    Later batches are planned as if every earlier plan ran and passed (failures cannot be
    known without running), so in `failures` mode this shows the coverage pass only. With
    --run, the run's stored results are used: `failures` shows the cells it would target next.
    """
    if not 1 <= n <= MAX_N:
        raise UserError(f"--n {n}: give the number of plans, 1 to {MAX_N}")
    if run_dir is not None:
        given = {"--seed": seed, "--planner": planner, "--coverage-strength": coverage_strength}
        return show_run_plans(run_dir, tuple(paths or ()), edge_cases, n, given)
    seed = 0 if seed is None else seed
    check_seed(seed)
    planner = planner or "coverage"
    coverage_strength = 2 if coverage_strength is None else coverage_strength
    check_planner_flags(planner, coverage_strength)
    inputs = load_inputs(tuple(paths or ()), edge_cases)
    batches = BatchPlanner(
        seed,
        inputs.scenarios,
        inputs.edge_cases,
        inputs.traits,
        mode=planner,  # type: ignore[arg-type]  # checked above
        strength=coverage_strength,
    )
    table = Table(title=f"next {n} plans ({planner}, seed {seed})", title_justify="left")
    columns = ("#", "scenario", "tone", "patience", "verbosity", "tech", "language", "quirks")
    for col in (*columns, "edge cases", "why"):
        table.add_column(col, justify="right" if col == "#" else "left", no_wrap=True)
    shown = CoverageState(batches.model, coverage_strength)
    for spec, p in itertools.islice(batches.plan_ahead(), n):  # planned as a run plans them
        names = observed(p.scenario.id, p.persona, [e.id for e in p.edge_cases])
        shown.add(batches.model.from_names(names), False)
        traits = [", ".join(names[t]) for t in TRAITS]
        edges = ", ".join(e.id for e in p.edge_cases) or "-"
        table.add_row(str(spec.index), p.scenario.id, *traits, edges, spec.why)
    state = shown
    console = stdout(min_width=240)
    console.print(table)
    console.print(
        f"these {n} plans cover {state.covered} of {state.total} feasible "
        f"{state.strength}-wise combinations",
        soft_wrap=True,
    )


__all__ = ["plan"]
