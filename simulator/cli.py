"""The `convsim` command line (also `python -m simulator`).

Each command lives in `simulator/commands/`. This module wires them into one typer app and
loads a command's module only when that command runs (LangGraph, LangChain and pandas
take seconds on a busy machine, and `convsim studio` should not wait for `run`'s imports), and
owns the error contract: a user mistake prints one line per problem, `convsim: error: ...`,
on stderr and exits 2; usage errors from the parser get the same one-line form. No traceback
reaches the user for a mistake they can fix.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from typing import Any

import typer
import typer.main
from typer.core import TyperGroup

from simulator.commands.common import EXIT_INTERRUPTED, EXIT_USAGE, error_line


def bare_ray(args: list[str]) -> list[str]:
    """`--ray` with no address (last, or before another flag) is `--ray local`: a Ray
    instance on this machine. Click options take a value or none, never an optional one."""
    out = list(args)
    for i, arg in enumerate(args):
        if arg == "--ray" and (i + 1 == len(args) or args[i + 1].startswith("-")):
            out[i] = "--ray=local"
    return out


class ConvsimGroup(TyperGroup):
    """Runs the app in non-standalone mode so every error goes through one formatter, with
    the commands of `COMMANDS` loaded on demand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(list(COMMANDS))

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        args = bare_ray(sys.argv[1:] if args is None else list(args))
        try:
            code = super().main(
                args=args,
                prog_name=prog_name or "convsim",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except typer.TyperException as exc:  # click's UsageError and friends (vendored by typer)
            code = _report(exc)
        except typer.Abort:
            error_line("interrupted")
            code = EXIT_INTERRUPTED
        if standalone_mode:
            sys.exit(code if isinstance(code, int) else 0)
        return code

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        """Parsing the arguments imports modules too (typer loads pydantic for its first
        typed option): a Ctrl-C there is the same one line as in `invoke`."""
        with _interrupt_is_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        """Ctrl-C outside a command's own handling is one line and 130 (recent typer turns it
        into a silent Exit(130) before `main` could say anything)."""
        with _interrupt_is_one_line():
            return super().invoke(ctx)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, its on/off flags shown in help without a value type (`--force`, not
        `--force <bool>`: they take no value)."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return command


@contextmanager
def _interrupt_is_one_line() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        error_line("interrupted")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _report(exc: typer.TyperException) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `convsim`: the help is the message
        print(exc.format_message(), file=sys.stderr)
        return EXIT_USAGE
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    error_line(exc.format_message().rstrip(".") + hint)
    return EXIT_USAGE if ctx is not None else exc.exit_code


# name -> (module, attribute): a command function, or a Typer app for a group of commands.
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("simulator.commands.run", "run"),
    "lint": ("simulator.commands.lint", "lint"),
    "scenarios": ("simulator.commands.scenarios_cmd", "scenarios"),
    "personas": ("simulator.commands.personas", "personas"),
    "show": ("simulator.commands.show", "show"),
    "fake-llm": ("simulator.commands.fake_llm", "fake_llm"),
    "coverage": ("simulator.commands.coverage", "coverage"),
    "plan": ("simulator.commands.plan", "plan"),
    "grade": ("simulator.commands.grade", "grade"),
    "review": ("simulator.commands.review", "review"),
    "export": ("simulator.commands.export", "export"),
    "fork": ("simulator.commands.fork", "fork"),
    "report": ("simulator.commands.report", "report"),
    "test": ("simulator.commands.test", "test"),
    "compare": ("simulator.commands.compare", "compare_runs"),
    "studio": ("simulator.commands.studio", "studio"),
    "learn": ("simulator.commands.learn", "learn"),
    "validate": ("simulator.commands.validate", "validate_run"),
    "import": ("simulator.commands.import_tau", "app"),
}


def load_command(name: str) -> Any:
    """The click command `name`, built by typer from its module (imported now, not before)."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    holder.callback()(_no_options)
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _no_options() -> None:
    pass


class LazyCommands(MutableMapping[str, Any]):
    """The group's commands by name; each is built the first time it is looked up, so
    listing names (parsing, 'did you mean') imports nothing and only help loads them all."""

    def __init__(self, names: Sequence[str]) -> None:
        self._names = list(names)
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = load_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


app = typer.Typer(
    cls=ConvsimGroup,
    name="convsim",
    help="Simulate, check and read customer-support conversations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.callback()(_no_options)  # a group whose commands ConvsimGroup loads on demand


def main() -> None:
    app()
