"""`convsim lint`: check scenario files the way `convsim run` would load them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from scenarios.lint import lint as lint_paths
from scenarios.lint import lint_warnings
from scenarios.schema.source import parse_once
from simulator.commands.common import EXIT_PROBLEMS, user_errors
from simulator.errors import UserError
from simulator.run.inputs import (
    EdgeCasesOption,
    load_edge_case_library,
    load_traits_or_fail,
    scenario_path,
)


@user_errors
def lint(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="PATH...", help="Scenario files or folders.", show_default=False),
    ],
    edge_cases: EdgeCasesOption = None,
) -> None:
    """Validate scenarios: one `file:line: field: message` per problem; exit 1 if any."""
    paths = [scenario_path(path) for path in paths]  # a built-in id reads its file
    library = load_edge_case_library(edge_cases)  # run's refusals, before any file is read
    with parse_once():  # problems and warnings from one parse of each file
        problems = lint_paths(paths, traits=load_traits_or_fail().names(), edge_cases=edge_cases)
        warnings = lint_warnings(paths, library)
    refused = [p for p in problems if p.refused]
    if refused:  # a path given that is no file (a FIFO, a device): the command line is wrong
        raise UserError([str(p) for p in refused])
    for problem in sorted([*problems, *warnings], key=lambda p: (p.file, p.line)):
        print(problem)
    if problems:
        files = len({str(p.file) for p in problems})
        tail = f" (and {_plural(len(warnings), 'warning')})" if warnings else ""
        print(
            f"convsim: {_plural(len(problems), 'problem')} in {_plural(files, 'file')}{tail}",
            file=sys.stderr,
        )
        raise typer.Exit(EXIT_PROBLEMS)
    if warnings:
        files = len({str(p.file) for p in warnings})
        print(f"ok: no problems; {_plural(len(warnings), 'warning')} in {_plural(files, 'file')}")
        return
    print(f"ok: no problems in {', '.join(str(p) for p in paths)}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
