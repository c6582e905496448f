"""A folder whose YAML names are not regular files (outsider 16 #18: a FIFO named s.yaml, a
symlink to /dev/zero, a dangling symlink were skipped without a word): lint names each one
skipped, so 'no scenario files' is not a riddle. Nothing is opened, so nothing blocks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_skipped_special_files_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "hy"
    folder.mkdir()
    os.mkfifo(folder / "s.yaml")
    (folder / "d.yaml").symlink_to(tmp_path / "nothing-here")
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "lint", str(folder)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{folder}: no scenario files (*.yaml, *.yml) under {folder} (skipped, not regular "
        "files: d.yaml: a symlink to nothing; s.yaml: a named pipe (FIFO))"
    )
