"""Note 17's robustness leftovers: NaN, Infinity and repeated keys in JSON input; tool-call
ids given to several calls in a graded log; grounding after a lost tool result; the studio's
temp files named with the writer's process id."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_process import convsim

from agents.types import ToolCall, Turn
from scenarios import jsondata
from simulator.quality.call_ids import unique_call_ids
from simulator.studio.pages.settings import ModelSettings, Settings
from simulator.studio.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent


def call(call_id: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(args)},
    }


OK = {
    "id": "ok",
    "messages": [
        {"role": "user", "content": "My kettle arrived broken."},
        {"role": "assistant", "content": "Sorry! What's the order number?"},
    ],
}


def test_nan_infinity_and_repeated_keys_are_skipped_and_named(tmp_path: Path) -> None:
    src = tmp_path / "logs.jsonl"
    src.write_text(
        json.dumps(OK)
        + "\n"
        + '{"messages": [{"role": "user", "content": "hi"}], "variables": {"x": NaN}}\n'
        + '{"messages": [{"role": "user", "content": "a", "content": "b"}]}\n'
        + '{"messages": [{"role": "user", "content": "NaN \\"x\\": 1"}], "score": -Infinity}\n'
    )
    out = tmp_path / "graded.jsonl"
    result = convsim("grade", src, "--out", out)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"convsim: skipped {src}:2: NaN is not a JSON value; write null, a number or a string",
        f"convsim: skipped {src}:3: key 'content' given twice in one object; keep one",
        f"convsim: skipped {src}:4: -Infinity is not a JSON value; write null, a number or a "
        "string",
    ]
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["ok"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{\n "a": {"b": 1},\n "c": {"b": 2,\n  "b": 3}\n}', "4: key 'b' given twice"),
        ('{\n "a": "NaN",\n "c": [1,\n  NaN]\n}', "4: NaN is not a JSON value"),
        ('{"a": "Infinity", "b": Infinity}', "1: Infinity is not a JSON value"),
    ],
)
def test_a_whole_json_file_names_the_line(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(text)
    with pytest.raises(jsondata.JSONValueError) as caught:
        jsondata.load(path, "fix it")
    assert str(caught.value).startswith(f"{path}:{message}")
    assert jsondata.parse('{"a": {"b": 1}, "c": {"b": 2}}') == {"a": {"b": 1}, "c": {"b": 2}}


def _turns() -> list[Turn]:
    def calls(name: str, order: str) -> tuple[ToolCall, ...]:
        return (ToolCall(id="call_0", name=name, arguments={"order_id": order}),)

    return [
        Turn(role="customer", content="Cancel ORD-1, and where is ORD-2?"),
        Turn(role="support", content="", tool_calls=calls("cancel_order", "ORD-1")),
        Turn(role="support", content="", tool_calls=calls("get_order", "ORD-2")),
        Turn(role="tool", content="Error: ORD-1 has shipped", tool_call_id="call_0"),
        Turn(role="tool", content='{"status": "pending"}', tool_call_id="call_0"),
        Turn(role="support", content="", tool_calls=calls("get_order", "ORD-1")),
        Turn(role="tool", content='{"status": "shipped"}', tool_call_id="call_0"),
    ]


def test_a_reused_call_id_pairs_each_result_with_its_own_call() -> None:
    turns, reused = unique_call_ids(_turns())
    assert reused == ("call_0",)
    ids = [c.id for t in turns for c in t.tool_calls or ()]
    assert ids == ["call_0", "call_0#2", "call_0#3"]
    answers = [(t.tool_call_id, t.content) for t in turns if t.role == "tool"]
    assert answers == [
        ("call_0", "Error: ORD-1 has shipped"),  # the cancel, not the lookup after it
        ("call_0#2", '{"status": "pending"}'),
        ("call_0#3", '{"status": "shipped"}'),
    ]
    plain = [Turn(role="customer", content="hi")]
    assert unique_call_ids(plain) == (plain, ())


def test_grade_says_so_in_one_line(tmp_path: Path) -> None:
    record = {
        "id": "reused",
        "messages": [
            {"role": "user", "content": "Where are ORD-11111 and ORD-22222?"},
            {"role": "assistant", "content": "", "tool_calls": [call("c", "get", {"o": "1"})]},
            {"role": "tool", "tool_call_id": "c", "content": "ORD-11111: shipped"},
            {"role": "assistant", "content": "", "tool_calls": [call("c", "get", {"o": "2"})]},
            {"role": "tool", "tool_call_id": "c", "content": "ORD-22222: pending"},
            {"role": "assistant", "content": "One shipped, one is pending."},
        ],
    }
    src = tmp_path / "logs.jsonl"
    src.write_text(json.dumps(OK) + "\n" + json.dumps(record) + "\n")
    result = convsim("grade", src, "--out", tmp_path / "graded.jsonl")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"convsim: note: {src}:2: a tool-call id given to several calls ('c'); graded as ID#2, "
        "ID#3 ..., each result paired with the earliest call of its id before it still "
        "without one"
    ]


def test_values_after_a_lost_tool_result_are_not_called_invented(tmp_path: Path) -> None:
    said = "Your invoice is INV-4417, dated 2024-05-11, for 84.20 EUR."
    lost = {
        "id": "lost",
        "messages": [
            {"role": "user", "content": "Where is my invoice for order ORD-12345?"},
            {
                "role": "assistant",
                "content": "",
                "tool_calls": [call("c1", "find_invoice", {"order_id": "ORD-12345"})],
            },
            {"role": "assistant", "content": said},
            {"role": "user", "content": "thanks, bye"},
        ],
    }
    never = {"id": "never", "messages": [lost["messages"][0], *lost["messages"][2:]]}
    src = tmp_path / "logs.jsonl"
    src.write_text(json.dumps(lost) + "\n" + json.dumps(never) + "\n")
    out = tmp_path / "graded.jsonl"
    assert convsim("grade", src, "--out", out).returncode == 0
    graded = {r["id"]: r["verdict"] for r in map(json.loads, out.read_text().splitlines())}
    # The lost result may have held them: undecided (tool_results), never a finding or a pass.
    assert graded["lost"]["findings"] == []
    assert "tool_results" in graded["lost"]["unjudged"]
    # With no call at all, nothing could have given them.
    invented = [f["category"] for f in graded["never"]["findings"]]
    assert invented == ["invented_fact"] * 3


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_studio_temp_files_carry_the_writers_pid(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    stale = tmp_path / f".a.yaml.{_dead_pid()}.0123abcd.tmp"
    live = tmp_path / f".a.yaml.{os.getppid()}.4567cdef.tmp"
    stale.write_text("half")
    live.write_text("being written")
    workspace.write_atomic("a.yaml", "id: a\n")
    assert (tmp_path / "a.yaml").read_text() == "id: a\n"
    assert not stale.exists()  # its writer was killed
    assert live.read_text() == "being written"  # a live writer's is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.yaml", live.name])

    models = ModelSettings(tmp_path, None)
    left = models.file.with_name(f".models.json.{_dead_pid()}.89abcdef.tmp")
    models.file.parent.mkdir(exist_ok=True)
    left.write_text("{")
    models.save(Settings(model="gpt-4o-mini", base_url="http://127.0.0.1:9/v1"))
    assert json.loads(models.file.read_text()) is not None
    assert [p.name for p in models.file.parent.iterdir()] == ["models.json"]
