"""Forking a stored conversation: its state before one turn, continued K times, each graded.

A fork restores what the conversation was before turn TURN (a 0-based position in its
transcript, as findings count turns): the plan (read back from run.db and the run's scenarios,
which must hash to what the run recorded), the turns before TURN byte for byte, the domain's
records (the stored tool calls before TURN replayed on a fresh copy, agents.checks.actions),
and both sides' memories. Memories are not stored: a scripted role's memory is rebuilt by
replaying the stored prefix through it with the parent's seed (each role is deterministic
given plan, turns and memory); a model-backed role's memory is only its rendered system
prompt, which it renders again from an empty memory, so it starts empty.

Continuation k gets the seed `derive_seed("fork", parent seed, TURN, k)` and the id
`<parent>-f<TURN>-<k>` (plus `-e<hash>` when its engines differ from the run's), so the same
command stores the same children: re-running it simulates only the ones not yet stored.
Children live in run.db's `forks` table (m006_forks), one committed row each.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from agents.checks.actions import replay, transcript_calls
from agents.planner import derive_seed
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import Desk, dialogue, takes_desk
from agents.types import ConversationPlan, Outcome, Transcript, Turn, Verdict
from scenarios.domains import domain_for
from simulator.errors import UserError
from simulator.export.prompts import run_scenarios
from simulator.graph import ConversationState, build_graph, run_conversation
from simulator.inputs import content_hash
from simulator.rerun import make_transcript
from simulator.rundir import run_db
from simulator.runner import Engines
from simulator.store import RunStore

MAX_FORKS = 1000  # continuations per fork point
_CALL_ID = re.compile(r"call_(\d+)")


@dataclass(frozen=True)
class Child:
    id: str
    k: int
    label: str | None
    score: float | None
    status: str
    simulated: bool  # False: already stored by an earlier session


def fork_seed(parent_seed: int, turn: int, k: int) -> int:
    return derive_seed("fork", parent_seed, turn, k)


def verdict_score(verdict: Verdict | None) -> float | None:
    """The continuation's grade as one number: the mean of its dimension scores (1 to 5)."""
    if verdict is None or not verdict.scores:
        return None
    return round(sum(verdict.scores.values()) / len(verdict.scores), 4)


def check_fork_point(transcript: Transcript, at: int) -> None:
    """A fork starts a turn a role produces whole: a customer turn or the first turn of a
    support reply. Tool turns, and support text after its tool calls, are mid-reply."""
    turns = transcript.turns
    if not 0 <= at < len(turns):
        raise UserError(
            f"--at {at}: conversation {transcript.id} has turns 0 to {len(turns) - 1}; "
            "give one of those"
        )
    turn = turns[at]
    if turn.role == "tool":
        raise UserError(
            f"--at {at}: turn {at} of {transcript.id} is a tool result, not a turn a role "
            "speaks; fork at the customer turn before it or the reply that called the tool"
        )
    if turn.role == "support" and at > 0 and turns[at - 1].role != "customer":
        raise UserError(
            f"--at {at}: turn {at} of {transcript.id} ends a support reply that called tools; "
            "fork at the first turn of that reply"
        )


def parent_plan(store: RunStore, run_dir: Path, transcript: Transcript) -> ConversationPlan:
    row = store.db.execute("SELECT plan FROM plans WHERE id = ?", (transcript.id,)).fetchone()
    stored = store.run_config()
    scenarios = run_scenarios(run_dir, stored[2] if stored else None)
    if row is None or scenarios is None or transcript.scenario_id not in scenarios:
        raise UserError(
            f"{run_dir}: the run's scenarios cannot be read back as they were (moved or edited "
            "since the run); restore them at the paths in manifest.json to fork"
        )
    data = json.loads(row[0])
    data.pop("scenario_id", None)
    return ConversationPlan.model_validate({**data, "scenario": scenarios[transcript.scenario_id]})


async def restore(
    plan: ConversationPlan, prefix: Sequence[Turn], engines: Engines
) -> ConversationState:
    """The graph state before `prefix`'s next turn, under the parent's plan and seed."""
    domain = domain_for(plan.scenario)
    state: ConversationState = {"turns": list(prefix), "customer_memory": {}, "support_memory": {}}
    customer = engines.customer if isinstance(engines.customer, ScriptedCustomer) else None
    support = engines.support if isinstance(engines.support, ScriptedSupport) else None
    for i, turn in enumerate(prefix):
        before = list(prefix[:i])
        if turn.role == "customer" and customer is not None:
            seen = dialogue(before) if domain is not None else before
            reply = await customer.respond(plan, seen, state["customer_memory"])
            state["customer_memory"] = dict(reply.memory)
        elif (
            turn.role == "support"
            and support is not None
            and (i == 0 or before[-1].role == "customer")
        ):
            if domain is not None and takes_desk(support):
                scratch = Desk(replay(domain, transcript_calls(before)))
                try:
                    reply = await support.respond(
                        plan, before, state["support_memory"], desk=scratch
                    )
                finally:
                    scratch.close()
            else:
                reply = await support.respond(plan, before, state["support_memory"])
            state["support_memory"] = dict(reply.memory)
    if domain is not None and len(prefix) >= 2:  # the graph opens a desk on support's 1st turn
        desk = Desk(replay(domain, transcript_calls(prefix)))
        desk._count = max(  # new call ids go on from the prefix's
            (int(m.group(1)) for t in prefix for c in t.tool_calls or ()
             if (m := _CALL_ID.fullmatch(c.id))),
            default=0,
        )  # fmt: skip
        state["desk"] = desk
    return state


async def continue_from(
    graph: CompiledStateGraph[Any],
    parent: ConversationPlan,
    child: ConversationPlan,
    prefix: Sequence[Turn],
    engines: Engines,
) -> tuple[list[Turn], Outcome, Verdict]:
    """`child`'s conversation from `prefix`, restored under the `parent` plan that made it."""
    start = await restore(parent, prefix, engines)
    return await run_conversation(graph, child, start)


def child_id(parent: str, at: int, k: int, tag: str) -> str:
    return f"{parent}-f{at}-{k}{tag}"


def engine_tag(engines: Engines, run_engines: dict[str, Any]) -> str:
    names = dict(sorted(engines.names.items()))
    return "" if names == dict(sorted(run_engines.items())) else "-e" + content_hash(names)[:6]


def find_parent(store: RunStore, run_dir: Path, wanted: str) -> Transcript:
    found = store.transcript(wanted)
    if found is not None:
        return found
    raise UserError(
        f"--id {wanted}: no such conversation in {run_dir}; list them with convsim show {run_dir}"
    )


def fork(run_dir: Path, wanted: str, at: int, n: int, engines: Engines) -> tuple[str, list[Child]]:
    """Simulate the missing continuations of conversation `wanted` at turn `at`; all K are
    returned (stored earlier or now). Validates everything before writing anything."""
    if not 1 <= n <= MAX_FORKS:
        raise UserError(f"--n {n}: give the number of continuations, 1 to {MAX_FORKS}")
    db = run_db(run_dir)
    with RunStore(db) as store:  # migrates an older run.db (adds the forks table) first
        parent = find_parent(store, run_dir, wanted)
        check_fork_point(parent, at)
        if parent.outcome.status == "error":
            raise UserError(
                f"--id {wanted}: the conversation ended in an infrastructure error; "
                "fork a graded one"
            )
        plan = parent_plan(store, run_dir, parent)
        run_id, _, config = store.run_config() or ("", "", {})
        if engines.hooks is not None:
            engines.hooks.check()
        tag = engine_tag(engines, config.get("engines", {}))
        graph = build_graph(engines.customer, engines.support, engines.grade)
        names = json.dumps(dict(sorted(engines.names.items())), sort_keys=True)
        children: list[Child] = []
        for k in range(n):
            cid = child_id(parent.id, at, k, tag)
            row = store.db.execute(
                "SELECT label, score, status FROM forks WHERE id = ?", (cid,)
            ).fetchone()
            if row is not None:
                children.append(Child(cid, k, row[0], row[1], row[2], simulated=False))
                continue
            seed = fork_seed(plan.seed, at, k)
            child = plan.model_copy(update={"id": cid, "seed": seed})
            turns, outcome, verdict = asyncio.run(
                continue_from(graph, plan, child, parent.turns[:at], engines)
            )
            record = make_transcript(run_id, child, turns, outcome, verdict)
            score = verdict_score(verdict)
            store.db.execute(
                "INSERT INTO forks (id, parent_id, fork_turn, k, seed, engines, status, label,"
                " score, transcript) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cid, parent.id, at, k, seed, names, outcome.status, verdict.label, score,
                 record.model_dump_json()),
            )  # fmt: skip
            children.append(Child(cid, k, verdict.label, score, outcome.status, simulated=True))
    return parent.id, children


@dataclass(frozen=True)
class StoredFork:
    parent_id: str
    fork_turn: int
    k: int
    score: float | None
    transcript: Transcript


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


def fork_transcript(store: RunStore, fork_id: str) -> Transcript | None:
    """A stored continuation by its id (None when there is none, or no forks table yet)."""
    try:
        row = store.db.execute("SELECT transcript FROM forks WHERE id = ?", (fork_id,)).fetchone()
    except sqlite3.OperationalError:  # a run.db from before m006_forks, opened read-only
        return None
    return None if row is None else Transcript.model_validate_json(row[0])
