"""`convsim test`: run simulated customers against a bot under test and report where it breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator.bots import junit
from simulator.bots.bottest import (
    REPORT_NAME,
    BotTestRequest,
    BotTestResult,
    execute_test,
    prepare_test,
)
from simulator.bots.metrics import Cell, Summary
from simulator.bots.replay import ReplayRequest, execute_replay, prepare_replay
from simulator.commands import llm_options as lo
from simulator.commands import run_options as ro
from simulator.commands.common import (
    EXIT_PROBLEMS,
    Bar,
    error_line,
    note_line,
    simulate_into,
    stdout,
    user_errors,
)
from simulator.errors import UserError
from simulator.run.engines import LLMOptions, build_engines, structured_notes
from simulator.run.inputs import EdgeCasesOption
from simulator.store.rundir import MANIFEST_NAME, TRANSCRIPTS_NAME


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def _table(title: str, first: str, cells: dict[str, Cell], latency: bool) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first)
    for name in ("n", "pass", "fail", "undecided", "simulator", "error", "pass rate"):
        table.add_column(name, justify="right")
    if latency:
        for name in ("p50 ms", "p95 ms", "p99 ms", "timeouts"):
            table.add_column(name, justify="right")
    for key, c in cells.items():
        counts = (c.conversations, c.passed, c.failed, c.undecided, c.simulator, c.errors)
        row = [key, *map(str, counts)]
        row.append(_rate(c.pass_rate))
        if latency:
            lat = c.latency()
            row += [_ms(lat["p50"]), _ms(lat["p95"]), _ms(lat["p99"]), str(c.timeouts)]
        table.add_row(*row)
    return table


def print_report(
    summary: Summary, label: str, out: Path, run_id: str, ran_in: str | None = None
) -> None:
    console = stdout(min_width=130)
    total = summary.total
    head = Table(title=f"convsim test {run_id}: {label}", show_header=False, title_justify="left")
    head.add_column("what", style="bold")
    head.add_column("value")
    head.add_row(
        "conversations", f"{total.conversations} ({summary.tasks} plans x {summary.trials} trials)"
    )
    head.add_row("passed / failed", f"{total.passed} / {total.failed}")
    decided = total.passed + total.failed
    head.add_row(
        "pass rate",
        f"{_rate(summary.pass_rate)} of {decided} decided conversations (undecided, simulator "
        "faults and errors excluded)",
    )
    head.add_row("undecided", undecided_line(summary))
    head.add_row("simulator faults", simulator_line(summary))
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
    if ran_in is not None:
        head.add_row("ran in", ran_in)
    console.print(head)
    console.print(_table("by scenario", "scenario", summary.by_scenario, latency=True))
    console.print(_table("by edge case", "edge case", summary.by_edge_case, latency=False))
    console.print(_table("by persona trait", "trait", summary.by_trait, latency=False))
    if summary.total.undecided:
        console.print(f"undecided: {undecided_line(summary)}", soft_wrap=True, markup=False)
    failing = [c for c in summary.conversations if c.status in ("fail", "error", "simulator")]
    for c in failing[:10]:
        why = c.reason
        if c.status in ("fail", "simulator") and c.findings:
            why = c.findings[0]["explanation"]
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


UNDECIDED_WHY = (
    "no deterministic check decides them from a bot's text; add --critic-model MODEL "
    "(an LLM judge) to decide them"
)


def undecided_line(summary: Summary) -> str:
    """One readable line: how many were accepted with criteria open, grouped by criterion."""
    n = summary.total.undecided
    if not n:
        return "none: every accepted conversation had all its criteria decided"
    top = list(summary.undecided.items())
    names = ", ".join(f"{k} {v}" for k, v in top[:6])
    if len(top) > 6:
        names += f" and {len(top) - 6} more criteria"
    noun = "conversation" if n == 1 else "conversations"
    return f"{n} {noun} not counted as passed ({names}): {UNDECIDED_WHY}"


def simulator_line(summary: Summary) -> str:
    rate = summary.simulator_fault_rate
    if rate is None:
        return "none graded"
    reruns = sum(1 for c in summary.conversations if c.simulator_faults)
    text = (
        f"{rate:.1%} of attempts ({summary.simulator_faulted} of {summary.simulator_attempts}) "
        "failed because of the simulated customer"
    )
    if reruns:
        text += f"; {reruns} plans re-run with a fresh seed"
    if summary.total.simulator:
        text += f"; {summary.total.simulator} still the simulator's fault, not graded"
    return text


def gate_message(summary: Summary, minimum: float) -> tuple[bool, str]:
    """(passed, one sentence) for --min-pass-rate."""
    total = summary.total
    rate = summary.pass_rate
    decided = total.passed + total.failed
    if rate is None:
        parts = [f"{total.undecided} undecided", f"{total.simulator} simulator faults",
                 f"{total.errors} errors"]  # fmt: skip
        return False, (
            f"gate failed: no conversation could be decided ({', '.join(parts)}), so the "
            f"pass rate is unknown and cannot meet --min-pass-rate {minimum:.1%}."
        )
    of = f"{total.passed} of {decided} decided conversations"
    if rate < minimum:
        return False, (
            f"gate failed: the pass rate is {_rate(rate)} ({of}), below --min-pass-rate "
            f"{minimum:.1%}."
        )
    return True, (
        f"gate passed: the pass rate is {_rate(rate)} ({of}), at or above --min-pass-rate "
        f"{minimum:.1%}."
    )


def all_errors_message(summary: Summary) -> str | None:
    """A sentence when not one conversation got past an infrastructure error."""
    total = summary.total
    if not total.conversations or total.errors < total.conversations:
        return None
    kinds = ", ".join(f"{k} {v}" for k, v in summary.errors_by_kind.items())
    return (
        f"every conversation ended in an infrastructure error ({kinds}), so the bot was not "
        "tested; fix the target and run the same command again with --retry-errors."
    )


def check_replay_flags(
    replay: Path | None,
    replay_id: str | None,
    at: int | None,
    paths: list[Path] | None,
    n: int | None,
    seed: int | None,
    edge_cases: Path | None,
) -> None:
    """--replay takes its scenario, plan and seed from the stored conversation: flags that
    choose those are refused with it, and its own flags without it."""
    if replay is None:
        for flag, value in (("--id", replay_id), ("--at", at)):
            if value is not None:
                raise UserError(f"{flag}: only with --replay RUN (the run the conversation is in)")
        return
    if replay_id is None:
        raise UserError(f"--replay {replay}: give the conversation to replay with --id ID")
    given = (("PATH", paths or None), ("--n", n), ("--seed", seed), ("--edge-cases", edge_cases))
    chosen = [name for name, value in given if value is not None]
    if chosen:
        raise UserError(
            f"{chosen[0]}: a replay plays the stored conversation --id names, with its own "
            f"scenario, plan and seed; drop {chosen[0]}"
        )


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
    n: Annotated[
        int | None, typer.Option("--n", help="Number of conversation plans.  [default: 50]")
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Run seed; same seed, same plans.  [default: 0]")
    ] = None,
    out: ro.Out = None,
    concurrency: ro.Concurrency = 16,
    workers: ro.Workers = 0,
    ray: ro.Ray = None,
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
    replay: Annotated[
        Path | None,
        typer.Option(
            "--replay",
            metavar="RUN",
            help="Replay a stored conversation of run RUN (with --id) instead of new plans.",
            show_default=False,
        ),
    ] = None,
    replay_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="The conversation of --replay RUN to replay (its full id).",
            show_default=False,
        ),
    ] = None,
    replay_at: Annotated[
        int | None,
        typer.Option(
            "--at",
            metavar="TURN",
            help="Send its stored customer turns before this turn, then go on live "
            "(default: the turn of its first finding).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Simulate customers against the bot in --target; grade, measure and gate.

    Target errors (timeouts, non-2xx answers, malformed replies) are reported apart, never as a
    pass or a fail. Re-running the same command on the same --out resumes. With --replay RUN
    --id ID, the stored customer turns of that conversation are sent to the bot first.
    """
    if target is None:
        raise UserError("--target is required: give the bot's target file, e.g. --target bot.yaml")
    if out is None:
        raise UserError("--out is required: give the run directory, e.g. --out runs/bot")
    if min_pass_rate is not None and not 0 <= min_pass_rate <= 1:
        raise UserError(f"--min-pass-rate {min_pass_rate:g}: give a fraction between 0 and 1")
    if junit_file is not None and not junit_file.parent.is_dir():
        raise UserError(f"--junit {junit_file}: folder {junit_file.parent} does not exist")
    check_replay_flags(replay, replay_id, replay_at, paths, n, seed, edge_cases)
    if replay is not None and workers:
        raise UserError(f"--workers {workers}: a replay runs in this process; drop --workers")
    if replay is not None and ray is not None:
        raise UserError(f"--ray {ray}: a replay runs in this process; drop --ray")
    base = build_engines(llm or LLMOptions())
    if replay is not None:
        assert replay_id is not None
        replay_request = ReplayRequest(
            replay, (replay_id,), target, out, replay_at, trials, concurrency, rate, force,
            retry_errors,
        )  # fmt: skip
        prepared_replay = prepare_replay(replay_request, base)
        prepared_target = prepared_replay.target

        def session(bar: Bar | None) -> BotTestResult:
            return execute_replay(prepared_replay, bar)

    else:
        request = BotTestRequest(
            tuple(paths or ()), target, 50 if n is None else n, seed or 0, out, trials,
            concurrency, rate, force, planner, coverage_strength, edge_cases, retry_errors,
            workers=workers, ray=ray,
        )  # fmt: skip
        prepared = prepare_test(request, base)
        prepared_target = prepared.target

        def session(bar: Bar | None) -> BotTestResult:
            return execute_test(prepared, bar)

    for line in structured_notes(base):
        note_line(line)
    result = simulate_into(out, quiet, session, lambda: "finished conversations")
    summary = result.summary
    placement = result.run.placement
    ran_in = placement.line() if placement.workers else None
    print_report(summary, prepared_target.label, out, result.run.run_id, ran_in)
    if replay is not None:
        for c in prepared_replay.sources:
            stdout().print(
                f"replay of {c.transcript.id} from {replay}: its {len(c.turns)} customer turns "
                f"before turn {c.at} sent as stored, then live",
                soft_wrap=True,
                markup=False,
            )
    if result.run.stopped:
        error_line(
            f"{result.run.stopped}: stopped the model calls (conversations cut short are not "
            "stored); raise the budget and run the same command again to finish"
        )
    if junit_file is not None:
        try:
            junit.write(junit_file, summary, f"convsim test {prepared.target.label}")
        except OSError as exc:
            raise UserError(f"--junit {junit_file}: cannot write ({exc.strerror})") from exc
        stdout().print(f"{'junit:':<18} {junit_file}", soft_wrap=True, markup=False)
    failed = all_errors_message(summary)
    if failed is not None:
        error_line(failed)
    if min_pass_rate is not None:
        passed, message = gate_message(summary, min_pass_rate)
        if not passed:
            error_line(message)
            raise typer.Exit(EXIT_PROBLEMS)
        stdout().print(message, soft_wrap=True, markup=False)
    if failed is not None:
        raise typer.Exit(EXIT_PROBLEMS)


__all__ = ["test"]
