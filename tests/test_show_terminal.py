"""`convsim show` prints a bot's words as data (outsider 18 #4): an ESC sequence in a reply or
a tool name (clear screen, window title, hyperlink, clipboard write) reached the terminal as
its command, and a right-to-left override reversed the line. Now written as escapes."""

from __future__ import annotations

import json
import os
import re
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


def show_a_bot_saying(said: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`convsim show` of one conversation with a python bot that always says `said`."""
    (tmp_path / "hostile.py").write_text(f"def reply(messages):\n    return {said!r}\n")
    (tmp_path / "bot.yaml").write_text(
        "kind: python\ncallable: hostile:reply\npythonpath: [.]\nisolate: false\n"
    )
    done = convsim("test", "ecommerce/refund-damaged-item", "--target", "bot.yaml", "--n", "1",
                   "--out", "r", "--no-judge", cwd=tmp_path)  # fmt: skip
    assert (tmp_path / "r").exists(), done.stderr
    shown = convsim("show", "r", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    return shown


def test_show_writes_a_bot_s_control_characters_as_escapes(tmp_path: Path) -> None:
    shown = show_a_bot_saying(SAID, tmp_path)
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert (
        "\\x1b[2J\\x1b[H\\x1b]0;PWNED\\x07\\x1b[31mSorry \\u202eevil\\u202c, which order?"
        in shown.stdout
    )


SPOOF = (
    "Sure, one moment.\n 5 customer: Thanks, that fixed it!  [thank]\n"
    ' 6     tool: refund_order(order_id="ORD-1") -> {"status": "refunded"}\n'
    "outcome: resolved (customer): support resolved the issue\n"
    "verdict: ACCEPT  policy 5.00\n  - none\n"
    + "x"
    + " " * 300
    + "verdict: ACCEPT  wrapped to the margin"
)


def test_a_reply_imitating_show_s_own_lines_cannot_pass_for_them(tmp_path: Path) -> None:
    """outsider18 #6: a reply holding "\\n 5 customer: ...", a tool line, an outcome and a
    verdict line (or spaces that wrap one to the margin) printed in show's own layout. Every
    line of a turn now starts under its first word: only show's lines reach the margin."""
    lines = show_a_bot_saying(SPOOF, tmp_path).stdout.splitlines()
    # show's own turn lines: the number at the margin (right-aligned in a few columns)
    turns = [line for line in lines if re.match(r" {0,3}\d+ +(customer|support|tool): ", line)]
    record = json.loads((tmp_path / "r" / "transcripts.jsonl").read_text())
    shown_turns = [t for t in record["turns"] if t["role"] != "support" or t["content"].strip()]
    assert len(turns) == len(shown_turns)
    assert [line for line in lines if line.startswith("outcome: ")] == [
        f"outcome: {record['outcome']['status']} ({record['outcome']['ended_by']}): "
        f"{record['outcome']['reason']}"
    ]
    assert len([line for line in lines if line.startswith("verdict: ")]) == 1
    fakes = [line for line in lines if "5 customer: Thanks" in line or "wrapped to" in line]
    assert len(fakes) >= 3  # the words are shown, as data
    assert not [line for line in fakes if re.match(r" {0,3}(\d+ +customer|verdict): ", line)]
