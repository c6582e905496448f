"""Run convsim as a user does: `python -m simulator` in a child process, this checkout first.

Subprocess tests exist for what an in-process CliRunner cannot show: exit codes and stderr as
a shell sees them, a process killed mid-run, memory limits, a terminal nobody types into. They
all need the same child environment, so it lives here once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(extra: Mapping[str, str] | None = None, drop: tuple[str, ...] = ()) -> dict[str, str]:
    """This environment with the checkout first on PYTHONPATH, `extra` added, `drop` removed."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "PYTHONPATH": path, **(extra or {})}


def convsim(
    *args: str | Path,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 300,
    stdin_text: str | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`convsim ARGS` in a child process; never raises on a non-zero exit (tests assert it)."""
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        cwd=cwd,
        env=child_env(env),
        input=stdin_text,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )
