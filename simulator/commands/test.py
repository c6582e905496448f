"""`convsim test`: run simulated customers against a bot under test and report where it breaks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.bots import junit
from simulator.bots.bottest import (
    BotTestRequest,
    BotTestResult,
    execute_test,
    prepare_test,
)
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
from simulator.commands.test_report import all_errors_message, gate_message, print_report
from simulator.errors import UserError
from simulator.run.engines import LLMOptions, build_engines, structured_notes
from simulator.run.inputs import EdgeCasesOption


def check_replay_flags(
    replay: Path | None,
    replay_id: str | None,
    at: int | None,
    paths: list[Path] | None,
    n: int | None,
    seed: int | None,
    edge_cases: Path | None,
    languages: str | None = None,
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
    given = (("PATH", paths or None), ("--n", n), ("--seed", seed), ("--edge-cases", edge_cases),
             ("--languages", languages))  # fmt: skip
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
    no_judge: Annotated[
        bool,
        typer.Option(
            "--no-judge",
            help="Without a judge model: grade on the checked criteria, leave the scenarios' "
            "judge criteria out of pass/fail, and name them as not graded.",
        ),
    ] = False,
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
    languages: Annotated[
        str | None,
        typer.Option(
            "--languages",
            metavar="MIX",
            help="The customers' languages: one (de), several drawn evenly (de,en) or a "
            "weighted mix (en=6,es=1); default en=6 and 1 for each other language.",
            show_default=False,
        ),
    ] = None,
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
    check_replay_flags(replay, replay_id, replay_at, paths, n, seed, edge_cases, languages)
    if replay is not None and workers:
        raise UserError(f"--workers {workers}: a replay runs in this process; drop --workers")
    if replay is not None and ray is not None:
        raise UserError(f"--ray {ray}: a replay runs in this process; drop --ray")
    base = build_engines(llm or LLMOptions())
    if no_judge and "+judge:" in base.names["critic"]:
        raise UserError(
            "--no-judge: a judge model is set (--critic-model or the config file) and would "
            "grade the judge criteria; drop --no-judge, or the judge model"
        )
    if replay is not None:
        assert replay_id is not None
        replay_request = ReplayRequest(
            replay, (replay_id,), target, out, replay_at, trials, concurrency, rate, force,
            retry_errors, no_judge=no_judge,
        )  # fmt: skip
        prepared_replay = prepare_replay(replay_request, base)
        prepared_target = prepared_replay.target

        def session(bar: Bar | None) -> BotTestResult:
            return execute_replay(prepared_replay, bar)

    else:
        request = BotTestRequest(
            tuple(paths or ()), target, 50 if n is None else n, seed or 0, out, trials,
            concurrency, rate, force, planner, coverage_strength, edge_cases, retry_errors,
            workers=workers, ray=ray, no_judge=no_judge, languages=languages,
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
