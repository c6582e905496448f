"""`convsim export`: every format read by its consumer, filters, review decisions, determinism."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export_fixtures import accepted, edit, make_run, records
from test_tool_turns_io import check_openai_tools_example
from typer.testing import CliRunner

from simulator.cli import app
from simulator.quality.review import Decision, record_decision
from simulator.store.rundb import RunStore

# Records with criteria only a judge decides are kept: these tests are about the formats.
EXPORT = ("export", "--keep-undecided")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_run(tmp_path_factory.mktemp("export") / "run", n=40, seed=11)


def export(run_dir: Path, out: Path, *args: str) -> Any:
    result = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def check_openai_example(example: dict[str, Any]) -> list[str]:
    """The chat fine-tuning rules, written out: returns the roles after the system message.

    1. a record is {"messages": [...]}, nothing else; the list is not empty;
    2. every message is exactly {"role", "content"}; role is system, user or assistant;
       content is a non-empty string;
    3. a system message may only come first;
    4. after it, user and assistant alternate (never two of one role in a row);
    5. there is at least one assistant message and the last message is the assistant's.

    A conversation over a world (the built-in library's banking, ecommerce, telecom and
    travel scenarios) also carries `tools`, assistant `tool_calls` and `tool` messages: it
    follows the function-calling rules instead (`check_openai_tools_example`).
    """
    if "tools" in example:
        check_openai_tools_example(example)
        spoken = [m["role"] for m in example["messages"] if m["role"] != "tool"]
        spoken = spoken[1:] if spoken[0] == "system" else spoken
        return [role for role, _ in itertools.groupby(spoken)]
    assert set(example) == {"messages"}
    messages = example["messages"]
    assert isinstance(messages, list) and messages
    for m in messages:
        assert set(m) == {"role", "content"}
        assert m["role"] in {"system", "user", "assistant"}
        assert isinstance(m["content"], str) and m["content"].strip()
    roles = [m["role"] for m in messages]
    assert "system" not in roles[1:]
    body = roles[1:] if roles[0] == "system" else roles
    assert all(a != b for a, b in itertools.pairwise(body))
    assert "assistant" in body and body[-1] == "assistant"
    return body


def test_openai_as_support_follows_the_chat_fine_tuning_rules(
    run_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "train.jsonl"
    result = export(run_dir, out, "--format", "openai")
    examples = lines(out)
    assert examples and f"exported {len(examples)} of 40 conversations" in result.stdout
    by_first_user = {}
    for example in examples:
        body = check_openai_example(example)
        assert body[0] == "user"  # the customer speaks first
        system = example["messages"][0]
        assert system["role"] == "system"
        assert system["content"].startswith("You are a customer support agent")
        by_first_user[example["messages"][1]["content"]] = example
    # The user side is the customer's text, the assistant side support's, in order.
    kept = {r["turns"][0]["content"]: r for r in accepted(run_dir)}
    for first, example in by_first_user.items():
        record = kept[first]
        support = [t["content"] for t in record["turns"] if t["role"] == "support"]
        support = [text for text in support if text]  # a turn that only calls tools says nothing
        assistant = [
            m["content"]
            for m in example["messages"]
            if m["role"] == "assistant" and m.get("content")
        ]
        assert assistant == support[: len(assistant)]


def test_openai_as_customer_puts_the_customer_in_the_assistant_role(
    run_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sim.jsonl"
    export(run_dir, out, "--format", "openai", "--as", "customer", "--no-system-prompt")
    for example in lines(out):
        body = check_openai_example(example)
        assert body[0] == "assistant"  # the user simulator opens the conversation
        assert example["messages"][0]["role"] != "system"


def test_sharegpt_is_plain_json_with_conversations(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "sharegpt.jsonl"
    export(run_dir, out, "--format", "sharegpt")
    for line in out.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        turns = data["conversations"]
        assert turns[0]["from"] == "system"
        assert turns[-1]["from"] == "gpt"
        assert all(set(t) == {"from", "value"} and t["value"] for t in turns)
        if "tools" in data:  # a conversation over a world: function calls and observations
            assert set(data) == {"id", "conversations", "tools"}
            assert {t["from"] for t in turns[1:]} <= {
                "human",
                "gpt",
                "function_call",
                "observation",
            }
            assert turns[1]["from"] == "human"
        else:
            assert set(data) == {"id", "conversations"}
            assert [t["from"] for t in turns[1:3]] == ["human", "gpt"]


def test_parquet_is_one_row_per_conversation_with_metadata(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "data.parquet"
    export(run_dir, out, "--format", "parquet")
    jsonl = tmp_path / "same.jsonl"
    export(run_dir, jsonl, "--format", "openai")
    frame = pd.read_parquet(out)
    assert len(frame) == len(lines(jsonl))
    assert frame["id"].is_unique
    for column in ("scenario_id", "status", "label", "final_label", "edge_cases", "tone",
                   "score_policy", "system", "messages"):  # fmt: skip
        assert column in frame.columns
    assert set(frame["final_label"]) == {"ACCEPT"}
    first = frame.iloc[0]
    assert first["messages"][0]["role"] == "user"
    assert first["system"].startswith("You are a customer support agent")
    assert frame["score_policy"].dtype == "float64"


def test_jsonl_keeps_the_transcript_records(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "records.jsonl"
    export(run_dir, out, "--format", "jsonl", "--no-dedup")
    assert [r["id"] for r in lines(out)] == [r["id"] for r in accepted(run_dir)]
    assert lines(out)[0] == accepted(run_dir)[0]


@pytest.mark.parametrize("fmt", ["jsonl", "openai", "sharegpt", "parquet"])
def test_same_run_same_flags_same_bytes(run_dir: Path, tmp_path: Path, fmt: str) -> None:
    a, b = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    export(run_dir, a, "--format", fmt)
    export(run_dir, b, "--format", fmt)
    assert a.read_bytes() == b.read_bytes() and a.stat().st_size > 0
    export(run_dir, a, "--format", fmt)  # replaces the file whole, leaves no temp file
    assert a.read_bytes() == b.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"a.{fmt}", f"b.{fmt}"]


def test_filters_by_status_scenario_and_edge_case(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    everything = records(run_dir)
    result = export(
        run_dir, out, "--verdict", "any", "--status", "resolved,escalated", "--no-dedup"
    )
    kept = lines(out)
    assert {r["outcome"]["status"] for r in kept} <= {"resolved", "escalated"}
    assert len(kept) == sum(r["outcome"]["status"] != "abandoned" for r in everything)
    abandoned = len(everything) - len(kept)
    if abandoned:
        assert f"dropped {abandoned}: status abandoned" in result.stdout
    export(run_dir, out, "--verdict", "any", "--scenario", "banking/*", "--no-dedup")
    assert {r["scenario_id"].split("/")[0] for r in lines(out)} == {"banking"}
    export(run_dir, out, "--verdict", "any", "--edge-case", "none", "--no-dedup")
    assert all(r["edge_cases"] == [] for r in lines(out))
    assert len(lines(out)) == sum(not r["edge_cases"] for r in everything)


def test_min_score_drops_low_scores(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.jsonl"
    low = [r for r in records(run_dir) if r["verdict"]["scores"]["task_success"] < 5]
    assert low, "the fixture run needs a conversation below 5 on task_success"
    result = export(run_dir, out, "--verdict", "any", "--min-score", "task_success=5",
                    "--no-dedup")  # fmt: skip
    assert all(r["verdict"]["scores"]["task_success"] >= 5 for r in lines(out))
    assert f"dropped {len(low)}: score task_success below 5" in result.stdout


def test_review_decisions_win_over_the_critic(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path / "run", n=12, seed=5)
    first, second = records(run_dir)[:2]
    assert first["verdict"]["label"] == "ACCEPT"
    edit(run_dir, second["id"], lambda r: r["verdict"].update(label="REVIEW"))
    with RunStore(run_dir / "run.db") as store:
        record_decision(store, first["id"], Decision("reject", critic_label="ACCEPT"))
        record_decision(store, second["id"], Decision("accept", critic_label="REVIEW"))
    out = tmp_path / "r.jsonl"
    result = export(run_dir, out, "--no-dedup")
    ids = [r["id"] for r in lines(out)]
    assert first["id"] not in ids and second["id"] in ids
    assert "dropped 1: review REJECT" in result.stdout
    shown = next(r for r in lines(out) if r["id"] == second["id"])
    assert shown["review"]["label"] == "ACCEPT" and shown["verdict"]["label"] == "REVIEW"


def test_an_empty_turn_drops_the_record_from_chat_formats_only(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path / "run", n=6, seed=2)
    target = accepted(run_dir)[0]
    edit(run_dir, target["id"], lambda r: r["turns"][2].update(content=""))
    out = tmp_path / "o.jsonl"
    result = export(run_dir, out, "--format", "openai", "--no-dedup")
    assert "dropped 1: empty turn" in result.stdout
    export(run_dir, out, "--format", "jsonl", "--no-dedup")
    assert target["id"] in [r["id"] for r in lines(out)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status", "resolvd"], "--status resolvd: not an outcome; give one of resolved,"),
        (["--scenario", "nope/*"], "--scenario nope/*: no conversation in"),
        (["--min-score", "policy"], "--min-score policy: write DIMENSION=NUMBER"),
        (["--min-score", "kindness=3"], "--min-score kindness: no verdict in"),
        (["--format", "csv"], "--format csv: not a format; give one of jsonl, openai"),
        (["--as", "bot"], "--as bot: give support or customer"),
        (["--dedup-threshold", "1.5"], "--dedup-threshold 1.5: give a similarity above 0"),
        (["--verdict", "GOOD"], "--verdict GOOD: not a label"),
    ],
)
def test_user_errors_are_one_line(
    run_dir: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"convsim: error: {message}")
    assert result.stderr.count("\n") == 1 and not out.exists()


def test_cli_in_a_subprocess(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", *EXPORT, str(run_dir), "--format", "parquet",
         "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("exported ")
    assert len(pd.read_parquet(out)) > 0


def test_system_prompt_needs_the_run_scenarios_unchanged(tmp_path: Path) -> None:
    run_dir = make_run(tmp_path / "run", n=4, seed=3)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["config"]["paths"] = [str(tmp_path / "moved")]
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    out = tmp_path / "o.jsonl"
    result = export(run_dir, out, "--format", "openai")
    assert "note: no system prompt: the run's scenario files changed or moved" in result.stdout
    assert all(m["messages"][0]["role"] == "user" for m in lines(out))
    asked = CliRunner().invoke(
        app,
        [
            "export",
            str(run_dir),
            "--keep-undecided",
            "--out",
            str(out),
            "--format",
            "openai",
            "--system-prompt",
        ],
    )
    assert asked.exit_code == 2
    assert asked.stderr.startswith(f"convsim: error: --system-prompt: the scenarios of {run_dir}")


def test_undecided_is_not_accept_unless_asked(run_dir: Path, tmp_path: Path) -> None:
    """Every library scenario has a criterion only a judge decides: offline, none is ACCEPT."""
    out = tmp_path / "u.jsonl"
    result = CliRunner().invoke(app, ["export", str(run_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in (run_dir / "transcripts.jsonl").read_text().splitlines()]
    accepted = sum(r["verdict"]["label"] == "ACCEPT" for r in records)
    assert accepted > 0
    assert (
        f"dropped {accepted}: ACCEPT with undecided criteria (--keep-undecided keeps them)"
        in result.stdout
    )
    assert out.read_text() == ""
    kept = CliRunner().invoke(app, [*EXPORT, str(run_dir), "--out", str(out), "--no-dedup"])
    assert kept.exit_code == 0 and len(out.read_text().splitlines()) == accepted
