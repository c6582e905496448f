"""`convsim fork`: continue a stored conversation K times from one of its turns, graded."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.commands import llm_options as lo
from simulator.commands.common import stdout, user_errors
from simulator.errors import UserError
from simulator.forks.fork import fork as fork_conversation
from simulator.run.engines import LLMOptions, build_engines
from simulator.store.rundb import StoreError


@user_errors
@lo.model_flags("customer", "support", "critic")
def fork(
    run_dir: Annotated[Path, typer.Argument(metavar="RUN", help="A run directory.")],
    conversation_id: Annotated[
        str,
        typer.Option(
            "--id", help="The conversation to fork (its full id; a fork's id forks that fork)."
        ),
    ],
    at: Annotated[
        int,
        typer.Option(
            "--at", help="Fork before this turn (0-based position, as findings count turns)."
        ),
    ],
    n: Annotated[int, typer.Option("--n", help="Number of continuations.")] = 4,
    llm: LLMOptions | None = None,  # the Models flags (lo.model_flags)
) -> None:
    """Restore a conversation before turn AT and simulate N graded continuations.

    They are stored in run.db as its children; the same command again adds only the missing
    ones. Read them with convsim show RUN --id ID.
    """
    engines = build_engines(llm or LLMOptions())
    try:
        parent, children = fork_conversation(run_dir, conversation_id, at, n, engines)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    console = stdout()
    new = sum(c.simulated for c in children)
    console.print(
        f"{parent} @ turn {at}: {len(children)} continuations "
        f"({new} simulated now, {len(children) - new} already stored)",
        soft_wrap=True,
        markup=False,
    )
    for c in children:
        score = f"{c.score:.2f}" if c.score is not None else "-"
        console.print(
            f"  {c.id}  {c.status}  {c.label or 'not graded'}  score {score}",
            soft_wrap=True,
            markup=False,
        )


__all__ = ["fork"]
