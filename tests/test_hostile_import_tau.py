"""`convsim import tau-bench` with data files that are not tau-bench's: it copied them as they
were and said it had imported the tasks, and the import then failed in `lint` and `run`. Now
the written domain is loaded before it is put in place: one line naming the file given,
exit 2, and no folder written (nor a temporary one left)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TAU = ROOT / "tests" / "data" / "tau"


@pytest.mark.parametrize(
    ("users", "said"),
    [
        ("[" * 5000 + "]" * 5000, "invalid JSON: nested deeper than 100 levels; convsim reads "
         "JSON up to 100 levels deep (flatten the record)"),
        ('["not", "a", "mapping"]', "expected a JSON object: key -> document"),
        ("", "invalid JSON: not valid JSON (Expecting value at column 1)"),
        (None, "not a regular file; give tau-bench's users.json"),  # a link to /dev/zero
    ],
)  # fmt: skip
def test_data_that_is_not_tau_benchs_is_one_line_and_nothing_written(
    tmp_path: Path, users: str | None, said: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(TAU / "airline", data)
    target = data / "users.json"
    target.unlink()
    if users is None:
        os.symlink("/dev/zero", target)
    else:
        target.write_text(users)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "import", "tau-bench", str(data), "--domain",
         "airline", "--tasks", str(TAU / "airline_tasks.json"), "--policy",
         str(TAU / "airline_policy.md"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    tail = "" if users is None else "; give tau-bench's data files as it ships them"
    assert done.stderr == f"convsim: error: {target}: {said}{tail}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]  # no out, no temporary
