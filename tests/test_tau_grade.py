"""tau-bench imported and graded: the import command, replaying tool calls against the
expected end state, required outputs, and `convsim grade` on OpenAI messages and on
tau-bench's own result records (fixture data in tests/data/tau, not tau-bench's)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cli_process import convsim
from typer.testing import CliRunner

from scenarios.domains import domain_for
from scenarios.loader import load_scenarios
from scenarios.templates import render
from simulator.cli import app
from simulator.commands.import_tau import write_import

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "tau"
TASKS = DATA / "airline_tasks.json"
BAGS = {"reservation_id": "RES001", "total_baggages": 3, "nonfree_baggages": 2}


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tau") / "airline"
    write_import(DATA, "airline", TASKS, out)
    return out


def call(tool: str, arguments: Any, call_id: str) -> dict[str, Any]:
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    function = {"name": tool, "arguments": text}
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": call_id, "type": "function", "function": function}],
    }


def messages(*calls: tuple[str, Any], said: str = "Done.", stop: bool = True) -> list[Any]:
    out: list[dict[str, Any]] = [
        {"role": "system", "content": "policy"},
        {"role": "user", "content": "Hi, I want to add bags."},
    ]
    for i, (tool, arguments) in enumerate(calls):
        out.append(call(tool, arguments, f"c{i}"))
        out.append({"role": "tool", "tool_call_id": f"c{i}", "name": tool, "content": "ok"})
    out.append({"role": "assistant", "content": said})
    out.append({"role": "user", "content": "###STOP###" if stop else "thanks"})
    return out


def grade(tmp: Path, scenarios: Path, *records: Any, as_list: bool = False) -> tuple[Any, Any]:
    source = tmp / ("in.json" if as_list else "in.jsonl")
    if as_list:
        source.write_text(json.dumps(list(records)))
    else:
        source.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = tmp / "graded.jsonl"
    result = cli("grade", source, "--scenario", scenarios, "--out", out)
    graded = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return result, graded


def categories(record: dict[str, Any]) -> list[str]:
    return [f["category"] for f in record["verdict"]["findings"]]


def test_import_writes_a_domain_and_a_scenario_per_task(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = convsim(
        "import", "tau-bench", DATA, "--domain", "airline", "--tasks", TASKS, "--out", out
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported 3 tau-bench airline tasks into")
    scenarios = load_scenarios([out])
    assert [s.id for s in scenarios] == [f"tau-airline/task-{i}" for i in range(3)]
    first = scenarios[0]
    assert first.world == "tau_airline"
    assert "{not free}" in render(first.customer.goal, {})
    assert first.support.policy.startswith("# Test airline policy")
    assert first.expect is not None
    assert [a.tool for a in first.expect.actions] == [
        "get_reservation_details",
        "update_reservation_baggages",
    ]
    assert first.expect.outputs == ["100"]
    domain = domain_for(first)
    assert domain is not None
    assert len(domain.tools) == 14
    assert domain.tools["book_reservation"].spec.writes
    assert cli("lint", out).returncode == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"data": "missing"}, "missing: no such folder; give tau-bench's data folder"),
        ({"domain": "boats"}, "--domain boats: unknown; give one of airline, retail"),
        ({"tasks": "not-json"}, "not valid JSON"),
        ({"tasks": "bad-action"}, "task 0: actions[0].name: 'fly' is not a tau-bench airline tool"),
        ({"tasks": "missing"}, "no such file; give tau-bench's tasks JSON"),
    ],
)
def test_import_errors_are_one_line_and_write_nothing(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    tasks = {
        "not-json": tmp_path / "t.json",
        "bad-action": tmp_path / "a.json",
        "missing": tmp_path / "none.json",
    }
    tasks["not-json"].write_text("[{")
    tasks["bad-action"].write_text(json.dumps([{"instruction": "x", "actions": [{"name": "fly"}]}]))
    data = tmp_path / "missing" if change.get("data") else DATA
    out = tmp_path / "out"
    args = [
        "import",
        "tau-bench",
        data,
        "--domain",
        change.get("domain", "airline"),
        "--tasks",
        tasks.get(change.get("tasks", ""), TASKS),
        "--out",
        out,
    ]
    result = cli(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("convsim: error: ")
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_import_in_a_real_process_refuses_a_used_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    result = convsim(
        "import", "tau-bench", DATA, "--domain", "airline", "--tasks", TASKS, "--out", out
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"convsim: error: --out {out}: exists and is not an empty folder; give a new folder"
    )
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def _bags(**change: Any) -> tuple[str, Any]:
    return ("update_reservation_baggages", {**BAGS, "payment_id": "gift_card_1", **change})


def test_the_expected_actions_pass_and_one_changed_argument_fails(
    tmp_path: Path, imported: Path
) -> None:
    lookup = ("get_reservation_details", {"reservation_id": "RES001"})
    right = {
        "id": "right",
        "scenario_id": "tau-airline/task-0",
        "messages": messages(lookup, _bags(), said="That is $100, charged to your gift card."),
    }
    wrong = {
        "id": "wrong",
        "scenario_id": "tau-airline/task-0",
        "messages": messages(_bags(total_baggages=4), said="That is $100."),
    }
    result, graded = grade(tmp_path, imported, right, wrong)
    assert result.returncode == 0, result.stderr
    assert "tasks: 1 of 2 passed" in result.stdout
    assert graded[0]["task"]["reward"] == 1.0
    assert graded[0]["task"]["calls"] == 2
    assert "end_state" not in categories(graded[0])
    assert graded[1]["task"]["end_state"] is False
    assert graded[1]["task"]["differing"] == [
        "reservations RES001: total_baggages: expected 3, got 4"
    ]
    finding = next(f for f in graded[1]["verdict"]["findings"] if f["category"] == "end_state")
    assert finding["severity"] == "critical"
    assert "total_baggages: expected 3, got 4" in finding["explanation"]
    assert graded[1]["verdict"]["label"] == "REJECT"


def test_a_required_output_must_be_said_in_a_message_that_calls_no_tool(
    tmp_path: Path, imported: Path
) -> None:
    said_while_calling = messages(_bags(), said="All set.")
    said_while_calling[2]["content"] = "That will be 100 dollars."
    record = {"id": "quiet", "scenario_id": "tau-airline/task-0", "messages": said_while_calling}
    loud = {
        "id": "loud",
        "scenario_id": "tau-airline/task-0",
        "messages": messages(_bags(), said="Your total is $1,00 -- I mean 100 dollars."),
    }
    _, graded = grade(tmp_path, imported, record, loud)
    assert graded[0]["task"]["outputs"] == {"100": False}
    assert graded[0]["task"]["reward"] == 0.0
    assert "missing_output" in categories(graded[0])
    assert graded[1]["task"]["outputs"] == {"100": True}


def test_terminate_tools_are_left_out_and_no_actions_means_no_change(
    tmp_path: Path, imported: Path
) -> None:
    cancel = ("cancel_reservation", {"reservation_id": "RES001"})
    transfer = ("transfer_to_human_agents", {"summary": "done"})
    records = [
        {"id": "a", "scenario_id": "tau-airline/task-1", "messages": messages(cancel, transfer)},
        {"id": "b", "scenario_id": "tau-airline/task-1", "messages": messages(cancel)},
        {"id": "c", "scenario_id": "tau-airline/task-2", "messages": messages(cancel, said="gold")},
        {
            "id": "d",
            "scenario_id": "tau-airline/task-2",
            "messages": messages(said="You are gold."),
        },
        # tau-bench's own result record keeps every call its agent made: none is none
        {"task_id": 2, "reward": 1.0, "traj": messages(said="You are gold.")},
    ]
    _, graded = grade(tmp_path, imported, *records)
    # "d", a chat log without a tool call, cannot show that nothing was written: undecided
    assert [g["task"]["reward"] for g in graded] == [1.0, 1.0, 0.0, None, 1.0]
    assert graded[3]["task"]["undecided"].startswith("the log has no tool calls")
    assert graded[2]["task"]["differing"] == [
        "reservations RES001: payment_history[1]: expected (absent), got "
        '{"amount": -120, "payment_id": "credit_card_1"}; status: expected (absent), got '
        '"cancelled"'
    ]


def test_unreadable_arguments_are_a_refused_call_not_a_crash(
    tmp_path: Path, imported: Path
) -> None:
    broken = messages(("update_reservation_baggages", "{not json"), said="done")
    record = {"id": "x", "scenario_id": "tau-airline/task-0", "messages": broken}
    result, graded = grade(tmp_path, imported, record)
    assert result.returncode == 0, result.stderr
    assert graded[0]["task"]["end_state"] is False
    assert graded[0]["turns"][1]["tool_calls"][0]["arguments"] == {
        "$invalid_arguments": "{not json"
    }


def _tau(task_id: int, traj: list[Any], reward: float, trial: int = 0) -> dict[str, Any]:
    return {"task_id": task_id, "reward": reward, "info": {}, "traj": traj, "trial": trial}


def test_tau_bench_result_records_are_graded_against_their_task(
    tmp_path: Path, imported: Path
) -> None:
    done = messages(_bags(), said="It is 100.")
    cut_short = messages(_bags(), said="It is 100.", stop=False)  # ran out of steps
    records = [
        _tau(0, done, 1.0),
        _tau(0, cut_short, 0.0, trial=1),
        _tau(2, messages(said="gold"), 1.0),
        _tau(2, messages(said="silver"), 1.0),  # recorded wrongly: the output is missing
    ]
    result, graded = grade(tmp_path, imported, *records, as_list=True)
    assert result.returncode == 0, result.stderr
    assert [g["id"] for g in graded] == [
        "tau-airline/task-0-trial-0",
        "tau-airline/task-0-trial-1",
        "tau-airline/task-2-trial-0",
        "tau-airline/task-2-trial-0#2",  # the same task and trial twice: numbered
    ]
    assert [g["task"]["reward"] for g in graded] == [1.0, 0.0, 1.0, 0.0]
    assert graded[1]["task"]["ended"] is False
    assert graded[1]["task"]["end_state"] is True
    assert "task reward agrees with the recorded reward in 3 of 4" in result.stdout


def test_tau_records_need_exactly_one_tau_domain(tmp_path: Path) -> None:
    scenario = ROOT / "tests/data/calibration/scenarios/refund.yaml"
    result, graded = grade(tmp_path, scenario, _tau(0, messages(), 1.0))
    assert graded == []
    assert "needs --scenario to hold exactly one imported tau-bench domain (found: none)" in (
        result.stderr
    )


def test_a_customer_who_gave_up_leaves_the_end_state_undecided_for_the_critic(
    tmp_path: Path, imported: Path
) -> None:
    read = {
        "id": "c0",
        "name": "get_reservation_details",
        "arguments": {"reservation_id": "RES001"},
    }
    turns = [
        {"role": "customer", "content": "I want two more bags on RES001."},
        {"role": "support", "content": "", "tool_calls": [read]},
        {"role": "tool", "content": "{}", "tool_call_id": "c0"},
        {"role": "support", "content": "Which payment method?"},
        {"role": "customer", "content": "Forget it, bye."},
    ]
    gave_up = {"status": "abandoned", "reason": "gave up", "ended_by": "customer"}
    record = {"turns": turns, "scenario_id": "tau-airline/task-0", "outcome": gave_up}
    _, graded = grade(tmp_path, imported, record)
    assert "end_state" in graded[0]["verdict"]["unjudged"]
    assert "end_state" not in categories(graded[0])
    assert graded[0]["task"]["reward"] == 0.0  # tau-bench's reward: the task was not done
    # the same log without its tool turns cannot show the records: the end state is not
    # known, the reward is 0.0 all the same (a required output was never said)
    record["turns"] = [turns[0], *turns[3:]]
    _, graded = grade(tmp_path, imported, record)
    assert graded[0]["task"]["end_state"] is None
    assert graded[0]["task"]["undecided"].startswith("the log has no tool calls")
    assert graded[0]["task"]["reward"] == 0.0
    assert not all(graded[0]["task"]["outputs"].values())


def test_a_tau_record_of_another_task_file_is_refused(tmp_path: Path, imported: Path) -> None:
    record = _tau(2, messages(said="gold"), 1.0)
    record["info"] = {"task": {"instruction": "You want a refund."}}
    result, graded = grade(tmp_path, imported, record)
    assert graded == []
    assert (
        "in.jsonl:1: info.task: the record's instruction is not scenario tau-airline/task-2's; "
        "import the task file the run used\n" in result.stderr
    )
    record["info"] = {"task": {"instruction": json.loads(TASKS.read_text())[2]["instruction"]}}
    assert grade(tmp_path, imported, record)[1][0]["task"]["reward"] == 1.0


def test_messages_on_a_tau_task_end_by_tau_bench_protocol_unless_the_record_says(
    tmp_path: Path, imported: Path
) -> None:
    cut = messages(_bags(), said="It is 100.", stop=False)
    plain = {"id": "cut", "scenario_id": "tau-airline/task-0", "messages": cut}
    told = {
        **plain,
        "id": "told",
        "outcome": {"status": "resolved", "reason": "x", "ended_by": "customer"},
    }
    _, graded = grade(tmp_path, imported, plain, told)
    assert [(g["task"]["ended"], g["task"]["reward"]) for g in graded] == [
        (False, 0.0),
        (True, 1.0),
    ]
