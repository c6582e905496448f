"""Replay tau-bench's tasks through `convsim grade`'s code path: does a perfect agent pass, and
does an agent that gets one argument wrong fail?

    python bench/tau_replay.py DATA_ROOT        # DATA_ROOT: tau-bench's data folder

For each domain and task file (airline test; retail test, train, dev) this imports the tasks
(`convsim import tau-bench`), writes one synthetic "perfect agent" conversation per task
(OpenAI messages: each expected action as an assistant tool call with its result, then every
required output said), grades them all as `convsim grade --scenario` does, and counts the
task passes (goal: all). Then, per task, one argument of one state-changing action is changed
(a seeded choice: text gets a character, a number +1, a list loses an item) and the graded
failures are counted among the changes that alter the expected end state (goal: all).
Nothing is shipped: the data stays where it is; the imports go to a temporary folder.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from agents.checks.replay import Call, expected_fingerprint
from agents.critic import Critic
from scenarios.domains import domain_for
from scenarios.domains.tau.specs import WRITES
from scenarios.loader import load_scenarios
from simulator.commands.import_tau import write_import
from simulator.quality.grading import GradeReport, grade_lines
from simulator.run.inputs import load_traits_or_fail

TASK_FILES = {
    "airline": ["airline_tasks_test.json"],
    "retail": ["retail_tasks_test.json", "retail_tasks_train.json", "retail_tasks_dev.json"],
}


def conversation(scenario_id: str, actions: list[dict[str, Any]], outputs: list[str]) -> str:
    """A perfect agent's conversation in OpenAI messages (tool results left as placeholders:
    grading replays the calls and never reads them)."""
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "policy"},
        {"role": "user", "content": "Hi, I need help."},
    ]
    for i, action in enumerate(actions):
        call_id = f"call_{i}"
        arguments = json.dumps(action["kwargs"])
        function = {"name": action["name"], "arguments": arguments}
        messages.append(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"id": call_id, "type": "function", "function": function}],
            }
        )
        messages.append({"role": "tool", "tool_call_id": call_id, "content": "(result)"})
    said = "Done. " + " ".join(outputs) if outputs else "Done."
    messages.append({"role": "assistant", "content": said})
    messages.append({"role": "user", "content": "###STOP###"})  # tau-bench's user ends it
    return json.dumps({"id": scenario_id, "scenario_id": scenario_id, "messages": messages})


def _mutate_value(value: Any, rng: random.Random) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str):
        return value + "X"
    if isinstance(value, list) and value:
        changed = copy.deepcopy(value)
        if len(changed) > 1 and rng.random() < 0.5:
            return changed[:-1]
        changed[0] = _mutate_value(changed[0], rng)
        return changed
    if isinstance(value, dict) and value:
        changed = copy.deepcopy(value)
        key = rng.choice(sorted(changed))
        changed[key] = _mutate_value(changed[key], rng)
        return changed
    return "X"


def mutated(actions: list[dict[str, Any]], writes: frozenset[str], seed: int) -> Any:
    """The actions with one argument of one state-changing action changed; None if none."""
    rng = random.Random(seed)
    candidates = [i for i, a in enumerate(actions) if a["name"] in writes and a.get("kwargs")]
    if not candidates:
        return None
    changed = copy.deepcopy(actions)
    action = changed[rng.choice(candidates)]
    key = rng.choice(sorted(action["kwargs"]))
    action["kwargs"][key] = _mutate_value(action["kwargs"][key], rng)
    return changed


def _calls(actions: list[dict[str, Any]]) -> list[Call]:
    return [Call(a["name"], a["kwargs"]) for a in actions]


def grade(root: Path, lines: list[str]) -> tuple[GradeReport, list[dict[str, Any]]]:
    path = root / "conversations.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scenarios = {s.id: s for s in load_scenarios([root], traits=load_traits_or_fail().names())}
    report = GradeReport()
    graded = grade_lines(path, scenarios, Critic(), report, concurrency=1)
    return report, [json.loads(line) for line in graded]


def run(data_root: Path, domain: str, task_file: str, work: Path) -> None:
    tasks = json.loads((data_root / task_file).read_text(encoding="utf-8"))
    out = work / f"{domain}-{Path(task_file).stem}"
    started = time.perf_counter()
    write_import(data_root, domain, data_root / task_file, out)
    ids = [f"tau-{domain}/task-{i}" for i in range(len(tasks))]
    pairs = list(zip(ids, tasks, strict=True))
    perfect = [conversation(sid, t["actions"], t.get("outputs", [])) for sid, t in pairs]
    _, records = grade(out, perfect)
    passed = sum(r["task"]["reward"] == 1.0 for r in records)
    failing = [r["id"] for r in records if r["task"]["reward"] != 1.0]
    print(f"{domain} {task_file}: perfect agent passes {passed} of {len(tasks)}", end="")
    print(f" (failing: {', '.join(failing[:5])})" if failing else "")
    scenarios = {s.id: s for s in load_scenarios([out], traits=load_traits_or_fail().names())}
    domain_obj = domain_for(scenarios[ids[0]])
    assert domain_obj is not None
    changed_lines, changes_state = [], []
    for i, (sid, task) in enumerate(pairs):
        wrong = mutated(task["actions"], WRITES[domain], seed=i)
        if wrong is None:
            continue
        before = expected_fingerprint(domain_obj, _calls(task["actions"]))
        after = expected_fingerprint(domain_obj, _calls(wrong))
        changed_lines.append(conversation(sid, wrong, task.get("outputs", [])))
        changes_state.append(before != after)
    (out / "conversations.jsonl").unlink()
    _, wrong_records = grade(out, changed_lines)
    relevant = [r for r, c in zip(wrong_records, changes_state, strict=True) if c]
    failed = sum(r["task"]["reward"] == 0.0 for r in relevant)
    missed = [r["id"] for r in relevant if r["task"]["reward"] != 0.0]
    print(
        f"  one argument changed: {len(changed_lines)} tasks with a state-changing action; "
        f"{len(relevant)} of them change the end state, {failed} of those fail"
        + (f" (passing: {', '.join(missed[:5])})" if missed else "")
        + f" [{time.perf_counter() - started:.0f} s]"
    )


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/tau_replay.py DATA_ROOT  (tau-bench's data folder)")
    data_root = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as work:
        for domain, files in TASK_FILES.items():
            for task_file in files:
                run(data_root, domain, task_file, Path(work))


if __name__ == "__main__":
    main()
