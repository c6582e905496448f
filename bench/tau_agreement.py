"""How `convsim grade` agrees with the rewards in tau-bench result files, and why not where not.

    python bench/tau_agreement.py RESULTS.json SCENARIO_DIR [--out graded.jsonl]

RESULTS is a tau-bench result file (a JSON list or JSON Lines of `{task_id, reward, info,
traj, trial}`); SCENARIO_DIR what `convsim import tau-bench` wrote from the data and task file
the run used. Grades every record through `convsim grade`'s code path, then prints the
agreement and, for each record whose reward disagrees, which part of tau-bench's reward
differs: the end state (against `info.reward_info.info.r_actions` when tau-bench kept it),
an output (against `info.reward_info.info.outputs`), or whether the episode ended. Records
skipped as ungradable are listed with their reason: they never count as agreement.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from agents.critic import Critic
from scenarios.loader import load_scenarios
from simulator.quality.grading import GradeReport, iter_grade_lines
from simulator.run.inputs import load_traits_or_fail


def why(graded: dict[str, Any], source: dict[str, Any] | None) -> list[str]:
    """The parts of the reward that differ from what tau-bench recorded."""
    task = graded["task"]
    info = (source or {}).get("info") or {}
    detail = (info.get("reward_info") or {}).get("info") or {}
    parts = []
    if task["ended"] is False:
        parts.append("not ended (no ###STOP###, no transfer)")
    if "r_actions" in detail and bool(detail["r_actions"]) != task["end_state"]:
        parts.append(f"end state: tau-bench {detail['r_actions']}, convsim {task['end_state']}")
    elif not task["end_state"]:
        parts.append("end state differs: " + " | ".join(task["differing"][:2]))
    said = detail.get("outputs")
    recorded: dict[str, Any] = said if isinstance(said, dict) else {}
    for output, found in task["outputs"].items():
        if output in recorded and bool(recorded[output]) != found:
            parts.append(f"output {output!r}: tau-bench {recorded[output]}, convsim {found}")
        elif output not in recorded and not found:
            parts.append(f"output {output!r} not said")
    return parts or ["every part passes in convsim"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("scenarios", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    names = load_traits_or_fail().names()
    scenarios = {s.id: s for s in load_scenarios([args.scenarios], traits=names)}
    sources = _sources(args.results)
    report = GradeReport()
    started = time.process_time()
    out = args.out.open("w", encoding="utf-8") if args.out else None
    causes: Counter[str] = Counter()
    try:
        for line in iter_grade_lines(args.results, scenarios, Critic(), report, concurrency=1):
            if out is not None:
                out.write(line)
            graded = json.loads(line)
            recorded, task = graded.get("reward"), graded.get("task")
            if recorded is None or task is None or float(recorded) == task["reward"]:
                continue
            parts = why(graded, sources.get(graded["id"].split("#")[0]))
            causes.update(p.split(":")[0] for p in parts)
            print(f"DISAGREE {graded['id']}: recorded {recorded}, convsim {task['reward']}: "
                  + "; ".join(parts))  # fmt: skip
    finally:
        if out is not None:
            out.close()
    for problem in report.problems:
        print(f"UNGRADABLE {problem}")
    print(
        f"records graded {report.graded}, runs failed before a conversation "
        f"{report.failed_runs}, ungradable {len(report.problems)}; graded on the task they "
        f"carry {report.own_tasks}; gt_data_hash reproduced {report.gt_hashes_agree} of "
        f"{report.gt_hashes}"
    )
    print(f"reward agrees in {report.rewards_agree} of {report.rewards}; CPU "
          f"{time.process_time() - started:.0f} s")  # fmt: skip
    if causes:
        print("disagreements by part: " + ", ".join(f"{k} {v}" for k, v in causes.most_common()))
    return 0


def _sources(path: Path) -> dict[str, dict[str, Any]]:
    """Records by the id `convsim grade` gives them (for the recorded reward details)."""
    text = path.read_text(encoding="utf-8")
    items = json.loads(text) if text.lstrip().startswith("[") else [
        json.loads(line) for line in text.splitlines() if line.strip()
    ]  # fmt: skip
    found = {}
    for item in items:
        if isinstance(item, dict) and "task_id" in item:
            trial = item.get("trial")
            suffix = f"-trial-{trial}" if isinstance(trial, int) else ""
            for domain in ("airline", "retail"):
                found[f"tau-{domain}/task-{item['task_id']}{suffix}"] = item
    return found


if __name__ == "__main__":
    sys.exit(main())
