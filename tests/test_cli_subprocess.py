"""`python -m simulator` in real processes: determinism across interpreters, kill -9, Ctrl-C.

Each process gets its own PYTHONHASHSEED, so these also catch output that depends on set or
dict-of-hash ordering.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_process import child_env

ROOT = Path(__file__).resolve().parent.parent
N = 300


def env(hash_seed: str) -> dict[str, str]:
    return child_env({"PYTHONHASHSEED": hash_seed})


def command(out: Path, n: int = N) -> list[str]:
    return [
        sys.executable,
        "-m",
        "simulator",
        "run",
        "--n",
        str(n),
        "--seed",
        "11",
        "--out",
        str(out),
        "--quiet",
        "--concurrency",
        "8",
    ]


def convsim(out: Path, n: int = N, hash_seed: str = "0") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(out, n),
        env=env(hash_seed),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def stored(out: Path) -> int:
    """Finished conversations in run.db, read the way any other process would."""
    try:
        with sqlite3.connect(f"file:{out / 'run.db'}?mode=ro", uri=True) as db:
            return int(db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0])
    except sqlite3.Error:  # not created yet, or its schema not yet migrated
        return 0


def start_and_wait_for(out: Path, at_least: int) -> subprocess.Popen[str]:
    """Start a run and return once `at_least` conversations are committed."""
    proc = subprocess.Popen(
        command(out), env=env("0"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    while stored(out) < at_least:
        assert proc.poll() is None, "the run finished before it could be interrupted"
        assert time.monotonic() < deadline, "the run made no progress"
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.02)  # waits on the process, returns early if it exits
    return proc


def ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def test_python_m_simulator_runs_and_is_byte_identical_across_processes(tmp_path: Path) -> None:
    first = convsim(tmp_path / "a", n=40, hash_seed="1")
    assert first.returncode == 0, first.stderr
    assert "conversations │ 40" in first.stdout
    second = convsim(tmp_path / "b", n=40, hash_seed="2")
    assert second.returncode == 0, second.stderr
    a = (tmp_path / "a" / "transcripts.jsonl").read_bytes()
    assert a == (tmp_path / "b" / "transcripts.jsonl").read_bytes()
    assert len(a.splitlines()) == 40


def test_kill_9_midway_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    whole = convsim(tmp_path / "whole")
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "killed"
    proc = start_and_wait_for(out, at_least=20)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    saved = stored(out)
    assert 20 <= saved < N
    assert not (out / "transcripts.jsonl").exists()
    resumed = convsim(out)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{N} ({saved} already stored, {N - saved} simulated now)" in resumed.stdout
    result = out / "transcripts.jsonl"
    assert result.read_bytes() == (tmp_path / "whole" / "transcripts.jsonl").read_bytes()
    assert len(set(ids(result))) == N
    assert stored(out) == N


@pytest.mark.parametrize(
    ("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_ctrl_c_says_what_was_saved_and_the_rerun_completes(
    tmp_path: Path, signum: int, status: int
) -> None:
    """SIGTERM (kill, a supervisor stopping the job) is Ctrl-C's line and exit 128 + 15: it
    ended a run silently (outsider18 #21)."""
    out = tmp_path / "run"
    proc = start_and_wait_for(out, at_least=10)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == status, err
    saved = stored(out)
    assert err == (
        f"convsim: error: interrupted: {saved} of {N} conversations are saved in {out}; "
        "run the same command again to finish\n"
    )
    assert not (out / "transcripts.jsonl").exists()
    resumed = convsim(out)
    assert resumed.returncode == 0, resumed.stderr
    assert len(set(ids(out / "transcripts.jsonl"))) == N
