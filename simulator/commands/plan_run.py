"""`convsim plan --run DIR`: the next plans of an existing run (see simulator.run.plan_next)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.table import Table

from agents.planning import BatchPlanner, observed
from agents.planning.factors import TRAITS
from simulator.commands.common import stdout
from simulator.errors import UserError
from simulator.run.coverage import planner_languages
from simulator.run.plan_next import (
    Replay,
    check_same_inputs,
    open_run,
    recorded_inputs,
    run_settings_of,
)

COLUMNS = ("#", "scenario", "tone", "patience", "verbosity", "tech", "language", "quirks")


def show_run_plans(
    out: Path,
    paths: Sequence[Path],
    edge_cases: Path | None,
    n: int,
    given: Mapping[str, object],
) -> None:
    """Print the next `n` plans of the run in `out`; `given` are flags the run decides."""
    for flag, value in given.items():
        if value is not None:
            raise UserError(f"{flag}: not with --run; the run's own setting is used")
    with open_run(out) as store:
        config = store.run_config()
        if config is None:
            raise UserError(f"--run {out}: the run has not started; nothing is stored yet")
        run_id, _, stored = config
        settings = run_settings_of(out, stored, run_id)
        inputs = recorded_inputs(out, paths, edge_cases)
        check_same_inputs(out, inputs, stored)
        batches = BatchPlanner(
            settings.seed,
            inputs.scenarios,
            inputs.edge_cases,
            inputs.traits,
            mode=settings.planner,  # type: ignore[arg-type]  # checked by run_settings_of
            strength=settings.strength,
            languages=planner_languages(stored.get("engines") or {"customer": "scripted"}),
        )
        replay = Replay(batches, store, settings.trials)
        replay.count_stored()
        title = f"next {n} plans of {run_id} ({settings.planner}, seed {settings.seed})"
        table = Table(title=title, title_justify="left")
        for col in (*COLUMNS, "edge cases", "why"):
            table.add_column(col, justify="right" if col == "#" else "left", no_wrap=True)
        state = replay.stored
        before = state.covered
        for spec, p in itertools.islice(replay.next_plans(), n):
            names = observed(p.scenario.id, p.persona, [e.id for e in p.edge_cases])
            for _ in range(settings.trials):
                state.add(batches.model.from_names(names), False)
            traits = [", ".join(names[t]) for t in TRAITS]
            edges = ", ".join(e.id for e in p.edge_cases) or "-"
            table.add_row(str(spec.index), p.scenario.id, *traits, edges, spec.why)
    console = stdout(min_width=240)
    console.print(table)
    console.print(
        f"the run's {replay.conversations} conversations cover {before} of {state.total} "
        f"feasible {state.strength}-wise combinations; with these {n} plans: {state.covered}",
        soft_wrap=True,
    )
