"""Unicode that looks like nothing or like something else in what an author writes: a bidi
override or a zero-width space in a scenario id, a Cyrillic letter in an intent, a no-break
space in a key. The problem line shows them as escapes and names the character, so the
author can see what to retype (the id with U+202E printed the rest of the line reversed;
the one with U+200B looked exactly like a valid id). Through the CLI, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASE = (ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml").read_text()


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", "lint", path.name],
        capture_output=True, text=True, env=env, timeout=120, cwd=path.parent,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        ("id: example/refund-damaged-order", "id: example/refund-\u202edamaged",
         "x.yaml:4: id: 'example/refund-\\u202edamaged' is not a valid id: use lowercase "
         "letters, digits, '-' and '_', with '/' between parts (like "
         "ecommerce/refund-damaged-item) (character 16 is U+202E RIGHT-TO-LEFT OVERRIDE, not "
         "an ASCII letter; retype it)"),
        ("id: example/refund-damaged-order", "id: example/refund\u200b-damaged-order",
         "x.yaml:4: id: 'example/refund\\u200b-damaged-order' is not a valid id: use lowercase "
         "letters, digits, '-' and '_', with '/' between parts (like "
         "ecommerce/refund-damaged-item) (character 15 is U+200B ZERO WIDTH SPACE, not an "
         "ASCII letter; retype it)"),
        ("intent: refund_request", "intent: refund_r\u0435quest",
         "x.yaml:7: intent: 'refund_r\u0435quest' is not a valid name: use lowercase letters, "
         "digits and '_', starting with a letter (character 9 is U+0435 CYRILLIC SMALL LETTER "
         "IE, not an ASCII letter; retype it)"),
        ("title: Refund", "title\u00a0: Refund",
         "x.yaml:5: title\\u00a0: unknown key 'title\\u00a0' (did you mean 'title'?)"),
    ],
    ids=["bidi-override", "zero-width", "cyrillic", "no-break-space"],
)  # fmt: skip
def test_invisible_or_lookalike_characters_are_shown_and_named(
    tmp_path: Path, old: str, new: str, line: str
) -> None:
    path = tmp_path / "x.yaml"
    assert old in BASE
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    done = lint(path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert line in done.stdout.splitlines()
    for text in done.stdout.splitlines():  # nothing a terminal would hide or reorder
        assert text.isprintable(), repr(text)


def convsim(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True, text=True, env=env, timeout=120, cwd=cwd,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("host", "why"),
    [("127.0.0.1\u202e", "'http://127.0.0.1\\u202e:8080/chat' has U+202E RIGHT-TO-LEFT "
      "OVERRIDE at character 17, an invisible character; retype the URL"),
     ("\u05d0a.example", "'http://\u05d0a.example:8080/chat' is not a URL the HTTP client "
      "can use (Invalid IDNA hostname: '\u05d0a.example')")],
    ids=["bidi-override", "bad-idna"],
)  # fmt: skip
def test_a_url_the_http_client_cannot_use_is_a_problem_at_its_line(
    tmp_path: Path, host: str, why: str
) -> None:
    """Was an IDNA traceback from httpx once the run started."""
    (tmp_path / "bot.yaml").write_text(
        f"kind: http\nurl: http://{host}:8080/chat\n", encoding="utf-8"
    )
    done = convsim(tmp_path, "test", "--target", "bot.yaml", "--n", "1", "--out", "out", "-q")
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"convsim: error: bot.yaml:2: url: {why}\n"
    assert not (tmp_path / "out").exists()


def test_a_base_url_with_an_invisible_character_is_one_line(tmp_path: Path) -> None:
    done = convsim(
        tmp_path, "run", "--n", "1", "--out", "out", "-q", "--model", "m",
        "--base-url", "http://127.0.0.1\u200b:9/v1",
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "base_url: 'http://127.0.0.1\\u200b:9/v1' has U+200B ZERO WIDTH SPACE" in done.stderr
    assert not (tmp_path / "out").exists()
