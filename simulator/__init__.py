"""Runs conversations: the LangGraph graph of one conversation, the batch runner, the run
store (run.db), the run directory's files and the `convsim` command line."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.data import iter_run as iter_run
    from simulator.data import load_run as load_run


def __getattr__(name: str) -> object:
    """`simulator.load_run` and `simulator.iter_run` for notebooks, imported on first use:
    the CLI needs no pandas."""
    if name in ("load_run", "iter_run"):
        from simulator import data

        return getattr(data, name)
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
