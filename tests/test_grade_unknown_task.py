"""`convsim grade` of logs that do not show what support did to the records (outsider 14:
plain user/assistant logs of a flight-change bot printed "tasks: 24 of 24 passed" with a
reward of 1.0 each, one of them a conversation whose live run failed its end state).

Each case is a real process on conversations a scripted run made on the built-in
travel/change-flight-date scenario, written back as OpenAI messages with parts cut away.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_process import convsim as run_convsim

from agents.scripted.confirming import DECLINED
from simulator.commands.grade import TASKS_COUNT

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "travel/change-flight-date"
NO_CALLS = (
    "the log has no tool calls, so what support did to the records cannot be known; give "
    "the tool turns (the assistant's tool_calls and the tool results) to grade the end state"
)


def convsim(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_convsim(*args, env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def transcripts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("grade-unknown") / "run"
    done = convsim("run", SCENARIO, "--n", "6", "--seed", "3", "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    lines = (out / "transcripts.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    # the fixture needs a change made with a write and one refused (basic economy)
    assert any(_writes(r) for r in records)
    assert any(r["variables"]["cabin"] == "basic economy" for r in records)
    return records


def _writes(record: dict[str, Any]) -> bool:
    return any(
        c["name"] == "change_flight_date"
        for t in record["turns"]
        for c in t.get("tool_calls") or ()
    )


def messages(
    record: dict[str, Any], calls: bool = True, results: bool = True, variables: bool = True
) -> dict[str, Any]:
    """The transcript as OpenAI messages, with the tool calls, results or variables cut."""
    out: list[dict[str, Any]] = []
    for turn in record["turns"]:
        if turn["role"] == "customer":
            out.append({"role": "user", "content": turn["content"]})
        elif turn["role"] == "tool":
            if results:
                out.append(
                    {
                        "role": "tool",
                        "tool_call_id": turn["tool_call_id"],
                        "content": turn["content"],
                    }
                )
        elif turn.get("tool_calls"):
            if calls:
                made = [
                    {"id": c["id"], "type": "function",
                     "function": {"name": c["name"], "arguments": json.dumps(c["arguments"])}}
                    for c in turn["tool_calls"]
                ]  # fmt: skip
                out.append({"role": "assistant", "content": turn["content"], "tool_calls": made})
        else:
            out.append({"role": "assistant", "content": turn["content"]})
    line: dict[str, Any] = {"id": record["id"], "messages": out, "outcome": record["outcome"]}
    if variables:
        line["variables"] = record["variables"]
    return line


def grade(tmp_path: Path, name: str, lines: list[dict[str, Any]]) -> tuple[str, list[dict]]:
    src, dst = tmp_path / f"{name}.jsonl", tmp_path / f"{name}-graded.jsonl"
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    done = convsim("grade", src, "--scenario", SCENARIO, "--out", dst)
    assert done.returncode == 0, done.stderr
    return done.stdout, [json.loads(x) for x in dst.read_text().splitlines()]


def test_plain_logs_leave_the_end_state_undecided(
    transcripts: list[dict[str, Any]], tmp_path: Path
) -> None:
    n = len(transcripts)
    stdout, graded = grade(
        tmp_path, "plain", [messages(r, calls=False, results=False) for r in transcripts]
    )
    assert f"tasks: 0 of {n} passed {TASKS_COUNT}, {n} undecided (not passed)\n" in stdout
    assert f"tasks: {n} undecided: {NO_CALLS}\n" in stdout
    for record in graded:
        assert record["task"] == {
            "reward": None,
            "end_state": None,
            "calls": 0,
            "undecided": NO_CALLS,
        }
        verdict = record["verdict"]
        assert "end_state" in verdict["unjudged"]
        assert f"Not judged: end_state: {NO_CALLS}." in verdict["rationale"]
        assert not any(f["category"] == "end_state" for f in verdict["findings"])
    # without variables too: the missing calls are named first
    _, bare = grade(tmp_path, "bare", [messages(r, False, False, False) for r in transcripts[:2]])
    assert all(r["task"]["undecided"] == NO_CALLS for r in bare)


def test_results_without_calls_and_calls_without_variables_are_undecided(
    transcripts: list[dict[str, Any]], tmp_path: Path
) -> None:
    used = [r for r in transcripts if any(t["role"] == "tool" for t in r["turns"])]
    stdout, graded = grade(tmp_path, "results", [messages(r, calls=False) for r in used])
    why = (
        "the log has tool results but not the calls that made them; give the assistant's "
        "tool_calls to grade the end state"
    )
    assert f"tasks: {len(used)} undecided: {why}\n" in stdout
    assert all(r["task"]["undecided"] == why and r["task"]["reward"] is None for r in graded)
    stdout, graded = grade(tmp_path, "novars", [messages(r, variables=False) for r in used])
    why = (
        "the record gives no value for cabin, fare_difference, new_date, reservation_code, "
        "which the expected end state depends on; give them in the record's `variables`"
    )
    assert f"tasks: {len(used)} undecided: {why}\n" in stdout
    assert all(r["task"]["reward"] is None for r in graded)


def test_complete_logs_and_calls_without_results_are_decided(
    transcripts: list[dict[str, Any]], tmp_path: Path
) -> None:
    """The tool turns given: the task is graded as the run graded it (the transcripts
    themselves, with their run id, keep every call: none made is none made)."""
    n = len(transcripts)
    # A customer who said no to the read-back left the records as they were: the task after a
    # standing no is that nothing changes from the question on, for the task block as for the
    # critic's end_state (docs/critic.md, outsider 22), so those are passed tasks. One who
    # walked away left the end state undecided: reward 0.0 (the expected write not made).
    rewards = {
        r["id"]: 1.0
        if r["verdict"]["label"] == "ACCEPT" and "end_state" not in r["verdict"]["unjudged"]
        else 0.0
        for r in transcripts
    }
    assert any(r["outcome"]["reason"] == DECLINED and rewards[r["id"]] for r in transcripts)
    for name, lines in (
        ("full", [messages(r) for r in transcripts]),
        ("noresults", [messages(r, results=False) for r in transcripts]),
        ("transcripts", transcripts),
    ):
        stdout, graded = grade(tmp_path, name, lines)
        passed = sum(r["task"]["reward"] == 1.0 for r in graded)
        assert f"tasks: {passed} of {n} passed {TASKS_COUNT}\n" in stdout, name
        assert "undecided: " not in stdout, name
        assert {r["id"]: r["task"]["reward"] for r in graded} == rewards, name
    # a record in the transcript shape that convsim did not write (no run id): as a log
    handmade = [{k: v for k, v in r.items() if k != "run_id"} for r in transcripts]
    for record in handmade:
        record["turns"] = [
            t for t in record["turns"] if t["role"] != "tool" and not t.get("tool_calls")
        ]
    stdout, graded = grade(tmp_path, "handmade", handmade)
    assert f"tasks: {n} undecided: {NO_CALLS}\n" in stdout


def test_a_task_of_outputs_only_is_decided_from_the_text(
    transcripts: list[dict[str, Any]], tmp_path: Path
) -> None:
    text = (ROOT / "scenarios/library" / f"{SCENARIO}.yaml").read_text()
    head, _, _ = text.partition("expect:\n")
    tail = text[text.index("edge_cases:", len(head)) :]
    scenario = tmp_path / "outputs.yaml"
    scenario.write_text(head + 'expect:\n  outputs: ["{route}"]\n' + tail)
    src, dst = tmp_path / "plain.jsonl", tmp_path / "graded.jsonl"
    plain = [messages(r, calls=False, results=False) for r in transcripts]
    src.write_text("".join(json.dumps(x) + "\n" for x in plain))
    done = convsim("grade", src, "--scenario", scenario, "--out", dst)
    assert done.returncode == 0, done.stderr
    graded = [json.loads(x) for x in dst.read_text().splitlines()]
    assert "undecided: " not in done.stdout
    for record, original in zip(graded, transcripts, strict=True):
        route = original["variables"]["route"]
        said = any(
            route.lower() in t["content"].lower().replace(",", "")
            for t in original["turns"]
            if t["role"] == "support" and not t.get("tool_calls")
        )
        assert record["task"]["outputs"] == {route: said}
    stripped = [{k: v for k, v in x.items() if k != "variables"} for x in plain]
    src.write_text("".join(json.dumps(x) + "\n" for x in stripped))
    done = convsim("grade", src, "--scenario", scenario, "--out", dst)
    why = (
        "the record gives no value for route, which the required outputs depend on; give "
        "them in the record's `variables`"
    )
    assert f"tasks: {len(plain)} undecided: {why}\n" in done.stdout
    graded = [json.loads(x) for x in dst.read_text().splitlines()]
    assert all("missing_output" in r["verdict"]["unjudged"] for r in graded)
