"""`convsim grade`: grade transcripts convsim did not produce with the same critic."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from agents.critic import Critic
from agents.judge import LLMJudge
from agents.rubric import RubricError, load_patch
from scenarios import jsondata
from scenarios.inputfiles import InputFileError, describe
from scenarios.loader import ScenarioError, load_scenarios
from scenarios.rubric import RubricPatch
from simulator.bots.metrics import verdicts_line
from simulator.commands import llm_options as lo
from simulator.commands.common import EXIT_PROBLEMS, out_path, user_errors
from simulator.errors import UserError
from simulator.quality.grading import GradeReport, iter_grade_lines
from simulator.run.inputs import (
    EdgeCasesOption,
    load_edge_case_library,
    load_traits_or_fail,
    scenario_path,
)
from simulator.store.atomic import check_out_file, write_atomic
from simulator.validation import logs

# What "tasks: N of M passed" counts, said with it: a REJECT for a policy breach may have a
# passed task, which read as a contradiction (outsider 23, 7.10).
TASKS_COUNT = (
    "(end state and outputs only, as tau-bench's reward; the verdicts also grade policy and "
    "wording)"
)


@user_errors
def grade(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="JSONL: transcript records, OpenAI-style {'messages': [...]} or tau-bench "
            "result records {'task_id', 'traj'}, one per line (or one JSON list of them).",
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where to write the graded JSONL.", show_default=False, parser=out_path
        ),
    ] = None,
    scenario: Annotated[
        Path | None,
        typer.Option(
            "--scenario",
            help="Scenario file or folder whose success criteria and policy apply.",
            show_default=False,
        ),
    ] = None,
    rubric: Annotated[
        Path | None,
        typer.Option(
            "--rubric", help="Rubric changes (YAML) on top of the default.", show_default=False
        ),
    ] = None,
    edge_cases: EdgeCasesOption = None,
    config: lo.Config = None,
    critic_model: lo.CriticModel = None,
    base_url: lo.BaseUrl = None,
    api_key_env: lo.KeyEnv = None,
    timeout: lo.Timeout = None,
    max_retries: lo.Retries = None,
) -> None:
    """Grade conversations into ACCEPT / REVIEW / REJECT with findings and scores.

    Bad lines are reported as FILE:LINE and skipped; the rest are graded (exit 1 if any line
    was skipped). Without --scenario only the data checks run; without --critic-model (or a
    critic model in --config) the semantic dimensions are reported unjudged. Transcripts from
    a run with --edge-cases FILE need the same --edge-cases FILE to be graded with their
    edge cases' definitions.
    """
    if out is None:
        raise UserError("--out is required: give the output file, e.g. --out graded.jsonl")
    if not file.is_file():
        fix = "give a JSONL file of conversations"
        raise UserError(describe(file, fix) or f"{file}: no such file; {fix}")
    if out.resolve() == file.resolve():
        raise UserError(f"--out {out}: is the input file; choose another --out")
    check_out_file(out)
    try:  # the bound learn and validate --real have: refused before any grading
        jsondata.check_extent(file, "give a JSONL file of conversations", logs.MAX_LOG_BYTES)
    except InputFileError as exc:
        raise UserError(f"{exc}; nothing written to {out}") from None
    library = load_edge_case_library(edge_cases)
    scenarios = {}
    if scenario is not None:
        scenario = scenario_path(scenario, "--scenario")
        try:
            names = load_traits_or_fail().names()
            loaded = load_scenarios([scenario], traits=names, edge_cases=library)
        except ScenarioError as exc:
            raise UserError([str(p) for p in exc.problems] or [str(exc)]) from exc
        if not loaded:
            raise UserError(f"--scenario {scenario}: no scenario files found")
        scenarios = {s.id: s for s in loaded}
    patch: RubricPatch | None = None
    if rubric is not None:
        try:
            patch = load_patch(rubric)
        except RubricError as exc:
            raise UserError(f"--rubric {exc}") from exc
    judge = _judge(config, critic_model, base_url, api_key_env, timeout, max_retries)
    report = GradeReport()
    critic = Critic(patch=patch, judge=judge)
    lines = _nonempty(iter_grade_lines(file, scenarios, critic, report, edge_cases=library))
    try:
        write_atomic(out, lines)
    except _NothingGraded:
        _print_problems(report)
        raise UserError(f"{file}: no gradable conversation; nothing written to {out}") from None
    except OSError as exc:
        raise UserError(f"--out {out}: cannot write ({exc.strerror or exc})") from exc
    _print_problems(report)
    _print_duplicates(report)
    if report.reused_call_ids:
        place, reused = report.reused_call_ids[0]
        count = len(report.reused_call_ids) - 1
        others = f" and {count} more conversation{'s' * (count > 1)}" if count else ""
        print(
            f"convsim: note: {place}{others}: a tool-call id given to several calls "
            f"({', '.join(map(repr, reused[:3]))}); graded as ID#2, ID#3 ..., each result "
            "paired with the earliest call of its id before it still without one",
            file=sys.stderr,
        )
    if report.unknown_edge_cases:
        ids = ", ".join(sorted(report.unknown_edge_cases))
        where = f"the packaged library or {edge_cases}" if edge_cases else "the packaged library"
        fix = "" if edge_cases else "; pass --edge-cases FILE, the library the run used"
        print(
            f"convsim: note: edge cases not in {where} were graded without their definitions: "
            f"{ids}{fix}",
            file=sys.stderr,
        )
    labels = dict(sorted(report.labels.items()))
    counts = verdicts_line(labels, report.undecided, report.judge_failed)
    skipped = f"; skipped {len(report.problems)} bad lines" if report.problems else ""
    print(f"graded {report.graded} conversations into {out}: {counts}{skipped}")
    if report.tasks:
        undecided = sum(report.tasks_undecided.values())
        more = f", {undecided} undecided (not passed)" if undecided else ""
        print(f"tasks: {report.tasks_passed} of {report.tasks} passed {TASKS_COUNT}{more}")
        for why, count in sorted(report.tasks_undecided.items()):
            print(f"tasks: {count} undecided: {why}")
    if report.own_tasks:
        print(
            f"tasks: {report.own_tasks} tau-bench records graded against the task they carry "
            "(info.task differs from the imported scenario's, or is not in its task file)"
        )
    if report.failed_runs:
        print(
            f"tasks: {report.failed_runs} tau-bench runs failed before any conversation "
            "(agent error, empty traj): reward 0.0, as tau-bench scores them"
        )
    if report.gt_hashes:
        note = ""
        if report.gt_hashes_agree != report.gt_hashes and report.rewards_agree == report.rewards:
            # The hash covers every field of every record, including ones no task reads:
            # tau-bench's data changed between releases (January 2025: the users' address
            # 'province' became 'state'), and a run made on older data hashes differently.
            note = (
                ": the run used records that differ from the imported ones somewhere, as "
                "tau-bench's data changed between releases (in January 2025 the users' "
                "address field 'province' became 'state'); the rewards agree, so no task's "
                "end state is affected"
            )
        elif report.gt_hashes_agree != report.gt_hashes:
            note = (
                " (a different hash: the run used other records or tasks than the imported "
                "ones, such as an earlier tau-bench release's; import the data folder and task "
                "file the run used)"
            )
        print(
            f"tasks: tau-bench's recorded ground-truth end state (gt_data_hash) reproduced in "
            f"{report.gt_hashes_agree} of {report.gt_hashes}{note}"
        )
    if report.rewards:
        print(
            f"task reward agrees with the recorded reward in {report.rewards_agree} of "
            f"{report.rewards}"
        )
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)


class _NothingGraded(Exception):
    """No line was gradable: nothing is written."""


def _nonempty(lines: Iterator[str]) -> Iterator[str]:
    """`lines`, raising _NothingGraded at the end when there were none (so the half-written
    output is removed, not put in place)."""
    count = 0
    for line in lines:
        count += 1
        yield line
    if count == 0:
        raise _NothingGraded


def _print_problems(report: GradeReport) -> None:
    for problem in report.problems:
        print(f"convsim: skipped {problem}", file=sys.stderr)


MAX_DUPLICATE_NOTES = 20  # one line per id up to this many; then one line for the rest
MAX_PLACES = 5  # places named per id


def _print_duplicates(report: GradeReport) -> None:
    """One line per id that more than one record carried, naming where each is and the id
    each was graded under (a file joined to itself would otherwise print a line per record)."""
    items = list(report.duplicates.items())
    for conversation_id, places in items[:MAX_DUPLICATE_NOTES]:
        named = places[:MAX_PLACES]
        more = f" and {len(places) - len(named)} more" if len(places) > len(named) else ""
        print(
            f"convsim: note: {len(places)} records have the id {conversation_id!r} "
            f"({', '.join(where for where, _ in named)}{more}); each is graded, under the "
            f"ids {', '.join(repr(new_id) for _, new_id in named)}{more and ' ...'}",
            file=sys.stderr,
        )
    if len(items) > MAX_DUPLICATE_NOTES:
        rest = len(items) - MAX_DUPLICATE_NOTES
        print(
            f"convsim: note: {rest} more ids are carried by more than one record; each "
            "record is graded, the later ones numbered ID#2, ID#3 ...",
            file=sys.stderr,
        )


def _judge(
    config: Path | None,
    model: str | None,
    base_url: str | None,
    api_key_env: str | None,
    timeout: float | None,
    max_retries: int | None,
) -> LLMJudge | None:
    """The LLM judge when a critic model is configured, checked before any line is graded."""
    from simulator.run.engines import LLMOptions, load_config, role_config

    options = LLMOptions(
        config=config,
        base_url=base_url,
        api_key_env=api_key_env,
        timeout_s=timeout,
        max_retries=max_retries,
        role_models={"critic": model},
    )
    settings = role_config("critic", options, load_config(config))
    if settings is None:
        return None
    from agents.llm.client import LLMClient
    from agents.llm.errors import LLMConfigError

    client = LLMClient(settings)
    try:
        asyncio.run(client.preflight())
    except LLMConfigError as exc:
        raise UserError(str(exc)) from exc
    return LLMJudge(client)
