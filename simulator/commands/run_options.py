"""Options `run` and `test` share, declared once as annotated types."""

from __future__ import annotations

from typing import Annotated

import typer

Force = Annotated[
    bool, typer.Option("--force", help="Discard a run already in --out and start over.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
Planner = Annotated[
    str,
    typer.Option("--planner", help="What to simulate next: coverage, failures or random."),
]
CoverageStrength = Annotated[
    int,
    typer.Option("--coverage-strength", help="Coverage target: 1, 2 (pairwise) or 3-wise."),
]
