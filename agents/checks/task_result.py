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

from agents.checks.output_values import said_as_value
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
    outputs: dict[str, bool] = field(default_factory=dict)  # output -> said
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
    def reward(self) -> float:
        ok = self.end_state and all(self.outputs.values()) and self.ended is not False
        return 1.0 if ok else 0.0

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


def output_said(output: str, messages: Sequence[str]) -> bool:
    """tau-bench's rule for a required output; an output that is one date or one amount is
    also said when a message states its value in another written form ("December 3, 2026"
    for "2026-12-03", "7,50 €" for "7.5": agents.checks.output_values)."""
    wanted = output.lower()
    if any(wanted in message.lower().replace(",", "") for message in messages):
        return True
    return said_as_value(output, messages)


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
    return TaskResult(
        tuple(differing),
        {o: output_said(o, messages) for o in outputs},
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
