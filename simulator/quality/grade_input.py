"""Reading what `convsim grade` grades: one conversation per record, in any shape it accepts.

Input is JSON Lines, one conversation per line, in either shape:

- the transcript record (`{"turns": [{"role": "customer"|"support"|"tool", "content": ...}],
  ...}`); `persona`, `variables`, `edge_cases`, `outcome` and `scenario_id` are used when
  present;
- OpenAI chat style (`{"messages": [{"role": "user"|"assistant"|"system"|"tool", ...}]}`):
  system (and developer) messages are skipped, user is the customer, assistant the support;
  assistant `tool_calls` and `tool` messages are the support side's calls and their results;
- tau-bench's result records (`{"task_id", "reward", "traj"}`), against the one imported
  tau-bench domain in `--scenario` (`simulator.quality.grade_tools`).

Each record becomes a `Parsed`: the plan a critic grades (scenario, persona, variables, edge
cases), the turns and the outcome, and whether the input said how the conversation ended.
Kept apart from grading because this is where every outside format's quirks live; the
critic only ever sees plans and turns.

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

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agents.checks.customer_language import LOG_PERSONA_ID
from agents.types import ConversationPlan, Outcome, Turn
from personas import Persona
from personas.model import Identity
from scenarios import jsondata
from scenarios.edge_case_model import EdgeCase, EdgeCaseLibrary
from scenarios.edge_cases import load_edge_cases
from scenarios.model import CustomerSpec, Rule, Scenario, SupportSpec
from simulator.quality.call_ids import unique_call_ids
from simulator.quality.grade_defaults import with_ended_by, with_persona_defaults
from simulator.quality.grade_tools import (
    RecordError,
    check_run_arguments,
    is_tau_record,
    is_tau_scenario,
    messages_turns,
    read_items,
    recorded_reward,
    run_calls,
    tau_outcome,
    tau_record,
)
from simulator.quality.handover_log import handover_outcome
from simulator.quality.tau_task import agent_error

# A conversation larger than this is refused as a bad line: the checks read every turn, and a
# 100 MB line took a minute to grade; real conversations are a few kilobytes.
MAX_LINE_BYTES = 5_000_000
UNKNOWN_OUTCOME = Outcome(status="resolved", reason="not recorded in the input", ended_by="system")

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
    id=LOG_PERSONA_ID,
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
    own_task: bool = False  # a tau-bench record graded against the task it carries
    reused_call_ids: tuple[str, ...] = ()  # tool-call ids more than one call had (call_ids)


def parse_line(
    text: str | dict[str, Any],
    where: str,
    scenarios: Mapping[str, Scenario],
    edge_cases: Mapping[str, EdgeCase],
) -> Parsed:
    """One record: a JSON line, or an object already read (an element of a JSON list)."""
    if isinstance(text, str) and len(text) > MAX_LINE_BYTES:
        raise LineError(
            f"{len(text) / 1e6:.0f} million characters; a conversation is graded up to "
            f"{MAX_LINE_BYTES // 1_000_000} MB (split the log)"
        )
    try:
        record = jsondata.parse(text) if isinstance(text, str) else text
    except jsondata.JSONValueError as exc:
        raise LineError(str(exc)) from exc
    if not isinstance(record, dict):
        raise LineError("expected a JSON object with 'turns' or 'messages'")
    tau = is_tau_record(record)
    own_task: Scenario | None = None
    try:
        if tau:
            record, own_task = tau_record(record, scenarios)
            check_run_arguments(record["messages"])
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
    turns, reused = unique_call_ids(turns)
    if kind == "tau":
        turns = run_calls(turns)
    scenario = own_task or _scenario(record, scenarios)
    # A tau-bench task's conversation ends by tau-bench's protocol unless the record says.
    by_tau = kind == "tau" or (
        kind == "messages" and "outcome" not in record and is_tau_scenario(scenario.id)
    )
    outcome_known = "outcome" in record or by_tau
    outcome = tau_outcome(turns) if by_tau else UNKNOWN_OUTCOME
    if not outcome_known and (handed := handover_outcome(turns, scenario)) is not None:
        # no outcome recorded, but a hand-over call went through (simulator.quality.handover_log)
        outcome, outcome_known = handed, True
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
    return Parsed(
        conversation_id, record, kind, plan, turns, outcome, outcome_known, unknown,
        own_task is not None, reused,
    )  # fmt: skip


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


@dataclass(frozen=True)
class FailedRun:
    """A tau-bench run that failed before any conversation (`simulator.quality.tau_task`)."""

    where: str
    error: str
    reward: float | None  # recorded


def iter_parsed(
    path: Path,
    scenarios: Mapping[str, Scenario],
    problems: list[str],
    edge_cases: EdgeCaseLibrary | None = None,
) -> Iterator[tuple[str, Parsed | FailedRun]]:
    """The gradable records with where they are, read one at a time; problems go to
    `problems`. Edge cases come from `edge_cases` (default: the packaged library)."""
    by_id = (edge_cases or load_edge_cases()).by_id()
    try:
        for where, item, problem in read_items(path, MAX_LINE_BYTES):
            if problem is not None:
                problems.append(f"{where}: {problem}")
                continue
            error = agent_error(item) if isinstance(item, dict) else None
            if error is not None:
                yield where, FailedRun(where, error, recorded_reward(item))
                continue
            try:
                text = item if isinstance(item, dict) else json.dumps(item)
                yield where, parse_line(text, where, scenarios, by_id)
            except LineError as exc:
                problems.append(f"{where}: {exc}")
    except RecordError as exc:
        problems.append(str(exc))


def parse_file(
    path: Path,
    scenarios: Mapping[str, Scenario],
    problems: list[str],
    edge_cases: EdgeCaseLibrary | None = None,
) -> list[tuple[str, Parsed]]:
    """The gradable conversations of a file, all at once (runs that failed before a
    conversation left out)."""
    return [
        (where, parsed)
        for where, parsed in iter_parsed(path, scenarios, problems, edge_cases)
        if isinstance(parsed, Parsed)
    ]
