"""Output helpers shared by the commands: where text goes and how errors look."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from simulator.errors import UserError

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

P = ParamSpec("P")
R = TypeVar("R")


def stdout(min_width: int | None = None) -> Console:
    """A console on the current sys.stdout (per call: CliRunner swaps the stream).

    Tables ask for `min_width` so that piped output (80 columns by default) stays readable.
    """
    console = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    if min_width is not None and not console.is_terminal and console.width < min_width:
        console = Console(file=sys.stdout, highlight=False, soft_wrap=False, width=min_width)
    return console


def stderr() -> Console:
    return Console(file=sys.stderr, highlight=False)


def error_line(message: str) -> None:
    print(f"convsim: error: {message}", file=sys.stderr)


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn UserError into its lines on stderr and exit 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            for line in exc.lines:
                error_line(line)
            raise typer.Exit(EXIT_USAGE) from exc

    return wrapper
