"""`convsim show` prints a bot's words as data (outsider 18 #4): an ESC sequence in a reply or
a tool name (clear screen, window title, hyperlink, clipboard write) reached the terminal as
its command, and a right-to-left override reversed the line. Now written as escapes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAID = "\x1b[2J\x1b[H\x1b]0;PWNED\x07\x1b[31mSorry \u202eevil\u202c, \u00a0which order?"


def convsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_show_writes_a_bot_s_control_characters_as_escapes(tmp_path: Path) -> None:
    (tmp_path / "hostile.py").write_text(f"def reply(messages):\n    return {SAID!r}\n")
    (tmp_path / "bot.yaml").write_text(
        "kind: python\ncallable: hostile:reply\npythonpath: [.]\nisolate: false\n"
    )
    done = convsim("test", "ecommerce/refund-damaged-item", "--target", "bot.yaml", "--n", "1",
                   "--out", "r", "--no-judge", cwd=tmp_path)  # fmt: skip
    assert (tmp_path / "r").exists(), done.stderr
    shown = convsim("show", "r", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert (
        "\\x1b[2J\\x1b[H\\x1b]0;PWNED\\x07\\x1b[31mSorry \\u202eevil\\u202c, which order?"
        in shown.stdout
    )
