"""Options `run` and `test` share, declared once as annotated types."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.commands.common import out_path

Paths = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Scenario files or folders (default: the built-in library).", show_default=False
    ),
]
Out = Annotated[
    Path | None,
    typer.Option(
        "--out", help="Run directory to create or resume.", show_default=False, parser=out_path
    ),
]
Concurrency = Annotated[int, typer.Option("--concurrency", help="Conversations in flight at once.")]
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
Workers = Annotated[
    int,
    typer.Option(
        "--workers",
        help="Run conversations in this many worker processes (0: in this one); the same "
        "transcripts whatever the number.",
    ),
]
Ray = Annotated[
    str | None,
    typer.Option(
        "--ray",
        help="Run conversations as Ray actor tasks: a cluster's address (auto, "
        "ray://HOST:10001), or none for a Ray instance on this machine; needs convsim[ray].",
        show_default=False,
    ),
]
