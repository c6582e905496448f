"""`convsim test`: run simulated customers against a bot under test and report where it breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator import junit
from simulator.bottest import REPORT_NAME, BotTestRequest, execute_test, prepare_test
from simulator.commands import llm_options as lo
from simulator.commands import run_options as ro
from simulator.commands.common import (
    EXIT_PROBLEMS,
    error_line,
    note_line,
    simulate_into,
    stdout,
    user_errors,
)
from simulator.engines import LLMOptions, build_engines, structured_notes
from simulator.errors import UserError
from simulator.inputs import EdgeCasesOption
from simulator.metrics import Cell, Summary
from simulator.rundir import MANIFEST_NAME, TRANSCRIPTS_NAME


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(title: str, first: str, cells: dict[str, Cell], latency: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in ("n", "pass", "fail", "error", "pass rate"):
        table.add_column(name, justify="right")
    if latency:
        for name in ("p50 ms", "p95 ms", "p99 ms", "timeouts"):
            table.add_column(name, justify="right")
    for key, c in cells.items():
        row = [key, str(c.conversations), str(c.passed), str(c.failed), str(c.errors)]
        row.append(_rate(c.pass_rate))
        if latency:
            lat = c.latency()
            row += [_ms(lat["p50"]), _ms(lat["p95"]), _ms(lat["p99"]), str(c.timeouts)]
        table.add_row(*row)
    return table


def print_report(summary: Summary, label: str, out: Path, run_id: str) -> None:
    console = stdout(min_width=110)
    total = summary.total
    head = Table(title=f"convsim test {run_id}: {label}", show_header=False, title_justify="left")
    head.add_column("what", style="bold")
    head.add_column("value")
    head.add_row(
        "conversations", f"{total.conversations} ({summary.tasks} plans x {summary.trials} trials)"
    )
    head.add_row("passed / failed", f"{total.passed} / {total.failed}")
    head.add_row("pass rate", f"{_rate(summary.pass_rate)} (errors excluded)")
    errors = ", ".join(f"{k} {v}" for k, v in summary.errors_by_kind.items()) or "none"
    head.add_row("infrastructure errors", f"{total.errors} ({errors})")
    if summary.trials > 1:
        head.add_row("pass^k", "  ".join(f"k={k}: {_rate(v)}" for k, v in summary.pass_hat.items()))
    lat = total.latency()
    head.add_row(
        "latency ms",
        f"p50 {_ms(lat['p50'])}  p95 {_ms(lat['p95'])}  "
        f"p99 {_ms(lat['p99'])}  ({len(total.latencies)} replies)",
    )
    console.print(head)
    console.print(_table("by scenario", "scenario", summary.by_scenario, latency=True))
    console.print(_table("by edge case", "edge case", summary.by_edge_case, latency=False))
    console.print(_table("by persona trait", "trait", summary.by_trait, latency=False))
    if summary.unjudged:
        names = ", ".join(f"{k} x{v}" for k, v in summary.unjudged.items())
        console.print(
            f"not judged (no judge model or no dialogue acts): {names}",
            soft_wrap=True,
            markup=False,
        )
    failing = [c for c in summary.conversations if c.status != "pass"]
    for c in failing[:10]:
        why = c.findings[0]["explanation"] if c.status == "fail" and c.findings else c.reason
        edges = ",".join(c.edge_cases) or "-"
        console.print(
            f"{c.status.upper():5} {c.id} {c.scenario_id} [{edges}]: {why}",
            soft_wrap=True,
            markup=False,
        )
    if len(failing) > 10:
        console.print(f"... and {len(failing) - 10} more in {out / REPORT_NAME}", markup=False)
    for name in (TRANSCRIPTS_NAME, MANIFEST_NAME, REPORT_NAME):
        console.print(f"{name + ':':<18} {out / name}", soft_wrap=True, markup=False)


@user_errors
@lo.model_flags("customer", "critic", global_model=False)  # support is the bot under test
def test(
    paths: ro.Paths = None,
    target: Annotated[
        Path | None,
        typer.Option(
            "--target", help="Target file (YAML) describing the bot under test.", show_default=False
        ),
    ] = None,
    n: Annotated[int, typer.Option("--n", help="Number of conversation plans.")] = 50,
    seed: Annotated[int, typer.Option("--seed", help="Run seed; same seed, same plans.")] = 0,
    out: ro.Out = None,
    concurrency: ro.Concurrency = 16,
    rate: Annotated[
        float | None,
        typer.Option("--rate", help="At most this many bot calls per second.", show_default=False),
    ] = None,
    trials: Annotated[int, typer.Option("--trials", help="Runs per plan, for pass^k.")] = 1,
    junit_file: Annotated[
        Path | None,
        typer.Option("--junit", help="Write a JUnit XML report here.", show_default=False),
    ] = None,
    min_pass_rate: Annotated[
        float | None,
        typer.Option(
            "--min-pass-rate",
            help="Exit 1 when the pass rate is below this (0-1).",
            show_default=False,
        ),
    ] = None,
    force: ro.Force = False,
    quiet: ro.Quiet = False,
    planner: ro.Planner = "coverage",
    coverage_strength: ro.CoverageStrength = 2,
    llm: LLMOptions | None = None,  # the Models flags (lo.model_flags): no support role
    edge_cases: EdgeCasesOption = None,
    retry_errors: Annotated[
        bool,
        typer.Option(
            "--retry-errors",
            help="On resume, run again the conversations that ended in a target error.",
        ),
    ] = False,
) -> None:
    """Simulate customers against the bot in --target; grade, measure and gate.

    Target errors (timeouts, non-2xx answers, malformed replies) are reported apart, never as a
    pass or a fail. Re-running the same command on the same --out resumes.
    """
    if target is None:
        raise UserError("--target is required: give the bot's target file, e.g. --target bot.yaml")
    if out is None:
        raise UserError("--out is required: give the run directory, e.g. --out runs/bot")
    if min_pass_rate is not None and not 0 <= min_pass_rate <= 1:
        raise UserError(f"--min-pass-rate {min_pass_rate:g}: give a fraction between 0 and 1")
    if junit_file is not None and not junit_file.parent.is_dir():
        raise UserError(f"--junit {junit_file}: folder {junit_file.parent} does not exist")
    request = BotTestRequest(
        tuple(paths or ()), target, n, seed, out, trials, concurrency, rate, force,
        planner, coverage_strength, edge_cases, retry_errors,
    )  # fmt: skip
    base = build_engines(llm or LLMOptions())
    prepared = prepare_test(request, base)
    for line in structured_notes(base):
        note_line(line)
    result = simulate_into(
        out, quiet, lambda bar: execute_test(prepared, bar), lambda: "finished conversations"
    )
    summary = result.summary
    print_report(summary, prepared.target.label, out, result.run.run_id)
    if result.run.stopped:
        error_line(
            f"{result.run.stopped}: stopped starting new conversations; raise the budget "
            "and run the same command again to finish"
        )
    if junit_file is not None:
        try:
            junit.write(junit_file, summary, f"convsim test {prepared.target.label}")
        except OSError as exc:
            raise UserError(f"--junit {junit_file}: cannot write ({exc.strerror})") from exc
        stdout().print(f"{'junit:':<18} {junit_file}", soft_wrap=True, markup=False)
    if min_pass_rate is not None:
        rate_now = summary.pass_rate
        if rate_now is None or rate_now < min_pass_rate:
            got = "no conversation could be graded" if rate_now is None else _rate(rate_now)
            error_line(f"gate failed: pass rate {got} is below --min-pass-rate {min_pass_rate:.1%}")
            raise typer.Exit(EXIT_PROBLEMS)
        stdout().print(
            f"gate passed: pass rate {_rate(rate_now)} >= {min_pass_rate:.1%}", markup=False
        )


__all__ = ["test"]
