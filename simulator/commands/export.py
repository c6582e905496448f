"""`convsim export`: a run's transcripts as a training file, with a summary of what was dropped."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from simulator.commands.common import out_path, stdout, user_errors
from simulator.errors import UserError
from simulator.export.dedup import DEFAULT_THRESHOLD
from simulator.export.formats import FORMATS, SIDES
from simulator.export.select import parse_filters
from simulator.words import counted

if TYPE_CHECKING:
    from simulator.export.pipeline import ExportRequest, ExportSummary

LIST_LIMIT = 50


@user_errors
def export(
    run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A run directory.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format", help="jsonl, openai, sharegpt, parquet, dpo or kto (pairs from forks)."
        ),
    ] = "jsonl",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The file to write.", show_default=False, parser=out_path),
    ] = None,
    side: Annotated[
        str, typer.Option("--as", help="Which side is the assistant: support or customer.")
    ] = "support",
    system_prompt: Annotated[
        bool | None,
        typer.Option(
            "--system-prompt/--no-system-prompt",
            help="A system message built from the scenario (default: on for chat formats).",
            show_default=False,
        ),
    ] = None,
    verdict: Annotated[
        list[str] | None,
        typer.Option("--verdict", help="Labels to keep, e.g. ACCEPT,REVIEW or any."),
    ] = None,
    min_score: Annotated[
        list[str] | None,
        typer.Option("--min-score", help="DIM=N: keep scores of at least N (repeatable)."),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Outcomes to keep, e.g. resolved,escalated."),
    ] = None,
    scenario: Annotated[
        list[str] | None,
        typer.Option("--scenario", help="Scenario ids or globs (banking/*) to keep."),
    ] = None,
    edge_case: Annotated[
        list[str] | None,
        typer.Option("--edge-case", help="Keep conversations with one of these (none: without)."),
    ] = None,
    keep_undecided: Annotated[
        bool,
        typer.Option(
            "--keep-undecided",
            help="Count ACCEPT with criteria no check could decide (they need a judge model) "
            "as ACCEPT.",
        ),
    ] = False,
    dedup: Annotated[
        bool, typer.Option("--dedup/--no-dedup", help="Drop near-duplicate transcripts.")
    ] = True,
    dedup_threshold: Annotated[
        float, typer.Option("--dedup-threshold", help="Jaccard similarity counted as duplicate.")
    ] = DEFAULT_THRESHOLD,
    min_gap: Annotated[
        float,
        typer.Option("--min-gap", help="dpo/kto: least score gap between chosen and rejected."),
    ] = 0.5,
) -> None:
    """Export transcripts for fine-tuning; print kept and dropped counts with the reasons."""
    if out is None:
        raise UserError("--out is required: give the file to write, e.g. --out train.jsonl")
    if fmt not in FORMATS:
        raise UserError(f"--format {fmt}: not a format; give one of {', '.join(FORMATS)}")
    if side not in SIDES:
        raise UserError(f"--as {side}: give support or customer")
    filters = parse_filters(
        verdict or [], min_score or [], status or [], scenario or [], edge_case or [],
        keep_undecided,
    )  # fmt: skip
    # Imported here: pandas and pyarrow load only when an export runs.
    from simulator.export.pipeline import ExportRequest, export_run

    request = ExportRequest(
        run_dir, fmt, out, side, system_prompt, filters, dedup, dedup_threshold, min_gap
    )
    print_summary(export_run(request), request)


def print_summary(summary: ExportSummary, request: ExportRequest) -> None:
    console = stdout()
    say = lambda text: console.print(text, soft_wrap=True, markup=False, highlight=False)  # noqa: E731
    if request.format in ("dpo", "kto"):
        what = f"{counted(summary.kept, 'row')} from {counted(summary.total, 'fork point')}"
    else:
        what = f"{summary.kept} of {counted(summary.total, 'conversation')}"
    say(f"exported {what} to {request.out} ({request.format})")
    for reason, count in sorted(summary.dropped.items(), key=lambda kv: (-kv[1], kv[0])):
        say(f"  dropped {count}: {reason}")
    for note in summary.notes:
        say(f"  note: {note}")
    if summary.blocked:
        say("privacy screen blocked (personal data that is not the conversation's own):")
        for block in summary.blocked[:LIST_LIMIT]:
            say(f"  {block.describe()}")
        if len(summary.blocked) > LIST_LIMIT:
            say(f"  ... and {len(summary.blocked) - LIST_LIMIT} more")
    if summary.duplicates:
        say(f"near-duplicates (similarity >= {request.dedup_threshold:g}):")
        for dup in summary.duplicates[:LIST_LIMIT]:
            say(f"  {dup.id} repeats {dup.of} (similarity {dup.similarity:.2f})")
        if len(summary.duplicates) > LIST_LIMIT:
            say(f"  ... and {len(summary.duplicates) - LIST_LIMIT} more")
