"""An --out that cannot be written (a read-only folder) is one line naming --out and the fix,
exit 2, before anything runs and with nothing left behind: for a run folder, a folder to be
created inside it, and an export file. The folder is made read-only with its permissions, or,
for root (whom permissions do not stop), with the immutable attribute (chattr +i); where
neither holds, the test is skipped rather than passed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def readonly(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", folder], capture_output=True).returncode:
        pytest.skip("root, and no immutable attribute on this filesystem: cannot make it read-only")
    try:
        probe = folder / "probe"
        with pytest.raises(OSError):
            probe.touch()
        yield folder
    finally:
        subprocess.run([chattr, "-i", folder], check=True)


def test_a_read_only_run_folder_is_one_line_and_exit_2(readonly: Path) -> None:
    done = convsim("run", "--n", "1", "--seed", "1", "--out", readonly, "--quiet")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"convsim: error: --out {readonly}: folder is not writable; choose another --out\n"
    )
    inside = readonly / "new"
    done = convsim("run", "--n", "1", "--seed", "1", "--out", inside, "--quiet")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"convsim: error: --out {inside}: cannot be created because {readonly} is not writable\n"
    )
    assert list(readonly.iterdir()) == []


def test_a_read_only_export_target_is_one_line_and_exit_2(readonly: Path, tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert convsim("run", "--n", "1", "--seed", "1", "--out", run, "--quiet").returncode == 0
    target = readonly / "data.jsonl"
    done = convsim("export", run, "--format", "jsonl", "--out", target)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"convsim: error: --out {target}: cannot write it (")
    assert done.stderr.count("\n") == 1
    assert list(readonly.iterdir()) == []
