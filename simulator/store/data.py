"""A run as pandas DataFrames, for notebooks, exports and the report.

`load_run(DIR)` reads run.db (the source of truth, not transcripts.jsonl, which only exists
once a run completes) and returns flat tables: one row per conversation, per turn, per verdict
and per coverage cell, all in memory. `iter_run(DIR)` gives the same tables a chunk of
conversations at a time, for runs too big to hold (`run_coverage(DIR)` the coverage table).
How a row is made, and what counts as passed: `simulator.store.tables`.

A conversation's tokens and cost are its record's `usage` totals, which count the critic's
LLM judge call (`usage.llm.critic`) as well as the turns' calls; the `critic_*` columns show
the judge's share. Records without totals (written before they existed, or edited by hand)
fall back to the sum over their turns. Turn rows keep each turn's own usage.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from simulator.errors import UserError
from simulator.quality.review import decisions
from simulator.store.rundb import RunStore, StoreError, read_snapshot, writer_active
from simulator.store.rundir import run_db
from simulator.store.tables import (
    CONV_COLUMNS,
    CRITIC_KEYS,
    FINDING_COLUMNS,
    TURN_COLUMNS,
    USAGE_KEYS,
    VERDICT_COLUMNS,
    RunChunk,
    RunFrames,
    Tables,
    conversation_usage,
    final_label,
    passed,
    record_rows,
)
from simulator.store.tallies import COVERAGE_COLUMNS, NO_EDGE_CASE, TRAITS, Coverage

__all__ = [
    "CONV_COLUMNS", "CRITIC_KEYS", "FINDING_COLUMNS", "NO_EDGE_CASE", "TRAITS", "TURN_COLUMNS",
    "USAGE_KEYS", "VERDICT_COLUMNS", "RunChunk", "RunFrames", "conversation_usage", "coverage",
    "final_label", "frames", "in_progress", "iter_records", "iter_run", "load_run", "open_run",
    "passed", "review_decisions", "run_coverage",
]  # fmt: skip


def open_run(run_dir: Path) -> RunStore:
    """run.db of DIR, read-only, or a UserError naming DIR and the fix.

    Everything read through it is the run as it was when it was opened (one read
    transaction, a WAL snapshot): a run another process is still writing gains conversations
    meanwhile, and an export that counted them in one pass and wrote them in the next said
    "exported 83 of 65"."""
    try:
        return read_snapshot(run_db(run_dir))
    except StoreError as exc:
        raise UserError(str(exc)) from exc


def in_progress(run_dir: Path) -> bool:
    """Whether another convsim process is writing the run now (what a reader sees is the
    run so far)."""
    return writer_active(run_db(run_dir))


def review_decisions(store: RunStore) -> dict[str, str]:
    """conversation id -> ACCEPT/REJECT decided by a person (`convsim review`); skips decide
    nothing."""
    return {cid: d.label for cid, d in decisions(store).items() if d.label is not None}


def iter_records(store: RunStore) -> Iterator[dict[str, Any]]:
    """Transcript records as plain dicts, in plan order (dicts: fields added later survive)."""
    for text in store.iter_transcript_json():
        yield json.loads(text)


def load_run(run_dir: str | Path) -> RunFrames:
    """DataFrames of a run: conversations, turns, verdicts, coverage (and findings).

    Everything in memory by contract: the frames hold every turn's text, so memory grows with
    the run (measured on the library's runs: about 11 KB per conversation at the peak, 6 KB of
    it the frames themselves). `iter_run` is the flat form.
    """
    with open_run(Path(run_dir)) as store:
        decisions = review_decisions(store)
        # Streamed: each record becomes column values at once; the records are never all held.
        return frames(iter_records(store), decisions)


def iter_run(run_dir: str | Path, chunk_size: int = 1000) -> Iterator[RunChunk]:
    """The tables of `load_run` for `chunk_size` conversations at a time, in plan order.

    Memory stays flat in the size of the run: one chunk's frames at a time. The trade-off:
    there is no coverage table (it needs every conversation: `run_coverage`), and each
    chunk's column types are pandas' inference over that chunk alone: a column with no value
    in a chunk (no tool call, no token usage) is all None there, `object`, where `load_run`
    gives `str` or float64 with NaN. `conversations["index"]` counts over the whole run.
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size {chunk_size}: give 1 or more conversations per chunk")
    with open_run(Path(run_dir)) as store:
        decisions = review_decisions(store)
        tables = Tables(coverage=False)
        for index, record in enumerate(iter_records(store)):
            tables.add(record, index, decisions)
            if tables.conversations.rows >= chunk_size:
                yield tables.chunk()
                tables = Tables(coverage=False)
        if tables.conversations.rows:
            yield tables.chunk()


def run_coverage(run_dir: str | Path) -> pd.DataFrame:
    """`load_run(DIR).coverage` without holding the run: counted as the records stream by."""
    tally = Coverage()
    with open_run(Path(run_dir)) as store:
        decisions = review_decisions(store)
        for index, record in enumerate(iter_records(store)):
            tally.add(record_rows(record, index, decisions, turns=False).conversation)
    return tally.table()


def frames(records: Iterable[dict[str, Any]], decisions: dict[str, str]) -> RunFrames:
    """The frames of `load_run` from records (an iterable: consumed once, never held)."""
    tables = Tables(coverage=True)
    for index, record in enumerate(records):
        tables.add(record, index, decisions)
    return tables.frames()


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
