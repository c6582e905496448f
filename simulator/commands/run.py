"""`convsim run`: simulate N conversations into a run directory, then summarise."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from simulator.commands import llm_options as lo
from simulator.commands import run_options as ro
from simulator.commands.common import EXIT_INTERRUPTED, error_line, stderr, stdout, user_errors
from simulator.engines import build_engines
from simulator.errors import UserError
from simulator.grading import with_rubric
from simulator.inputs import EdgeCasesOption
from simulator.rundir import DB_NAME, MANIFEST_NAME, TRANSCRIPTS_NAME
from simulator.runner import RunRequest, RunResult, execute, prepare
from simulator.store import RunStore


class Bar:
    """The rich progress bar on stderr, the runner's `Progress`."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("simulating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task("simulating", total=None)

    def start(self, total: int, completed: int) -> None:
        self._progress.update(self._task, total=total, completed=completed)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


@user_errors
def run(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario files or folders (default: the built-in library).", show_default=False
        ),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="Number of conversations.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Run seed; same seed, same run.")] = 0,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Run directory to create or resume.", show_default=False),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", help="Conversations in flight at once.")
    ] = 16,
    force: ro.Force = False,
    quiet: ro.Quiet = False,
    planner: ro.Planner = "coverage",
    coverage_strength: ro.CoverageStrength = 2,
    config: lo.Config = None,
    model: lo.Model = None,
    base_url: lo.BaseUrl = None,
    api_key_env: lo.KeyEnv = None,
    temperature: lo.Temperature = None,
    customer_model: lo.CustomerModel = None,
    support_model: lo.SupportModel = None,
    critic_model: lo.CriticModel = None,
    customer_temperature: lo.CustomerTemp = None,
    support_temperature: lo.SupportTemp = None,
    critic_temperature: lo.CriticTemp = None,
    timeout: lo.Timeout = None,
    max_retries: lo.Retries = None,
    rate_limit: lo.RateLimit = None,
    cache: lo.Cache = None,
    prices: lo.Prices = None,
    budget_usd: lo.BudgetUsd = None,
    budget_tokens: lo.BudgetTokens = None,
    planner_model: lo.PlannerModel = None,
    edge_cases: EdgeCasesOption = None,
    retry_errors: Annotated[
        bool,
        typer.Option(
            "--retry-errors",
            help="On resume, simulate again the conversations that ended in error.",
        ),
    ] = False,
    rubric: Annotated[
        Path | None,
        typer.Option("--rubric", help="Critic rubric changes (YAML); see README 'Critic'."),
    ] = None,
) -> None:
    """Simulate conversations over scenarios and write run.db, transcripts.jsonl, manifest.json.

    Re-running the same command on the same --out resumes an interrupted run.
    """
    if out is None:
        raise UserError("--out is required: give the run directory, e.g. --out runs/demo")
    request = RunRequest(
        tuple(paths or ()), n, seed, out, concurrency, force, planner, coverage_strength,
        edge_cases=edge_cases, retry_errors=retry_errors,
    )  # fmt: skip
    engines = build_engines(
        lo.llm_options(
            config, model, base_url, api_key_env, temperature,
            (customer_model, support_model, critic_model),
            (customer_temperature, support_temperature, critic_temperature),
            timeout, max_retries, rate_limit, cache, prices, budget_usd, budget_tokens,
            planner_model,
        )
    )  # fmt: skip
    if rubric is not None:
        engines = with_rubric(engines, rubric)
    prepared = prepare(request, engines)
    console = stderr()
    bar = Bar(console) if console.is_terminal and not quiet else None
    try:
        result = execute(prepared, engines, bar)
    except KeyboardInterrupt:
        saved = _saved(out, n)
        error_line(
            f"interrupted: {saved} of {n} conversations are saved in {out}; "
            "run the same command again to finish"
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write the run ({exc.strerror or exc})") from exc
    print_summary(result, prepared.resume)
    if result.stopped:
        error_line(
            f"{result.stopped}: stopped starting new conversations; "
            f"{sum(result.outcomes.values())} of {n} are stored; "
            "raise the budget and run the same command again to finish"
        )


def _saved(out: Path, n: int) -> int:
    try:
        with RunStore(out / DB_NAME, readonly=True) as store:
            return store.count(below=n)
    except Exception:  # reporting only: the run itself is already safe on disk
        return 0


def print_summary(result: RunResult, resumed: bool) -> None:
    table = Table(title=f"convsim run {result.run_id}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    done = f"{result.n}"
    if resumed or result.already_done:
        done += f" ({result.already_done} already stored, {result.simulated} simulated now)"
    table.add_row("conversations", done)
    table.add_row("outcomes", _counts(result.outcomes))
    table.add_row("verdicts", _counts(result.verdicts))
    rate = result.simulated / result.seconds if result.seconds > 0 else 0.0
    table.add_row("time", f"{result.seconds:.1f} s ({rate:.0f} conversations/s)")
    console = stdout()
    console.print(table)
    # Paths as plain lines, never wrapped, so they can be copied (and grepped) whole.
    for label, name in (
        ("run.db", DB_NAME),
        ("transcripts", TRANSCRIPTS_NAME),
        ("manifest", MANIFEST_NAME),
    ):
        console.print(f"{label + ':':<13} {result.out / name}", soft_wrap=True, markup=False)
    console.print(f"read them with: convsim show {result.out}", soft_wrap=True, markup=False)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"


__all__ = ["run"]
