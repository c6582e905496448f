"""manifest.json of a run: what produced it and how it went (settings only, never a secret)."""

from __future__ import annotations

import platform
import sys
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING, Any

from simulator.store.rundir import DB_NAME, MANIFEST_NAME, TRANSCRIPTS_NAME

if TYPE_CHECKING:
    from simulator.run.runner import Engines, Prepared, RunResult


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def manifest(
    prepared: Prepared, engines: Engines, result: RunResult, started: datetime, stored: int
) -> dict[str, Any]:
    """What produced the run and how it went. Settings only: never a key or a header."""
    request = prepared.request
    return {
        "run_id": prepared.run_id,
        "config": {
            "n": request.n,
            "seed": request.seed,
            "concurrency": request.concurrency,
            "paths": [str(p) for p in prepared.inputs.paths],
            "edge_cases": str(request.edge_cases) if request.edge_cases else None,
            "scenarios": [s.id for s in prepared.inputs.scenarios],
            "fingerprint": prepared.settings,
        },
        "engines": dict(sorted(engines.names.items())),
        "versions": {
            "convsim": _version("convsim"),
            "python": platform.python_version(),
            "langgraph": _version("langgraph"),
            "platform": sys.platform,
        },
        "counts": {
            "conversations": stored,
            "simulated_this_session": result.simulated,
            "resumed_from": result.already_done,
            "outcomes": result.outcomes,
            "verdicts": result.verdicts,
            "undecided": result.undecided.as_dict(),
            **({"simulator_faults": result.simulator.as_dict()} if result.simulator else {}),
        },
        "timings": {
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seconds": round(result.seconds, 3),
            "conversations_per_second": round(result.simulated / result.seconds, 2)
            if result.seconds > 0
            else None,
        },
        "placement": result.placement.as_dict(),
        "files": {"db": DB_NAME, "transcripts": TRANSCRIPTS_NAME, "manifest": MANIFEST_NAME},
        **({"llm": engines.hooks.report()} if engines.hooks is not None else {}),
        **({"stopped": result.stopped} if result.stopped else {}),
    }
