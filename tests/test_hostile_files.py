"""Paths that are not the file a flag asks for: a named pipe, a link loop, a folder, an alias
bomb. Each is one `convsim: error:` line naming the flag and what the path is, exit 2,
nothing written, and never a read that blocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app

WEIGHTS_FIX = "give a weights YAML (convsim learn writes persona-weights.yaml)"
BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
    for prev, name in zip("abcd", "bcde", strict=True)
)


def make(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / "in.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(tmp_path / "other.yaml")
        (tmp_path / "other.yaml").symlink_to(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "bomb":
        path.write_text(BOMB + "weights: {tone: {calm: 1}}\n")
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("fifo", "{p}: is a named pipe (FIFO), not a regular file; give a YAML file"),
        ("loop", "{p}: a symbolic link to nothing (broken, or a loop); " + WEIGHTS_FIX),
        ("folder", "{p}: is a folder; give a YAML file"),
        ("bomb", "{p}:1: aliases (*name) expand to more than 100,000 extra values; write the "
                 "data out or use fewer aliases"),
        ("missing", "{p}: no such file; " + WEIGHTS_FIX),
    ],
)  # fmt: skip
def test_persona_weights_that_are_not_a_weights_file(
    kind: str, message: str, tmp_path: Path
) -> None:
    """A FIFO here used to block `convsim run` forever, and the file was read with a plain
    yaml.safe_load (an alias bomb expanded in memory)."""
    path = make(kind, tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", "--n", "1", "--out", str(out), "--persona-weights", str(path)]
    )
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: --persona-weights {message.format(p=path)}\n",
    )
    assert not out.exists()


def test_grade_names_a_link_loop(tmp_path: Path) -> None:
    path = make("loop", tmp_path)
    result = CliRunner().invoke(app, ["grade", str(path), "--out", str(tmp_path / "g.jsonl")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: {path}: a symbolic link to nothing (broken, or a loop); give a JSONL "
        "file of conversations\n",
    )
