"""Grading one long conversation costs time linear in its turns (outsider 20 #6: `convsim
grade` of one 100,000-turn log took 134 s of CPU, and a log whose customer asks about a new
order each turn while support only says it is checking took 20 s for 1,000 turns and
minutes for 2,000). The checks that looked back over the turns for each turn (a re-asked
question against every earlier one and the turns between, a reply against every customer
turn before it, the customer's words from the start, the last support turn per turn, the
facts given so far per question, a value searched in all the grounds) keep running state
or an index instead. CPU time, not wall time; the bound leaves room for a loaded machine."""

from __future__ import annotations

import json
import time
from pathlib import Path

from agents.critic import Critic
from scenarios.loader import load_scenarios
from simulator.quality.grading import GradeReport, grade_lines

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "scenarios" / "library"
BOUND_S = 20.0  # CPU seconds for 3,000 turns; main took minutes


def _log(path: Path, turns: int, scenario_id: str | None = None, answered: bool = False) -> Path:
    messages = []
    for i in range(turns // 2):
        if answered:
            ask = f"where is order ORD-{i}?"
            say = f"Order ORD-{i} left the warehouse on Monday and arrives on Friday."
        else:
            ask, say = f"where is my order ORD-{i}?", f"Let me check ORD-{i} for you."
        messages += [{"role": "user", "content": ask}, {"role": "assistant", "content": say}]
    record: dict[str, object] = {"id": "long", "messages": messages}
    if scenario_id is not None:
        record["scenario_id"] = scenario_id
    path.write_text(json.dumps(record) + "\n")
    return path


def _grade(path: Path, scenario: Path | None = None) -> dict[str, object]:
    scenarios = {s.id: s for s in load_scenarios([scenario])} if scenario is not None else {}
    report = GradeReport()
    lines = grade_lines(path, scenarios, Critic(), report)
    assert report.graded == 1 and not report.problems
    graded: dict[str, object] = json.loads(lines[0])
    return graded


def test_a_3000_turn_log_of_questions_is_graded_in_linear_time(tmp_path: Path) -> None:
    log = _log(tmp_path / "long.jsonl", 3000)
    started = time.process_time()
    graded = _grade(log)
    assert time.process_time() - started < BOUND_S
    verdict = graded["verdict"]
    assert isinstance(verdict, dict)
    categories = {f["category"] for f in verdict["findings"]}
    assert "stalled" in categories  # support only ever says it is checking
    assert "ignored_answer" not in categories  # nothing was answered to ignore


def test_a_long_log_graded_against_a_scenario_without_its_variables(tmp_path: Path) -> None:
    """Graded logs carry no variables: the re-asked-question check reads support's turns
    with the plan the other checks read with (facts it cannot render left out), where it
    raised an unknown-variable error from the scenario's templates."""
    scenario = LIBRARY / "saas" / "cancel-subscription-refund.yaml"
    log = _log(tmp_path / "long.jsonl", 3000, "saas/cancel-subscription-refund", answered=True)
    started = time.process_time()
    graded = _grade(log, scenario)
    assert time.process_time() - started < BOUND_S
    verdict = graded["verdict"]
    assert isinstance(verdict, dict)
    asked = [f for f in verdict["findings"] if f["category"] == "ignored_answer"]
    # As the pairwise scan found it (main, 300 turns): the first question re-asked after an
    # answer read as one.
    assert [(f["turn"], f["explanation"]) for f in asked] == [
        (
            202,
            "the customer asks again what it asked at turn 200, which support answered at turn 201",
        )
    ]
