"""Hostile YAML: an alias bomb, a huge file, deep nesting, recursion, binary and odd files.

Each is refused with one `convsim: error:` line naming the file and exit 2 (`lint` lists it
as a problem in the file, with any others, and exits 1), in a real
process whose address space is capped (`resource.setrlimit` in the child), so a file that
expands in memory fails the test instead of the machine.
"""

from __future__ import annotations

import re
import resource
import subprocess
from pathlib import Path

import pytest
from cli_process import convsim as run_convsim

from scenarios.schema.source import (
    MAX_YAML_BYTES,
    YAMLFileError,
    load_yaml_file,
    load_yaml_text,
    read_yaml,
)

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP = 1_500_000_000  # bytes of address space: an expanding bomb hits it in seconds
LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)
BIG_ALIASES = "aliases (*name) expand to more than 100,000 extra values"


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def convsim(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, cwd=cwd, timeout=120, preexec_fn=_cap_memory)


@pytest.fixture
def bomb(tmp_path: Path) -> Path:
    path = tmp_path / "bomb.yaml"
    path.write_text(LAUGHS, encoding="utf-8")
    assert path.stat().st_size < 400
    return path


def test_the_laughs_file_is_the_billion_laughs() -> None:
    assert LAUGHS.count("*") == 72 and LAUGHS.splitlines()[-1].startswith("i: &i [*h, ")


@pytest.mark.parametrize(
    "args",
    [
        ("lint", "{bomb}"),
        ("run", "{bomb}", "--n", "1", "--out", "out"),
        ("run", "--edge-cases", "{bomb}", "--n", "1", "--out", "out"),
        ("grade", "t.jsonl", "--out", "g.jsonl", "--rubric", "{bomb}"),
        ("grade", "t.jsonl", "--out", "g.jsonl", "--scenario", "{bomb}"),
        ("test", "--target", "{bomb}", "--n", "1", "--out", "out"),
    ],
    ids=["lint", "run", "run-edge-cases", "grade-rubric", "grade-scenario", "test-target"],
)
def test_an_alias_bomb_is_refused_in_one_line(
    args: tuple[str, ...], bomb: Path, tmp_path: Path
) -> None:
    (tmp_path / "t.jsonl").write_text(
        '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", '
        '"content": "hello"}]}\n'
    )
    done = convsim(*(a.format(bomb=bomb) for a in args), cwd=tmp_path)
    flag = "--rubric " if "--rubric" in args else ""
    line = f"{flag}{bomb}:1: {BIG_ALIASES}; write the data out or use fewer aliases"
    if args[0] == "lint":  # a finding in the file linted, listed with any others: exit 1
        assert (done.returncode, done.stdout) == (1, line + "\n")
        assert done.stderr == "convsim: 1 problem in 1 file\n"
    else:  # every command that loads the file refuses to start: an input error
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr.splitlines() == [f"convsim: error: {line}"]
    assert not (tmp_path / "out").exists() and not (tmp_path / "g.jsonl").exists()


def test_a_50_mb_scenario_is_refused_by_the_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    line = "# " + "x" * 97 + "\n"
    with big.open("w") as f:
        f.write("id: big\n")
        for _ in range(500):
            f.write(line * 1000)
    assert big.stat().st_size > 50_000_000
    line = (
        f"{big}: larger than 1 MB, the limit for a YAML file convsim reads; split it into "
        "smaller files"
    )
    done = convsim("lint", str(big), cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (
        1,
        line + "\n",
        "convsim: 1 problem in 1 file\n",
    )
    done = convsim("run", str(big), "--n", "1", "--out", "out", cwd=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", f"convsim: error: {line}\n")
    assert not (tmp_path / "out").exists()


def test_limits_hold_for_text_and_files(tmp_path: Path) -> None:
    with pytest.raises(YAMLFileError, match=re.escape(BIG_ALIASES)):
        load_yaml_text(LAUGHS, "x.yaml")
    with pytest.raises(YAMLFileError, match="recursive YAML is not supported"):
        load_yaml_text("a: &a [1, *a]\n", "x.yaml")
    with pytest.raises(YAMLFileError, match=r"x\.yaml:1: nested more than 100 levels deep"):
        load_yaml_text("[" * 101 + "]" * 101, "x.yaml")
    nested: object = []
    for _ in range(98):
        nested = [nested]
    assert load_yaml_text("[" * 99 + "]" * 99, "x.yaml") == nested
    # Aliases used the ordinary way (a shared block) are fine, and so is a file at the cap.
    shared = "base: &b {tone: calm, lines: [1, 2, 3]}\n" + "".join(
        f"k{i}: *b\n" for i in range(1000)
    )
    assert load_yaml_text(shared, "x.yaml")["k999"] == {"tone": "calm", "lines": [1, 2, 3]}
    at_cap = tmp_path / "at_cap.yaml"
    at_cap.write_text("k: " + "v" * (MAX_YAML_BYTES - 4) + "\n")
    assert len(load_yaml_file(at_cap)["k"]) == MAX_YAML_BYTES - 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not YAML text"),
        (
            b"id: caf\xe9\n",
            "not UTF-8 text (invalid continuation byte at byte 7); save it as UTF-8",
        ),
        (b"a: 1\na: 2\n", None),
    ],
    ids=["binary", "latin-1", "duplicate-key"],
)
def test_odd_files_give_one_problem(content: bytes, message: str | None, tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(content)
    src = read_yaml(path, "odd.yaml")
    if message is None:
        assert [str(p) for p in src.problems] == [
            "odd.yaml:2: a: duplicate key 'a' (first at line 1)"
        ]
    else:
        assert [str(p) for p in src.problems] == [f"odd.yaml: {message}"]


def test_a_folder_named_like_a_yaml_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "rubric.yaml"
    folder.mkdir()
    with pytest.raises(YAMLFileError, match=r"rubric\.yaml: is a folder; give a YAML file"):
        load_yaml_file(folder)
