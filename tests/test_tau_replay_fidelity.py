"""`convsim grade` gives tau-bench's reward on result records that differ from the happy path:
each record below carries the reward tau-bench's rules give it (its tool-calling agent runs
only a message's first call, the episode stops at ###STOP### or a transfer, outputs count only
in replies, the reward is computed against the task the run carried, a run whose agent raised
scores 0), and the grade must agree with every one. Fixture domain: tests/data/tau."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tau_records import BAGS, DATA, TASK1_GT_HASH, TASKS, Traj, record
from typer.testing import CliRunner, Result

from simulator.cli import app
from simulator.commands.grade import TASKS_COUNT
from simulator.commands.import_tau import write_import

CANCEL = {"reservation_id": "RES001"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tau") / "airline"
    write_import(DATA, "airline", DATA / "airline_tasks.json", out)
    return out


def grade(tmp: Path, scenarios: Path, records: list[Any]) -> tuple[Result, list[Any]]:
    source = tmp / "results.json"
    source.write_text(json.dumps(records, indent=2))
    out = tmp / "graded.jsonl"
    args = ["grade", str(source), "--scenario", str(scenarios), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    graded = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return result, graded


def bags(opening: str = "Add two paid bags to RES001, gift card please.") -> Traj:
    return (
        Traj(opening)
        .calls("get_reservation_details", CANCEL)
        .says("Two more bags cost 100 dollars from gift_card_1. Go ahead?")
        .user("Yes.")
    )


def task_with(task_id: int, **changes: Any) -> dict[str, Any]:
    task = copy.deepcopy(TASKS[task_id])
    task.update(changes)
    return task


def cases() -> list[tuple[str, dict[str, Any]]]:
    """(what it checks, record with tau-bench's reward), one trial number each."""
    four = task_with(0)
    four["actions"][1]["kwargs"]["total_baggages"] = 4
    gold = Traj("What tier am I?").says("You are Gold.").user("###STOP###")
    made = [
        ("first call only", 0, 1.0, bags().several([("update_reservation_baggages", BAGS),
         ("cancel_reservation", CANCEL)], ran=1).says("Done: 100.").user("###STOP###"), None),
        ("all answered calls", 0, 0.0, bags().several([("update_reservation_baggages", BAGS),
         ("cancel_reservation", CANCEL)], ran=2).says("Done: 100.").user("###STOP###"), None),
        ("after a transfer", 1, 1.0, Traj("Cancel RES001, then a human.")
         .calls("cancel_reservation", CANCEL).calls("transfer_to_human_agents", {"summary": "s"})
         .says("Also:").calls("update_reservation_baggages", BAGS), None),
        ("stop in the opening", 2, 0.0, Traj("###STOP### What tier am I?").says("Gold."), None),
        ("said after the stop", 2, 0.0,
         Traj("What tier?").says("Checking.").user("bye ###STOP###").says("Gold."), None),
        ("ran out of steps", 0, 0.0, bags().calls("update_reservation_baggages", BAGS)
         .says("Done: 100."), None),
        ("output beside a call", 2, 0.0, Traj("What tier?").calls(
            "get_user_details", {"user_id": "ann_lee_1"}, content="You are gold.")
         .says("Anything else?").user("###STOP###"), None),
        ("commas and case", 0, 1.0, bags().calls("update_reservation_baggages", BAGS)
         .says("DONE, 1,00 dollars.").user("###STOP###"), None),
        ("carried task differs", 0, 1.0, bags().calls("update_reservation_baggages",
         {**BAGS, "total_baggages": 4}).says("Done: 100.").user("###STOP###"), four),
        ("reworded instruction", 2, 1.0, gold,
         task_with(2, instruction="An older wording of the same task.")),
        ("task not in the file", 7, 1.0, gold, task_with(2)),
        ("string for a number", 0, 0.0, bags().calls("update_reservation_baggages",
         {**BAGS, "total_baggages": "3"}).says("Done: 100.").user("###STOP###"), None),
        ("float for an int", 0, 0.0, bags().calls("update_reservation_baggages",
         {**BAGS, "total_baggages": 3.0}).says("Done: 100.").user("###STOP###"), None),
        ("think, calculate, unknown tool", 0, 1.0, bags()
         .calls("think", {"thought": "2 bags"}).calls("calculate", {"expression": "50 * 2"})
         .calls("refund_everything", {}).calls("update_reservation_baggages", BAGS)
         .says("Done: 100.").user("###STOP###"), None),
        ("failed call leaves nothing", 0, 0.0, bags().calls("update_reservation_baggages",
         {**BAGS, "payment_id": "certificate_1"}).says("Sorry: 100.").user("###STOP###"), None),
        ("wrong argument name", 1, 0.0, Traj("Cancel RES001.")
         .calls("cancel_reservation", {"reservation": "RES001"})
         .calls("transfer_to_human_agents", {"summary": "s"}), None),
    ]  # fmt: skip
    out = []
    for trial, (what, task_id, reward, traj, task) in enumerate(made):
        gt = TASK1_GT_HASH if task_id == 1 else None
        out.append((what, record(task_id, traj, reward, trial, task=task, gt_hash=gt)))
    no_info = record(2, Traj("Tier?").says("gold").user("###STOP###"), 1.0, trial=len(out))
    del no_info["info"]
    out.append(("no info block", no_info))
    info_only = record(2, Traj("Tier?").says("silver").user("###STOP###"), 0.0, trial=len(out))
    del info_only["reward"]
    out.append(("reward only in info", info_only))
    error = "Expecting value: line 1 column 1 (char 0)"  # tool arguments that were not JSON
    failed = {"task_id": 0, "reward": 0.0, "traj": [], "trial": len(out),
              "info": {"error": error, "traceback": "..."}}  # fmt: skip
    out.append(("agent error", failed))
    return out


def test_every_case_gets_tau_benchs_reward(tmp_path: Path, imported: Path) -> None:
    named = cases()
    result, graded = grade(tmp_path, imported, [r for _, r in named])
    assert result.exit_code == 0, result.output
    by_trial = {g["id"].rsplit("-", 1)[1]: g for g in graded}
    for trial, (what, rec) in enumerate(named[:-1]):
        expected = rec.get("reward", 0.0)
        assert by_trial[str(trial)]["task"]["reward"] == expected, what
    assert len(graded) == len(named) - 1  # the agent error has no conversation to write
    passed = sum(r.get("reward", 0.0) == 1.0 for _, r in named)
    assert passed == 8
    assert result.stdout.splitlines()[-5:] == [
        f"tasks: {passed} of {len(graded)} passed {TASKS_COUNT}",
        "tasks: 2 tau-bench records graded against the task they carry (info.task differs "
        "from the imported scenario's, or is not in its task file)",
        "tasks: 1 tau-bench runs failed before any conversation (agent error, empty traj): "
        "reward 0.0, as tau-bench scores them",
        "tasks: tau-bench's recorded ground-truth end state (gt_data_hash) reproduced in 2 of 2",
        f"task reward agrees with the recorded reward in {len(named)} of {len(named)}",
    ]


def test_what_was_run_and_said_is_what_tau_bench_ran(tmp_path: Path, imported: Path) -> None:
    named = dict(cases())
    picked = [named["first call only"], named["after a transfer"], named["carried task differs"]]
    _, graded = grade(tmp_path, imported, picked)
    first, transfer, carried = graded
    assert [len(t.get("tool_calls", [])) for t in first["turns"] if t["role"] == "support"] == [
        1, 0, 1, 0,
    ]  # fmt: skip
    assert transfer["turns"][-1]["role"] == "tool"  # the transfer's answer: the episode's end
    assert transfer["task"]["calls"] == 2
    assert carried["scenario_id"] == "tau-airline/task-0"
    assert carried["task"]["end_state"] is True


def test_a_task_neither_imported_nor_carried_is_one_line(tmp_path: Path, imported: Path) -> None:
    lost = record(9, Traj("Hi").says("Gold.").user("###STOP###"), 1.0, task=TASKS[2])
    del lost["info"]["task"]
    kept = record(2, Traj("Hi").says("Gold.").user("###STOP###"), 1.0, trial=1)
    result, graded = grade(tmp_path, imported, [lost, kept])
    assert result.exit_code == 1
    assert result.stderr == (
        f"convsim: skipped {tmp_path / 'results.json'}[0]: task_id: 9 is not a task of the "
        "imported task file (it has 3 tasks, from 0) and the record carries no task "
        "(info.task); import the task file the run used\n"
    )
    assert [g["id"] for g in graded] == ["tau-airline/task-2-trial-1"]
    assert "agrees with the recorded reward in 1 of 1" in result.stdout


def test_a_ground_truth_hash_that_differs_says_the_data_differ(
    tmp_path: Path, imported: Path
) -> None:
    traj = Traj("Cancel, then a human.").calls("cancel_reservation", CANCEL)
    traj.calls("transfer_to_human_agents", {"summary": "s"})
    result, _ = grade(tmp_path, imported, [record(1, traj, 1.0, gt_hash="ab" * 32)])
    assert result.exit_code == 0, result.output
    assert (
        "tasks: tau-bench's recorded ground-truth end state (gt_data_hash) reproduced in 0 of 1: "
        "the run used records that differ from the imported ones somewhere, as tau-bench's data "
        "changed between releases (in January 2025 the users' address field 'province' became "
        "'state'); the rewards agree, so no task's end state is affected"
    ) in result.stdout
    # with a reward that does not agree too, the data or tasks imported are what to look at
    result, _ = grade(tmp_path, imported, [record(1, traj, 0.0, gt_hash="ab" * 32)])
    assert (
        "reproduced in 0 of 1 (a different hash: the run used other records or tasks than the "
        "imported ones, such as an earlier tau-bench release's; import the data folder and task "
        "file the run used)"
    ) in result.stdout


@pytest.mark.parametrize("arguments", ["{'reservation_id': 'RES001'", '["RES001"]'])
def test_unreadable_arguments_in_a_tau_bench_record_are_ungradable(
    tmp_path: Path, imported: Path, arguments: str
) -> None:
    traj = Traj("Cancel RES001.").calls("cancel_reservation", arguments)
    traj.calls("transfer_to_human_agents", {"summary": "s"})
    good = record(2, Traj("Hi").says("Gold.").user("###STOP###"), 1.0, trial=1)
    result, graded = grade(tmp_path, imported, [record(1, traj, 0.0), good])
    assert result.exit_code == 1
    assert result.stderr == (
        f"convsim: skipped {tmp_path / 'results.json'}[0]: messages[2].tool_calls[0]: the "
        "arguments are not a JSON object; tau-bench's agent ends the run on such a call "
        "(recorded as an agent error with an empty traj), so this record was not written by "
        "it as it ran\n"
    )
    assert len(graded) == 1
    assert "agrees with the recorded reward in 1 of 1" in result.stdout


def test_flat_tool_calls_are_replayed(tmp_path: Path, imported: Path) -> None:
    """The `{id, name, arguments}` call shape (tau2-bench's messages, other harnesses)."""
    messages: list[dict[str, Any]] = [{"role": "user", "content": "Bags please."}]
    for i, (tool, arguments) in enumerate(
        [("get_reservation_details", CANCEL), ("update_reservation_baggages", BAGS)]
    ):
        call = {"id": f"c{i}", "name": tool, "arguments": arguments, "requestor": "assistant"}
        messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        messages.append({"role": "tool", "id": f"c{i}", "content": "{}", "requestor": "assistant"})
    messages += [{"role": "assistant", "content": "Done: 100."},
                 {"role": "user", "content": "###STOP###"}]  # fmt: skip
    rec = {"id": "flat", "scenario_id": "tau-airline/task-0", "messages": messages, "reward": 1.0}
    result, graded = grade(tmp_path, imported, [rec])
    assert result.exit_code == 0, result.output
    assert graded[0]["task"]["reward"] == 1.0
    assert graded[0]["task"]["calls"] == 2
    assert [t.get("name") for t in graded[0]["turns"] if t["role"] == "tool"] == [
        "get_reservation_details", "update_reservation_baggages",
    ]  # fmt: skip


def test_a_tau2_bench_results_file_is_one_line(tmp_path: Path, imported: Path) -> None:
    source = tmp_path / "tau2.json"
    source.write_text(json.dumps({"info": {}, "tasks": [], "simulations": []}, indent=2))
    out = tmp_path / "g.jsonl"
    args = ["grade", str(source), "--scenario", str(imported), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: skipped {source}: a tau2-bench results file ('simulations'); convsim grades "
        "tau-bench's result records ({task_id, reward, traj}) and OpenAI messages: tau2-bench's "
        "domains and reward are not tau-bench's, so its rewards cannot be compared\n"
        f"convsim: error: {source}: no gradable conversation; nothing written to {out}\n"
    )
    assert not out.exists()


def test_a_react_agents_run_is_one_line_and_a_text_task_id_is_read(
    tmp_path: Path, imported: Path
) -> None:
    react = record(2, Traj("Tier?"), 1.0)
    react["traj"] += [
        {"role": "assistant", "content": 'Thought: look.\nAction:\n{"name": "get_user_details", '
         '"arguments": {"user_id": "ann_lee_1"}}'},
        {"role": "user", "content": 'API output: {"membership": "gold"}'},
    ]  # fmt: skip
    text_id = record(2, Traj("Tier?").says("Gold.").user("###STOP###"), 1.0, trial=1)
    text_id["task_id"] = "2"
    result, graded = grade(tmp_path, imported, [react, text_id])
    assert result.exit_code == 1
    assert result.stderr == (
        f"convsim: skipped {tmp_path / 'results.json'}[0]: traj: a ReAct/Act agent's run "
        "(actions written as 'Action: {...}' text, answered by 'API output: ...'); convsim "
        "replays tool calls (tau-bench's tool-calling agent)\n"
    )
    assert [(g["id"], g["task"]["reward"]) for g in graded] == [("tau-airline/task-2-trial-1", 1.0)]


def test_a_call_without_a_function_is_a_reply(tmp_path: Path, imported: Path) -> None:
    """tau-bench reads a message whose first call has no function as a reply (its content)."""
    traj = Traj("What tier am I?")
    traj.messages.append(
        {"role": "assistant", "content": "You are gold.",
         "tool_calls": [{"id": "c1", "type": "function", "function": None}]}
    )  # fmt: skip
    traj.user("###STOP###")
    result, graded = grade(tmp_path, imported, [record(2, traj, 1.0)])
    assert result.exit_code == 0, result.output
    assert graded[0]["task"]["reward"] == 1.0
