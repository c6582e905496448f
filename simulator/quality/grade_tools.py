"""What `convsim grade` reads of tool-using conversations, and the task result it adds.

- OpenAI chat messages with tools: an assistant message's `tool_calls` (arguments as JSON
  text, as the protocol carries them, or an object) become the support turn's calls; a
  message that only calls tools is a support turn with no text, not an empty turn; arguments
  that are not a JSON object are kept as a call that is not run (a tool error on replay), not
  a crash. `tool` messages become tool turns, named after the call they answer.
- tau-bench's own result records (`{"task_id": i, "reward": r, "traj": [messages], ...}`),
  when the scenarios given hold exactly one imported tau-bench domain: the record is graded
  against scenario `tau-<domain>/task-<i>`. tau-bench gives no reward to a conversation that
  neither the user ended (its "###STOP###") nor a terminate tool did (it ran out of steps),
  so such a record's outcome is the turn limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from agents.calls import Request, stored
from agents.types import Outcome, ToolCall, Turn
from scenarios import jsondata
from scenarios.domains.tau.common import TERMINATE_TOOLS
from scenarios.inputfiles import InputFileError, open_binary
from scenarios.jsondata import UTF8_BOM, JSONValueError
from scenarios.model import Scenario
from scenarios.templates import render
from simulator.quality.json_list import iter_list
from simulator.quality.tau_task import record_task, same_task, with_task

ROLE_MAP = {"user": "customer", "assistant": "support", "tool": "tool", "function": "tool"}
SKIPPED_ROLES = frozenset({"system", "developer"})
TAU_STOP = "###STOP###"
_TAU_ID = re.compile(r"^tau-([a-z]+)/task-\d+$")


class RecordError(ValueError):
    """What is wrong with one input record (becomes `file:line: message`)."""


def messages_turns(items: Sequence[Any]) -> list[Turn]:
    turns = []
    names: dict[str, str] = {}  # call id -> tool, for tool messages that do not name it
    legacy = ""  # the id given to the last `function_call` (OpenAI's format before tools)
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("role"), str):
            raise RecordError(f"messages[{i}]: expected an object with a 'role'")
        role = item["role"]
        if role in SKIPPED_ROLES:
            continue
        if role not in ROLE_MAP:
            raise RecordError(
                f"messages[{i}].role: '{role}' is not one of system, user, assistant, tool"
            )
        content = _content(item.get("content"), i)
        if ROLE_MAP[role] == "tool":
            if role == "function" and not isinstance(item.get("tool_call_id"), str):
                # the legacy answer names its function only: it answers the last legacy call
                item = {**item, "tool_call_id": legacy}
            turns.append(tool_turn(item, content, names))
            continue
        calls = tool_calls(item, i) if role == "assistant" else None
        if calls is None and role == "assistant" and item.get("function_call") is not None:
            calls = _function_call(item["function_call"], i)
            legacy = calls[0].id
        names.update({c.id: c.name for c in calls or ()})
        last = turns[-1] if turns else None
        if (
            role == "assistant"
            and calls is None
            and last is not None
            and last.role == "support"
            and not last.tool_calls
            and content.strip()
            and last.content.strip()
            and not last.content.rstrip().endswith(content.strip())
        ):
            # A bot that sends two bubbles logs two assistant messages in a row: one support
            # turn in two parts, not "two support turns in a row" (the log's shape, not the
            # bot's fault; outsider 27). An empty bubble, or the same bubble sent again, stays
            # a turn of its own: those are the bot's faults (empty_turn, repeated_turn).
            joined = "\n".join(part for part in (last.content, content) if part)
            turns[-1] = last.model_copy(update={"content": joined})
            continue
        turns.append(Turn(role=ROLE_MAP[role], content=content, tool_calls=calls))
    return turns


def _content(value: Any, i: int) -> str:
    """Text content; a list of parts (the newer format) keeps its text parts."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(
            p.get("text", "") for p in value if isinstance(p, dict) and p.get("type") == "text"
        )
    raise RecordError(f"messages[{i}].content: expected text or a list of parts")


def tool_calls(item: Mapping[str, Any], i: int) -> tuple[ToolCall, ...] | None:
    """An assistant message's calls; None when it calls none."""
    raw = item.get("tool_calls")
    if raw is None or raw == []:
        return None
    if not isinstance(raw, list):
        raise RecordError(f"messages[{i}].tool_calls: expected a list")
    calls = []
    for j, call in enumerate(raw):
        function = call.get("function") if isinstance(call, dict) else None
        if isinstance(call, dict) and "function" not in call and isinstance(call.get("name"), str):
            function = call  # the flat shape ({id, name, arguments}) of tau2-bench and others
        elif function is None and isinstance(call, dict):
            continue  # no function: not a call (tau-bench reads such a message as a reply)
        if not isinstance(function, dict) or not isinstance(function.get("name"), str):
            raise RecordError(f"messages[{i}].tool_calls[{j}]: expected {{'function': {{'name'}}}}")
        call_id = call.get("id") if isinstance(call.get("id"), str) else ""
        request = Request.parse(
            call_id or f"call_{i}_{j}", function["name"], function.get("arguments")
        )
        calls.append(ToolCall(id=request.id, name=request.name, arguments=stored(request)))
    return tuple(calls) or None


def _function_call(raw: Any, i: int) -> tuple[ToolCall, ...]:
    """OpenAI's legacy `function_call` ({name, arguments}, answered by a `function` message):
    one call, numbered as calls without an id are."""
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise RecordError(f"messages[{i}].function_call: expected {{'name', 'arguments'}}")
    request = Request.parse(f"call_{i}_0", raw["name"], raw.get("arguments"))
    return (ToolCall(id=request.id, name=request.name, arguments=stored(request)),)


def tool_turn(item: Mapping[str, Any], content: str, names: Mapping[str, str]) -> Turn:
    call_id = item.get("tool_call_id", item.get("id"))  # tau2-bench's tool messages: `id`
    call_id = call_id if isinstance(call_id, str) else None
    name = item.get("name")
    if not isinstance(name, str):
        name = names.get(call_id or "")
    return Turn(role="tool", content=content, tool_call_id=call_id, name=name)


def tau_domains(scenarios: Mapping[str, Scenario]) -> set[str]:
    return {m.group(1) for sid in scenarios if (m := _TAU_ID.match(sid))}


def is_tau_scenario(scenario_id: str) -> bool:
    """A scenario `convsim import tau-bench` wrote (`tau-<domain>/task-<i>`)."""
    return _TAU_ID.match(scenario_id) is not None


def is_tau_record(record: Mapping[str, Any]) -> bool:
    return isinstance(record.get("traj"), list) and "messages" not in record


def tau_record(
    record: dict[str, Any], scenarios: Mapping[str, Scenario]
) -> tuple[dict[str, Any], Scenario | None]:
    """A tau-bench result record as an OpenAI-messages record with `id` and `scenario_id`,
    and the scenario to grade it on when that is not `--scenario`'s of that id: one graded
    against the task the record carries (`simulator.quality.tau_task`)."""
    domains = tau_domains(scenarios)
    if len(domains) != 1:
        found = ", ".join(sorted(domains)) or "none"
        raise RecordError(
            "a tau-bench result record (task_id, traj) needs --scenario to hold exactly one "
            f"imported tau-bench domain (found: {found}); give the folder `convsim import "
            "tau-bench` wrote"
        )
    task_id = record.get("task_id")
    if isinstance(task_id, str) and task_id.isdigit():
        task_id = int(task_id)
    if not isinstance(task_id, int) or isinstance(task_id, bool):
        raise RecordError("task_id: expected the task's number")
    if not record["traj"]:
        raise RecordError("traj: empty (tau-bench records a run that failed this way)")
    if _written_actions(record["traj"]):
        raise RecordError(
            "traj: a ReAct/Act agent's run (actions written as 'Action: {...}' text, answered "
            "by 'API output: ...'); convsim replays tool calls (tau-bench's tool-calling agent)"
        )
    (domain,) = domains
    scenario_id = f"tau-{domain}/task-{task_id}"
    scenario = scenarios.get(scenario_id)
    own = record_task(record)
    graded_on = None
    if own is not None and (scenario is None or not same_task(own, scenario)):
        base = scenario or scenarios[min(s for s in scenarios if is_tau_scenario(s))]
        graded_on = with_task(base, own, scenario_id)
    elif scenario is None:
        count = sum(is_tau_scenario(s) for s in scenarios)
        raise RecordError(
            f"task_id: {task_id} is not a task of the imported task file (it has "
            f"{count} tasks, from 0) and the record carries no task (info.task); import the "
            "task file the run used"
        )
    elif own is None:  # no readable task: at least the instruction must be the scenario's
        _same_instruction(record, scenario)
    trial = record.get("trial")
    suffix = f"-trial-{trial}" if isinstance(trial, int) else ""
    converted = {
        **{k: v for k, v in record.items() if k != "traj"},
        "messages": record["traj"],
        "scenario_id": scenario_id,
    }
    converted.setdefault("id", f"tau-{domain}/task-{task_id}{suffix}")
    return converted, graded_on


def _written_actions(traj: Sequence[Any]) -> bool:
    """tau-bench's text agents answer each action with a user message "API output: ..." and
    use no tool calls; their actions would be replayed as nothing."""
    api_output = calls = False
    for item in traj:
        if not isinstance(item, dict):
            continue
        calls = calls or bool(item.get("tool_calls")) or item.get("role") == "tool"
        content = item.get("content")
        api_output = api_output or (
            item.get("role") == "user"
            and isinstance(content, str)
            and content.startswith("API output: ")
        )
    return api_output and not calls


def _same_instruction(record: Mapping[str, Any], scenario: Scenario) -> None:
    """A record with an instruction but no readable task: a different instruction means the
    scenarios were imported from another task file than the run used."""
    info = record.get("info")
    task = info.get("task") if isinstance(info, dict) else None
    instruction = task.get("instruction") if isinstance(task, dict) else None
    if not isinstance(instruction, str):
        return
    if render(scenario.customer.goal, {}) != instruction:
        raise RecordError(
            f"info.task: the record's instruction is not scenario {scenario.id}'s; import "
            "the task file the run used"
        )


def tau_outcome(turns: Sequence[Turn]) -> Outcome:
    """How a tau-bench conversation ended, read from its protocol: the user's answer to a
    reply holds "###STOP###" (its opening message is not an answer and ends nothing), or a
    terminate tool was called."""
    first = next((i for i, t in enumerate(turns) if t.role == "customer"), -1)
    for i, turn in enumerate(turns):
        if turn.role == "customer" and i != first and TAU_STOP in turn.content:
            return Outcome(status="resolved", reason="the user ended it", ended_by="customer")
        for call in turn.tool_calls or ():
            if call.name in TERMINATE_TOOLS:
                reason = f"support called {call.name}"
                return Outcome(status="escalated", reason=reason, ended_by="support")
    return Outcome(status="max_turns", reason="ran out of steps", ended_by="limit")


def recorded_reward(record: Mapping[str, Any]) -> float | None:
    """The reward the input recorded (tau-bench's), to compare the task result with."""
    value = record.get("reward")
    if value is None:  # a record that kept only tau-bench's `info.reward_info`
        info = record.get("info")
        reward_info = info.get("reward_info") if isinstance(info, dict) else None
        value = reward_info.get("reward") if isinstance(reward_info, dict) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def check_run_arguments(messages: Sequence[Any]) -> None:
    """tau-bench's agent parses the first call's arguments of each message as JSON into
    keyword arguments; text that is not a JSON object stops the run (recorded with an empty
    traj), so a record holding such a call was not written by it as it ran: not gradable."""
    for i, item in enumerate(messages):
        calls = item.get("tool_calls") if isinstance(item, dict) else None
        if not isinstance(calls, list) or not calls or not isinstance(calls[0], dict):
            continue
        function = calls[0].get("function", calls[0])
        if not isinstance(function, dict):
            continue  # no function: tau-bench reads the message as a reply
        raw = function.get("arguments")
        try:
            value = json.loads(raw) if isinstance(raw, str) else raw
        except ValueError:
            value = None
        if not isinstance(value, dict):
            raise RecordError(
                f"messages[{i}].tool_calls[0]: the arguments are not a JSON object; "
                "tau-bench's agent ends the run on such a call (recorded as an agent error "
                "with an empty traj), so this record was not written by it as it ran"
            )


def run_calls(turns: list[Turn]) -> list[Turn]:
    """The conversation as tau-bench ran it. Its tool-calling agent runs only the first call
    of a message and answers it with a tool message: a message with several calls keeps
    those a tool message answers (an agent that ran them all) or, when none is answered, its
    first. And it stops at the end (the user's "###STOP###", a terminate tool's answer), so
    whatever a log holds after that was never run or said in tau-bench's episode."""
    answered = {t.tool_call_id for t in turns if t.role == "tool" and t.tool_call_id}
    kept: list[Turn] = []
    first = next((i for i, t in enumerate(turns) if t.role == "customer"), -1)
    terminated = False
    for i, turn in enumerate(turns):
        if terminated and turn.role != "tool":
            break
        calls = turn.tool_calls
        if calls is not None and len(calls) > 1:
            calls = tuple(c for c in calls if c.id in answered) or calls[:1]
            turn = turn.model_copy(update={"tool_calls": calls})
        kept.append(turn)
        if turn.role == "customer" and i != first and TAU_STOP in turn.content:
            break
        terminated = terminated or any(c.name in TERMINATE_TOOLS for c in calls or ())
    return kept


def read_items(path: Path, max_line: int) -> Iterator[tuple[str, Any, str | None]]:
    """(where, value, problem) for each record of a JSON Lines file (`file:line`), or of a
    file holding one JSON list, as tau-bench writes its results (`file[i]`, read one element
    at a time). A record that is not JSON within `scenarios.jsondata`'s limits has its
    problem instead of a value."""
    fix = "give a JSONL file of conversations"
    try:
        with open_binary(path, fix) as handle:
            head = handle.read(4096).removeprefix(UTF8_BOM).lstrip()
            if head.startswith(b"["):
                handle.seek(0)
                for i, item, problem in iter_list(handle, max_line):
                    yield f"{path}[{i}]", item, problem
                return
        lines = jsondata.read_lines(path, fix, max_line, "a conversation is graded")
        for line in lines:
            if (
                line.number == 1
                and line.problem is not None
                and head.split(b"\n")[0].strip() == b"{"
            ):
                yield from _one_document(path, fix)
                return
            yield f"{path}:{line.number}", line.value, line.problem
    except (InputFileError, JSONValueError) as exc:
        raise RecordError(str(exc)) from None


def _one_document(path: Path, fix: str) -> Iterator[tuple[str, Any, str | None]]:
    """A file that is one JSON object over many lines: a record, or tau2-bench's results."""
    value = jsondata.load(path, fix)
    if isinstance(value, dict) and isinstance(value.get("simulations"), list):
        raise RecordError(
            f"{path}: a tau2-bench results file ('simulations'); convsim grades tau-bench's "
            "result records ({task_id, reward, traj}) and OpenAI messages: tau2-bench's "
            "domains and reward are not tau-bench's, so its rewards cannot be compared"
        )
    yield f"{path}:1", value, None
