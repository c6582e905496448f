"""Exports: a run's transcripts as training data (jsonl, openai, sharegpt, parquet).

The pipeline, in plan order: filters (review decisions over the critic's label) -> the chat
shape (`--as`, system prompt) -> the privacy screen -> near-duplicate removal -> one file,
written to a temp file and moved into place. Nothing depends on time or set order, so the same
run with the same flags gives the same bytes. Every dropped record is counted under its reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from scenarios.model import Scenario
from simulator.bots.nojudge import left_out_of
from simulator.errors import UserError
from simulator.export.dedup import DEFAULT_THRESHOLD, Duplicate, near_duplicates
from simulator.export.formats import (
    NotChat,
    chat_messages,
    dumps,
    jsonl_line,
    openai_line,
    parquet_row,
    parquet_table,
    sharegpt_line,
)
from simulator.export.preference import (
    FORK_ROWS,
    PAIRED,
    dedup_pairs,
    dpo_lines,
    export_pairs,
    kto_lines,
)
from simulator.export.privacy import Block, allowed_keys, engine_values, merged, screen
from simulator.export.prompts import run_scenarios, scenario_texts, system_prompt
from simulator.export.select import Filters, Known, check_against_run, rejection
from simulator.export.worlds import Worlds
from simulator.quality.review import Decision, apply_review
from simulator.quality.review import decisions as all_decisions
from simulator.store.atomic import check_out_file, landing, temp_beside, write_atomic
from simulator.store.data import (
    final_label,
    in_progress,
    iter_records,
    open_run,
    review_decisions,
)
from simulator.store.rundb import RunStore
from simulator.store.rundir import check_not_run_file, read_manifest

PARQUET_CHUNK = 1000  # rows per Arrow batch: bounded memory, few row groups


@dataclass(frozen=True)
class ExportRequest:
    run_dir: Path
    format: str
    out: Path
    side: str = "support"
    system_prompt: bool | None = None  # None: on for the chat formats when scenarios are readable
    filters: Filters = field(default_factory=Filters)
    dedup: bool = True
    dedup_threshold: float = DEFAULT_THRESHOLD
    min_gap: float = 0.5  # dpo/kto: the least score difference between chosen and rejected


@dataclass
class ExportSummary:
    total: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    blocked: list[Block] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Item:
    record: dict[str, Any]
    label: str | None
    review: str | None
    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] = field(default_factory=list)  # the domain's, chat formats


def export_run(request: ExportRequest) -> ExportSummary:
    """Write the export; returns what was kept, dropped and why. Raises UserError."""
    if not 0.0 < request.dedup_threshold <= 1.0:
        raise UserError(
            f"--dedup-threshold {request.dedup_threshold}: give a similarity above 0 and at most 1"
        )
    check_not_run_file(request.out, request.run_dir)
    check_out_file(request.out)
    summary = ExportSummary()
    left_out = left_out_of(read_manifest(request.run_dir)["config"])
    if left_out is not None:
        request = replace(request, filters=replace(request.filters, left_out=left_out))
        count = sum(len(names) for names in left_out.values())
        summary.notes.append(
            f"the run was made with --no-judge: its {count} judge criteria are not graded, so "
            "an ACCEPT open on them alone counts as ACCEPT"
        )
    writing = in_progress(request.run_dir)
    with open_run(request.run_dir) as store:
        _export(store, request, summary)
    if writing:
        summary.notes.append(
            "the run is still being written by another convsim process: this export holds the "
            "conversations it had finished when the export began; export again once it ends"
        )
    return summary


def _export(store: RunStore, request: ExportRequest, summary: ExportSummary) -> None:
    """Three streamed passes over run.db, so memory does not grow with the run: what the run
    holds (to check the flags), then select/shape/screen each record into a spool file while
    near-duplicates are found, then copy the spool's survivors into the export."""
    config = store.run_config()
    decisions = review_decisions(store)
    reviews = all_decisions(store)
    known = Known()
    for record in iter_records(store):
        known.add(record)
        summary.total += 1
    check_against_run(request.filters, known, str(request.run_dir))
    if decisions:
        summary.notes.append(f"{len(decisions)} review decisions used over the critic's labels")
    chat = request.format != "jsonl"
    scenarios = run_scenarios(request.run_dir, config[2] if config else None)
    prompts = chat and request.system_prompt is not False
    if prompts and scenarios is None:
        if request.system_prompt:
            raise UserError(
                f"--system-prompt: the scenarios of {request.run_dir} cannot be read back as they"
                " were (paths in manifest.json moved or changed); pass --no-system-prompt"
            )
        prompts = False
        summary.notes.append("no system prompt: the run's scenario files changed or moved")
    if request.format in PAIRED:  # pairs need their fork's rows: read whole
        records = list(iter_records(store))
        fork_rows = store.db.execute(FORK_ROWS).fetchall()
        summary.total = 0  # _paired counts what it reads
        _paired(request, records, fork_rows, decisions, scenarios if prompts else None, summary)
        return
    worlds = Worlds()
    untooled = 0
    dims = sorted(known.dimensions)

    def candidates(spool: IO[str]) -> Iterator[tuple[str, str]]:
        nonlocal untooled
        for record in iter_records(store):
            item = _select(record, decisions, request, summary, scenarios if prompts else None)
            if item is None:
                continue
            scenario = (scenarios or {}).get(str(record.get("scenario_id")))
            if chat and request.side == "support" and request.format != "parquet":
                item.tools = worlds.tools(scenario)
                calls = any(m.get("tool_calls") for m in item.messages)
                untooled += calls and not item.tools
            if _screen(item, scenario, summary, worlds):
                spool.write(dumps(item.record["id"]) + "\n" + _line(request, item, reviews))
                yield item.record["id"], _text(item)

    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n") as spool:
            if request.dedup:
                summary.duplicates = near_duplicates(candidates(spool), request.dedup_threshold)
            else:
                for _ in candidates(spool):
                    pass
            gone = {d.id for d in summary.duplicates}
            if gone:
                summary.dropped["near-duplicate"] += len(gone)
            spool.seek(0)
            summary.kept = _write(request, _survivors(spool, gone), dims)
    except OSError as exc:
        raise UserError(f"--out {request.out}: cannot write it ({exc.strerror or exc})") from exc
    if untooled:
        summary.notes.append(
            f"{untooled} records call tools but carry no tool definitions: the run's scenario "
            "or domain files changed or moved"
        )


def _line(request: ExportRequest, item: _Item, reviews: dict[str, Decision]) -> str:
    """One record's export line (parquet: its row as JSON, turned into Arrow in chunks)."""
    if request.format == "parquet":
        row = parquet_row(item.record, item.messages, item.label, item.review, request.side)
        return dumps(row) + "\n"
    if request.format == "jsonl":
        return jsonl_line(apply_review(item.record, reviews.get(item.record["id"])))
    if request.format == "openai":
        return openai_line(item.messages, item.tools)
    return sharegpt_line(item.record["id"], item.messages, item.tools)


def _survivors(spool: IO[str], gone: set[str]) -> Iterator[str]:
    """The spooled lines whose record was not dropped as a near-duplicate, in order."""
    while key := spool.readline():
        line = spool.readline()
        if json.loads(key) not in gone:
            yield line


def _paired(
    request: ExportRequest,
    records: list[dict[str, Any]],
    rows: list[tuple[Any, ...]],
    decisions: dict[str, str],
    scenarios: dict[str, Scenario] | None,
    summary: ExportSummary,
) -> None:
    """dpo/kto: pairs from the run's fork points (simulator.export.preference)."""
    if request.min_gap <= 0:
        raise UserError(f"--min-gap {request.min_gap}: give a score gap above 0 (ties are dropped)")
    if not rows:
        raise UserError(
            f"{request.run_dir}: no forks to pair; make some with "
            f"convsim fork {request.run_dir} --id ID --at TURN --n K"
        )
    worlds = Worlds()

    def keep(record: dict[str, Any], scenario: Scenario | None) -> bool:
        return _screen(_Item(record, None, None, []), scenario, summary, worlds)

    pairs = export_pairs(request, records, rows, decisions, scenarios, summary, keep)
    if request.dedup and pairs:
        pairs, summary.duplicates = dedup_pairs(pairs, request.dedup_threshold)
        if summary.duplicates:
            summary.dropped["near-duplicate"] += len(summary.duplicates)
    lines = list(dpo_lines(pairs) if request.format == "dpo" else kto_lines(pairs))
    summary.kept = len(lines)
    try:
        write_atomic(request.out, iter(lines))
    except OSError as exc:
        raise UserError(f"--out {request.out}: cannot write it ({exc.strerror or exc})") from exc


def _select(
    record: dict[str, Any],
    decisions: dict[str, str],
    request: ExportRequest,
    summary: ExportSummary,
    scenarios: dict[str, Scenario] | None,
) -> _Item | None:
    label = final_label(record, decisions)
    review = decisions.get(record["id"])
    reason = rejection(record, label, request.filters, reviewed=review is not None)
    if reason is not None:
        if review is not None and reason.startswith("verdict"):
            reason = f"review {review}"
        summary.dropped[reason] += 1
        return None
    messages: list[dict[str, str]] = []
    if request.format != "jsonl":
        system = None
        if scenarios is not None:
            scenario = scenarios.get(str(record.get("scenario_id")))
            system = system_prompt(request.side, scenario, record) if scenario else None
        try:
            tools = request.format != "parquet"
            messages = chat_messages(record, request.side, system, tools)
        except NotChat as exc:
            summary.dropped[str(exc)] += 1
            return None
    return _Item(record, label, review, messages)


def _screen(item: _Item, scenario: Scenario | None, summary: ExportSummary, worlds: Worlds) -> bool:
    """Personal data in the messages, the tool calls' arguments and the tool results that is
    neither the conversation's own nor in its domain's records blocks the record."""
    record = item.record
    identity = (record.get("persona") or {}).get("identity") or {}
    written = scenario_texts(scenario) if scenario is not None else []
    own = {**(record.get("variables") or {})}
    own.update({f"slot{i}": v for i, v in enumerate(engine_values(record.get("turns", [])))})
    allowed = allowed_keys(identity, own, written)
    records = worlds.allowed(scenario)
    if records is not None:
        allowed = merged(allowed, records)
    texts: list[tuple[int | None, str]]
    texts = [(i, _turn_text(t)) for i, t in enumerate(record.get("turns", []))]
    if item.messages and item.messages[0]["role"] == "system":
        texts.insert(0, (None, item.messages[0]["content"]))
    blocks = screen(record["id"], texts, allowed)
    if blocks:
        summary.blocked.extend(blocks)
        summary.dropped["privacy screen"] += 1
        return False
    return True


def _turn_text(turn: dict[str, Any]) -> str:
    """A turn's text for the screen: what was said, and the arguments of any calls."""
    text = str(turn.get("content", ""))
    for call in turn.get("tool_calls") or ():
        text += "\n" + dumps(call.get("arguments") or {})
    return text


def _text(item: _Item) -> str:
    """The conversation for near-duplicate detection: what was said, not the tool results
    (records shared by many conversations would make them look alike)."""
    return "\n".join(
        str(t.get("content", ""))
        for t in item.record.get("turns", [])
        if t.get("role") in ("customer", "support")
    )


def _write(request: ExportRequest, lines: Iterator[str], dims: list[str]) -> int:
    """Write the export atomically, a chunk at a time; returns how many records it holds."""
    count = 0

    def counted() -> Iterator[str]:
        nonlocal count
        for line in lines:
            count += 1
            yield line

    if request.format != "parquet":
        write_atomic(request.out, counted())
        return count
    import pyarrow.parquet as pq

    out = landing(request.out)
    tmp = temp_beside(out)
    try:
        schema = parquet_table([], dims).schema
        with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
            chunk: list[dict[str, Any]] = []
            for line in counted():
                chunk.append(json.loads(line))
                if len(chunk) == PARQUET_CHUNK:
                    writer.write_table(parquet_table(chunk, dims))
                    chunk = []
            if chunk or count == 0:
                writer.write_table(parquet_table(chunk, dims))
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count
