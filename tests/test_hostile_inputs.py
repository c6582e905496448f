"""Hostile inputs beyond YAML (issue 13's fresh probe): files in another encoding, a binary
config, a 5 MB conversation, a dangling symbolic link, sizes that would exhaust memory. Each
is one `convsim: error:` line (or one skipped line) and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from simulator.cli import app


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_line_in_another_encoding_is_named_and_skipped_the_others_graded(
    tmp_path: Path,
) -> None:
    """It stopped the whole file (exit 2, the good lines not graded): it is now skipped and
    named like any other bad line (outsider 20 #11)."""
    src = tmp_path / "latin.jsonl"
    ok = json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode()
    bad = b'{"messages": [{"role": "user", "content": "caf\xe9 \xff\xfe"}]}'
    src.write_bytes(ok + b"\n" + bad + b"\n" + ok + b"\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert (result.exit_code, result.stderr) == (
        1,
        f"convsim: skipped {src}:2: not UTF-8 text (invalid continuation byte); save the file "
        "as UTF-8\n",
    )
    assert len((tmp_path / "g.jsonl").read_text().splitlines()) == 2


def test_an_element_of_a_json_list_in_another_encoding_is_skipped(tmp_path: Path) -> None:
    src = tmp_path / "latin.json"
    ok = json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode()
    bad = b'{"messages": [{"role": "user", "content": "caf\xe9"}]}'
    src.write_bytes(b"[\n" + ok + b",\n" + bad + b",\n" + ok + b"\n]\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert (result.exit_code, result.stderr) == (
        1,
        f"convsim: skipped {src}[1]: not UTF-8 text (invalid continuation byte); save the file "
        "as UTF-8\n",
    )
    assert len((tmp_path / "g.jsonl").read_text().splitlines()) == 2


def test_a_log_wholly_in_another_encoding_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "latin.jsonl"
    src.write_bytes(b'{"messages": [{"role": "user", "content": "caf\xe9"}]}\n')
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"convsim: skipped {src}:1: not UTF-8 text (invalid continuation byte); save the file "
        "as UTF-8",
        f"convsim: error: {src}: no gradable conversation; nothing written to "
        f"{tmp_path / 'g.jsonl'}",
    ]
    assert not (tmp_path / "g.jsonl").exists()


def test_a_line_just_over_the_limit_does_not_read_as_within_it(tmp_path: Path) -> None:
    """5,243,435 bytes read '5 MB on one line; ... up to 5 MB' (outsider 20 #12)."""
    src = tmp_path / "big.jsonl"
    huge = {"messages": [{"role": "user", "content": "x" * 5_243_380}]}
    fine = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}
    src.write_text(json.dumps(huge) + "\n" + json.dumps(fine) + "\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 1
    assert result.stderr == (
        f"convsim: skipped {src}:1: 5.24 MB on one line; a conversation is graded up to 5 MB "
        "(split the log)\n"
    )


def test_a_conversation_of_millions_of_characters_is_a_skipped_line(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    huge = {"messages": [{"role": "user", "content": "x" * 6_000_000}]}
    fine = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "ok"}]}
    src.write_text(json.dumps(huge) + "\n" + json.dumps(fine) + "\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 1
    assert result.stderr == (
        f"convsim: skipped {src}:1: 6 MB on one line; a conversation is graded up to 5 MB "
        "(split the log)\n"
    )
    assert len((tmp_path / "g.jsonl").read_text().splitlines()) == 1


def test_a_binary_config_or_price_table_is_one_line(tmp_path: Path) -> None:
    blob = tmp_path / "blob.toml"
    blob.write_bytes(bytes(range(128, 256)))
    config = cli("run", "--n", "1", "--out", tmp_path / "o", "--config", blob)
    assert (config.exit_code, config.stderr) == (
        2,
        f"convsim: error: --config {blob}: not UTF-8 text; save it as UTF-8\n",
    )
    prices = cli("run", "--n", "1", "--out", tmp_path / "o", "--model", "m", "--prices", blob)
    assert prices.exit_code == 2
    assert prices.stderr.startswith(f"convsim: error: --prices {blob}: not UTF-8 text")
    assert not (tmp_path / "o").exists()


def test_a_symbolic_link_loop_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    for command in ("lint", "run"):
        result = cli(
            command, tmp_path / "a.yaml", *(["--out", tmp_path / "o"] * (command == "run"))
        )
        assert (result.exit_code, result.stderr) == (
            2,
            f"convsim: error: {tmp_path / 'a.yaml'}: a symbolic link to nothing (broken, or a "
            "loop); give scenario YAML files or folders, or a built-in scenario id (list them "
            "with convsim scenarios)\n",
        )


def test_sizes_that_would_exhaust_memory_are_refused_first(tmp_path: Path) -> None:
    run = cli("run", "--n", "1000000000000", "--out", tmp_path / "o")
    assert (run.exit_code, run.stderr) == (
        2,
        "convsim: error: --n 1000000000000: give the number of conversations, 1 to 10,000,000\n",
    )
    assert not (tmp_path / "o").exists()
    personas = cli("personas", "--n", "100000000")
    assert personas.stderr == (
        "convsim: error: --n 100000000: give the number of personas, 1 to 100,000\n"
    )
