"""YAML syntax mistakes in plain words, on the line the author got wrong (issue 15 item 6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BASE = """\
id: t/plain-words
title: Plain words
domain: banking
intent: help
customer:
  goal: get help
  knows: {name: Ann}
  openings:
    - "hello"
support:
  policy: be nice
  verify: [name]
  rules:
    - action: resolve
      say: ["done"]
edge_cases: [withholds_info]
"""
INDENT = "indentation: this line (column {c}) does not line up with the keys it belongs with; "
INDENT += "indent it exactly like them (a list item's keys line up after '- ')"
DASHES = "a list is written with dashes, one item per line ('- item'), or [a, b]"


def _lint(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "lint", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode, proc.stdout.replace(str(path), "s.yaml")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  goal: get help\n",
            "\tgoal: get help\n",
            "s.yaml:6: this line is indented with a tab; YAML indents with spaces only: "
            "replace the tab with spaces",
        ),
        (
            "policy: be nice",
            "policy: Note: be nice",
            "s.yaml:11: the text after 'policy:' contains a colon; put the whole text in "
            'quotes (policy: "...")',
        ),
        ("  verify: [name]\n", " verify: [name]\n", "s.yaml:12: " + INDENT.format(c=2)),
        ('      say: ["done"]\n', '     say: ["done"]\n', "s.yaml:15: " + INDENT.format(c=6)),
        (
            "  verify: [name]\n",
            "  verify: name\n",
            "s.yaml:12: support.verify: expected a list, got text 'name'; " + DASHES,
        ),
        (
            "edge_cases: [withholds_info]",
            "edge_cases: withholds_info",
            "s.yaml:16: edge_cases: expected a list, got text 'withholds_info'; " + DASHES,
        ),
    ],
    ids=["tab", "colon", "dedent", "list-item-dedent", "string-for-list", "edge-cases-text"],
)
def test_one_plain_message_on_the_right_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in BASE
    code, out = _lint(tmp_path, BASE.replace(old, new))
    assert (code, out.splitlines()) == (1, [expected])


def test_the_base_scenario_lints_clean(tmp_path: Path) -> None:
    assert _lint(tmp_path, BASE)[0] == 0


def test_a_dedented_key_mid_mapping_is_reported_where_it_was_dedented(tmp_path: Path) -> None:
    text = BASE.replace("  openings:\n", " openings:\n")
    assert _lint(tmp_path, text)[1].splitlines() == ["s.yaml:8: " + INDENT.format(c=2)]
