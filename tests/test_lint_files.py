"""`convsim lint` over files that are wrong before they are YAML, and what it costs.

- Exit codes (docs/cli.md, "Errors and exit codes"): whatever is wrong in a file lint reads
  (UTF-16, binary, not UTF-8, larger than 1 MB, an alias bomb, a duplicate key) is a finding:
  listed on stdout with every other file's findings, exit 1. Until session 15 the first four
  kinds were a `convsim: error:` and exit 2 that hid every other file's problems, while the
  rest were findings with exit 1. A path given that is no file at all (a named pipe) is a
  command-line error, exit 2. `run` and `test` refuse every one of them the same way: exit 2.
- Cost: lint reads each file once (it parsed a scenario three times: for its problems, for
  its warnings and again to draw it; 20,000 variables took 6.3 s of CPU).
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import scenarios.schema.source as source
from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml"
TARGET = ROOT / "examples" / "targets" / "example-bot-python.yaml"


def convsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def _folder(tmp_path: Path) -> tuple[Path, list[str]]:
    """A folder of one good scenario and six files wrong in six ways, with the finding for
    each, in the order lint prints them (by file name)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "a_good.yaml").write_text(text, encoding="utf-8")
    (folder / "b_utf16.yaml").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    (folder / "c_binary.yaml").write_bytes(b"id: x\0\n")
    (folder / "d_latin1.yaml").write_bytes("id: caf\u00e9\n".encode("latin-1"))
    (folder / "e_big.yaml").write_text("id: big\n" + "# x\n" * 300_000, encoding="utf-8")
    (folder / "f_dupkey.yaml").write_text("id: a/b\nid: a/c\n", encoding="utf-8")
    laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (folder / "g_laughs.yaml").write_text(laughs, encoding="utf-8")
    f = str(folder)
    expected = [
        f"{f}/b_utf16.yaml: UTF-16 text; save it as UTF-8",
        f"{f}/c_binary.yaml: a binary file, not YAML text",
        f"{f}/d_latin1.yaml: not UTF-8 text (invalid continuation byte at byte 7); save it "
        "as UTF-8",
        f"{f}/e_big.yaml: larger than 1 MB, the limit for a YAML file convsim reads; split "
        "it into smaller files",
        f"{f}/f_dupkey.yaml:2: id: duplicate key 'id' (first at line 1)",
        f"{f}/g_laughs.yaml:1: aliases (*name) expand to more than 100,000 extra values; "
        "write the data out or use fewer aliases",
    ]
    return folder, expected


def test_lint_lists_every_unreadable_file_as_a_finding_and_exits_1(tmp_path: Path) -> None:
    folder, expected = _folder(tmp_path)
    done = convsim("lint", str(folder), cwd=tmp_path)
    lines = done.stdout.splitlines()
    # f_dupkey.yaml goes on to the schema (its other problems follow its duplicate key).
    assert [line for line in lines if "f_dupkey.yaml" not in line or "duplicate" in line] == (
        expected
    ), done.stderr
    assert done.returncode == 1
    assert done.stderr.startswith("convsim: ") and " problems in 6 files" in done.stderr
    for one in ("b_utf16", "e_big", "g_laughs"):  # alone, the same line and exit code
        alone = convsim("lint", str(folder / f"{one}.yaml"), cwd=tmp_path)
        assert (alone.returncode, alone.stderr) == (1, "convsim: 1 problem in 1 file\n")
        assert alone.stdout == next(e for e in expected if one in e) + "\n"


@pytest.mark.parametrize("command", ["run", "test"])
def test_run_and_test_refuse_the_same_files_with_exit_2(tmp_path: Path, command: str) -> None:
    folder, expected = _folder(tmp_path)
    extra = ("--target", str(TARGET)) if command == "test" else ()
    for name, line in zip(sorted(p.name for p in folder.iterdir())[1:], expected, strict=True):
        one = folder / name
        done = convsim(command, str(one), *extra, "--n", "1", "--out", "out", cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert f"convsim: error: {line}" in done.stderr.splitlines()
        assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_pipe_given_to_lint_is_a_command_line_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "s.yaml")
    done = convsim("lint", "s.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "convsim: error: s.yaml: is a named pipe (FIFO), not a regular file; give a YAML file\n"
    )


def test_lint_parses_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / "one.yaml").write_text(text, encoding="utf-8")
    (folder / "two.yaml").write_text(
        text.replace("id: example/refund-damaged-order", "id: example/refund-two"),
        encoding="utf-8",
    )
    parsed: Counter[str] = Counter()
    real = source._compose

    def counting(text: str, file: str) -> Any:
        parsed[file] += 1
        return real(text, file)

    monkeypatch.setattr(source, "_compose", counting)
    result = CliRunner().invoke(app, ["lint", str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: no problems")
    mine = {Path(f).name: n for f, n in parsed.items() if Path(f).parent == folder}
    assert mine == {"one.yaml": 1, "two.yaml": 1}
    # Outside lint nothing is kept: a file changed after a read is read again.
    assert source.read_yaml(folder / "one.yaml", "x").data["id"] == "example/refund-damaged-order"
    (folder / "one.yaml").write_text("id: changed\n", encoding="utf-8")
    assert source.read_yaml(folder / "one.yaml", "x").data == {"id": "changed"}


def test_a_file_changed_within_one_lint_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("id: first\n", encoding="utf-8")
    with source.parse_once():
        first = source.read_yaml(path, "s.yaml")
        assert source.read_yaml(path, "s.yaml") is first  # the same parse, not a new one
        path.write_text("id: second, longer\n", encoding="utf-8")
        assert source.read_yaml(path, "s.yaml").data == {"id": "second, longer"}
