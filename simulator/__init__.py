"""Runs conversations and everything done with them, one sub-package per job: `run` (a batch
of conversations), `store` (run.db and the run directory), `bots` (testing a bot), `forks`,
`quality` (grading outside transcripts, the critic's calibration, human review), `export`
(data out), `report`, `validation`, `studio`, and `commands` (the `convsim` command line,
wired in `cli`)."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.store.data import iter_run as iter_run
    from simulator.store.data import load_run as load_run


def __getattr__(name: str) -> object:
    """`simulator.load_run` and `simulator.iter_run` for notebooks, imported on first use:
    the CLI needs no pandas."""
    if name in ("load_run", "iter_run"):
        from simulator.store import data

        return getattr(data, name)
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
