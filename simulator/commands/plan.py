"""`convsim plan`: the plans a run would start with, without running anything."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agents.planning import BatchPlanner, observed
from agents.planning.factors import TRAITS
from simulator.commands.common import stdout, user_errors
from simulator.coverage import check_planner_flags
from simulator.errors import UserError
from simulator.inputs import load_inputs

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
    seed: Annotated[int, typer.Option("--seed", help="Run seed, as for convsim run.")] = 0,
    planner: Annotated[
        str, typer.Option("--planner", help="coverage, failures or random.")
    ] = "coverage",
    coverage_strength: Annotated[
        int, typer.Option("--coverage-strength", help="1, 2 (pairwise) or 3.")
    ] = 2,
) -> None:
    """Show the first N plans of a run: scenario, persona traits, edge cases and why.

    Later batches are planned as if every earlier plan ran and passed (failures cannot be
    known without running), so in `failures` mode this shows the coverage pass only.
    """
    if not 1 <= n <= MAX_N:
        raise UserError(f"--n {n}: give the number of plans, 1 to {MAX_N}")
    check_planner_flags(planner, coverage_strength)
    inputs = load_inputs(tuple(paths or ()))
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
    batch = 0
    while batch * batches.batch_size < n:
        for spec in batches.plan_batch(batch):
            p = batches.materialize(spec)
            names = observed(p.scenario.id, p.persona, [e.id for e in p.edge_cases])
            if spec.index < n:
                batches.observe(names, False)
                traits = [", ".join(names[t]) for t in TRAITS]
                edges = ", ".join(e.id for e in p.edge_cases) or "-"
                table.add_row(str(spec.index), p.scenario.id, *traits, edges, spec.why)
        batch += 1
    state = batches.state
    console = stdout(min_width=240)
    console.print(table)
    console.print(
        f"these {n} plans cover {state.covered} of {state.total} feasible "
        f"{state.strength}-wise combinations",
        soft_wrap=True,
    )


__all__ = ["plan"]
