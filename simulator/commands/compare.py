"""`convsim compare RUN_A RUN_B`: regressions and fixes between two bot versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator.commands.common import EXIT_PROBLEMS, stdout, user_errors
from simulator.compare import GroupDelta, compare, load


def _table(title: str, first: str, groups: dict[str, GroupDelta]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in ("compared", "pass A", "pass B", "regressions", "fixes"):
        table.add_column(name, justify="right")
    for key, g in groups.items():
        table.add_row(
            key, str(g.compared), str(g.pass_a), str(g.pass_b), str(g.regressions), str(g.fixes)
        )
    return table


@user_errors
def compare_runs(
    run_a: Annotated[Path, typer.Argument(help="The baseline run directory.")],
    run_b: Annotated[Path, typer.Argument(help="The run of the new bot version.")],
) -> None:
    """List regressions (pass in A, fail in B) and fixes per scenario and edge case.

    Exits 1 when B has any regression, so it can gate CI.
    """
    result = compare(load(run_a), load(run_b))
    console = stdout(min_width=100)
    console.print(
        f"compared {result.compared} conversations: {len(result.regressions)} regressions, "
        f"{len(result.fixes)} fixes, {len(result.errors)} changed by infrastructure errors "
        f"(only in A: {result.only_a}, only in B: {result.only_b})",
        soft_wrap=True,
        markup=False,
    )
    console.print(_table("by scenario", "scenario", result.by_scenario))
    console.print(_table("by edge case", "edge case", result.by_edge_case))
    for title, changes in (
        ("regression", result.regressions),
        ("fix", result.fixes),
        ("error", result.errors),
    ):
        for c in changes:
            edges = ",".join(c.edge_cases) or "-"
            console.print(
                f"{title}: {c.id} {c.scenario_id} [{edges}] {c.before} -> {c.after}: {c.detail}",
                soft_wrap=True,
                markup=False,
            )
    if result.regressions:
        raise typer.Exit(EXIT_PROBLEMS)


__all__ = ["compare_runs"]
