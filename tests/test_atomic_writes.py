"""Two writers of one output (two `convsim export` runs to the same file) each write a temp file
of their own beside it and rename it over the target: neither truncates the other's half-written
file, neither rename fails, and the target ends whole, one writer's text or the other's."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.store.atomic import temp_beside, write_atomic


def _paced(label: str, gate: threading.Barrier, lines: int = 200) -> Iterator[str]:
    """A writer's chunks: its first line, then a wait until the other writer has its temp file
    open too (the moment a shared temp name collided), then the rest."""
    yield f"{label} 0\n"
    gate.wait(timeout=30)
    for i in range(1, lines):
        yield f"{label} {i}\n"


def test_two_writers_of_one_target_both_finish_and_it_ends_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    gate = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(label: str) -> None:
        try:
            write_atomic(target, _paced(label, gate))
        except BaseException as e:  # reported below, not lost in the thread
            errors.append(e)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    text = target.read_text()
    assert text in {"".join(f"{label} {i}\n" for i in range(200)) for label in ("first", "second")}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no temp file left


def test_temp_files_are_new_each_time_and_beside_the_target(tmp_path: Path) -> None:
    target = tmp_path / "data.parquet"
    first, second = temp_beside(target), temp_beside(target)
    assert first != second and first.parent == second.parent == tmp_path
    assert first.name.startswith(".data.parquet.") and first.name.endswith(".tmp")
    assert first.stat().st_size == 0


@pytest.mark.skipif(os.name != "posix", reason="umask is POSIX")
def test_the_written_file_has_the_usual_permissions(tmp_path: Path) -> None:
    """The temp file is created like any file opened for writing (0o666 under the umask), not
    private as tempfile.mkstemp would make it, so the export reads as before."""
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.jsonl", ["{}\n"])
    finally:
        os.umask(old)
    assert (tmp_path / "out.jsonl").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_target_and_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("before\n")

    def broken() -> Iterator[str]:
        yield "half"
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken())
    assert target.read_text() == "before\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
