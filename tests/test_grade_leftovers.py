"""`convsim grade` on what outsider 20 found: the same id on several records, temporary
files a killed grade left behind, a tool call the log has no result for."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from simulator.cli import app


def cli(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def record(conversation_id: str, reply: str) -> str:
    turns = [{"role": "customer", "content": "Hi"}, {"role": "support", "content": reply}]
    return json.dumps({"id": conversation_id, "turns": turns}) + "\n"


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_records_sharing_an_id_are_each_graded_under_a_distinct_id_and_named(
    tmp_path: Path,
) -> None:
    """They were graded and written with the same id, without a word (outsider 20 #7)."""
    src = tmp_path / "log.jsonl"
    src.write_text(
        record("a", "one") + record("b", "two") + record("a", "three") + record("a", "four")
    )
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 0
    assert result.stderr == (
        f"convsim: note: 3 records have the id 'a' ({src}:1, {src}:3, {src}:4); each is "
        "graded, under the ids 'a', 'a#2', 'a#3'\n"
    )
    graded = lines(tmp_path / "g.jsonl")
    assert [(r["id"], r["turns"][1]["content"]) for r in graded] == [
        ("a", "one"), ("b", "two"), ("a#2", "three"), ("a#3", "four"),
    ]  # fmt: skip


def test_a_file_joined_to_itself_gets_a_bounded_number_of_notes(tmp_path: Path) -> None:
    src = tmp_path / "log.jsonl"
    once = "".join(record(f"c{i}", "ok") for i in range(30))
    src.write_text(once + once)
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 0
    notes = result.stderr.splitlines()
    assert len(notes) == 21
    assert notes[0] == (
        f"convsim: note: 2 records have the id 'c0' ({src}:1, {src}:31); each is graded, under "
        "the ids 'c0', 'c0#2'"
    )
    assert notes[-1] == (
        "convsim: note: 10 more ids are carried by more than one record; each record is "
        "graded, the later ones numbered ID#2, ID#3 ..."
    )
    assert len({r["id"] for r in lines(tmp_path / "g.jsonl")}) == 60


def test_temp_files_a_killed_grade_left_are_removed_by_the_next_one(tmp_path: Path) -> None:
    """A grade killed mid-write (SIGKILL, a timeout) left its hidden temp file beside --out
    for good (outsider 20 #15, one of 26 MB); the next write of that --out removes those whose
    writer is gone, and keeps a live writer's."""
    with subprocess.Popen([sys.executable, "-c", "pass"]) as gone:
        gone.wait()
    src = tmp_path / "log.jsonl"
    src.write_text(record("a", "one"))
    out = tmp_path / "g.jsonl"
    stale = tmp_path / f".g.jsonl.{gone.pid}.0123abcd.tmp"
    stale.write_text('{"id": "half a line')
    live = tmp_path / f".g.jsonl.{os.getppid()}.89abcdef.tmp"
    live.write_text("")
    other = tmp_path / f".other.jsonl.{gone.pid}.0123abcd.tmp"  # another output's
    other.write_text("")
    result = cli("grade", src, "--out", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["log.jsonl", "g.jsonl", live.name, other.name]
    )
    assert [r["id"] for r in lines(out)] == ["a"]


def test_a_call_with_no_result_in_the_log_is_undecided_not_a_bot_fault(tmp_path: Path) -> None:
    """It was REJECT, critical 'two support turns in a row' (outsider 20 #14)."""
    call = {"id": "c1", "type": "function",
            "function": {"name": "refund_order", "arguments": '{"order_id": "ORD-1"}'}}  # fmt: skip
    messages = [
        {"role": "user", "content": "Please refund order ORD-1, it arrived broken."},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "assistant", "content": "Done: the refund for ORD-1 is on its way."},
    ]
    src = tmp_path / "log.jsonl"
    src.write_text(json.dumps({"messages": messages}) + "\n")
    result = cli("grade", src, "--out", tmp_path / "g.jsonl")
    assert result.exit_code == 0
    (graded,) = lines(tmp_path / "g.jsonl")
    verdict = graded["verdict"]
    assert [f["category"] for f in verdict["findings"] if f["category"] == "structure"] == []
    assert "tool_results" in verdict["unjudged"]
    assert verdict["label"] != "REJECT"
    assert "undecided criteria" in result.stdout
