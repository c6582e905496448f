"""A run's transcript records as rows of `load_run`'s tables, kept one list per column.

Human review decisions (`convsim review`, `simulator.quality.review`) win over the critic's label in
`final_label`; "pass" means a final ACCEPT among decided conversations. Left out of pass
rates (`passed` is None): infrastructure errors (ERROR), failures the simulated customer
caused (`blame` simulator), and ACCEPTs with criteria no check could decide (`undecided`, they
need a judge model): none of them says how the support side did.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NamedTuple

import pandas as pd

from agents.checks.pii import mask_text
from agents.critic import undecided_criteria
from simulator.store.tallies import TRAITS, Coverage

USAGE_KEYS = ("prompt_tokens", "completion_tokens", "cost_usd")
CRITIC_KEYS = ("critic_calls", *(f"critic_{key}" for key in USAGE_KEYS))


class RunChunk(NamedTuple):
    """`iter_run`'s tables for some conversations: as RunFrames, without coverage."""

    conversations: pd.DataFrame
    turns: pd.DataFrame
    verdicts: pd.DataFrame
    findings: pd.DataFrame


class RunFrames(NamedTuple):
    conversations: pd.DataFrame
    turns: pd.DataFrame
    verdicts: pd.DataFrame
    coverage: pd.DataFrame
    findings: pd.DataFrame


def final_label(record: dict[str, Any], decisions: dict[str, str]) -> str | None:
    decided = decisions.get(record["id"])
    if decided is not None:
        return decided
    verdict = record.get("verdict") or {}
    label = verdict.get("label")
    return str(label) if label is not None else None


def passed(final: str | None, reviewed: bool, verdict: dict[str, Any]) -> bool | None:
    """True/False for a decided conversation; None when it says nothing about the support
    side: an infrastructure error, a failure the simulated customer caused, or an ACCEPT with
    criteria no check could decide (undecided is not a pass). A person's review decides."""
    if final in (None, "ERROR"):
        return None
    if reviewed:
        return final == "ACCEPT"
    if verdict.get("blame") == "simulator":
        return None
    if final == "ACCEPT" and undecided_criteria([str(u) for u in verdict.get("unjudged") or []]):
        return None
    return final == "ACCEPT"


class Rows(NamedTuple):
    conversation: dict[str, Any]
    turns: list[dict[str, Any]]
    verdict: dict[str, Any]
    findings: list[dict[str, Any]]


def record_rows(
    record: dict[str, Any], index: int, decisions: dict[str, str], turns: bool = True
) -> Rows:
    """One record's rows: its conversation, turns (unless `turns` is False), verdict and
    findings. Repeated short strings (roles, acts, labels, traits) are interned: one copy per
    distinct value, not one per row."""
    cid = record["id"]
    persona = record.get("persona") or {}
    verdict = record.get("verdict") or {}
    outcome = record.get("outcome") or {}
    label = _intern(verdict.get("label"))
    final = _intern(final_label(record, decisions))
    review = _intern(decisions.get(cid))
    totals = dict.fromkeys(USAGE_KEYS, 0.0)
    latency = 0.0
    has_usage = has_latency = False
    turn_rows: list[dict[str, Any]] = []
    for position, turn in enumerate(record.get("turns", [])):
        usage = turn.get("usage") or {}
        for key in USAGE_KEYS:
            value = usage.get(key)
            if isinstance(value, int | float):
                totals[key] += float(value)
                has_usage = True
        if isinstance(turn.get("latency_ms"), int | float):
            latency += float(turn["latency_ms"])
            has_latency = True
        if not turns:
            continue
        content = turn.get("content", "")
        turn_rows.append({
            "conversation_id": cid,
            "position": position,
            "role": _intern(turn.get("role")),
            "act": _intern(turn.get("act")),
            "content": content,
            "edge_case": _intern(turn.get("edge_case")),
            "chars": len(content),
            "words": len(content.split()),
            "latency_ms": turn.get("latency_ms"),
            "model": _intern(usage.get("model")),
            "cached": usage.get("cached"),
            **{key: usage.get(key) for key in USAGE_KEYS},
            "tool_calls": _calls_text(turn.get("tool_calls")),
            "tool": _intern(turn.get("name")),
            "tool_call_id": turn.get("tool_call_id"),
            "tool_error": turn.get("error"),
        })  # fmt: skip
    scores = {f"score_{dim}": float(v) for dim, v in sorted((verdict.get("scores") or {}).items())}
    conv: dict[str, Any] = {
        "id": cid,
        "index": index,
        "run_id": _intern(record.get("run_id")),
        "scenario_id": _intern(record.get("scenario_id")),
        "domain": _intern(str(record.get("scenario_id", "")).split("/", 1)[0]),
        "edge_cases": [_intern(e) for e in record.get("edge_cases", [])],
        "seed": record.get("seed"),
        "status": _intern(outcome.get("status")),
        "ended_by": _intern(outcome.get("ended_by")),
        "reason": outcome.get("reason"),
        "label": label,
        "review": review,
        "final_label": final,
        "passed": passed(final, review is not None, verdict),
        "undecided": undecided_criteria([str(u) for u in verdict.get("unjudged") or []]),
        "blame": _intern(verdict.get("blame")),
        "n_turns": len(record.get("turns", [])),
        "n_findings": len(verdict.get("findings", [])),
        "locale": _intern((persona.get("identity") or {}).get("locale")),
        **{trait: _intern(persona.get(trait)) for trait in TRAITS},
        "quirks": [_intern(q) for q in persona.get("quirks", [])],
        **scores,
        **conversation_usage(record.get("usage"), totals if has_usage else None),
        "latency_ms": latency if has_latency else None,
    }
    verdict_row = {
        "conversation_id": cid,
        "label": label,
        "review": review,
        "final_label": final,
        "rationale": verdict.get("rationale", ""),
        "unjudged": list(verdict.get("unjudged", [])),
        **scores,
    }
    finding_rows = []
    for finding in verdict.get("findings", []):  # masked again: runs made before masking
        masked = {k: mask_text(finding[k]) for k in ("evidence", "explanation")
                  if isinstance(finding.get(k), str)}  # fmt: skip
        finding_rows.append({"conversation_id": cid, **finding, **masked})
    return Rows(conv, turn_rows, verdict_row, finding_rows)


def _intern(value: Any) -> Any:
    return sys.intern(value) if isinstance(value, str) else value


_MISSING = float("nan")  # what pandas puts where a row of a list of dicts lacks a key


class _Table:
    """Rows kept as one list per column: pandas builds each column once from its list and no
    dict per row is held (a dict per turn weighed more than the finished frame). Columns are
    `base`, then the `score_` columns any row had, sorted (rubrics differ per run)."""

    def __init__(self, base: list[str], scores: bool) -> None:
        self.base = base
        self.scores = scores
        self.columns: dict[str, list[Any]] = {column: [] for column in base}
        self.rows = 0

    def add(self, row: dict[str, Any]) -> None:
        columns = self.columns
        for key, value in row.items():
            column = columns.get(key)
            if column is None:
                if not (self.scores and key.startswith("score_")):
                    continue  # a key the table has no column for (as `columns=` drops it)
                column = columns[key] = [_MISSING] * self.rows
            column.append(value)
        self.rows += 1
        if len(row) != len(columns):
            for column in columns.values():
                if len(column) < self.rows:
                    column.append(_MISSING)

    def frame(self) -> pd.DataFrame:
        names = [*self.base, *sorted(k for k in self.columns if k not in self.base)]
        return pd.DataFrame(self.columns, columns=names)


class Tables:
    def __init__(self, coverage: bool) -> None:
        self.conversations = _Table(CONV_COLUMNS, scores=True)
        self.turns = _Table(TURN_COLUMNS, scores=False)
        self.verdicts = _Table(VERDICT_COLUMNS, scores=True)
        self.findings = _Table(FINDING_COLUMNS, scores=False)
        self.coverage = Coverage() if coverage else None

    def add(self, record: dict[str, Any], index: int, decisions: dict[str, str]) -> None:
        rows = record_rows(record, index, decisions)
        self.conversations.add(rows.conversation)
        for turn in rows.turns:
            self.turns.add(turn)
        self.verdicts.add(rows.verdict)
        for finding in rows.findings:
            self.findings.add(finding)
        if self.coverage is not None:
            self.coverage.add(rows.conversation)

    def chunk(self) -> RunChunk:
        return RunChunk(
            self.conversations.frame(),
            self.turns.frame(),
            self.verdicts.frame(),
            self.findings.frame(),
        )

    def frames(self) -> RunFrames:
        chunk = self.chunk()
        table = (self.coverage or Coverage()).table()
        return RunFrames(*chunk[:3], coverage=table, findings=chunk.findings)


CONV_COLUMNS = ["id", "index", "run_id", "scenario_id", "domain", "edge_cases", "seed", "status",
                "ended_by", "reason", "label", "review", "final_label", "passed", "undecided",
                "blame", "n_turns",
                "n_findings", "locale", *TRAITS, "quirks", *USAGE_KEYS, *CRITIC_KEYS,
                "latency_ms"]  # fmt: skip
TURN_COLUMNS = ["conversation_id", "position", "role", "act", "content", "edge_case", "chars",
                "words", "latency_ms", "model", "cached", *USAGE_KEYS,
                "tool_calls", "tool", "tool_call_id", "tool_error"]  # fmt: skip


def _calls_text(calls: Any) -> str | None:
    """A support turn's tool calls as JSON text (one cell), None for other turns."""
    return json.dumps(calls, ensure_ascii=False, sort_keys=True) if calls else None


VERDICT_COLUMNS = ["conversation_id", "label", "review", "final_label", "rationale", "unjudged"]
FINDING_COLUMNS = ["conversation_id", "turn", "dimension", "category", "severity", "evidence",
                   "explanation"]  # fmt: skip


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def conversation_usage(usage: Any, turn_totals: dict[str, float] | None) -> dict[str, float | None]:
    """A conversation's usage columns: the record's totals (judge included) when it has them,
    else its turns' sums; the judge's own calls, tokens and cost (None without a judge call)."""
    usage = usage if isinstance(usage, dict) else {}
    recorded = {key: _number(usage.get(key)) for key in USAGE_KEYS}
    if all(value is None for value in recorded.values()):
        recorded = {key: (turn_totals or {}).get(key) for key in USAGE_KEYS}
    llm = usage.get("llm")
    critic = llm.get("critic") if isinstance(llm, dict) else None
    critic = critic if isinstance(critic, dict) else {}
    return {
        **recorded,
        "critic_calls": _number(critic.get("calls")),
        **{f"critic_{key}": _number(critic.get(key)) for key in USAGE_KEYS},
    }
