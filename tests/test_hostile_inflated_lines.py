"""Logs past a limit are refused before a record is kept or graded (outsider 27 #2, #4):
a small .jsonl.gz of millions of short lines reached learn's 1,000,000-line cap only after
keeping 800 MB of records (81 s), and `grade` had no inflated-size cap at all, so a bomb
was graded line after line for hours. Both are one line naming the file and the limit,
exit 2, nothing written. The memory this takes is not bounded here: the CLI's peak RSS
moved from 260 to over 418 MiB between a run of this file alone and the whole suite in the
clean-clone CI, and the brief keeps memory targets out of tests."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Runs the CLI and reports its own peak memory on the last line of stderr.
MEASURED = (
    "import resource, runpy, sys\n"
    "sys.argv = ['convsim', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('simulator', run_name='__main__', alter_sys=True)\n"
    "finally:\n"
    "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    print(f'peak-kib {peak}', file=sys.stderr)\n"
)


def _cli(*args: str) -> tuple[int, list[str], int]:
    """Exit code, stderr lines (without the peak line), peak RSS in MiB."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1].split()[1]) // 1024
    return done.returncode, lines[:-1], peak


def _bomb(path: Path, block: str, repeats: int) -> None:
    """A .gz of `block` said `repeats` times, as gzip members one after another: a small
    file that inflates to len(block) * repeats."""
    member = gzip.compress(block.encode(), compresslevel=9)
    with path.open("wb") as out:
        for _ in range(repeats):
            out.write(member)


def test_learn_refuses_a_million_short_lines_before_keeping_them(tmp_path: Path) -> None:
    chat = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}
    bomb = tmp_path / "short.jsonl.gz"
    _bomb(bomb, (json.dumps(chat) + "\n") * 10_000, 110)  # 1.1 M lines, 80 MB inflated
    code, err, _ = _cli("learn", str(bomb), "--out", str(tmp_path / "lib"))
    assert code == 2, err
    assert len(err) == 1 and "Traceback" not in err[0]
    assert str(bomb) in err[0] and "more than 1,000,000 lines" in err[0]
    assert not (tmp_path / "lib").exists()


def test_grade_refuses_a_bomb_before_grading_and_writes_nothing(tmp_path: Path) -> None:
    turns = [{"role": "user", "content": "Where is my order W" + "7" * 60}] * 20
    line = json.dumps({"id": "c1", "messages": turns}) + "\n"
    bomb = tmp_path / "graded.jsonl.gz"
    block = line * (1_000_000 // len(line))
    _bomb(bomb, block, 280_000_000 // len(block) + 1)  # about 280 MB inflated
    out = tmp_path / "verdicts.jsonl"
    code, err, _ = _cli("grade", str(bomb), "--out", str(out))
    assert code == 2, err
    assert len(err) == 1 and "Traceback" not in err[0]
    assert str(bomb) in err[0] and "more than 256 MB once inflated" in err[0]
    assert f"nothing written to {out}" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graded.jsonl.gz"]


def test_grade_reads_a_plain_file_within_the_bound(tmp_path: Path) -> None:
    log = tmp_path / "log.jsonl"
    turns = [
        {"role": "user", "content": "Hello, can you tell me your opening hours?"},
        {"role": "assistant", "content": "We are open from nine to five, Monday to Friday."},
    ]
    log.write_text(json.dumps({"id": "c1", "messages": turns}) + "\n")
    out = tmp_path / "verdicts.jsonl"
    code, err, _ = _cli("grade", str(log), "--out", str(out))
    assert code in (0, 1), err
    assert len(out.read_text().splitlines()) == 1
