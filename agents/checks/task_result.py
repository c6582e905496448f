"""A task's result from the records: the end state a conversation left (replayed, or the live
desk's) against what a correct conversation leaves, and the outputs the scenario expects said.
agents.checks.actions turns it into findings (`end_state`, `missing_output`); `convsim grade`
puts it in a graded record's `task` block (simulator.quality.grading).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from agents.checks.output_values import display_forms, said_as_words, value_said
from agents.checks.record_diff import describe
from agents.checks.replay import (
    Call,
    changes_key,
    expected_calls_kept,
    expected_end,
    expected_snapshot,
    fingerprint,
    live_state,
    plain,
    replay,
    transcript_calls,
)
from agents.types import INVALID_ARGUMENTS, Turn
from scenarios.domains.runtime import Domain, DomainState, RecordDiff, diff_snapshots

SHOWN_RECORDS = 5


@dataclass(frozen=True)
class TaskResult:
    """How a conversation did on its task, as tau-bench's reward sees it."""

    differing: tuple[RecordDiff, ...]
    # output -> said; None: said only in a form that may name another date ("the 8th")
    outputs: dict[str, bool | None] = field(default_factory=dict)
    ended: bool | None = None  # None: not known from the input
    calls: int = 0
    record_problems: tuple[str, ...] = ()  # broken `expect.records` assertions
    # Per transcript call, in order: the replayed tool refused it. A transcript made
    # elsewhere does not say which calls failed (its tool turns are only text); the replay does.
    refused: tuple[bool, ...] = ()

    @property
    def end_state(self) -> bool:
        return not self.differing and not self.record_problems

    @property
    def reward(self) -> float | None:
        """1.0 or 0.0; None where only an output said in an undecided form keeps it open."""
        if not self.end_state or self.ended is False:
            return 0.0
        if any(said is False for said in self.outputs.values()):
            return 0.0
        return None if None in self.outputs.values() else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "reward": self.reward,
            "end_state": self.end_state,
            "outputs": dict(self.outputs),
            "ended": self.ended,
            "calls": self.calls,
            "differing": [describe(d) for d in self.differing[:SHOWN_RECORDS]],
            "record_problems": list(self.record_problems),
        }


def said(turns: Iterable[Turn]) -> list[str]:
    """What support said to the customer: its messages that call no tool."""
    return [t.content for t in turns if t.role == "support" and not t.tool_calls and t.content]


def output_said(output: str, messages: Sequence[str], context: Sequence[str] = ()) -> bool | None:
    """tau-bench's rule for a required output; an output that is one date or one amount is
    also said when a message states its value in another written form ("December 3, 2026"
    for "2026-12-03", "7,50 €" for "7.5": agents.checks.output_values), a date also without
    its year where no other date of `context` fits the form (None: undecided)."""
    wanted = output.lower()
    if any(wanted in message.lower().replace(",", "") for message in messages):
        return True
    return value_said(output, messages, context)


def shown(turns: Iterable[Turn]) -> list[str]:
    """What else the conversation showed: tool results and the customer's messages, whose
    dates a date said without its year may mean as well."""
    return [t.content for t in turns if t.role in ("tool", "customer") and t.content]


def _said_displayed(domain: Domain, output: str, messages: Sequence[str]) -> bool:
    """A stored value said the way the domain's `display` gives it in some language
    ("en retouche" for `in_alteration`): that is how a conversation in that language says
    it, so it is said (a critical `missing_output` for the right answer before)."""
    return any(said_as_words(form, messages) for form in display_forms(domain, output))


RecordCheck = Callable[[DomainState], Sequence[str]]


def task_result(
    domain: Domain,
    expected_calls: Sequence[Call] | None,
    outputs: Sequence[str],
    turns: Sequence[Turn],
    ended: bool | None = None,
    records: RecordCheck | None = None,
) -> TaskResult:
    """Replay `turns`' calls and compare: with the end state of `expected_calls` (None: no
    expected actions were given, so the end state is judged by `records` alone), with the
    record assertions `records` (a function of the final state listing what it breaks), and
    the outputs against what support said."""
    calls = transcript_calls(turns)
    live = live_state(domain, calls)
    state = live if live is not None else replay(domain, calls)
    try:
        differing: list[RecordDiff] = []
        if expected_calls is not None and not _made_as_expected(state, expected_calls):
            expected = expected_end(domain, expected_calls)
            changes = changes_key(state) if expected.changes is not None else None
            # The same changing calls leave the same records: no snapshot to take or compare.
            if changes is None or changes != expected.changes:
                actual = state.snapshot()
                if fingerprint(actual, domain) != expected.fingerprint():
                    differing = diff_snapshots(expected_snapshot(domain, expected_calls), actual)
        problems = tuple(records(state)) if records is not None else ()
        refused = tuple(bool(result.error) for _, _, result in state.calls)
    finally:
        if live is None:  # the live records are the graph's to close
            state.close()
    messages = said(turns)
    context = shown(turns) if outputs else []
    found: dict[str, bool | None] = {}
    for o in outputs:
        found[o] = output_said(o, messages, context)
        if found[o] is not True and _said_displayed(domain, o, messages):
            found[o] = True
    return TaskResult(
        tuple(differing),
        found,
        ended,
        len(calls),
        problems,
        refused if len(refused) == len(calls) else (),
    )


def _made_as_expected(state: DomainState, expected_calls: Sequence[Call]) -> bool:
    """The calls that changed `state`'s rows are the expected actions themselves, in order
    (terminate tools left out), with the same arguments: replaying the expected actions on a
    fresh copy makes those very calls on the same records, so it ends where `state` is and
    `expected_end` would find the same changes key. Telling that here spares a fresh copy of
    the records and a replay for each conversation whose task values are new (most are).
    The arguments must be what `changes_key` can compare (plain JSON) on both sides."""
    kept = expected_calls_kept(expected_calls)
    changing = state.changing_calls()
    if changing is None or len(changing) != len(kept):
        return False
    for (name, _), call in zip(changing, kept, strict=True):
        if name != call.tool or INVALID_ARGUMENTS in call.arguments or not plain(call.arguments):
            return False
    found = changes_key(state)
    return found is not None and found == json.dumps(
        [[call.tool, call.arguments] for call in kept], sort_keys=True
    )


# --- the critic's checks -------------------------------------------------------------------
