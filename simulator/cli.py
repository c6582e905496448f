"""The `convsim` command line (also `python -m simulator`).

Each command lives in `simulator/commands/`. This module wires them into one typer app and
owns the error contract: a user mistake prints one line per problem, `convsim: error: ...`,
on stderr and exits 2; usage errors from the parser get the same one-line form. No traceback
reaches the user for a mistake they can fix.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.core import TyperGroup

from simulator.commands import compare as bot_compare
from simulator.commands import coverage as coverage_cmd
from simulator.commands import (
    export,
    fake_llm,
    fork,
    grade,
    import_tau,
    learn,
    lint,
    personas,
    report,
    review,
    run,
    scenarios_cmd,
    show,
    validate,
)
from simulator.commands import plan as plan_cmd
from simulator.commands import studio as studio_cmd
from simulator.commands import test as bot_test
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
    """Runs the app in non-standalone mode so every error goes through one formatter."""

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

    def invoke(self, ctx: Any) -> Any:
        """Ctrl-C outside a command's own handling is one line and 130 (recent typer turns it
        into a silent Exit(130) before `main` could say anything)."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            error_line("interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command, its on/off flags shown in help without a value type (`--force`, not
        `--force <bool>`: they take no value)."""
        command = super().get_command(ctx, cmd_name)
        for param in getattr(command, "params", ()):
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return command


def _report(exc: typer.TyperException) -> int:
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError":  # bare `convsim`: the help is the message
        print(exc.format_message(), file=sys.stderr)
        return EXIT_USAGE
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    error_line(exc.format_message().rstrip(".") + hint)
    return EXIT_USAGE if ctx is not None else exc.exit_code


app = typer.Typer(
    cls=ConvsimGroup,
    name="convsim",
    help="Simulate, check and read customer-support conversations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("run")(run.run)
app.command("lint")(lint.lint)
app.command("scenarios")(scenarios_cmd.scenarios)
app.command("personas")(personas.personas)
app.command("show")(show.show)
app.command("fake-llm")(fake_llm.fake_llm)
app.command("coverage")(coverage_cmd.coverage)
app.command("plan")(plan_cmd.plan)
app.command("grade")(grade.grade)
app.command("review")(review.review)
app.command("export")(export.export)
app.command("fork")(fork.fork)
app.command("report")(report.report)
app.command("test")(bot_test.test)
app.command("compare")(bot_compare.compare_runs)
app.command("studio")(studio_cmd.studio)
app.command("learn")(learn.learn)
app.command("validate")(validate.validate_run)
app.add_typer(import_tau.app, name="import")


def main() -> None:
    app()
