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


GOOD = '{"messages": [{"role": "user", "content": "My parcel is late."}, {"role": "assistant", '
GOOD += '"content": "Sorry, let me check."}]}\n'


def test_an_output_that_is_a_pipe_is_refused_and_left_a_pipe(tmp_path: Path) -> None:
    """An atomic write moves a finished file over --out: over a FIFO (or /dev/stdout, or
    /dev/null as root) that replaced the pipe or the device with a regular file."""
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD)
    fifo = tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["grade", str(src), "--out", str(fifo)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: --out {fifo}: is a named pipe (FIFO), not a regular file; "
        "give a file path\n",
    )
    assert fifo.is_fifo()


@pytest.mark.parametrize("to", ["graded.jsonl", "missing.jsonl"])
def test_an_output_that_is_a_link_is_refused_not_followed(tmp_path: Path, to: str) -> None:
    """outsider18 #26: --out through a link replaced the file it pointed at (a decoy passwd
    held the export), and a dangling link became a regular file. convsim writes only the path
    it is given: a link is refused before the work, whatever it points at, and left as it is."""
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD)
    real = tmp_path / "graded.jsonl"
    real.write_text("old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / to)
    result = CliRunner().invoke(app, ["grade", str(src), "--out", str(link)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: --out {link}: is a symbolic link (to {tmp_path / to}); convsim writes "
        "only the path it is given, not through a link: give the file's own path, or remove "
        "the link\n",
    )
    assert link.is_symlink() and os.readlink(link) == str(tmp_path / to)
    assert real.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graded.jsonl", "in.jsonl", "link.jsonl"]


def test_learn_on_copies_of_one_conversation_warns_nothing(tmp_path: Path) -> None:
    logs = tmp_path / "logs.jsonl"
    logs.write_text(GOOD * 30)
    result = CliRunner().invoke(app, ["learn", str(logs), "--out", str(tmp_path / "draft")])
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    assert result.stdout.startswith("learned 1 intents from 30 conversations")


@pytest.mark.parametrize("flag", ["--config", "--prices"])
def test_a_toml_nested_100000_deep_is_one_line(flag: str, tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    args = ["run", "--n", "1", "--out", str(tmp_path / "out"), flag, str(deep)]
    result = CliRunner().invoke(app, args + (["--model", "m"] if flag == "--prices" else []))
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: {flag} {deep}: nested too deeply to read; write its tables and lists "
        "out flat\n",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["export", "report"])
def test_export_and_report_through_a_link_refuse_before_writing(
    tmp_path: Path, command: str
) -> None:
    from test_export_fixtures import make_run

    run_dir = make_run(tmp_path / "run", n=2, seed=3)
    decoy = tmp_path / "passwd"
    decoy.write_text("root:x:0:0\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(decoy)
    args = ["--format", "jsonl"] if command == "export" else []
    result = CliRunner().invoke(app, [command, str(run_dir), "--out", str(link), *args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"convsim: error: --out {link}: is a symbolic link (to ")
    assert decoy.read_text() == "root:x:0:0\n" and link.is_symlink()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
