"""A run directory someone else is using: run.db locked by another program (a SQLite shell
or browser holding a write transaction), and `export`/`report` on a run another convsim
process is still writing. One line and exit 2 for the first; a consistent snapshot, said to
be one, for the second. Subprocesses: the locks are between processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.store.data import in_progress, iter_records, open_run
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parents[1]


def convsim(*args: str | Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("inuse") / "run"
    done = convsim("run", "--n", "4", "--seed", "3", "--out", out, "-q")
    assert done.returncode == 0, done.stderr
    return out


def test_a_run_db_locked_by_another_program_is_one_line_not_a_traceback(
    made: Path, tmp_path: Path
) -> None:
    out = tmp_path / "run"
    out.mkdir()
    for name in ("run.db", "manifest.json"):
        (out / name).write_bytes((made / name).read_bytes())
    holder = sqlite3.connect(out / "run.db", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # a shell's open write transaction
        done = convsim("run", "--n", "6", "--seed", "3", "--out", out, "-q")
    finally:
        holder.close()
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"convsim: error: --out {out}: cannot write the run: run.db is ")
    assert "locked by another program" in done.stderr
    assert "run the same command again" in done.stderr
    # the lock gone, the same command finishes the run
    again = convsim("run", "--n", "6", "--seed", "3", "--out", out, "-q")
    assert again.returncode == 0, again.stderr
    with open_run(out) as store:
        assert len(list(iter_records(store))) == 6


def test_export_and_report_while_another_process_writes_the_run(made: Path, tmp_path: Path) -> None:
    writer = RunStore(made / "run.db")  # holds the writer's lock, as a running convsim does
    try:
        assert in_progress(made)
        export = convsim(
            "export", made, "--keep-undecided", "--format", "jsonl", "--out", tmp_path / "x.jsonl"
        )
        report = convsim("report", made, "--out", tmp_path / "r.html")
    finally:
        writer.close()
    assert export.returncode == 0, export.stderr
    assert "exported 4 of 4 conversations" in export.stdout
    assert "note: the run is still being written by another convsim process" in export.stdout
    assert report.returncode == 0, report.stderr
    assert "the run is still being written" in report.stdout
    assert not in_progress(made)
    quiet = convsim(
        "export", made, "--keep-undecided", "--format", "jsonl", "--out", tmp_path / "y.jsonl"
    )
    assert "still being written" not in quiet.stdout
    assert not (made / ".run.db.lock").exists() and not list(made.glob("*.lock"))


def test_show_while_another_process_writes_the_run_says_so(made: Path) -> None:
    writer = RunStore(made / "run.db")  # holds the writer's lock, as a running convsim does
    try:
        shown = convsim("show", made)
        one = convsim("show", made, "--limit", "1")
    finally:
        writer.close()
    assert shown.returncode == 0 and one.returncode == 0, shown.stderr + one.stderr
    assert shown.stdout.count("verdict:") == 4 and one.stdout.count("verdict:") == 1
    for done in (shown, one):
        assert done.stderr == (
            f"convsim: note: {made} is still being written by another convsim process; this "
            "shows the conversations it had finished when show began\n"
        )
    assert convsim("show", made, "--limit", "1").stderr == ""


def test_a_reader_sees_the_run_as_it_was_when_it_opened_it(made: Path, tmp_path: Path) -> None:
    """What a writer commits meanwhile is not seen: counting in one pass and writing in the
    next agree (it said "exported 83 of 65")."""
    copy = tmp_path / "run"
    copy.mkdir()
    for name in ("run.db", "manifest.json"):
        (copy / name).write_bytes((made / name).read_bytes())
    with open_run(copy) as store:
        first = [r["id"] for r in iter_records(store)]
        other = sqlite3.connect(copy / "run.db", isolation_level=None)
        other.execute("DELETE FROM conversations WHERE idx = (SELECT MAX(idx) FROM conversations)")
        other.close()
        assert [r["id"] for r in iter_records(store)] == first
    with open_run(copy) as store:
        assert len(list(iter_records(store))) == len(first) - 1
