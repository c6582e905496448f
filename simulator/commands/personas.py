"""`convsim personas`: sample personas the way a run does, to see what the library yields."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from agents.planner import derive_seed
from personas.sampler import PersonaError, sample_persona
from simulator.commands.common import stdout, user_errors
from simulator.errors import UserError, check_seed
from simulator.run.inputs import load_traits_or_fail

MAX_PERSONAS = 100_000  # sampled into memory before printing


@user_errors
def personas(
    n: Annotated[int, typer.Option("--n", help="How many personas.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Sampling seed.")] = 0,
    locale: Annotated[
        str | None,
        typer.Option("--locale", help="Faker locale, e.g. en_US, de_DE.", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Print sampled personas (identity and traits)."""
    if not 1 <= n <= MAX_PERSONAS:
        raise UserError(f"--n {n}: give the number of personas, 1 to {MAX_PERSONAS:,}")
    check_seed(seed)
    library = load_traits_or_fail()
    try:
        sampled = [
            sample_persona(derive_seed("personas", seed, i), locale=locale, library=library)
            for i in range(n)
        ]
    except PersonaError as exc:
        raise UserError(f"--locale {locale}: {exc}" if locale else str(exc)) from exc
    if as_json:
        for persona in sampled:
            print(persona.model_dump_json())
        return
    table = Table(title=f"{n} personas (seed {seed})", title_justify="left")
    for column in (
        "id",
        "name",
        "locale",
        "age",
        "tone",
        "patience",
        "verbosity",
        "tech",
        "language",
        "quirks",
    ):
        table.add_column(column, overflow="fold")
    for p in sampled:
        table.add_row(
            p.id,
            p.identity.name,
            p.identity.locale,
            str(p.identity.age),
            p.tone,
            p.patience,
            p.verbosity,
            p.tech_savviness,
            p.language,
            ", ".join(p.quirks) or "-",
        )
    stdout(min_width=140).print(table)
