"""Whether a graded log lets anyone know its task's end state (`convsim grade`).

The end state of a conversation on a world is what its tool calls did to the records, and a
log shows the calls only when it kept them. A plain user/assistant log (no assistant
`tool_calls`, no tool messages) says nothing about them: the bot may have written, or not,
and replaying nothing would compare the untouched records with the expected ones, which
passes every task whose expected actions are reads or nothing, and fails the others on a
bot that did write. Neither is known, so the end state is undecided (never a pass, never
a reward of 1.0) and the grade says why and what to give: the tool turns.

The cases, decided:

- no tool call and no tool result in a log from elsewhere (OpenAI messages, a hand-made
  `turns` record): undecided, whatever the expected actions are (writes, only reads, or
  none: "change nothing" cannot be told from "changed it unseen");
- tool results but no calls (the calls were cut): undecided, the calls are what is replayed;
- calls without results (the tool messages were cut): decided; the calls are replayed on a
  fresh copy of the records, which gives their results again (tools are deterministic);
- a task that expects only outputs (no `actions`, no `records`): decided from what support
  said, whether or not the log has calls;
- the expected end state needs variables the record does not give (`variables`: which
  booking, which date): undecided, naming them;
- tau-bench's result records and convsim's own transcript records (they carry `run_id`)
  keep every call the run made: a conversation without one made none, and is decided;
- a log that stops on a customer turn nobody answered (`simulator.quality.cut_log`): the end
  state and the outputs are undecided, for the rest of the conversation is not in it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from agents.types import ConversationPlan
from scenarios.expectations import Expect
from scenarios.templates import placeholders
from simulator.quality.cut_log import cut_at, cut_reason
from simulator.quality.grade_input import Parsed

NO_CALLS = (
    "the log has no tool calls, so what support did to the records cannot be known; give "
    "the tool turns (the assistant's tool_calls and the tool results) to grade the end state"
)
RESULTS_ONLY = (
    "the log has tool results but not the calls that made them; give the assistant's "
    "tool_calls to grade the end state"
)


def unknown_end_state(parsed: Parsed) -> str | None:
    """Why the end state of `parsed`'s task cannot be known from the input; None when it can
    (or when the task has no end state to know: no world, or only outputs expected)."""
    expect = parsed.plan.scenario.expect
    if parsed.plan.scenario.world is None or expect is None:
        return None
    if "actions" not in expect.model_fields_set and not expect.records:
        return _missing(expect, parsed.plan.variables, outputs_only=True)
    if not _complete(parsed):
        calls = any(t.tool_calls for t in parsed.turns)
        if not calls:
            tools = any(t.role == "tool" for t in parsed.turns)
            return RESULTS_ONLY if tools else NO_CALLS
    return _missing(expect, parsed.plan.variables, outputs_only=False)


def _complete(parsed: Parsed) -> bool:
    """The input keeps every call its conversation made (so none means none was made)."""
    return parsed.kind == "tau" or (parsed.kind == "transcript" and "run_id" in parsed.record)


def _missing(expect: Expect, values: Mapping[str, str], outputs_only: bool) -> str | None:
    names = sorted(set(_needed(expect, outputs_only)) - set(values))
    if not names:
        return None
    what = "the required outputs depend" if outputs_only else "the expected end state depends"
    return (
        f"the record gives no value for {', '.join(names)}, which {what} on; give them in "
        "the record's `variables`"
    )


def _needed(expect: Expect, outputs_only: bool) -> Iterator[str]:
    """The variables the expectation reads: its conditions and templates."""
    for text in expect.outputs:
        yield from placeholders(text)
    if outputs_only:
        return
    for action in expect.actions:
        yield from action.when
        yield from _in(action.arguments)
    for record in expect.records:
        yield from record.when
        yield from _in(record.key)
        yield from _in(record.fields)


def _in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from placeholders(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _in(item)


def knowable(parsed: Parsed) -> tuple[ConversationPlan, list[str], str | None]:
    """The plan to grade `parsed` on, the task criteria it cannot decide (`end_state`,
    `missing_output`) and why: the scenario keeps of its expectation what the input lets
    anyone grade (its outputs, when their variables are given), nothing else."""
    plan = parsed.plan
    cut = cut_at(parsed)
    reason = unknown_end_state(parsed) if cut is None else cut_reason(parsed, cut)
    expect = plan.scenario.expect
    if reason is None or expect is None:
        return plan, [], None
    undecided = []
    if "actions" in expect.model_fields_set or expect.records:
        undecided.append("end_state")
    if cut is not None:
        # The calls the log shows are still read against the world (a failed check is a
        # failed check); the task checks are left out by the grader (simulator.quality.grading).
        return plan, [*undecided, *(["missing_output"] if expect.outputs else [])], reason
    kept: Expect | None = None
    if expect.outputs and _missing(expect, plan.variables, outputs_only=True) is None:
        kept = Expect(outputs=list(expect.outputs))
    elif expect.outputs:
        undecided.append("missing_output")
    scenario = plan.scenario.model_copy(update={"expect": kept})
    return plan.model_copy(update={"scenario": scenario}), undecided, reason
