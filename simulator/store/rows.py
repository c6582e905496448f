"""One finished conversation as the rows run.db stores, built wherever it was played.

Serialising a conversation (the plan's JSON, the transcript record's JSON, a row per turn, the
verdict) is the store's last CPU work before SQLite. A worker process or a Ray actor builds
these rows itself and ships them as plain strings and numbers, so the driver, the one process
every conversation passes through, only unpickles them and writes one transaction
(`RunStore.write`). The same function builds them in one process, so the bytes are the same.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from agents.scrub import redacted_json
from agents.types import ConversationPlan, Transcript


@dataclass(frozen=True)
class Rows:
    """A conversation's rows in run.db's tables (see simulator.store.rundb's schema)."""

    index: int  # the plan's index: a stored error at it is replaced (--retry-errors)
    plan: tuple[str, int, str, int, str]  # plans: id, idx, scenario_id, seed, plan
    conversation: tuple[str, int, str, str, str | None, int, str]  # conversations
    turns: list[tuple[str, int, str, str | None, str, str, str | None]]
    verdict: tuple[str, str, str, str, str] | None  # verdicts: id, label, scores, findings, why
    # coverage: the factor values that ran (JSON), stored in the same transaction; None: the
    # planner counts them from the stored plan later (simulator.run.coverage.count_stored)
    coverage: str | None = None

    def transcript(self) -> Transcript:
        """The record back as a model (tests, benches; the driver only stores the text)."""
        return Transcript.model_validate_json(self.conversation[6])

    def record(self) -> dict[str, Any]:
        return dict(json.loads(self.conversation[6]))


def conversation_rows(plan: ConversationPlan, transcript: Transcript) -> Rows:
    verdict = transcript.verdict
    return Rows(
        index=plan.index,
        plan=(plan.id, plan.index, plan.scenario.id, plan.seed, plan_json(plan)),
        conversation=(
            transcript.id,
            plan.index,
            transcript.scenario_id,
            transcript.outcome.status,
            verdict.label if verdict else None,
            len(transcript.turns),
            transcript.model_dump_json(),
        ),
        turns=[
            (
                transcript.id,
                i,
                t.role,
                t.act,
                t.content,
                json.dumps(t.slots, sort_keys=True) if t.slots else "{}",
                t.edge_case,
            )
            for i, t in enumerate(transcript.turns)
        ],
        verdict=None
        if verdict is None
        else (
            transcript.id,
            verdict.label,
            json.dumps(verdict.scores, sort_keys=True),
            json.dumps([f.model_dump(mode="json") for f in verdict.findings]),
            verdict.rationale,
        ),
        coverage=json.dumps(plan_factors(plan), sort_keys=True),
    )


def plan_factors(plan: ConversationPlan) -> dict[str, list[str]]:
    """What coverage counts of a conversation: the values its plan gave each factor (the same
    as `simulator.run.coverage.factors_of_plan` reads from the stored plan, without reading
    the plan's JSON back)."""
    # Here, not at the top: the planner's modules (networkx) would slow every command that
    # only reads a run.db (`convsim show`); whoever builds rows has them loaded already.
    from agents.planning.factors import observed

    return observed(plan.scenario.id, plan.persona, [e.id for e in plan.edge_cases])


def plan_json(plan: ConversationPlan) -> str:
    """The plan without the scenario body (stored once per run via the fingerprint)."""
    data = plan.model_dump(mode="json", exclude={"scenario"})
    data["scenario_id"] = plan.scenario.id
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


def without_secrets(rows: Rows, secrets: Sequence[str]) -> Rows:
    """`rows` with every secret in `secrets` redacted from every text in them (JSON too). The
    store's last gate: a secret some endpoint echoed (a model role's key, a bot's) is hidden
    wherever in the conversation it went: a turn, an error quoting it, a judge's rationale."""
    found = [s for s in secrets if s and _holds(rows, s)]
    if not found:
        return rows

    def clean(value: Any) -> Any:
        return redacted_json(value, found) if isinstance(value, str) else value

    def each(row: tuple[Any, ...]) -> Any:
        return tuple(clean(v) for v in row)

    return replace(
        rows,
        plan=each(rows.plan),
        conversation=each(rows.conversation),
        turns=[each(t) for t in rows.turns],
        verdict=None if rows.verdict is None else each(rows.verdict),
    )


def _holds(rows: Rows, secret: str) -> bool:
    escaped = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    texts = [*rows.plan, *rows.conversation, *(v for t in rows.turns for v in t)]
    texts += list(rows.verdict or ())
    return any(isinstance(t, str) and any(e in t for e in escaped) for t in texts)
