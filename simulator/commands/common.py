"""Output helpers shared by the commands: where text goes, how errors look, the progress bar."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from simulator.errors import UserError, disk_trouble

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Lines of one UserError printed before the rest are counted.
MAX_ERROR_LINES = 50

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


def out_path(value: str) -> Path:
    """`--out`'s parser: an empty value would mean the current folder, which nobody means."""
    if not value.strip():
        raise typer.BadParameter("is empty; give a path, e.g. --out runs/demo")
    return Path(value)


def error_line(message: str) -> None:
    print(f"convsim: error: {message}", file=sys.stderr)


def note_line(message: str) -> None:
    print(f"convsim: note: {message}", file=sys.stderr)


def user_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn UserError into its lines on stderr and exit 2."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            for line in exc.lines[:MAX_ERROR_LINES]:
                error_line(line)
            if len(exc.lines) > MAX_ERROR_LINES:  # a file of 60,000 unknown keys is 60,000
                more = len(exc.lines) - MAX_ERROR_LINES
                error_line(f"... and {more:,} more like these (convsim lint lists every one)")
            raise typer.Exit(EXIT_USAGE) from exc
        except (MemoryError, BaseExceptionGroup) as exc:
            if isinstance(exc, BaseExceptionGroup):
                memory, rest = exc.split(MemoryError)
                if memory is None or rest is not None:
                    raise
            error_line(out_of_memory())
            raise typer.Exit(EXIT_USAGE) from exc

    return wrapper


def out_of_memory() -> str:
    """One line for a MemoryError, naming what the memory follows (a domain's data file)
    and the fix, instead of a traceback of the task that happened to ask last."""
    from scenarios.domains.loader import largest_data_file

    found = largest_data_file()
    if found is None:
        return (
            "out of memory; run fewer conversations at once (--concurrency) or on a machine "
            "with more memory"
        )
    path, size = found
    return (
        f"out of memory with the records of {path} ({size / 2**20:.0f} MiB) loaded; "
        "use a smaller data file (fewer records) for this domain, or run with --concurrency 1 "
        "on a machine with more memory"
    )


class Bar:
    """The rich progress bar on stderr, the runner's `Progress`."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("simulating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._progress.add_task("simulating", total=None)

    def start(self, total: int, completed: int) -> None:
        self._progress.update(self._task, total=total, completed=completed)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def stop(self) -> None:
        self._progress.stop()


def simulate_into(
    out: Path, quiet: bool, session: Callable[[Bar | None], R], saved: Callable[[], str]
) -> R:
    """Run a `run` / `test` session with the bar (on a terminal, unless --quiet).

    Ctrl-C says what `saved()` is safe in --out and exits 130; a disk error is a UserError
    naming --out. Either way re-running the same command resumes.
    """
    from simulator.store.rundb import RunBusy, StoreError  # here: `studio` never loads it

    console = stderr()
    bar = Bar(console) if console.is_terminal and not quiet else None
    try:
        return session(bar)
    except KeyboardInterrupt:
        error_line(
            f"interrupted: {saved()} are saved in {out}; run the same command again to finish"
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except RunBusy as exc:
        raise UserError(
            f"--out {out}: another convsim process is writing this run; wait for it or choose "
            "another --out"
        ) from exc
    except (OSError, sqlite3.Error, StoreError, ExceptionGroup) as exc:
        why = disk_trouble(exc)
        if why is not None:
            raise UserError(
                f"--out {out}: cannot write the run: {why}, then run the same command again "
                "to finish"
            ) from exc
        if isinstance(exc, StoreError):
            raise UserError(f"--out {out}: {exc}") from exc
        raise
