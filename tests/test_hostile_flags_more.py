"""Flags every command should read alike: a --seed outside what `run` stores is refused by
`personas` and `plan` too (they printed personas and plans for seeds no run can make), and
`test --rate nan` or `inf` is refused like `--rate 0` (NaN passed the `<= 0` check). Through
the CLI, as a user types them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MAX = 2**63 - 1


def convsim(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True, text=True, env=env, timeout=180, cwd=cwd,
    )  # fmt: skip


@pytest.mark.parametrize("command", ["personas", "plan", "run"])
@pytest.mark.parametrize("seed", ["-5", str(MAX + 1)])
def test_every_command_refuses_a_seed_a_run_cannot_store(
    tmp_path: Path, command: str, seed: str
) -> None:
    extra = ["--out", "out", "-q"] if command == "run" else []
    done = convsim(tmp_path, command, "--n", "2", "--seed", seed, *extra)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr == f"convsim: error: --seed {seed}: give a seed between 0 and {MAX}\n"
    assert list(tmp_path.iterdir()) == []


def test_the_largest_seed_is_taken(tmp_path: Path) -> None:
    done = convsim(tmp_path, "personas", "--n", "1", "--seed", str(MAX), "--json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1


@pytest.mark.parametrize("rate", ["nan", "inf", "-inf", "0"])
def test_a_rate_that_is_not_a_positive_number_is_refused(tmp_path: Path, rate: str) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text("kind: http\nurl: http://127.0.0.1:9/chat\n")
    done = convsim(tmp_path, "test", "--target", "bot.yaml", "--n", "1", "--out", "out",
                   "--rate", rate)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"convsim: error: --rate {float(rate):g}: give bot calls per second, more than 0 (and "
        "not inf)\n"
    )
    assert not (tmp_path / "out").exists()
