"""A disk that fills up under `run`, `export` and `report`, simulated with a file size limit
(RLIMIT_FSIZE, SIGXFSZ ignored: every write past it fails with EFBIG, as on a full disk).
Each is one `convsim: error:` line naming --out and the fix, exit 2, no traceback, nothing
half-written; a run re-run once there is room ends equal to an uninterrupted one."""

from __future__ import annotations

import resource
import signal
import subprocess
from pathlib import Path

import pytest
from cli_process import convsim as run_convsim

from simulator.errors import UserError
from simulator.store import rundir

ROOT = Path(__file__).resolve().parent.parent
RUN = ("run", "--n", "30", "--seed", "1", "--quiet")


def convsim(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def cap() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return run_convsim(*args, env={"PYTHONDONTWRITEBYTECODE": "1"}, preexec_fn=cap)


def test_a_disk_full_mid_run_is_one_line_and_the_rerun_completes_it(tmp_path: Path) -> None:
    """It used to end in a traceback of a task group of sqlite errors."""
    out = tmp_path / "run"
    got = convsim(*RUN, "--out", str(out), limit=600_000)
    assert got.returncode == 2, got.stderr
    assert got.stderr.count("\n") == 1 and "Traceback" not in got.stderr
    assert got.stderr.startswith(f"convsim: error: --out {out}: cannot write the run: ")
    assert got.stderr.endswith(
        "; free space or choose another --out, then run the same command again to finish\n"
    )
    assert convsim(*RUN, "--out", str(out)).returncode == 0
    fresh = tmp_path / "fresh"
    assert convsim(*RUN, "--out", str(fresh)).returncode == 0
    assert (out / "transcripts.jsonl").read_bytes() == (fresh / "transcripts.jsonl").read_bytes()


def test_a_disk_too_full_for_the_run_db_leaves_no_folder_behind(tmp_path: Path) -> None:
    """It said the half-built database `is not a convsim run database` and left it there."""
    out = tmp_path / "run"
    got = convsim(*RUN, "--out", str(out), limit=20_000)
    assert got.returncode == 2, got.stderr
    assert got.stderr.startswith(f"convsim: error: --out {out}: cannot write there: ")
    assert got.stderr.endswith("; free space or choose another --out\n")
    assert "not a convsim run database" not in got.stderr
    assert not out.exists()


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("disk") / "run"
    assert convsim(*RUN, "--out", str(out)).returncode == 0
    return out


@pytest.mark.parametrize(
    "command",
    [
        ("export", "{run}", "--format", "jsonl", "--keep-undecided", "--out", "{file}"),
        ("export", "{run}", "--format", "parquet", "--keep-undecided", "--out", "{file}"),
        ("report", "{run}", "--out", "{file}"),
    ],
    ids=["jsonl", "parquet", "report"],
)
def test_export_and_report_onto_a_full_disk(
    run_dir: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    target = tmp_path / "out" / "file"
    target.parent.mkdir()
    args = [a.format(run=run_dir, file=target) for a in command]
    got = convsim(*args, limit=33_000)  # room for SQLite's 32 KB -shm file, not the output
    assert got.returncode == 2, got.stderr
    assert got.stderr.count("\n") == 1 and "Traceback" not in got.stderr
    assert got.stderr.startswith(f"convsim: error: --out {target}: cannot write it (")
    assert list(target.parent.iterdir()) == []  # no partial file, no temporary one


def test_a_run_on_a_disk_with_no_room_for_sqlites_files_is_not_called_foreign(
    run_dir: Path, tmp_path: Path
) -> None:
    """Reading a run writes its -shm file: on a full disk `export` said run.db `is not a
    convsim run database`, and the user went looking for a broken file."""
    got = convsim("export", str(run_dir), "--format", "jsonl", "--out", str(tmp_path / "x"),
                  limit=8_000)  # fmt: skip
    assert got.returncode == 2
    assert got.stderr.startswith(f"convsim: error: {run_dir / 'run.db'}: cannot open it (")
    assert got.stderr.endswith(
        "); SQLite writes its -wal and -shm files beside it: free space on that disk and make "
        "the folder writable\n"
    )


def test_a_build_whose_log_was_not_written_back_is_never_linked_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outsider 18 on a 120 KB tmpfs: the closing checkpoint of the new run.db failed without
    an error, its pages stayed in `.run.db.new-PID-wal`, and the half database was linked in
    as run.db; the re-run the message advised then said 'database disk image is malformed'.
    (A file size limit cannot make this: the log fills before the database.)"""

    class LogLeft:
        def __init__(self, path: Path, scratch: bool) -> None:
            self.path = path
            path.write_bytes(b"SQLite format 3\x00")

        def close(self) -> None:  # as SQLite leaves it when the checkpoint cannot write
            Path(f"{self.path}-wal").write_bytes(b"\x00" * 4096)

    monkeypatch.setattr(rundir, "RunStore", LogLeft)
    out = tmp_path / "run"
    with pytest.raises(UserError) as got:
        rundir.prepare_out(out, force=False)
    assert str(got.value) == (
        f"--out {out}: cannot write there: the new run.db could not be completed (its log was "
        "not written back); free space or choose another --out"
    )
    assert not out.exists()  # no run.db, no stale build: the same command works once there is room
