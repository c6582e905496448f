"""`convsim report`: a run as one HTML page with its plots embedded, readable offline."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from simulator.commands.common import out_path, stdout, user_errors
from simulator.errors import UserError


@user_errors
def report(
    run_dir: Annotated[Path, typer.Argument(metavar="DIR", help="A run directory.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="The HTML file to write.", show_default=False, parser=out_path),
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(
            "--reference",
            help="JSONL of real dialogues to compare lengths and variety with.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write an HTML report: outcomes, verdicts, coverage, variety, cost, worst transcripts."""
    if out is None:
        raise UserError("--out is required: give the HTML file to write, e.g. --out report.html")
    from simulator.report import ReportRequest, write_report  # matplotlib: only when used
    from simulator.store.data import in_progress

    clock = time.perf_counter()
    writing = in_progress(run_dir)
    n = write_report(ReportRequest(run_dir, out, reference))
    seconds = time.perf_counter() - clock
    so_far = "; the run is still being written: these are the ones finished so far" * writing
    stdout().print(
        f"report on {n} conversations written to {out} ({seconds:.1f} s){so_far}",
        soft_wrap=True,
        markup=False,
        highlight=False,
    )
