"""`convsim validate`: a run against real logs (fidelity, utility, privacy, diversity)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from simulator.commands.common import EXIT_PROBLEMS, error_line, stdout, user_errors
from simulator.errors import UserError
from simulator.report.validation import RESULT_NAME
from simulator.store.atomic import write_atomic

if TYPE_CHECKING:
    from simulator.validation.validate import Validation


@user_errors
def validate_run(
    run_dir: Annotated[Path, typer.Argument(metavar="RUN", help="A run directory.")],
    real: Annotated[
        Path,
        typer.Option(
            "--real",
            help="Real conversations: OpenAI `messages` JSONL or STAR dialogues (.jsonl, "
            ".jsonl.gz, or a folder of .json files).",
        ),
    ],
    labels: Annotated[
        str | None,
        typer.Option(
            "--labels",
            help="Dotted field holding each real record's intent, e.g. metadata.intent "
            "(default: intents by clustering the real data).",
            show_default=False,
        ),
    ] = None,
    gate: Annotated[
        bool, typer.Option("--gate", help="Exit 1 when a gated figure fails or is undecided.")
    ] = False,
    threshold: Annotated[
        list[str] | None,
        typer.Option(
            "--threshold",
            help="Override a gate threshold, NAME=VALUE (repeatable); see docs/validate.md.",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        Path | None,
        typer.Option(
            "--json",
            help=f"Write the figures here (default: RUN/{RESULT_NAME}).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Measure a run against real logs: fidelity, utility, privacy and diversity."""
    # Imported here: scikit-learn and scipy would otherwise load in every convsim command.
    from simulator.store.data import iter_records, open_run
    from simulator.validation.figures import judge, parse_thresholds
    from simulator.validation.logs import read_logs, run_dialogues
    from simulator.validation.validate import validate

    thresholds = parse_thresholds(threshold or [])
    real_dialogues = read_logs(real, "--real", labels)
    with open_run(run_dir) as store:
        synth = run_dialogues(iter_records(store))
    if not synth:
        raise UserError(f"{run_dir}: holds no finished conversation to validate; run it first")
    result = validate(synth, real_dialogues, labels is not None, thresholds)
    data = result.to_json()
    data["run"] = str(run_dir)
    data["real"] = str(real)
    target = json_out or run_dir / RESULT_NAME
    try:
        write_atomic(target, [json.dumps(data, indent=2, ensure_ascii=False) + "\n"])
    except OSError as exc:
        raise UserError(f"--json {target}: cannot write it ({exc.strerror or exc})") from exc
    print_table(result)
    console = stdout()
    console.print(f"figures: {target}", soft_wrap=True, markup=False)
    failed = result.failures()
    if failed:
        names = ", ".join(f"{f.key} ({judge(f, result.thresholds)})" for f in failed)
        if gate:
            error_line(f"gate failed: {names}")
            raise typer.Exit(EXIT_PROBLEMS)
        console.print(f"gate (not enforced without --gate): {names}", soft_wrap=True, markup=False)


def _fmt(value: float | None) -> str:
    if value is None or math.isnan(value):
        return "-"
    return f"{value:.0f}" if value == int(value) and abs(value) >= 1 else f"{value:.3f}"


def print_table(result: Validation) -> None:
    from simulator.validation.figures import judge
    from simulator.validation.validate import AXES

    info = result.info
    table = Table(
        title=f"convsim validate: {info['synthetic_conversations']} synthetic against "
        f"{info['real_conversations']} real conversations (labels: {info['real_labels']})",
        title_justify="left",
    )
    for column in ("figure", "value", "synthetic", "real", "gate", "measure"):
        table.add_column(column, overflow="fold")
    for axis in AXES:
        for f in (x for x in result.figures if x.axis == axis):
            bound = result.thresholds.get(f.key)
            status = judge(f, result.thresholds)
            gate = f"{status} ({bound[1]} {bound[0]:g})" if bound else ""
            measure = f.measure + (f"; {f.note}" if f.note else "")
            table.add_row(f.key, _fmt(f.value), _fmt(f.synthetic), _fmt(f.real), gate, measure)
    stdout(min_width=140).print(table)
