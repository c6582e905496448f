"""A domain table SQLite refuses is a problem line naming the file, the line and the fix, not
a sqlite3.OperationalError traceback (outsider 29 #6: a table of 3,000 columns, a table named
sqlite_sequence): lint exit 1, run exit 2 with nothing created."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = """\
id: shop/ask
title: Ask about an order
domain: shop
world: shop
intent: order_status
customer:
  goal: Learn where the order is.
  openings: ["Where is my order?"]
support:
  policy: Look the order up before saying anything about it.
max_turns: 4
"""


def _desk(tmp_path: Path, table: str, columns: list[str]) -> Path:
    folder = tmp_path / "desk"
    (folder / "domains").mkdir(parents=True)
    listed = ", ".join(f"{c}: text" for c in columns)
    (folder / "domains" / "shop.yaml").write_text(
        "name: shop\ndescription: A shop.\ntables:\n"
        f"  {table}:\n    key: {columns[0]}\n    columns: {{{listed}}}\n"
        f"    records: [{{{columns[0]}: W1}}]\ntools: []\n"
    )
    (folder / "ask.yaml").write_text(SCENARIO)
    return folder


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("table", "count", "said"),
    [
        ("orders", 3_000, "3,000 columns; a table holds at most"),
        ("sqlite_sequence", 2, "names starting with 'sqlite_' are SQLite's own"),
    ],
)
def test_a_table_sqlite_refuses_is_one_problem_line(
    tmp_path: Path, table: str, count: int, said: str
) -> None:
    folder = _desk(tmp_path, table, [f"c{i}" for i in range(count)])
    domain_file = folder / "domains" / "shop.yaml"
    linted = _cli("lint", str(folder))
    assert linted.returncode == 1, linted.stderr
    assert "Traceback" not in linted.stderr
    named = [line for line in linted.stdout.splitlines() if said in line]
    assert len(named) == 1 and named[0].startswith(f"{domain_file}:"), linted.stdout
    out = tmp_path / "out"
    ran = _cli("run", str(folder), "--n", "1", "--out", str(out))
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stderr and said in ran.stderr
    assert not out.exists()
