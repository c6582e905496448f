"""The fork tree of a run: which conversation a stored fork continues, and who wrote each turn.

A fork's parent is a run conversation or another fork (a fork of a fork), so every fork has a
chain of ancestors ending at a conversation of the run. Its turns before its fork turn are its
parent's, which were in turn written by the parent's own ancestors up to their fork turns:
a `Lineage` says which plan (seed) wrote which turns, so a fork of a fork restores scripted
memories with the seed that actually produced each turn (simulator.forks.fork.restore).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agents.types import ConversationPlan, Transcript
from simulator.errors import UserError
from simulator.export.prompts import run_scenarios
from simulator.store.rundb import RunStore
from simulator.store.rundir import manifest_paths_problem

MAX_DEPTH = 100  # forks of forks of ...: a guard against a cycle in a hand-edited run.db


@dataclass(frozen=True)
class StoredFork:
    parent_id: str
    fork_turn: int
    k: int
    score: float | None
    transcript: Transcript


@dataclass(frozen=True)
class Lineage:
    """(first turn, plan) per writer, root first: turn i was written under the plan of the
    last segment starting at or before i."""

    segments: tuple[tuple[int, ConversationPlan], ...]

    @property
    def root(self) -> ConversationPlan:
        return self.segments[0][1]

    @property
    def leaf(self) -> ConversationPlan:
        return self.segments[-1][1]

    @property
    def fork_turn(self) -> int | None:
        """The turn the conversation was forked at (None for a run's own conversation)."""
        return self.segments[-1][0] if len(self.segments) > 1 else None

    def plan_at(self, turn: int) -> ConversationPlan:
        plan = self.root
        for start, p in self.segments:
            if start <= turn:
                plan = p
        return plan


def stored_forks(store: RunStore, parent_id: str | None = None) -> list[StoredFork]:
    """Children in tree order (parent, fork turn, k, id); one parent's when given."""
    sql = "SELECT parent_id, fork_turn, k, score, transcript FROM forks"
    args: tuple[str, ...] = ()
    if parent_id is not None:
        sql, args = sql + " WHERE parent_id = ?", (parent_id,)
    try:
        rows = store.db.execute(sql + " ORDER BY parent_id, fork_turn, k, id", args).fetchall()
    except sqlite3.OperationalError:  # a run.db from before m006_forks, opened read-only
        return []
    return [
        StoredFork(p, t, k, s, Transcript.model_validate_json(text)) for p, t, k, s, text in rows
    ]


def descendants(store: RunStore, parent_id: str) -> Iterator[tuple[int, StoredFork]]:
    """(depth, fork) for every fork below `parent_id`, depth-first in tree order (depth 0:
    its children)."""

    def walk(pid: str, depth: int) -> Iterator[tuple[int, StoredFork]]:
        if depth >= MAX_DEPTH:
            return
        for f in stored_forks(store, pid):
            yield depth, f
            yield from walk(f.transcript.id, depth + 1)

    yield from walk(parent_id, 0)


def fork_transcript(store: RunStore, fork_id: str) -> Transcript | None:
    """A stored continuation by its id (None when there is none, or no forks table yet)."""
    try:
        row = store.db.execute("SELECT transcript FROM forks WHERE id = ?", (fork_id,)).fetchone()
    except sqlite3.OperationalError:  # a run.db from before m006_forks, opened read-only
        return None
    return None if row is None else Transcript.model_validate_json(row[0])


def find_conversation(store: RunStore, run_dir: Path, wanted: str) -> Transcript:
    """A run conversation or a stored fork by its full id; a UserError naming the fix."""
    found = store.transcript(wanted) or fork_transcript(store, wanted)
    if found is not None:
        return found
    raise UserError(
        f"--id {wanted}: no such conversation in {run_dir}; list them with convsim show {run_dir}"
    )


def parent_plan(store: RunStore, run_dir: Path, transcript: Transcript) -> ConversationPlan:
    """The stored plan of a run conversation, with its scenario read back unchanged."""
    row = store.db.execute("SELECT plan FROM plans WHERE id = ?", (transcript.id,)).fetchone()
    stored = store.run_config()
    scenarios = run_scenarios(run_dir, stored[2] if stored else None)
    if row is None or scenarios is None or transcript.scenario_id not in scenarios:
        if (damaged := manifest_paths_problem(run_dir)) is not None:
            raise UserError(f"{damaged}, then fork")
        raise UserError(
            f"{run_dir}: the run's scenarios cannot be read back as they were (moved or edited "
            "since the run); restore them at the paths in manifest.json to fork"
        )
    data = json.loads(row[0])
    data.pop("scenario_id", None)
    return ConversationPlan.model_validate({**data, "scenario": scenarios[transcript.scenario_id]})


def lineage(store: RunStore, run_dir: Path, transcript: Transcript) -> Lineage:
    """Who wrote the turns of `transcript` (a run conversation or a fork, at any depth)."""
    chain: list[tuple[int, str, int]] = []  # (fork turn, fork id, seed), leaf first
    current = transcript.id
    while store.transcript(current) is None:
        row = store.db.execute(
            "SELECT parent_id, fork_turn, seed FROM forks WHERE id = ?", (current,)
        ).fetchone()
        if row is None or len(chain) >= MAX_DEPTH:
            raise UserError(f"--id {transcript.id}: its fork chain in {run_dir} is broken")
        chain.append((int(row[1]), current, int(row[2])))
        current = str(row[0])
    root_transcript = store.transcript(current)
    assert root_transcript is not None
    root = parent_plan(store, run_dir, root_transcript)
    segments = [(0, root)]
    for turn, fid, seed in reversed(chain):
        segments.append((turn, root.model_copy(update={"id": fid, "seed": seed})))
    return Lineage(tuple(segments))


def fork_listing(store: RunStore) -> list[dict[str, Any]]:
    """Every stored fork for manifest.json: where it sits in the tree and how it was graded."""
    try:
        rows = store.db.execute(
            "SELECT id, parent_id, fork_turn, k, seed, engines, status, label, score FROM forks"
            " ORDER BY parent_id, fork_turn, k, id"
        ).fetchall()
    except sqlite3.OperationalError:  # no forks table (read-only, from before m006_forks)
        return []
    keys = ("id", "parent_id", "fork_turn", "k", "seed", "engines", "status", "label", "score")
    out = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["engines"] = json.loads(item["engines"])
        out.append(item)
    return out
