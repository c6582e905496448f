"""The task a tau-bench result record was rewarded against, and runs that never conversed.

tau-bench stores the task in each result (`info.task`: instruction, actions, outputs) and
computes the reward from exactly that task. Task files have changed between tau-bench
releases (airline instructions were reworded in January 2025, tasks fixed later), so a
record's own task is the ground truth its reward was given for: when it differs from the
imported scenario's, or the record's task id is not in the imported task file, the record
is graded against the task it carries (on the imported domain's records), and the grade
report counts how often that happened.

tau-bench's runner records a run whose agent raised (a model call failed, tool arguments
that were not JSON, a context overflow) as `{reward: 0.0, info: {error, traceback}, traj:
[]}`: there is no conversation to replay, and tau-bench's reward for it is 0 by its rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenarios.expectations import Expect, ExpectedAction
from scenarios.model import Scenario


def literal(value: Any) -> Any:
    """Scenario text is a `{variable}` template: tau-bench's braces are literal."""
    if isinstance(value, str):
        return value.replace("{", "{{").replace("}", "}}")
    if isinstance(value, list):
        return [literal(v) for v in value]
    if isinstance(value, dict):
        return {k: literal(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class RecordTask:
    instruction: str
    actions: tuple[tuple[str, dict[str, Any]], ...]
    outputs: tuple[str, ...]

    def expect(self) -> Expect:
        return Expect(
            actions=[ExpectedAction(tool=n, arguments=literal(k)) for n, k in self.actions],
            outputs=literal(list(self.outputs)),
        )


def record_task(record: Mapping[str, Any]) -> RecordTask | None:
    """`info.task` when it has tau-bench's Task shape; None otherwise (then the imported
    scenario's task is used)."""
    info = record.get("info")
    task = info.get("task") if isinstance(info, dict) else None
    if not isinstance(task, dict):
        return None
    instruction, actions = task.get("instruction"), task.get("actions")
    outputs = task.get("outputs")
    if not isinstance(instruction, str) or not isinstance(actions, list):
        return None
    outputs = [] if outputs is None else outputs
    if not isinstance(outputs, list) or not all(isinstance(o, str) for o in outputs):
        return None
    pairs = []
    for action in actions:
        if not isinstance(action, dict) or not isinstance(action.get("name"), str):
            return None
        kwargs = action.get("kwargs", {})
        if not isinstance(kwargs, dict):
            return None
        pairs.append((action["name"], kwargs))
    return RecordTask(instruction, tuple(pairs), tuple(outputs))


def same_task(task: RecordTask, scenario: Scenario) -> bool:
    """The scenario expects what the record's task does (its instruction aside: a reworded
    instruction rewards the same)."""
    if scenario.expect is None:
        return False
    return _text(scenario.expect) == _text(task.expect())


def _text(expect: Expect) -> str:
    """As JSON: `5` and `5.0`, `1` and `true` are different tasks (Python's == says equal)."""
    actions = [[a.tool, a.arguments, a.when] for a in expect.actions]
    return json.dumps([actions, expect.outputs], sort_keys=True, default=str)


def with_task(scenario: Scenario, task: RecordTask, scenario_id: str) -> Scenario:
    """`scenario` (one of the imported domain's) graded against the record's own task."""
    customer = scenario.customer.model_copy(update={"goal": literal(task.instruction)})
    return scenario.model_copy(
        update={"id": scenario_id, "expect": task.expect(), "customer": customer}
    )


def agent_error(record: Mapping[str, Any]) -> str | None:
    """Why a tau-bench run has no conversation (its `info.error`), or None when it has one."""
    traj = record.get("traj")
    if not isinstance(traj, list) or traj or "messages" in record:
        return None
    info = record.get("info")
    error = info.get("error") if isinstance(info, dict) else None
    return error if isinstance(error, str) and error else "empty traj, no error recorded"


def recorded_gt_hash(record: Mapping[str, Any]) -> str | None:
    """The ground truth's end-state hash tau-bench recorded (`info.reward_info.info
    .gt_data_hash`; tau-bench drops it from tasks with required outputs)."""
    info = record.get("info")
    reward_info = info.get("reward_info") if isinstance(info, dict) else None
    detail = reward_info.get("info") if isinstance(reward_info, dict) else None
    value = detail.get("gt_data_hash") if isinstance(detail, dict) else None
    return value if isinstance(value, str) else None


_HASHES: dict[tuple[int, str], str] = {}


def expected_hash(scenario: Scenario) -> str | None:
    """tau-bench's hash of the end state the scenario's expected actions leave (cached per
    domain and actions); None when the scenario has no domain or expected actions."""
    from agents.checks.replay import Call, expected_calls_kept, expected_snapshot
    from scenarios.domains import domain_for
    from scenarios.domains.expect import expected_for
    from scenarios.domains.tau.data_hash import data_hash
    from scenarios.schema.problems import ScenarioError

    try:
        domain = domain_for(scenario)
    except ScenarioError:
        return None
    expected = expected_for(scenario, {}, domain) if domain is not None else None
    if domain is None or expected is None:
        return None
    calls = [Call(a.tool, a.arguments) for a in expected.actions]
    kept = [[c.tool, c.arguments] for c in expected_calls_kept(calls)]
    key = (id(domain), json.dumps(kept, sort_keys=True, default=repr))
    if key not in _HASHES:
        if len(_HASHES) >= 1024:
            _HASHES.clear()
        _HASHES[key] = data_hash(expected_snapshot(domain, calls))
    return _HASHES[key]
