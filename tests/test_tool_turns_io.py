"""Tool turns out of the simulator: stored and reloaded intact, shown readably, exported as
OpenAI function-calling and LLaMA-Factory ShareGPT data (checked against those formats'
rules), screened for personal data, deduplicated on what was said."""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from tool_domain import orders_domain, refund_plan
from typer.testing import CliRunner

from agents.critic import grade
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.types import ToolCall, Transcript
from simulator.cli import app
from simulator.export.formats import chat_messages, openai_line, sharegpt_line
from simulator.run.graph import build_graph, run_conversation
from simulator.run.rerun import make_transcript
from simulator.store.rundb import RunStore

DOMAIN = orders_domain()
TOOLS = [spec.openai() for spec in DOMAIN.specs()]


def simulate(seeds: range) -> list[Transcript]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=lambda s: DOMAIN)
    out = []
    for seed in seeds:
        plan = refund_plan(seed, "ORD-10001" if seed % 2 else "ORD-10002")
        turns, outcome, verdict = asyncio.run(run_conversation(graph, plan))
        out.append(make_transcript("run-tools", plan, turns, outcome, verdict))
    return out


@pytest.fixture(scope="module")
def transcripts() -> list[Transcript]:
    return simulate(range(1, 9))


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory, transcripts: list[Transcript]) -> Path:
    out = tmp_path_factory.mktemp("tools") / "run"
    out.mkdir()
    with RunStore(out / "run.db") as store:
        store.set_run_config("run-tools", "x", {"seed": 1})
        for t in transcripts:
            store.save(refund_plan(t.seed, t.variables["order_id"]), t)
    return out


def invoke(*args: object) -> Any:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def test_tool_turns_are_stored_and_reloaded_intact(
    run_dir: Path, transcripts: list[Transcript]
) -> None:
    with RunStore(run_dir / "run.db", readonly=True) as store:
        loaded = list(store.iter_transcripts())
        rows = store.db.execute(
            "SELECT role, content FROM turns WHERE conversation_id = ? ORDER BY position",
            (transcripts[0].id,),
        ).fetchall()
    assert loaded == transcripts
    assert [t.model_dump_json() for t in loaded] == [t.model_dump_json() for t in transcripts]
    assert any(t.tool_calls for t in loaded[0].turns)
    assert [r[0] for r in rows] == [t.role for t in transcripts[0].turns]
    record = json.loads(transcripts[0].model_dump_json())
    call_turn = next(t for t in record["turns"] if "tool_calls" in t)
    assert set(call_turn["tool_calls"][0]) == {"id", "name", "arguments"}
    result = next(t for t in record["turns"] if t["role"] == "tool")
    assert {"name", "tool_call_id", "error"} <= set(result) and "tool_calls" not in result
    plain = next(t for t in record["turns"] if t["role"] == "customer")
    assert not {"tool_calls", "tool_call_id", "name", "error"} & set(plain)


def test_show_prints_each_call_with_its_result(
    run_dir: Path, transcripts: list[Transcript]
) -> None:
    refused = next(t for t in transcripts if t.variables["order_id"] == "ORD-10002")
    out = invoke("show", run_dir, "--id", refused.id).output
    flat = " ".join(out.split())  # the console wraps long lines
    lookup = flat.index('tool: get_order(order_id="ORD-10002") -> {"email": "ada@example.com",')
    assert '"status": "pending"' in flat[lookup : lookup + 200]
    refund = flat.index(
        'tool: refund_order(order_id="ORD-10002") -> error: Error: only delivered orders '
        "can be refunded (status pending)"
    )
    assert lookup < refund
    assert not [line for line in out.splitlines() if line.strip() == "support:"]


def test_show_shortens_long_results() -> None:
    from agents.types import ToolCall, Turn
    from simulator.commands.toolview import RESULT_LIMIT, result_line

    calls = {"c": ToolCall(id="c", name="get_order", arguments={"order_id": "X" * 300})}
    line = result_line(
        Turn(role="tool", content="y " * 500, name="get_order", tool_call_id="c", error=False),
        calls,
    )
    head, _, tail = line.partition(" -> ")
    assert len(head) < 120 and head.endswith("…)")
    assert len(tail) == RESULT_LIMIT and tail.endswith("…")


# ---- OpenAI chat fine-tuning with tools -------------------------------------------------------


def check_openai_tools_example(example: dict[str, Any]) -> None:
    """OpenAI's chat fine-tuning rules for function calling, written out:

    1. a line is {"messages": [...]} plus optional "tools" (a list of
       {"type": "function", "function": {"name", "description", "parameters"}});
    2. roles are system (first only), user, assistant, tool;
    3. an assistant message has string content, or `tool_calls`, or both; each call is
       {"id", "type": "function", "function": {"name", "arguments"}} with arguments a JSON
       string of an object, and names a tool of `tools`;
    4. every call is answered by a `tool` message {"role", "tool_call_id", "content"} right
       after its assistant message, before any other message, ids matching, each once;
    5. apart from tool messages, user and assistant alternate; the last message is the
       assistant's.
    """
    assert set(example) <= {"messages", "tools"} and "messages" in example
    names = set()
    for tool in example.get("tools", []):
        assert set(tool) == {"type", "function"} and tool["type"] == "function"
        assert set(tool["function"]) == {"name", "description", "parameters"}
        assert tool["function"]["parameters"]["type"] == "object"
        names.add(tool["function"]["name"])
    messages = example["messages"]
    open_ids: list[str] = []
    for i, m in enumerate(messages):
        role = m["role"]
        assert role in {"system", "user", "assistant", "tool"}
        assert role != "system" or i == 0
        if role == "tool":
            assert set(m) == {"role", "tool_call_id", "content"}
            assert isinstance(m["content"], str)
            assert m["tool_call_id"] in open_ids
            open_ids.remove(m["tool_call_id"])
            continue
        assert not open_ids, f"message {i} comes before the results of {open_ids}"
        if role == "assistant" and "tool_calls" in m:
            assert set(m) <= {"role", "content", "tool_calls"}
            for call in m["tool_calls"]:
                assert set(call) == {"id", "type", "function"} and call["type"] == "function"
                assert set(call["function"]) == {"name", "arguments"}
                assert isinstance(json.loads(call["function"]["arguments"]), dict)
                assert not names or call["function"]["name"] in names
                open_ids.append(call["id"])
            assert len(set(open_ids)) == len(open_ids)
        else:
            assert set(m) == {"role", "content"}
            assert isinstance(m["content"], str) and m["content"].strip()
    spoken = [m["role"] for m in messages if m["role"] in ("user", "assistant")]
    merged = [r for r, _ in itertools.groupby(spoken)]
    assert all(a != b for a, b in itertools.pairwise(merged))
    texts = [m for m in messages if m["role"] != "tool"]
    assert texts[-1]["role"] == "assistant"
    assert all(
        not (a["role"] == b["role"] == "assistant" and "tool_calls" not in a)
        for a, b in itertools.pairwise(texts)
    )


def test_openai_export_with_tools_follows_the_format(transcripts: list[Transcript]) -> None:
    for t in transcripts:
        record = json.loads(t.model_dump_json())
        messages = chat_messages(record, "support", "You are support.")
        example = json.loads(openai_line(messages, TOOLS))
        check_openai_tools_example(example)
        calls = [c for m in messages for c in m.get("tool_calls", [])]
        results = [m for m in messages if m["role"] == "tool"]
        made = [c for turn in t.turns for c in turn.tool_calls or ()]
        assert [c["id"] for c in calls] == [c.id for c in made]
        assert [r["tool_call_id"] for r in results] == [c.id for c in made]
        assert [json.loads(c["function"]["arguments"]) for c in calls] == [
            c.arguments for c in made
        ]
        assert example["tools"] == TOOLS


def test_the_customer_side_never_sees_tool_use(transcripts: list[Transcript]) -> None:
    record = json.loads(transcripts[0].model_dump_json())
    messages = chat_messages(record, "customer", None)
    assert all(set(m) == {"role", "content"} and m["content"].strip() for m in messages)
    assert all(m["role"] in ("user", "assistant") for m in messages)


def test_a_call_without_its_result_or_a_stray_result_is_not_chat() -> None:
    from simulator.export.formats import NotChat

    call = {"id": "a", "name": "get_order", "arguments": {}}
    customer = {"role": "customer", "content": "hi"}
    cut = [customer, {"role": "support", "content": "", "tool_calls": [call]}, customer]
    with pytest.raises(NotChat, match="tool call without a result"):
        chat_messages({"turns": cut}, "support", None)
    stray = [customer, {"role": "tool", "content": "{}", "tool_call_id": "zz"}]
    with pytest.raises(NotChat, match="tool result without its call"):
        chat_messages({"turns": stray}, "support", None)


# ---- ShareGPT (LLaMA-Factory) ------------------------------------------------------------------


def check_sharegpt_tools_example(example: dict[str, Any], names: list[str] | None = None) -> None:
    """LLaMA-Factory's sharegpt rules: an optional leading system turn; then human/observation
    at odd positions and gpt/function_call at even ones, an even count; a function_call's
    value is JSON {"name", "arguments": {...}}; `tools` is JSON text of the definitions."""
    turns = example["conversations"]
    if turns and turns[0]["from"] == "system":
        turns = turns[1:]
    assert len(turns) % 2 == 0 and turns
    for i, turn in enumerate(turns):
        allowed = ("human", "observation") if i % 2 == 0 else ("gpt", "function_call")
        assert turn["from"] in allowed, (i, turn)
        assert isinstance(turn["value"], str)
        if turn["from"] == "function_call":
            call = json.loads(turn["value"])
            assert set(call) == {"name", "arguments"} and isinstance(call["arguments"], dict)
    tools = json.loads(example["tools"])
    assert [t["name"] for t in tools] == (names or [s.name for s in DOMAIN.specs()])
    assert all(set(t) == {"name", "description", "parameters"} for t in tools)


def test_sharegpt_export_with_function_calls(transcripts: list[Transcript]) -> None:
    for t in transcripts:
        record = json.loads(t.model_dump_json())
        messages = chat_messages(record, "support", "You are support.")
        example = json.loads(sharegpt_line(t.id, messages, TOOLS))
        check_sharegpt_tools_example(example)
        froms = [turn["from"] for turn in example["conversations"]]
        made = [c for turn in t.turns for c in turn.tool_calls or ()]
        assert froms.count("function_call") == froms.count("observation") == len(made)
        pairs = [i for i, f in enumerate(froms) if f == "function_call"]
        assert all(froms[i + 1] == "observation" for i in pairs)


def test_sharegpt_splits_calls_made_together_into_pairs() -> None:
    a = {"id": "a", "name": "get_order", "arguments": {"order_id": "1"}}
    b = {"id": "b", "name": "cancel_order", "arguments": {"order_id": "1"}}
    turns = [
        {"role": "customer", "content": "hi"},
        {"role": "support", "content": "Checking.", "tool_calls": [a, b]},
        {"role": "tool", "content": "A", "tool_call_id": "a", "name": "get_order"},
        {"role": "tool", "content": "B", "tool_call_id": "b", "name": "cancel_order"},
        {"role": "support", "content": "Done."},
    ]
    messages = chat_messages({"turns": turns}, "support", None)
    assert messages[1] == {
        "role": "assistant",
        "content": "Checking.",
        "tool_calls": [
            {
                "id": "a",
                "type": "function",
                "function": {"name": "get_order", "arguments": '{"order_id":"1"}'},
            },
            {
                "id": "b",
                "type": "function",
                "function": {"name": "cancel_order", "arguments": '{"order_id":"1"}'},
            },
        ],
    }
    example = json.loads(sharegpt_line("x", messages))
    assert [(t["from"], t["value"]) for t in example["conversations"]] == [
        ("human", "hi"),
        ("function_call", '{"name":"get_order","arguments":{"order_id":"1"}}'),
        ("observation", "A"),
        ("function_call", '{"name":"cancel_order","arguments":{"order_id":"1"}}'),
        ("observation", "B"),
        ("gpt", "Done."),
    ]
    assert "tools" not in example


# ---- the export command ------------------------------------------------------------------------


def test_export_commands_keep_tool_turns(run_dir: Path, tmp_path: Path) -> None:
    invoke(
        "export",
        run_dir,
        "--format",
        "jsonl",
        "--out",
        tmp_path / "a.jsonl",
        "--verdict",
        "any",
        "--keep-undecided",
    )
    kept = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert kept and all(any(t["role"] == "tool" for t in r["turns"]) for r in kept)
    result = invoke(
        "export",
        run_dir,
        "--format",
        "openai",
        "--out",
        tmp_path / "o.jsonl",
        "--verdict",
        "any",
        "--keep-undecided",
    )
    assert "carry no tool definitions" in result.output  # no scenario files to find them by
    for line in (tmp_path / "o.jsonl").read_text().splitlines():
        check_openai_tools_example(json.loads(line))
    invoke(
        "export",
        run_dir,
        "--format",
        "parquet",
        "--out",
        tmp_path / "p.parquet",
        "--verdict",
        "any",
    )
    import pandas as pd

    frame = pd.read_parquet(tmp_path / "p.parquet")
    for messages in frame["messages"]:
        assert all(m["role"] in ("user", "assistant") and m["content"] for m in messages)


def test_privacy_screen_reads_tool_arguments_and_results(run_dir: Path, tmp_path: Path) -> None:
    from test_export_fixtures import edit

    with RunStore(run_dir / "run.db", readonly=True) as store:
        ids = [t.id for t in store.iter_transcripts()]

    def leak_argument(record: dict[str, Any]) -> None:
        call = next(t for t in record["turns"] if t.get("tool_calls"))
        call["tool_calls"][0]["arguments"]["email"] = "someone.real@gmail.com"

    def leak_result(record: dict[str, Any]) -> None:
        result = next(t for t in record["turns"] if t["role"] == "tool")
        result["content"] += ' {"phone": "+44 20 7946 0321"}'

    copy = tmp_path / "run"
    copy.mkdir()
    (copy / "run.db").write_bytes((run_dir / "run.db").read_bytes())
    edit(copy, ids[0], leak_argument)
    edit(copy, ids[1], leak_result)
    result = invoke(
        "export", copy, "--format", "jsonl", "--out", tmp_path / "x.jsonl", "--verdict", "any",
        "--no-dedup", "--keep-undecided",
    )  # fmt: skip
    kept = {json.loads(line)["id"] for line in (tmp_path / "x.jsonl").read_text().splitlines()}
    assert ids[0] not in kept and ids[1] not in kept
    assert set(ids[2:]) <= kept
    assert "s***@gmail.com" in result.output


def test_dedup_reads_what_was_said_not_the_records() -> None:
    from simulator.export.pipeline import _Item, _text

    record = json.loads(simulate(range(1, 2))[0].model_dump_json())
    text = _text(_Item(record, None, None, []))
    assert '"status"' not in text and "ORD-10001" in text


def test_review_and_the_report_show_calls_with_their_results(
    transcripts: list[Transcript],
) -> None:
    from rich.console import Console

    from simulator.commands.review import render
    from simulator.report.page import turn_text

    t = transcripts[0]
    console = Console(record=True, width=300)
    render(console, t, "1/1")
    lines = console.export_text().splitlines()
    calls = [line for line in lines if "calls get_order(" in line]
    results = [line for line in lines if 'tool: get_order(order_id="ORD-10001") -> {' in line]
    assert len(calls) == 1 and len(results) == 1
    record = json.loads(t.model_dump_json())
    made = {
        c["id"]: ToolCall.model_validate(c)
        for x in record["turns"]
        for c in x.get("tool_calls", [])
    }
    texts = [turn_text(x, made) for x in record["turns"]]
    assert 'calls refund_order(order_id="ORD-10001")' in texts
    assert any(x.startswith('refund_order(order_id="ORD-10001") -> {') for x in texts)
