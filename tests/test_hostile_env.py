"""Environment variables as people set them: a key with a line break or spaces around it (a
.env file with CRLF endings, a key pasted with a trailing space) is the key; one with a
character an HTTP header cannot carry inside it is one line naming the variable (never the
key), exit 2, nothing written. Before, such a key was sent five times and the failure blamed
on --base-url ("is not an OpenAI-compatible endpoint ... fix --base-url")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agents.llm.fake import FakeSettings, serve

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-0123456789abcdef"


def run(out: Path, base_url: str, key: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONVSIM_TEST_KEY": key}
    return subprocess.run(
        [sys.executable, "-m", "simulator", "run", "--n", "1", "--out", str(out), "-q",
         "--model", "fake", "--base-url", base_url, "--api-key-env", "CONVSIM_TEST_KEY",
         "--max-retries", "0"],
        capture_output=True, text=True, env=env, timeout=240, cwd=ROOT,
    )  # fmt: skip


def test_a_key_with_a_line_break_around_it_is_the_key(tmp_path: Path) -> None:
    with serve(FakeSettings(seed=1, api_key=KEY)) as fake:
        done = run(tmp_path / "run", fake.base_url, f"  {KEY}\r\n")
    assert done.returncode == 0, done.stderr
    for name in ("manifest.json", "transcripts.jsonl", "run.db"):
        assert KEY.encode() not in (tmp_path / "run" / name).read_bytes()


@pytest.mark.parametrize(
    ("key", "what"),
    [(KEY[:8] + "\u00e9" + KEY[8:], "a character that is not ASCII at character 9 of 25"),
     (KEY[:8] + "\n" + KEY[8:], "a space or line break at character 9 of 25"),
     (KEY[:8] + "\x01" + KEY[8:], "a control character at character 9 of 25")],
    ids=["accent", "inner-line-break", "control"],
)  # fmt: skip
def test_a_key_a_header_cannot_carry_is_one_line_naming_the_variable(
    tmp_path: Path, key: str, what: str
) -> None:
    done = run(tmp_path / "run", "http://127.0.0.1:9/v1", key)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"convsim: error: CONVSIM_TEST_KEY holds {what}, which an HTTP header cannot carry: "
        "set CONVSIM_TEST_KEY to the key alone (copy it again from your provider)\n"
    )
    assert KEY[:8] not in done.stderr and KEY[9:] not in done.stderr
    assert not (tmp_path / "run").exists()
