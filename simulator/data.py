"""A run as pandas DataFrames, for notebooks, exports and the report.

`load_run(DIR)` reads run.db (the source of truth, not transcripts.jsonl, which only exists
once a run completes) and returns flat tables: one row per conversation, per turn, per verdict
and per coverage cell. Human review decisions (`convsim review`, `simulator.review`) win over
the critic's label in `final_label`; "pass" means a final ACCEPT among decided conversations.
Left out of pass rates (`passed` is None): infrastructure errors (ERROR), failures the
simulated customer caused (`blame` simulator), and ACCEPTs with criteria no check could decide
(`undecided`, they need a judge model): none of them says how the support side did.

A conversation's tokens and cost are its record's `usage` totals, which count the critic's
LLM judge call (`usage.llm.critic`) as well as the turns' calls; the `critic_*` columns show
the judge's share. Records without totals (written before they existed, or edited by hand)
fall back to the sum over their turns. Turn rows keep each turn's own usage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from agents.checks.pii import mask_text
from agents.critic import undecided_criteria
from simulator.errors import UserError
from simulator.review import decisions
from simulator.rundir import run_db
from simulator.store import RunStore, StoreError

TRAITS = ("tone", "patience", "verbosity", "tech_savviness", "language")
USAGE_KEYS = ("prompt_tokens", "completion_tokens", "cost_usd")
CRITIC_KEYS = ("critic_calls", *(f"critic_{key}" for key in USAGE_KEYS))
NO_EDGE_CASE = "(none)"


class RunFrames(NamedTuple):
    conversations: pd.DataFrame
    turns: pd.DataFrame
    verdicts: pd.DataFrame
    coverage: pd.DataFrame
    findings: pd.DataFrame


def open_run(run_dir: Path) -> RunStore:
    """run.db of DIR, read-only, or a UserError naming DIR and the fix."""
    db = run_db(run_dir)
    try:
        return RunStore(db, readonly=True)
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def review_decisions(store: RunStore) -> dict[str, str]:
    """conversation id -> ACCEPT/REJECT decided by a person (`convsim review`); skips decide
    nothing."""
    return {cid: d.label for cid, d in decisions(store).items() if d.label is not None}


def iter_records(store: RunStore) -> Iterator[dict[str, Any]]:
    """Transcript records as plain dicts, in plan order (dicts: fields added later survive)."""
    for text in store.iter_transcript_json():
        yield json.loads(text)


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


def load_run(run_dir: str | Path) -> RunFrames:
    """DataFrames of a run: conversations, turns, verdicts, coverage (and findings)."""
    with open_run(Path(run_dir)) as store:
        decisions = review_decisions(store)
        # Streamed: one record at a time becomes rows; the records are never all held.
        return frames(iter_records(store), decisions)


def frames(records: Iterable[dict[str, Any]], decisions: dict[str, str]) -> RunFrames:
    conv_rows: list[dict[str, Any]] = []
    turn_rows: list[dict[str, Any]] = []
    verdict_rows: list[dict[str, Any]] = []
    finding_rows: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        cid = record["id"]
        persona = record.get("persona") or {}
        verdict = record.get("verdict") or {}
        outcome = record.get("outcome") or {}
        label = verdict.get("label")
        final = final_label(record, decisions)
        totals = dict.fromkeys(USAGE_KEYS, 0.0)
        latency = 0.0
        has_usage = has_latency = False
        for position, turn in enumerate(record.get("turns", [])):
            usage = turn.get("usage") or {}
            row = {
                "conversation_id": cid,
                "position": position,
                "role": turn.get("role"),
                "act": turn.get("act"),
                "content": turn.get("content", ""),
                "edge_case": turn.get("edge_case"),
                "chars": len(turn.get("content", "")),
                "words": len(turn.get("content", "").split()),
                "latency_ms": turn.get("latency_ms"),
                "model": usage.get("model"),
                "cached": usage.get("cached"),
                "tool_calls": _calls_text(turn.get("tool_calls")),
                "tool": turn.get("name"),
                "tool_call_id": turn.get("tool_call_id"),
                "tool_error": turn.get("error"),
            }
            for key in USAGE_KEYS:
                value = usage.get(key)
                row[key] = value
                if isinstance(value, int | float):
                    totals[key] += float(value)
                    has_usage = True
            if isinstance(turn.get("latency_ms"), int | float):
                latency += float(turn["latency_ms"])
                has_latency = True
            turn_rows.append(row)
        scores = verdict.get("scores") or {}
        conv: dict[str, Any] = {
            "id": cid,
            "index": index,
            "run_id": record.get("run_id"),
            "scenario_id": record.get("scenario_id"),
            "domain": str(record.get("scenario_id", "")).split("/", 1)[0],
            "edge_cases": list(record.get("edge_cases", [])),
            "seed": record.get("seed"),
            "status": outcome.get("status"),
            "ended_by": outcome.get("ended_by"),
            "reason": outcome.get("reason"),
            "label": label,
            "review": decisions.get(cid),
            "final_label": final,
            "passed": passed(final, decisions.get(cid) is not None, verdict),
            "undecided": undecided_criteria([str(u) for u in verdict.get("unjudged") or []]),
            "blame": verdict.get("blame"),
            "n_turns": len(record.get("turns", [])),
            "n_findings": len(verdict.get("findings", [])),
            "locale": (persona.get("identity") or {}).get("locale"),
            **{trait: persona.get(trait) for trait in TRAITS},
            "quirks": list(persona.get("quirks", [])),
            **{f"score_{dim}": float(v) for dim, v in sorted(scores.items())},
            **conversation_usage(record.get("usage"), totals if has_usage else None),
            "latency_ms": latency if has_latency else None,
        }
        conv_rows.append(conv)
        verdict_rows.append(
            {
                "conversation_id": cid,
                "label": label,
                "review": decisions.get(cid),
                "final_label": final,
                "rationale": verdict.get("rationale", ""),
                "unjudged": list(verdict.get("unjudged", [])),
                **{f"score_{dim}": float(v) for dim, v in sorted(scores.items())},
            }
        )
        for finding in verdict.get("findings", []):  # masked again: runs made before masking
            masked = {k: mask_text(finding[k]) for k in ("evidence", "explanation")
                      if isinstance(finding.get(k), str)}  # fmt: skip
            finding_rows.append({"conversation_id": cid, **finding, **masked})
    conversations = pd.DataFrame(conv_rows, columns=_columns(conv_rows, CONV_COLUMNS))
    return RunFrames(
        conversations=conversations,
        turns=pd.DataFrame(turn_rows, columns=TURN_COLUMNS),
        verdicts=pd.DataFrame(verdict_rows, columns=_columns(verdict_rows, VERDICT_COLUMNS)),
        coverage=coverage(conversations),
        findings=pd.DataFrame(finding_rows, columns=FINDING_COLUMNS),
    )


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
COVERAGE_COLUMNS = ["factor", "value", "conversations", "graded", "passed", "pass_rate"]


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


def _columns(rows: list[dict[str, Any]], base: list[str]) -> list[str]:
    """The fixed columns plus score columns (rubrics differ per run), sorted, after them."""
    scores = sorted({k for row in rows for k in row if k.startswith("score_")})
    return [*base, *scores]


def factor_rows(conversations: pd.DataFrame) -> pd.DataFrame:
    """One row per (conversation, factor, value): the long form coverage is counted from."""
    parts: list[pd.DataFrame] = []
    keep = ["id", "passed"]
    for factor in ("scenario_id", "domain", *TRAITS, "status"):
        part = conversations[[*keep, factor]].rename(columns={factor: "value"})
        part["factor"] = "scenario" if factor == "scenario_id" else factor
        parts.append(part)
    for factor, column in (("edge_case", "edge_cases"), ("quirk", "quirks")):
        exploded = conversations[[*keep, column]].copy()
        exploded[column] = exploded[column].map(lambda v: list(v) or [NO_EDGE_CASE])
        exploded = exploded.explode(column).rename(columns={column: "value"})
        exploded["factor"] = factor
        parts.append(exploded)
    if not parts:
        return pd.DataFrame(columns=[*keep, "value", "factor"])
    return pd.concat(parts, ignore_index=True)


def coverage(conversations: pd.DataFrame) -> pd.DataFrame:
    """Per factor value: how many conversations ran, how many were graded, the pass rate."""
    if conversations.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    long = factor_rows(conversations)
    long["graded"] = long["passed"].notna()
    long["ok"] = long["passed"].eq(True)
    table = (
        long.groupby(["factor", "value"], sort=True)
        .agg(conversations=("id", "size"), graded=("graded", "sum"), passed=("ok", "sum"))
        .reset_index()
    )
    table["pass_rate"] = (table["passed"] / table["graded"]).where(table["graded"] > 0)
    return table[COVERAGE_COLUMNS]
