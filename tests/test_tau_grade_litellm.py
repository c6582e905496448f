"""tau-bench result files as its tool-calling agent writes them, read by `convsim grade`: a
JSON list (indented) or JSON Lines of `{task_id, reward, info, traj, trial}`, whose traj holds
litellm message dumps (extra keys such as `function_call`, `refusal`, `annotations`, `audio`,
`provider_specific_fields`; `content: null` beside calls; `tool_calls: null` on replies),
tool messages with `name`, OpenAI's legacy `function_call` answered by a `function` message,
and an `info` block with the task and tau-bench's reward details. The records are made here
from the fixture tasks' structure (tests/data/tau), with tool results from the tools
themselves; the task reward must agree with tau-bench's rule in every case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tau_fixture import call, state
from typer.testing import CliRunner

from simulator.cli import app
from simulator.commands.import_tau import write_import

DATA = Path(__file__).resolve().parent / "data" / "tau"
TASKS = json.loads((DATA / "airline_tasks.json").read_text())
BAGS = {"reservation_id": "RES001", "total_baggages": 3, "nonfree_baggages": 2,
        "payment_id": "gift_card_1"}  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tau") / "airline"
    write_import(DATA, "airline", DATA / "airline_tasks.json", out)
    return out


def assistant(content: str | None, calls: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """An assistant message as litellm's `model_dump()` writes it."""
    return {
        "content": content, "role": "assistant", "tool_calls": calls, "function_call": None,
        "refusal": None, "annotations": [], "audio": None,
        "provider_specific_fields": {"refusal": None},
    }  # fmt: skip


class Traj:
    """A conversation built turn by turn, tool results computed by the tools themselves."""

    def __init__(self, opening: str) -> None:
        self.state = state("airline")
        self.messages: list[dict[str, Any]] = [
            {"role": "system", "content": "# Airline agent policy"},
            {"role": "user", "content": opening},
        ]

    def calls(self, tool: str, arguments: dict[str, Any], content: str | None = None) -> Traj:
        cid = f"call_{len(self.messages)}"
        fn = {"arguments": json.dumps(arguments), "name": tool}
        self.messages.append(
            assistant(content, [{"function": fn, "id": cid, "type": "function", "index": 0}])
        )
        result = call(self.state, tool, **arguments)
        self.messages.append({"role": "tool", "tool_call_id": cid, "name": tool, "content": result})
        return self

    def legacy(self, tool: str, arguments: dict[str, Any]) -> Traj:
        fn = {"name": tool, "arguments": json.dumps(arguments)}
        self.messages.append({"role": "assistant", "content": None, "function_call": fn})
        result = call(self.state, tool, **arguments)
        self.messages.append({"role": "function", "name": tool, "content": result})
        return self

    def says(self, text: str) -> Traj:
        self.messages.append(assistant(text))
        return self

    def user(self, text: str) -> Traj:
        self.messages.append({"role": "user", "content": text})
        return self


def record(task_id: int, traj: Traj, reward: float, trial: int = 0) -> dict[str, Any]:
    task = TASKS[task_id]
    info = {
        "task": task, "source": "user", "user_cost": 0.0123,
        "reward_info": {"reward": reward, "info": {"r_actions": reward, "gt_data_hash": "x"},
                        "actions": task["actions"]},
    }  # fmt: skip
    return {"task_id": task_id, "reward": reward, "info": info, "traj": traj.messages,
            "trial": trial}  # fmt: skip


def records() -> list[dict[str, Any]]:
    """Each with the reward tau-bench's rule gives it (data equal, outputs said in replies
    that call no tool, ended by ###STOP### or a terminate tool)."""
    bags = (
        Traj("Hi, I want to add two paid bags to RES001.")
        .calls("get_reservation_details", {"reservation_id": "RES001"})
        .says("That comes to 100 dollars from gift card gift_card_1. Shall I go ahead?")
        .user("Yes, go ahead.")
        .calls("update_reservation_baggages", BAGS, content="")
    )
    legacy = (
        Traj("Hi, I want to add two paid bags to RES001.")
        .legacy("get_reservation_details", {"reservation_id": "RES001"})
        .says("That comes to 100 dollars from gift_card_1. Shall I go ahead?")
        .user("Yes.")
        .legacy("update_reservation_baggages", BAGS)
    )
    wrong = (
        Traj("Hi, I want to add two paid bags to RES001.")
        .calls("get_reservation_details", {"reservation_id": "RES001"})
        .calls("update_reservation_baggages", {**BAGS, "total_baggages": 4})
    )
    cancel = (
        Traj("Please cancel RES001 and get me a person.")
        .calls("cancel_reservation", {"reservation_id": "RES001"})
        .calls("transfer_to_human_agents", {"summary": "cancelled RES001"})
    )
    return [
        record(0, bags.says("Done: 100, charged to gift_card_1.").user("Thanks ###STOP###"), 1.0),
        record(0, legacy.says("Done, 100 it was.").user("###STOP###"), 1.0, trial=1),
        record(0, wrong.says("Done, that is 100.").user("###STOP###"), 0.0, trial=2),
        record(1, cancel, 1.0),
        record(2, Traj("Which tier am I?").says("You are Gold, sir.").user("###STOP###"), 1.0),
        record(2, Traj("Which tier am I?").calls(
            "get_user_details", {"user_id": "ann_lee_1"}, content="gold").says(
            "Anything else?").user("###STOP###"), 0.0, trial=1),  # said beside a call
        record(2, Traj("Which tier am I?").says("Gold."), 0.0, trial=2),  # ran out of steps
    ]  # fmt: skip


@pytest.mark.parametrize("shape", ["list", "jsonl"])
def test_tau_bench_result_files_as_written_are_graded(
    tmp_path: Path, imported: Path, shape: str
) -> None:
    recs = records()
    source = tmp_path / ("results.json" if shape == "list" else "results.jsonl")
    if shape == "list":
        source.write_text(json.dumps(recs, indent=2))
    else:
        source.write_text("".join(json.dumps(r) + "\n" for r in recs))
    out = tmp_path / "graded.jsonl"
    done = CliRunner().invoke(app, ["grade", str(source), "--scenario", str(imported),
                                    "--out", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "task reward agrees with the recorded reward in 7 of 7" in done.stdout
    graded = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(g["id"], g["task"]["reward"], g["task"]["calls"]) for g in graded] == [
        ("tau-airline/task-0-trial-0", 1.0, 2),
        ("tau-airline/task-0-trial-1", 1.0, 2),  # legacy function_call, replayed
        ("tau-airline/task-0-trial-2", 0.0, 2),
        ("tau-airline/task-1-trial-0", 1.0, 2),
        ("tau-airline/task-2-trial-0", 1.0, 0),
        ("tau-airline/task-2-trial-1", 0.0, 1),
        ("tau-airline/task-2-trial-2", 0.0, 0),
    ]
    legacy = graded[1]
    assert [t["role"] for t in legacy["turns"]][1:3] == ["support", "tool"]
    assert legacy["turns"][2]["tool_call_id"] == legacy["turns"][1]["tool_calls"][0]["id"]
    assert not any(f["category"] == "empty_turn" for g in graded for f in g["verdict"]["findings"])
    assert graded[2]["task"]["differing"] == [
        "reservations RES001: total_baggages: expected 3, got 4"
    ]
    assert graded[6]["task"]["ended"] is False


def test_a_bad_legacy_function_call_is_a_bad_line(tmp_path: Path, imported: Path) -> None:
    traj = Traj("Hi").says("ok")
    traj.messages.append({"role": "assistant", "content": None, "function_call": "oops"})
    source = tmp_path / "results.jsonl"
    good = record(2, Traj("Which tier?").says("Gold.").user("###STOP###"), 1.0)
    source.write_text(json.dumps(good) + "\n" + json.dumps(record(2, traj, 0.0)) + "\n")
    done = CliRunner().invoke(app, ["grade", str(source), "--scenario", str(imported),
                                    "--out", str(tmp_path / "g.jsonl")])  # fmt: skip
    assert done.exit_code == 1
    assert f"skipped {source}:2: messages[3].function_call: expected {{'name', 'arguments'}}" in (
        done.output
    )
