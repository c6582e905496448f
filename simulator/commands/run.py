"""`convsim run`: simulate N conversations into a run directory, then summarise."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from simulator.bots.metrics import verdicts_line
from simulator.bots.nojudge import judge_criteria, no_judge_config
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
from simulator.commands.run_health import read_health
from simulator.errors import UserError
from simulator.quality.rubric import with_rubric
from simulator.run.engines import LLMOptions, build_engines, structured_notes
from simulator.run.inputs import EdgeCasesOption
from simulator.run.runner import RunRequest, RunResult, execute, prepare
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME, MANIFEST_NAME, TRANSCRIPTS_NAME


@user_errors
@lo.model_flags("customer", "support", "critic")
def run(
    paths: ro.Paths = None,
    n: Annotated[int, typer.Option("--n", help="Number of conversations.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Run seed; same seed, same run.")] = 0,
    out: ro.Out = None,
    concurrency: ro.Concurrency = 16,
    workers: ro.Workers = 0,
    ray: ro.Ray = None,
    force: ro.Force = False,
    quiet: ro.Quiet = False,
    planner: ro.Planner = "coverage",
    coverage_strength: ro.CoverageStrength = 2,
    llm: LLMOptions | None = None,  # the Models flags (lo.model_flags)
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
        typer.Option("--rubric", help="Critic rubric changes (YAML); see docs/critic.md."),
    ] = None,
    persona_weights: Annotated[
        Path | None,
        typer.Option(
            "--persona-weights",
            help="Trait weights replacing the library's (YAML; convsim learn writes one).",
            show_default=False,
        ),
    ] = None,
    match: Annotated[
        Path | None,
        typer.Option(
            "--match",
            metavar="LOGS",
            help="Steer scenarios and persona traits towards the mix in these real "
            "conversations (OpenAI messages JSONL or STAR); coverage still runs the rest.",
            show_default=False,
        ),
    ] = None,
    languages: Annotated[
        str | None,
        typer.Option(
            "--languages",
            metavar="MIX",
            help="The customers' languages: one (de), several drawn evenly (es,fr) or a "
            "weighted mix (en=6,es=1); default en=6 and 1 for each other language.",
            show_default=False,
        ),
    ] = None,
    fork_failures: Annotated[
        int | None,
        typer.Option(
            "--fork-failures",
            help="Fork each failed conversation at its first finding's turn into K "
            "continuations; report how many failures were repaired.",
        ),
    ] = None,
    no_judge: Annotated[
        bool,
        typer.Option(
            "--no-judge",
            help="Without a judge model: leave the scenarios' judge criteria out of the "
            "verdicts' decision and name them as not graded (summary, manifest); export then "
            "counts an ACCEPT open on them alone as ACCEPT. Refused with a judge model set.",
        ),
    ] = False,
) -> None:
    """Simulate conversations over scenarios and write run.db, transcripts.jsonl, manifest.json.

    Re-running the same command on the same --out resumes an interrupted run.
    """
    if out is None:
        raise UserError("--out is required: give the run directory, e.g. --out runs/demo")
    if fork_failures is not None and not 1 <= fork_failures <= 1000:
        raise UserError(
            f"--fork-failures {fork_failures}: give the continuations per failure, 1 to 1000"
        )
    request = RunRequest(
        tuple(paths or ()), n, seed, out, concurrency, force, planner, coverage_strength,
        edge_cases=edge_cases, retry_errors=retry_errors, workers=workers, ray=ray,
        persona_weights=persona_weights, match=match, languages=languages,
    )  # fmt: skip
    engines = build_engines(llm or LLMOptions())
    if no_judge and "+judge:" in engines.names["critic"]:
        raise UserError(
            "--no-judge: a judge model is set (--critic-model or the config file) and would "
            "grade the judge criteria; drop --no-judge, or the judge model"
        )
    if rubric is not None:
        engines = with_rubric(engines, rubric)
    prepared = prepare(request, engines)
    left_out = judge_criteria(prepared.inputs.scenarios) if no_judge else None
    extra = {"config": no_judge_config(left_out)} if left_out is not None else None
    if prepared.inputs.match_note:
        note_line(prepared.inputs.match_note)
    for line in structured_notes(engines):
        note_line(line)
    result = simulate_into(
        out,
        quiet,
        lambda bar: execute(prepared, engines, bar, extra),
        lambda: f"{_saved(out, n)} of {n} conversations",
    )
    health = read_health(out / TRANSCRIPTS_NAME, "+judge:" in engines.names["critic"])
    print_summary(result, prepared.resume, health.judge_failed_labels)
    if fork_failures is not None and not result.stopped:
        from simulator.forks.fork_failures import repair_failures

        repairs = repair_failures(out, fork_failures, engines, n)
        stdout().print(f"fork-failures: {repairs.line()}", soft_wrap=True, markup=False)
    if result.stopped:
        error_line(
            f"{result.stopped}: stopped the model calls; "
            f"{sum(result.outcomes.values())} of {n} are stored (any cut short are not); "
            "raise the budget and run the same command again to finish"
        )
        return
    if (judge := health.judge_line()) is not None:
        stdout().print(f"judge: {judge}", soft_wrap=True, markup=False)
    if (everything := health.all_errors()) is not None:
        error_line(everything)
        raise typer.Exit(EXIT_PROBLEMS)
    if health.judge_failed_on_all():
        error_line(
            "the judge failed on every conversation, so none was graded on its judge "
            "criteria; fix the judge model's endpoint and run again with --force or a new --out"
        )
        raise typer.Exit(EXIT_PROBLEMS)


def _saved(out: Path, n: int) -> int:
    try:
        with RunStore(out / DB_NAME, readonly=True) as store:
            return store.count(below=n)
    except Exception:  # reporting only: the run itself is already safe on disk
        return 0


def print_summary(
    result: RunResult, resumed: bool, judge_failed: Mapping[str, int] | None = None
) -> None:
    table = Table(title=f"convsim run {result.run_id}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    done = f"{result.n}"
    if resumed or result.already_done:
        done += f" ({result.already_done} already stored, {result.simulated} simulated now)"
    table.add_row("conversations", done)
    table.add_row("outcomes", _counts(result.outcomes))
    undecided = result.undecided  # with --no-judge, its judge criteria are not graded
    verdicts = verdicts_line(result.verdicts, undecided.conversations, judge_failed)
    table.add_row("verdicts", verdicts)
    if undecided.not_graded is not None:
        table.add_row("no judge", _not_graded(undecided.not_graded))
    if result.simulator is not None:
        table.add_row("simulator", result.simulator.line())
    if result.placement.mode != "in-process":
        table.add_row("ran in", result.placement.line())
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


def _not_graded(skipped: dict[str, int]) -> str:
    """--no-judge: which judge criteria nobody graded, in how many accepted conversations."""
    count = sum(skipped.values())
    if not count:
        return "0 judge criteria not graded (no judge model): none was open"
    noun = "judge criterion" if count == 1 else "judge criteria"
    names = ", ".join(f"{k} {v}" for k, v in list(skipped.items())[:6])
    if len(skipped) > 6:
        names += f" and {len(skipped) - 6} more"
    return (
        f"{count} {noun} not graded (no judge model): {names}; --no-judge left them out, so "
        "these ACCEPTs rest on the checked criteria only"
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {value}" for key, value in counts.items()) or "none"


__all__ = ["run"]
