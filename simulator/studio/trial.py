"""Try: simulate a handful of conversations of the text being edited, offline.

The scripted engines and the rules critic need no model and no network, so a click gives
conversations in seconds. The text is written to a hidden file beside the scenario (its
`world:` finds the same domains as when saved) and the run goes to a hidden folder in the
workspace, both removed afterwards: the studio writes nothing outside the workspace.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from simulator.runner import RunRequest, run
from simulator.studio.runs import trial_records

__all__ = ["TRY_N", "try_text"]

TRY_N = 5


def try_text(root: Path, path: Path, text: str, seed: int = 1) -> list[dict[str, Any]]:
    """The records of TRY_N scripted conversations of `text` (saved as if at `path`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".studio-try-", suffix=".yaml", dir=path.parent)
    scratch = root / ".studio"
    scratch.mkdir(exist_ok=True)
    out = Path(tempfile.mkdtemp(prefix="try-", dir=scratch))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        request = RunRequest(paths=(Path(tmp),), n=TRY_N, seed=seed, out=out / "run", concurrency=1)
        run(request)
        return trial_records(out / "run")
    finally:
        Path(tmp).unlink(missing_ok=True)
        shutil.rmtree(out, ignore_errors=True)
