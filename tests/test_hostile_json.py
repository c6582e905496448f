"""JSON that Python's `json` trusts too much: nesting 100,000 deep, a 5,000-digit integer, a
byte order mark, a line with no end. One reader (scenarios.jsondata) turns each into a line
naming the file and line; these tests go through the commands that read users' JSONL."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from scenarios import jsondata
from simulator.cli import app

GOOD = {"messages": [{"role": "user", "content": "My parcel is late."},
                     {"role": "assistant", "content": "Sorry, let me check."}]}  # fmt: skip
DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
HUGE_INT = '{"messages": [], "seed": ' + "9" * 5_000 + "}"
TOO_DEEP = "nested deeper than 100 levels; convsim reads JSON up to 100 levels deep (flatten "
TOO_DEEP += "the record)"
TOO_LONG = "a number of 5,000 digits; numbers are read up to 4,300 digits (write it as a string)"


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(("line", "problem"), [(DEEP, TOO_DEEP), (DEEP_OBJECT, TOO_DEEP),
                                               (HUGE_INT, TOO_LONG)])  # fmt: skip
def test_grade_skips_a_line_too_deep_or_with_a_huge_number(
    line: str, problem: str, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(GOOD) + "\n" + line + "\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 1
    assert result.stderr == f"convsim: skipped {src}:2: {problem}\n"
    assert len((tmp_path / "g.jsonl").read_text().splitlines()) == 1


def test_grade_reads_a_file_that_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    src = tmp_path / "bom.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"graded 1 conversations into {tmp_path / 'g.jsonl'}")


def test_a_json_list_nested_too_deep_is_one_error_and_nothing_written(tmp_path: Path) -> None:
    src = tmp_path / "results.json"
    src.write_text(DEEP)
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: skipped {src}[0]: {TOO_DEEP}\n"  # the list is read element by element
        f"convsim: error: {src}: no gradable conversation; nothing written to "
        f"{tmp_path / 'g.jsonl'}\n",
    )
    assert not (tmp_path / "g.jsonl").exists()


@pytest.mark.parametrize("line", [DEEP, DEEP_OBJECT, HUGE_INT])
def test_learn_names_the_line(line: str, tmp_path: Path) -> None:
    src = tmp_path / "logs.jsonl"
    src.write_text(json.dumps(GOOD) + "\n" + line + "\n")
    result = cli("learn", src, "--out", tmp_path / "draft")
    problem = TOO_LONG if line == HUGE_INT else TOO_DEEP
    assert (result.exit_code, result.stderr) == (2, f"convsim: error: LOGS {src}:2: {problem}\n")
    assert not (tmp_path / "draft").exists()


LONG_LINE = "5,010 bytes on one line; a line is read up to 1,000 bytes (split the log)"


LONG_LINE = "5,010 bytes on one line; a line is read up to 1,000 bytes (split the log)"


def test_a_line_past_the_limit_is_skipped_in_bounded_memory() -> None:
    body = b'{"a": "' + b"x" * 5_000 + b'"}\n'
    stream = io.BytesIO(b"\xef\xbb\xbf[1]\n" + body + b"\n  \n{}")
    lines = list(jsondata._lines(stream, 1_000, "a line is read"))  # type: ignore[arg-type]
    assert lines == [
        jsondata.Line(1, [1]),
        jsondata.Line(2, problem=LONG_LINE),
        jsondata.Line(5, {}),
    ]


def test_gzipped_lines_and_a_broken_gzip(tmp_path: Path) -> None:
    good = tmp_path / "a.jsonl.gz"
    good.write_bytes(gzip.compress(b'{"x": 1}\n'))
    assert list(jsondata.read_lines(good, "give logs")) == [jsondata.Line(1, {"x": 1})]
    bad = tmp_path / "b.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    with pytest.raises(jsondata.InputFileError) as caught:
        list(jsondata.read_lines(bad, "give logs"))
    assert str(caught.value) == (f"{bad}: cannot read (Not a gzipped file (b'no')); give logs")


def test_utf16_and_integers_at_the_limit() -> None:
    assert jsondata.parse("-" + "9" * 4_300) == -int("9" * 4_300)
    assert jsondata.parse(b"\xef\xbb\xbf{}") == {}
    with pytest.raises(jsondata.JSONValueError, match=r"^not UTF-8 text"):
        jsondata.parse("{}".encode("utf-16"))
    nested = "[" * 100 + "]" * 100
    assert jsondata.parse(nested) is not None
    with pytest.raises(jsondata.JSONValueError, match=r"^nested deeper than 100"):
        jsondata.parse("[" + nested + "]")


FIFO_FIX = {
    "learn": "LOGS {f}: is a named pipe (FIFO), not a regular file; give a JSONL file of "
    "conversations (OpenAI messages or STAR)",
    "match": "--match {f}: is a named pipe (FIFO), not a regular file; give a JSONL file of "
    "conversations (OpenAI messages or STAR)",
    "reference": "--reference {f}: is a named pipe (FIFO), not a regular file; give a JSONL "
    "file of dialogues",
    "target": "{f}: is a named pipe (FIFO), not a regular file; give the path of a target YAML "
    "file",
    "real": "--real {f}: is a named pipe (FIFO), not a regular file; give a JSONL file of "
    "conversations (OpenAI messages or STAR)",
}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "run"
    assert cli("run", "--n", "2", "--out", out, "--quiet").exit_code == 0
    return out


@pytest.mark.parametrize("where", sorted(FIFO_FIX))
def test_a_named_pipe_is_named_and_never_read(where: str, tmp_path: Path, run_dir: Path) -> None:
    """Nobody writes to the pipe: a read would block forever; the command returns at once."""
    fifo = tmp_path / "logs.jsonl"
    os.mkfifo(fifo)
    args = {
        "learn": ["learn", fifo, "--out", tmp_path / "draft"],
        "match": ["run", "--n", "1", "--out", tmp_path / "o", "--match", fifo],
        "reference": ["report", run_dir, "--out", tmp_path / "r.html", "--reference", fifo],
        "target": ["test", "--target", fifo, "--n", "1", "--out", tmp_path / "o"],
        "real": ["validate", run_dir, "--real", fifo],
    }[where]
    result = cli(*args)
    assert (result.exit_code, result.stderr) == (
        2,
        f"convsim: error: {FIFO_FIX[where].format(f=fifo)}\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs.jsonl"]
