"""Grading transcripts convsim did not produce (`convsim grade`): real bots' logs, other tools.

Input is JSON Lines, one conversation per line, in either shape:

- the transcript record (`{"turns": [{"role": "customer"|"support"|"tool", "content": ...}],
  ...}`); `persona`, `variables`, `edge_cases`, `outcome` and `scenario_id` are used when
  present;
- OpenAI chat style (`{"messages": [{"role": "user"|"assistant"|"system"|"tool", ...}]}`):
  system (and developer) messages are skipped, user is the customer, assistant the support;
  assistant `tool_calls` and `tool` messages are the support side's calls and their results;
- tau-bench's result records (`{"task_id", "reward", "traj"}`), against the one imported
  tau-bench domain in `--scenario` (`simulator.quality.grade_tools`).

A scenario with a world and `expect` gets its tool calls replayed on a fresh copy of its
domain (`agents.checks.actions`): the record carries a `task` block (reward 1/0, end state,
outputs) and, when the input has a `reward`, the report counts agreement with it.

With a scenario (`--scenario`), its success criteria and policy apply; without one, only the
data checks run and the scenario's checks are reported as unjudged. A record that says nothing
about how the conversation ended gets no outcome-based judgement (its `outcome` criteria are
unjudged, never failed).

Edge cases are looked up by id in the packaged library, extended by the user's library when
given (`--edge-cases FILE`, as for the run that made the transcripts): an id in neither is
graded without its definition (its planned behaviour is not excused) and counted in
`GradeReport.unknown_edge_cases`, so the command can say which library is missing.

Bad lines (not JSON, no turns, an unknown role ...) are reported as `file:line: problem` and
skipped; the good lines are still graded. Decided so because a log of thousands of lines with
one broken line should not block grading the rest; the exit code (1) still says lines were
skipped.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agents.checks.actions import TaskResult, scenario_task
from agents.critic import Critic, undecided_criteria
from agents.llm.budget import llm_usage
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from personas import Persona
from personas.model import Identity
from scenarios.edge_case_model import EdgeCase, EdgeCaseLibrary
from scenarios.edge_cases import load_edge_cases
from scenarios.model import CustomerSpec, Rule, Scenario, SupportSpec
from simulator.errors import UserError
from simulator.quality.grade_defaults import with_ended_by, with_persona_defaults
from simulator.quality.grade_tools import (
    RecordError,
    is_tau_record,
    is_tau_scenario,
    messages_turns,
    read_items,
    recorded_reward,
    tau_outcome,
    tau_record,
)
from simulator.run.runner import Engines

# A conversation larger than this is refused as a bad line: the checks read every turn, and a
# 100 MB line took a minute to grade; real conversations are a few kilobytes.
MAX_LINE_CHARS = 5_000_000
UNKNOWN_OUTCOME = Outcome(status="resolved", reason="not recorded in the input", ended_by="system")
NO_SCENARIO_UNJUDGED = ("success_criteria", "policy_rules")

EXTERNAL_SCENARIO = Scenario(
    id="external",
    title="A conversation graded without a scenario",
    domain="external",
    intent="unknown",
    customer=CustomerSpec(goal="", openings=["-"]),
    support=SupportSpec(policy="", rules=[Rule(action="resolve", say=["-"])]),
    max_turns=60,
)
UNKNOWN_PERSONA = Persona(
    id="unknown",
    identity=Identity(
        locale="en_US", first_name="", last_name="", name="", email="", phone="", address="",
        city="", age=18,
    ),
    tone="unknown",
    patience="unknown",
    verbosity="unknown",
    tech_savviness="unknown",
    language="unknown",
)  # fmt: skip


class LineError(ValueError):
    """One input line that cannot be graded; the message says what is wrong with it."""


@dataclass(frozen=True)
class Parsed:
    id: str
    record: dict[str, Any]
    kind: str  # "transcript", "messages" or "tau" (a tau-bench result record)
    plan: ConversationPlan
    turns: list[Turn]
    outcome: Outcome
    outcome_known: bool
    unknown_edge_cases: tuple[str, ...] = ()  # named by the record, in no library given


@dataclass
class GradeReport:
    graded: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    undecided: int = 0  # ACCEPTs with criteria no check could decide: not passes
    problems: list[str] = field(default_factory=list)
    unknown_edge_cases: Counter[str] = field(default_factory=Counter)  # id -> conversations
    tasks: int = 0  # conversations graded on a task (a world with `expect`)
    tasks_passed: int = 0
    rewards: int = 0  # of those, with a recorded `reward` to compare with
    rewards_agree: int = 0


def parse_line(
    text: str | dict[str, Any],
    where: str,
    scenarios: Mapping[str, Scenario],
    edge_cases: Mapping[str, EdgeCase],
) -> Parsed:
    """One record: a JSON line, or an object already read (an element of a JSON list)."""
    if isinstance(text, str) and len(text) > MAX_LINE_CHARS:
        raise LineError(
            f"{len(text) / 1e6:.0f} million characters; a conversation is graded up to "
            f"{MAX_LINE_CHARS // 1_000_000} million (split the log)"
        )
    try:
        record = json.loads(text) if isinstance(text, str) else text
    except json.JSONDecodeError as exc:
        raise LineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise LineError("expected a JSON object with 'turns' or 'messages'")
    tau = is_tau_record(record)
    try:
        if tau:
            record = tau_record(record, scenarios)
        if isinstance(record.get("turns"), list):
            kind, turns = "transcript", _turns(record["turns"])
        elif isinstance(record.get("messages"), list):
            kind, turns = "tau" if tau else "messages", messages_turns(record["messages"])
        else:
            raise LineError("expected a 'turns' list (transcript record) or a 'messages' list")
    except RecordError as exc:
        raise LineError(str(exc)) from exc
    if not turns:
        raise LineError("the conversation has no customer or support turns")
    scenario = _scenario(record, scenarios)
    # A tau-bench task's conversation ends by tau-bench's protocol unless the record says.
    by_tau = kind == "tau" or (
        kind == "messages" and "outcome" not in record and is_tau_scenario(scenario.id)
    )
    outcome_known = "outcome" in record or by_tau
    outcome = tau_outcome(turns) if by_tau else UNKNOWN_OUTCOME
    if "outcome" in record:
        try:
            outcome = Outcome.model_validate(with_ended_by(record["outcome"]))
        except ValidationError as exc:
            raise LineError(f"outcome: {_first(exc)}") from exc
    persona = UNKNOWN_PERSONA
    if "persona" in record:
        try:
            persona = Persona.model_validate(
                with_persona_defaults(record["persona"], UNKNOWN_PERSONA)
            )
        except ValidationError as exc:
            raise LineError(f"persona: {_first(exc)}") from exc
    variables = record.get("variables") or {}
    if not isinstance(variables, dict) or not all(isinstance(v, str) for v in variables.values()):
        raise LineError("variables: expected an object of strings")
    if persona is not UNKNOWN_PERSONA:
        identity = persona.identity
        variables = {"email": identity.email, "phone": identity.phone, **variables}
    ids = record.get("edge_cases") or []
    named = [e for e in ids if isinstance(e, str)] if isinstance(ids, list) else []
    edges = tuple(edge_cases[e] for e in named if e in edge_cases)
    enacted = [t.edge_case for t in turns if t.edge_case is not None]
    unknown = tuple(dict.fromkeys(e for e in [*named, *enacted] if e not in edge_cases))
    raw_id = record.get("id")
    if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, str | int)):
        raise LineError(f"id: expected text or a number, got {type(raw_id).__name__}")
    conversation_id = str(raw_id or where)
    plan = ConversationPlan(
        id=conversation_id,
        run_seed=0,
        index=0,
        seed=int(record["seed"]) if isinstance(record.get("seed"), int) else 0,
        scenario=scenario,
        persona=persona,
        edge_cases=edges,
        variables=variables,
    )
    return Parsed(conversation_id, record, kind, plan, turns, outcome, outcome_known, unknown)


def _first(exc: ValidationError) -> str:
    error = exc.errors()[0]
    loc = ".".join(str(p) for p in error["loc"])
    return f"{loc}: {error['msg']}" if loc else str(error["msg"])


def _turns(items: Sequence[Any]) -> list[Turn]:
    turns = []
    for i, item in enumerate(items):
        try:
            turns.append(Turn.model_validate(item))
        except ValidationError as exc:
            raise LineError(f"turns[{i}]: {_first(exc)}") from exc
    return turns


def _scenario(record: Mapping[str, Any], scenarios: Mapping[str, Scenario]) -> Scenario:
    if not scenarios:
        return EXTERNAL_SCENARIO
    if len(scenarios) == 1:
        return next(iter(scenarios.values()))
    wanted = record.get("scenario_id")
    if isinstance(wanted, str) and wanted in scenarios:
        return scenarios[wanted]
    if wanted is None:
        some = ", ".join(sorted(scenarios)[:3]) + (", ..." if len(scenarios) > 3 else "")
        raise LineError(
            f"no scenario_id; --scenario gave {len(scenarios)} scenarios ({some}), so each "
            "record names its own with scenario_id"
        )
    raise LineError(
        f"scenario_id: '{wanted}' is not one of the --scenario scenarios; give the record a "
        "scenario_id from them"
    )


def _without_unknown_outcome(parsed: Parsed) -> tuple[ConversationPlan, list[str]]:
    """The plan to grade and the outcome criteria the input does not let anyone decide."""
    plan = parsed.plan
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
    plan, extra = _without_unknown_outcome(parsed)
    verdict = await critic.agrade(plan, parsed.turns, parsed.outcome)
    if plan.scenario is EXTERNAL_SCENARIO:
        extra.extend(NO_SCENARIO_UNJUDGED)
    if not extra:
        return verdict
    unjudged = [*verdict.unjudged, *(u for u in extra if u not in verdict.unjudged)]
    pending = ", ".join(extra)
    return verdict.model_copy(
        update={
            "unjudged": unjudged,
            "rationale": f"{verdict.rationale} Not judged (not in the input): {pending}.",
        }
    )


def grade_parsed(parsed: Parsed, critic: Critic) -> Verdict:
    return asyncio.run(agrade_parsed(parsed, critic))


# The model-usage part of a record's `usage`: recomputed when the record is graded again.
_LLM_USAGE = ("llm", "prompt_tokens", "completion_tokens", "cost_usd")


def task_of(parsed: Parsed) -> TaskResult | None:
    """The task result when the scenario has a world and `expect` (how it ended counts only
    when the input says)."""
    ended = parsed.outcome.ended_by != "limit" if parsed.outcome_known else None
    plan = parsed.plan
    return scenario_task(plan.scenario, plan.variables, parsed.turns, ended)


def count_task(report: GradeReport, parsed: Parsed, task: TaskResult | None) -> None:
    if task is None:
        return
    report.tasks += 1
    report.tasks_passed += task.reward == 1.0
    recorded = recorded_reward(parsed.record)
    if recorded is not None:
        report.rewards += 1
        report.rewards_agree += task.reward == recorded


def output_record(
    parsed: Parsed, verdict: Verdict, where: str, task: TaskResult | None = None
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
    if recorded_reward(parsed.record) is not None:
        record["reward"] = parsed.record["reward"]
    if verdict.usage:
        record["usage"] = llm_usage([], verdict.usage)
    return record


def parse_file(
    path: Path,
    scenarios: Mapping[str, Scenario],
    report: GradeReport,
    edge_cases: EdgeCaseLibrary | None = None,
) -> list[tuple[str, Parsed]]:
    """The gradable lines with where they are; problems go to `report.problems`. Edge cases
    come from `edge_cases` (default: the packaged library)."""
    by_id = (edge_cases or load_edge_cases()).by_id()
    parsed: list[tuple[str, Parsed]] = []
    try:
        items = list(read_items(path))
    except RecordError as exc:
        report.problems.append(str(exc))
        return parsed
    for where, item in items:
        try:
            parsed.append((where, parse_line(item, where, scenarios, by_id)))
        except LineError as exc:
            report.problems.append(f"{where}: {exc}")
    return parsed


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
    """Output lines for the gradable input lines, in input order (one event loop for all)."""
    items = parse_file(path, scenarios, report, edge_cases)
    verdicts = asyncio.run(_grade_all(items, critic, concurrency)) if items else []
    lines = []
    for (where, parsed), verdict in zip(items, verdicts, strict=True):
        report.graded += 1
        report.labels[verdict.label] += 1
        report.undecided += verdict.label == "ACCEPT" and bool(undecided_criteria(verdict.unjudged))
        report.unknown_edge_cases.update(parsed.unknown_edge_cases)
        task = task_of(parsed)
        count_task(report, parsed, task)
        record = output_record(parsed, verdict, where, task)
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return lines


def with_rubric(engines: Engines, path: Path) -> Engines:
    """The run's engines with the critic graded by a rubric patch (`convsim run --rubric`).

    The patch's content hash joins the critic's engine name, so a run made with another
    rubric is not resumed with this one.
    """
    from agents.rubric import RubricError, load_patch
    from simulator.run.inputs import content_hash

    try:
        patch = load_patch(path)
    except RubricError as exc:
        raise UserError(f"--rubric {exc}") from exc
    bound = getattr(engines.grade, "__self__", None)
    critic = bound if isinstance(bound, Critic) else Critic()
    critic = dataclasses.replace(critic, patch=patch)
    grade = critic.agrade if critic.judge is not None else critic.grade
    names = {
        **engines.names,
        "critic": f"{engines.names['critic']}+rubric:{content_hash(patch)[:8]}",
    }
    # Workers (--workers) rebuild the same: the base engines' recipe, then this patch.
    recipe = (
        ("simulator.quality.grading", "rubric_engines", engines.recipe, path)
        if engines.recipe
        else None
    )
    return dataclasses.replace(engines, grade=grade, names=names, recipe=recipe)


def rubric_engines(recipe: tuple[Any, ...], path: Path) -> Engines:
    """In a worker process: the base engines from their recipe, graded by the rubric."""
    from simulator.run.convworker import build_from

    return with_rubric(build_from(recipe), path)
