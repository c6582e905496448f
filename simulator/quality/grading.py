"""Grading transcripts convsim did not produce (`convsim grade`): real bots' logs, other tools.

The records are read by `simulator.quality.grade_input` (every accepted shape is described
there); this module grades them and writes each back with its verdict.

A scenario with a world and `expect` gets its tool calls replayed on a fresh copy of its
domain (`agents.checks.actions`): the record carries a `task` block (reward 1/0, end state,
outputs) and, when the input has a `reward`, the report counts agreement with it.

With a scenario (`--scenario`), its success criteria and policy apply; without one, only the
data checks run and the scenario's checks are reported as unjudged. A record that says nothing
about how the conversation ended gets no outcome-based judgement (its `outcome` criteria are
unjudged, never failed).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.checks.actions import (
    TaskResult,
    declined_task,
    end_state,
    missing_output,
    scenario_task,
)
from agents.critic import JUDGE_FAILED, Critic, undecided_criteria
from agents.llm.budget import llm_usage
from agents.types import ConversationPlan, Verdict
from scenarios.edge_case_model import EdgeCaseLibrary
from scenarios.model import Scenario
from simulator.quality.cut_log import check_for, cut_at, cut_finding, cut_reason
from simulator.quality.grade_input import EXTERNAL_SCENARIO, FailedRun, Parsed, iter_parsed
from simulator.quality.grade_tools import is_tau_scenario, recorded_reward
from simulator.quality.task_known import knowable
from simulator.quality.tau_task import expected_hash, recorded_gt_hash

NO_SCENARIO_UNJUDGED = ("success_criteria", "policy_rules")
# The checks of a task's end state and outputs: what a cut log cannot show (cut_log).
TASK_CHECKS = (end_state, missing_output)


@dataclass
class GradeReport:
    graded: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    undecided: int = 0  # ACCEPTs with criteria no check could decide: not passes
    problems: list[str] = field(default_factory=list)
    unknown_edge_cases: Counter[str] = field(default_factory=Counter)  # id -> conversations
    tasks: int = 0  # conversations graded on a task (a world with `expect`)
    tasks_passed: int = 0
    # tasks whose end state the input cannot show, by why (`simulator.quality.task_known`)
    tasks_undecided: Counter[str] = field(default_factory=Counter)
    rewards: int = 0  # of those, with a recorded `reward` to compare with
    rewards_agree: int = 0
    failed_runs: int = 0  # tau-bench runs with no conversation (agent error): reward 0.0
    own_tasks: int = 0  # tau-bench records graded against the task they carry
    gt_hashes: int = 0  # tau-bench records with the ground truth's end-state hash
    gt_hashes_agree: int = 0  # ... that convsim's expected end state reproduces
    judge_failed: Counter[str] = field(default_factory=Counter)  # label -> judge call failed
    # an id given to more than one record -> (where, id graded under) for each of them
    duplicates: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # where a conversation gave one tool-call id to several calls -> those ids
    reused_call_ids: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def _without_unknown_outcome(
    parsed: Parsed, plan: ConversationPlan
) -> tuple[ConversationPlan, list[str]]:
    """The plan to grade and the outcome criteria the input does not let anyone decide."""
    if parsed.outcome_known:
        return plan, []
    dropped = [
        c.id for c in plan.scenario.success if c.check is not None and c.check.outcome is not None
    ]
    if dropped:
        kept = [c for c in plan.scenario.success if c.id not in dropped]
        scenario = plan.scenario.model_copy(update={"success": kept})
        plan = plan.model_copy(update={"scenario": scenario})
    return plan, dropped


async def agrade_parsed(parsed: Parsed, critic: Critic) -> Verdict:
    """The verdict, with what the input did not let the critic decide marked unjudged."""
    plan, task_undecided, why = knowable(parsed)
    plan, extra = _without_unknown_outcome(parsed, plan)
    cut = cut_at(parsed)
    cut_off: list[str] = []
    if cut is not None:  # what the rest of the conversation would show is not judged
        cut_off = [c.id for c in plan.scenario.success if c.applies(plan.variables)]
        why = cut_reason(parsed, cut)
        scenario = plan.scenario.model_copy(update={"success": []})
        plan = plan.model_copy(update={"scenario": scenario})
        kept = tuple(c for c in critic.checks if c not in TASK_CHECKS)
        critic = dataclasses.replace(critic, checks=(*kept, check_for(cut_finding(parsed, cut))))
    verdict = await critic.agrade(plan, parsed.turns, parsed.outcome)
    if plan.scenario is EXTERNAL_SCENARIO:
        extra.extend(NO_SCENARIO_UNJUDGED)
    task_undecided = [*cut_off, *task_undecided]
    if not extra and not task_undecided:
        return verdict
    extra.extend(task_undecided)
    unjudged = [*verdict.unjudged, *(u for u in extra if u not in verdict.unjudged)]
    rationale = verdict.rationale
    if pending := [u for u in extra if u not in task_undecided]:
        rationale += f" Not judged (not in the input): {', '.join(pending)}."
    if task_undecided:
        rationale += f" Not judged: {', '.join(task_undecided)}: {why}."
    return verdict.model_copy(update={"unjudged": unjudged, "rationale": rationale})


def grade_parsed(parsed: Parsed, critic: Critic) -> Verdict:
    return asyncio.run(agrade_parsed(parsed, critic))


# The model-usage part of a record's `usage`: recomputed when the record is graded again.
_LLM_USAGE = ("llm", "prompt_tokens", "completion_tokens", "cost_usd")


@dataclass(frozen=True)
class GradedTask:
    """A record's task block: the result, or why its end state cannot be known (then no
    reward: undecided is never a pass)."""

    result: TaskResult | None  # of what could be graded (the outputs), when anything
    undecided: str | None = None  # why the end state (or the outputs) cannot be known
    calls: int = 0
    outputs_open: bool = False  # the verdict left the outputs undecided too

    @property
    def reward(self) -> float | None:
        """tau-bench's reward; None when the end state decides it and is not known (a
        required output not said, or a conversation that ran out of turns, is 0.0 anyway,
        unless the verdict left the outputs undecided as well)."""
        result = self.result
        if self.undecided is None and result is not None:
            return result.reward
        unsaid = (
            not self.outputs_open and any(said is False for said in result.outputs.values())
            if result
            else False
        )
        if result is not None and (unsaid or result.ended is False):
            return 0.0
        return None

    def as_json(self) -> dict[str, Any]:
        if self.undecided is None and self.result is not None:
            return self.result.as_json()
        block: dict[str, Any] = {"reward": self.reward, "end_state": None}
        if self.result is not None and self.result.outputs:
            block["outputs"] = dict(self.result.outputs)
        return {**block, "calls": self.calls, "undecided": self.undecided}


def task_of(parsed: Parsed) -> GradedTask | None:
    """The task result when the scenario has a world and `expect` (how it ended counts only
    when the input says); undecided when the input cannot show its end state."""
    ended = parsed.outcome.ended_by != "limit" if parsed.outcome_known else None
    plan, _, why = knowable(parsed)
    if why is not None and cut_at(parsed) is not None:
        return GradedTask(None, why, sum(len(t.tool_calls or ()) for t in parsed.turns))
    result = scenario_task(plan.scenario, plan.variables, parsed.turns, ended)
    if result is not None and not parsed.own_task:
        # The customer's standing no makes "nothing changes from here" the task, as the
        # verdict's end_state check grades it (a tau-bench record keeps the task it carries).
        result = declined_task(plan, parsed.turns, parsed.outcome) or result
    if why is None:
        return None if result is None else GradedTask(result)
    return GradedTask(result, why, sum(len(t.tool_calls or ()) for t in parsed.turns))


OUTPUT_UNDECIDED = (
    "a required date was said only in a form that may name another date ('arrives Tuesday', "
    "'12/8' in English): undecided, not passed"
)
VERDICT_UNDECIDED = (
    "support handed over or the customer left before the task was done, so the end state is "
    "not for this conversation to show (the verdict's end_state is undecided too)"
)


def as_verdict_left_it(
    parsed: Parsed, task: GradedTask | None, verdict: Verdict
) -> GradedTask | None:
    """The task block agreeing with the verdict: where the critic left the end state
    undecided (a handover, a customer who left before the task was done), a task that
    failed on it is undecided, not 0.0 (outsider 23: `"reward": 0.0, "end_state": false`
    beside a verdict that did not judge the end state). A tau-bench record keeps tau-bench's
    reward, which scores every conversation on its end state whoever ended it."""
    if task is None or task.undecided is not None or task.result is None:
        return task
    if parsed.kind == "tau" or is_tau_scenario(parsed.plan.scenario.id):
        return task
    if "end_state" not in verdict.unjudged or task.result.end_state:
        return task
    return GradedTask(
        task.result,
        VERDICT_UNDECIDED,
        sum(len(t.tool_calls or ()) for t in parsed.turns),
        outputs_open="missing_output" in verdict.unjudged,
    )


def count_task(report: GradeReport, parsed: Parsed, task: GradedTask | None) -> None:
    if task is None:
        return
    report.tasks += 1
    reward = task.reward
    if reward is None:
        report.tasks_undecided[task.undecided or OUTPUT_UNDECIDED] += 1
        return
    report.tasks_passed += reward == 1.0
    recorded = recorded_reward(parsed.record)
    if recorded is not None:
        report.rewards += 1
        report.rewards_agree += reward == recorded


def output_record(
    parsed: Parsed, verdict: Verdict, where: str, task: GradedTask | TaskResult | None = None
) -> dict[str, Any]:
    """The record with the new verdict; its model usage counts this judge, not the old one."""
    verdict_json = verdict.model_dump(mode="json")
    extra: dict[str, Any] = {} if task is None else {"task": task.as_json()}
    if parsed.kind == "transcript":
        record = {**parsed.record, "verdict": verdict_json, **extra}
        old = record.get("usage")
        if isinstance(old, dict) or verdict.usage:
            kept = {k: v for k, v in (old or {}).items() if k not in _LLM_USAGE}
            record["usage"] = {**kept, **llm_usage(parsed.turns, verdict.usage)}
        return record
    record = {
        "id": parsed.id,
        "source": where,
        "turns": [t.model_dump(mode="json", exclude_none=True) for t in parsed.turns],
        "verdict": verdict_json,
        **extra,
    }
    if parsed.plan.scenario is not EXTERNAL_SCENARIO:
        record["scenario_id"] = parsed.plan.scenario.id
    if (reward := recorded_reward(parsed.record)) is not None:
        record["reward"] = parsed.record.get("reward", reward)
    if verdict.usage:
        record["usage"] = llm_usage([], verdict.usage)
    return record


def iter_grade_lines(
    path: Path,
    scenarios: Mapping[str, Scenario],
    critic: Critic,
    report: GradeReport,
    concurrency: int = 8,
    edge_cases: EdgeCaseLibrary | None = None,
) -> Iterator[str]:
    """Output lines for the gradable input records, in input order, graded in batches so
    that memory holds one batch whatever the file's size (one event loop for all)."""
    loop = asyncio.new_event_loop()
    seen: dict[str, str] = {}  # id -> where its first record is
    try:
        batch: list[tuple[str, Parsed]] = []
        for where, parsed in iter_parsed(path, scenarios, report.problems, edge_cases):
            if isinstance(parsed, FailedRun):
                count_failed(report, parsed)
                continue
            batch.append((where, _unique(parsed, where, seen, report)))
            if len(batch) >= BATCH:
                yield from _graded(batch, critic, report, concurrency, loop)
                batch = []
        if batch:
            yield from _graded(batch, critic, report, concurrency, loop)
    finally:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


BATCH = 64


def _unique(parsed: Parsed, where: str, seen: dict[str, str], report: GradeReport) -> Parsed:
    """Records given the same id (a task's trials run twice, files joined, a log exported
    twice) are each graded, the later ones numbered `ID#2`, `ID#3` in the output (a
    transcript record's own `id` too), and `report.duplicates` says where each was: an id
    is what a reader joins the output on, so two records must not share one silently."""
    if parsed.id not in seen:
        seen[parsed.id] = where
        return parsed
    n = 2
    while f"{parsed.id}#{n}" in seen:
        n += 1
    new_id = f"{parsed.id}#{n}"
    seen[new_id] = where
    first = (seen[parsed.id], parsed.id)
    report.duplicates.setdefault(parsed.id, [first]).append((where, new_id))
    record = parsed.record
    if parsed.kind == "transcript" and isinstance(record, dict) and "id" in record:
        record = {**record, "id": new_id}
    return dataclasses.replace(parsed, id=new_id, record=record)


def count_failed(report: GradeReport, run: FailedRun) -> None:
    """tau-bench rewards a run that failed before any conversation 0.0."""
    report.failed_runs += 1
    if run.reward is not None:
        report.rewards += 1
        report.rewards_agree += run.reward == 0.0


def _graded(
    batch: Sequence[tuple[str, Parsed]],
    critic: Critic,
    report: GradeReport,
    concurrency: int,
    loop: asyncio.AbstractEventLoop,
) -> Iterator[str]:
    verdicts = loop.run_until_complete(_grade_all(batch, critic, concurrency))
    for (where, parsed), verdict in zip(batch, verdicts, strict=True):
        report.graded += 1
        report.labels[verdict.label] += 1
        report.undecided += verdict.label == "ACCEPT" and bool(undecided_criteria(verdict.unjudged))
        if JUDGE_FAILED in verdict.rationale:
            report.judge_failed[verdict.label] += 1
        report.unknown_edge_cases.update(parsed.unknown_edge_cases)
        report.own_tasks += parsed.own_task
        if parsed.reused_call_ids:
            report.reused_call_ids.append((where, parsed.reused_call_ids))
        if parsed.kind == "tau" and (recorded := recorded_gt_hash(parsed.record)) is not None:
            report.gt_hashes += 1
            report.gt_hashes_agree += expected_hash(parsed.plan.scenario) == recorded
        task = as_verdict_left_it(parsed, task_of(parsed), verdict)
        count_task(report, parsed, task)
        record = output_record(parsed, verdict, where, task)
        yield json.dumps(record, ensure_ascii=False) + "\n"


async def _grade_all(
    items: Sequence[tuple[str, Parsed]], critic: Critic, concurrency: int
) -> list[Verdict]:
    """Verdicts in input order; at most `concurrency` judge calls in flight."""
    gate = asyncio.Semaphore(concurrency)

    async def one(parsed: Parsed) -> Verdict:
        async with gate:
            return await agrade_parsed(parsed, critic)

    return list(await asyncio.gather(*(one(p) for _, p in items)))


def grade_lines(
    path: Path,
    scenarios: Mapping[str, Scenario],
    critic: Critic,
    report: GradeReport,
    concurrency: int = 8,
    edge_cases: EdgeCaseLibrary | None = None,
) -> list[str]:
    """Output lines for the gradable input lines, in input order."""
    return list(iter_grade_lines(path, scenarios, critic, report, concurrency, edge_cases))
