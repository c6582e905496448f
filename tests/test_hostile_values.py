"""Values inside a YAML file that used to get past the limits: a number of 100,000 digits,
a control character, a file of 60,000 unknown keys, a second document, a Python tag; and
the unquoted values YAML 1.1 and YAML 1.2 read differently, which lint warns about.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cli_process import convsim as run_convsim
from typer.testing import CliRunner

from scenarios.lint import lint_warnings
from scenarios.model import Scenario
from scenarios.schema.source import YAMLFileError, load_yaml_text, read_yaml
from scenarios.schema.validate import validate
from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "scenarios" / "refund-damaged-order.yaml").read_text()


def convsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=cwd, timeout=120)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_number_of_100000_digits_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    text = EXAMPLE.replace("max_turns: 10", "max_turns: " + "9" * 100_000)
    scenario.write_text(text)
    line = _line(text, "max_turns")
    problem = (
        f"s.yaml:{line}: the number 99999999999999999999... (100000 characters) is out of "
        "range for a whole number (at most 19 digits); put it in quotes if it is text, or use "
        "a smaller number"
    )
    done = convsim("lint", "s.yaml", cwd=tmp_path)  # a finding: listed, exit 1
    assert (done.returncode, done.stdout) == (1, problem + "\n")
    done = convsim("run", "s.yaml", "--n", "1", "--out", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"convsim: error: {problem}\n"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("9223372036854775807", True),
        ("-9223372036854775808", True),
        ("9223372036854775808", False),
        ("0x_FFFF_FFFF_FFFF_FFFF", False),
        ("'99999999999999999999999'", True),  # quoted: text
    ],
)
def test_whole_numbers_must_fit_64_bits(value: str, ok: bool) -> None:
    if ok:
        assert load_yaml_text(f"a: {value}\n", "x.yaml") is not None
    else:
        with pytest.raises(YAMLFileError, match=r"x\.yaml:1: the number .* is out of range"):
            load_yaml_text(f"a: {value}\n", "x.yaml")


def test_a_control_character_names_its_line_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("id: a\ntitle: caf\u00e9\nintent: x\x07y\n")
    src = read_yaml(path, "c.yaml")
    assert [str(p) for p in src.problems] == [
        "c.yaml:3: the character U+0007 is not allowed in YAML text; remove it (inside "
        "double quotes, write it as an escape such as \\x07)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\n---\na: 2\n", "x.yaml:2: a second YAML document starts here ('---'); a file "
         "holds one, so split the file or remove the line"),
        ("a: !!python/object:os.system ls\n", "x.yaml:1: the tag !!python/object:os.system "
         "is not supported (files are plain data); remove it"),
        ("a: !custom 3\n", "x.yaml:1: the tag !custom is not supported (files are plain "
         "data); remove it"),
    ],
    ids=["two-documents", "python-tag", "local-tag"],
)  # fmt: skip
def test_syntax_a_parser_rejects_is_said_plainly(text: str, message: str) -> None:
    with pytest.raises(YAMLFileError) as caught:
        load_yaml_text(text, "x.yaml")
    assert str(caught.value) == message


def test_utf16_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "u.yaml"
    path.write_bytes("id: a\n".encode("utf-16"))
    assert [str(p) for p in read_yaml(path, "u.yaml").problems] == [
        "u.yaml: UTF-16 text; save it as UTF-8"
    ]


def test_sixty_thousand_unknown_keys_give_one_problem_each(tmp_path: Path) -> None:
    """Each problem once, in file order (their dedup was quadratic: minutes for this file)."""
    path = tmp_path / "k.yaml"
    path.write_text("".join(f"k{i}: {i}\n" for i in range(60_000)))
    src = read_yaml(path, "k.yaml")
    model, problems = validate(Scenario, src, src.data)
    unknown = [p for p in problems if "unknown key" in p.message]
    assert model is None and len(unknown) == 60_000
    assert [p.line for p in unknown] == list(range(1, 60_001))


AMBIGUOUS = """\
id: t/ambiguous
pin: 0426
code: 08
time: 12:30
answer: no
mask: 0b11
big: 1_000
fine: [0, 10, '0426', "08", 0.5, 1.5e+3, true, null, ~, 0x1F, yes please]
"""


def test_lint_warns_on_values_yaml_versions_read_differently(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AMBIGUOUS)
    tools = "by YAML 1.2 tools (editors, the studio)"
    number = "quote it if it is text, or write the value you mean plainly"
    text = "quote it so every reader sees that text"
    assert [str(w) for w in lint_warnings([path])] == [
        f"{path}:2: pin: warning: 0426 is read as the number 278 here but as the number 426 "
        f"{tools}; {number} ('0426')",
        f"{path}:3: code: warning: 08 is read as the text '08' here but as the number 8 "
        f"{tools}; {text} ('08')",
        f"{path}:4: time: warning: 12:30 is read as the number 750 here but as the text "
        f"'12:30' {tools}; {number} ('12:30')",
        f"{path}:5: answer: warning: no is read as false here but as the text 'no' {tools}; "
        f"{number} ('no')",
        f"{path}:6: mask: warning: 0b11 is read as the number 3 here but as the text '0b11' "
        f"{tools}; {number} ('0b11')",
        f"{path}:7: big: warning: 1_000 is read as the number 1000 here but as the text "
        f"'1_000' {tools}; {number} ('1_000')",
    ]


def test_a_warning_alone_passes_lint_and_does_not_stop_a_run(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(EXAMPLE.replace("max_turns: 10", "max_turns: 010"))
    line = _line(EXAMPLE, "max_turns")
    done = convsim("lint", "s.yaml", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        f"s.yaml:{line}: max_turns: warning: 010 is read as the number 8 here but as the "
        "number 10 by YAML 1.2 tools (editors, the studio); quote it if it is text, or write "
        "the value you mean plainly ('010')",
        "ok: no problems; 1 warning in 1 file",
    ]
    done = convsim("run", "s.yaml", "--n", "1", "--out", "out", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("lint", "{fifo}"), "{fifo}: is a named pipe (FIFO), not a regular file; give a "
         "YAML file"),
        (("run", "{fifo}", "--n", "1", "--out", "out"), "{fifo}: is a named pipe (FIFO), not a "
         "regular file; give a YAML file"),
        (("lint", "--edge-cases", "{fifo}", "{example}"), "--edge-cases {fifo}: is a named pipe "
         "(FIFO), not a regular file; give an edge-case library YAML"),
        (("run", "--edge-cases", "{dir}", "--n", "1", "--out", "out"), "--edge-cases {dir}: is "
         "a folder; give an edge-case library YAML"),
        (("grade", "{fifo}", "--out", "g.jsonl"), "{fifo}: is a named pipe (FIFO), not a regular "
         "file; give a JSONL file of conversations"),
        (("run", "--config", "{fifo}", "--n", "1", "--out", "out"), "--config {fifo}: is a named "
         "pipe (FIFO), not a regular file; give a TOML file"),
        (("run", "--rubric", "{fifo}", "--n", "1", "--out", "out"), "--rubric {fifo}: is a named "
         "pipe (FIFO), not a regular file; give a YAML file"),
        (("run", "--n", "1", "--out", "{long}"), "--out {long}: cannot be used (File name too "
         "long)"),
    ],
    ids=["lint", "run", "lint-edge-cases", "run-edge-cases-folder", "grade", "config", "rubric",
         "out-too-long"],
)  # fmt: skip
def test_a_pipe_or_folder_given_as_a_file_is_named_without_reading_it(
    args: tuple[str, ...], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FIFO would block the read forever; it used to be called 'no such file'."""
    monkeypatch.chdir(tmp_path)
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    example = ROOT / "examples" / "scenarios"
    names = {"fifo": fifo, "dir": tmp_path, "example": example, "long": "x" * 300}
    result = CliRunner().invoke(app, [a.format(**names) for a in args])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"convsim: error: {message.format(**names)}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.yaml"]


def test_thousands_of_problems_print_fifty_and_a_count(tmp_path: Path) -> None:
    (tmp_path / "k.yaml").write_text("".join(f"k{i}: {i}\n" for i in range(3_000)))
    result = CliRunner().invoke(app, ["run", str(tmp_path / "k.yaml"), "--out", "out"])
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (2, 51)
    assert all(line.startswith("convsim: error: ") for line in lines)
    assert (
        lines[-1] == "convsim: error: ... and 2,956 more like these (convsim lint lists every one)"
    )
