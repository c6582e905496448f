"""Runs conversations: the LangGraph graph of one conversation, the batch runner, the run
store (run.db), the run directory's files and the `convsim` command line."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.data import load_run as load_run


def __getattr__(name: str) -> object:
    """`simulator.load_run` for notebooks, imported on first use: the CLI needs no pandas."""
    if name == "load_run":
        from simulator.data import load_run

        return load_run
    raise AttributeError(f"module 'simulator' has no attribute {name!r}")
