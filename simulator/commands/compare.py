"""`convsim compare RUN_A RUN_B`: regressions and fixes between two bot versions."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator.bots import compare_replay
from simulator.bots.compare import GroupDelta, compare, load
from simulator.commands.common import EXIT_PROBLEMS, stdout, user_errors


def _table(title: str, first: str, groups: dict[str, GroupDelta]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in ("compared", "pass A", "pass B", "regressions", "fixes", "pass -> undecided"):
        table.add_column(name, justify="right")
    for key, g in groups.items():
        counts = (g.compared, g.pass_a, g.pass_b, g.regressions, g.fixes, g.undecided)
        table.add_row(key, *map(str, counts))
    return table


@user_errors
def compare_runs(
    run_a: Annotated[Path, typer.Argument(help="The baseline run directory.")],
    run_b: Annotated[Path, typer.Argument(help="The run of the new bot version.")],
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            metavar="DIR",
            help="Replay each regression's conversation from B on both bots (test runs "
            "DIR/a and DIR/b) and say which reproduce.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List regressions (pass in A, fail in B) and fixes per scenario and edge case.

    Exits 1 when B has any regression or leaves undecided a conversation A passed (undecided
    is never a pass), so it can gate CI.
    """
    result = compare(load(run_a), load(run_b))
    prepared = None
    if replay is not None and result.regressions:  # every check before anything is written
        prepared = compare_replay.prepare(run_a, run_b, result.regressions, replay)
    console = stdout(min_width=100)
    console.print(
        f"compared {result.compared} conversations: {len(result.regressions)} regressions, "
        f"{len(result.fixes)} fixes, {len(result.undecided)} passes now undecided, "
        f"{len(result.errors)} changed by infrastructure errors "
        f"(only in A: {result.only_a}, only in B: {result.only_b})",
        soft_wrap=True,
        markup=False,
    )
    console.print(_table("by scenario", "scenario", result.by_scenario))
    console.print(_table("by edge case", "edge case", result.by_edge_case))
    for title, changes in (
        ("regression", result.regressions),
        ("fix", result.fixes),
        ("undecided", result.undecided),
        ("decided", result.decided),
        ("error", result.errors),
    ):
        for c in changes:
            edges = ",".join(c.edge_cases) or "-"
            console.print(
                f"{title}: {c.id} {c.scenario_id} [{edges}] {c.before} -> {c.after}: {c.detail}",
                soft_wrap=True,
                markup=False,
            )
    if result.undecided:
        console.print(
            f"{len(result.undecided)} conversations passed in A and are undecided in B "
            "(undecided is never a pass): counted as regressions for the exit code; give "
            "--critic-model to both runs, or fix what B's criteria could not be read from",
            soft_wrap=True,
            markup=False,
        )
    if replay is not None:
        print_replays(replay, compare_replay.replay_regressions(prepared) if prepared else [])
    if result.failing:
        raise typer.Exit(EXIT_PROBLEMS)


def print_replays(out: Path, found: list[compare_replay.Reproduction]) -> None:
    console = stdout(min_width=100)
    if not found:
        console.print("replay: no regression to replay", soft_wrap=True, markup=False)
        return
    reproduced = sum(r.verdict == "reproduced" for r in found)
    console.print(
        f"replayed {len(found)} regressions on both bots (B's conversation, its customer turns "
        f"before its first finding's turn, then live): {reproduced} reproduced",
        soft_wrap=True,
        markup=False,
    )
    for r in found:
        console.print(
            f"replay: {r.id} at turn {r.at}: A {r.a}, B {r.b}: {r.verdict}",
            soft_wrap=True,
            markup=False,
        )
    console.print(f"replays in: {out / 'a'} and {out / 'b'}", soft_wrap=True, markup=False)


__all__ = ["compare_runs"]
