"""Forking a stored conversation: its state before one turn, continued K times, each graded.

A fork restores what the conversation was before turn TURN (a 0-based position in its
transcript, as findings count turns): the plan (read back from run.db and the run's scenarios,
which must hash to what the run recorded), the turns before TURN byte for byte, the domain's
records (the stored tool calls before TURN replayed on a fresh copy, agents.checks.actions),
and both sides' memories. Memories are not stored: a scripted role's memory is rebuilt by
replaying the stored prefix through it with the seed that wrote each turn (each role is
deterministic given plan, turns and memory; for a fork of a fork, simulator.forks.forktree's
`Lineage` says which ancestor wrote which turns); a model-backed role's memory is only its
rendered system prompt, which it renders again from an empty memory, so it starts empty.

Continuation k gets the seed `derive_seed("fork", parent seed, TURN, k)` and the id
`<parent>-f<TURN>-<k>` (plus `-e<hash>` when its engines differ from the run's), so the same
command stores the same children: re-running it simulates only the ones not yet stored.
Children live in run.db's `forks` table (m006_forks; m007_fork_tree lets a parent be a fork),
one committed row each, and manifest.json lists them all.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from agents.checks.replay import replay, transcript_calls
from agents.planner import derive_seed
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import Desk, dialogue, takes_desk
from agents.types import ConversationPlan, Outcome, Role, Transcript, Turn, Verdict
from scenarios.domains import domain_for
from simulator.errors import UserError
from simulator.forks.forktree import Lineage, find_conversation, fork_listing, lineage
from simulator.run.graph import ConversationState, build_graph, run_conversation
from simulator.run.inputs import content_hash
from simulator.run.rerun import make_transcript
from simulator.run.runner import Engines
from simulator.store.rundb import RunStore
from simulator.store.rundir import MANIFEST_NAME, run_db, write_manifest

MAX_FORKS = 1000  # continuations per fork point


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


async def customer_memories(
    origin: ConversationPlan | Lineage, prefix: Sequence[Turn], customer: Role
) -> list[dict[str, Any]]:
    """The scripted customer's memory after each of its turns in `prefix`, rebuilt by replaying
    the prefix through it under the plan that wrote each turn (empty for a model-backed one)."""
    line = _lineage(origin)
    if not isinstance(customer, ScriptedCustomer):
        return [{} for t in prefix if t.role == "customer"]
    domain = domain_for(line.root.scenario)
    memory: dict[str, Any] = {}
    out: list[dict[str, Any]] = []
    for i, turn in enumerate(prefix):
        if turn.role != "customer":
            continue
        before = list(prefix[:i])
        seen = dialogue(before) if domain is not None else before
        memory = dict((await customer.respond(line.plan_at(i), seen, memory)).memory)
        out.append(memory)
    return out


async def restore(
    origin: ConversationPlan | Lineage, prefix: Sequence[Turn], engines: Engines
) -> ConversationState:
    """The graph state before `prefix`'s next turn, under the plans (seeds) that wrote it."""
    line = _lineage(origin)
    domain = domain_for(line.root.scenario)
    memories = await customer_memories(line, prefix, engines.customer)
    state: ConversationState = {
        "turns": list(prefix),
        "customer_memory": memories[-1] if memories else {},
        "support_memory": {},
    }
    support = engines.support if isinstance(engines.support, ScriptedSupport) else None
    for i, turn in enumerate(prefix):
        before = list(prefix[:i])
        if (
            turn.role == "support"
            and support is not None
            and (i == 0 or before[-1].role == "customer")
        ):
            plan = line.plan_at(i)
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
        desk.follow(prefix)  # new call ids go on from the prefix's
        state["desk"] = desk
    return state


def _lineage(origin: ConversationPlan | Lineage) -> Lineage:
    return origin if isinstance(origin, Lineage) else Lineage(((0, origin),))


async def continue_from(
    graph: CompiledStateGraph[Any],
    parent: ConversationPlan | Lineage,
    child: ConversationPlan,
    prefix: Sequence[Turn],
    engines: Engines,
) -> tuple[list[Turn], Outcome, Verdict]:
    """`child`'s conversation from `prefix`, restored under the `parent` plan (or the lineage
    of plans, for a fork of a fork) that made it."""
    start = await restore(parent, prefix, engines)
    return await run_conversation(graph, child, start)


def child_id(parent: str, at: int, k: int, tag: str) -> str:
    return f"{parent}-f{at}-{k}{tag}"


def engine_tag(engines: Engines, run_engines: dict[str, Any]) -> str:
    names = dict(sorted(engines.names.items()))
    return "" if names == dict(sorted(run_engines.items())) else "-e" + content_hash(names)[:6]


def check_own_turn(transcript: Transcript, line: Lineage, at: int) -> None:
    """A fork of a fork starts after its fork turn: the turns before are its parent's, and a
    fork there is its parent's fork (a sibling), not its child."""
    turn = line.fork_turn
    if turn is not None and at <= turn:
        parent = line.segments[-2][1].id
        raise UserError(
            f"--at {at}: {transcript.id} was forked from {parent} at turn {turn}, so its own "
            f"turns start after that; fork it at a turn from {turn + 1} on, or fork {parent} "
            f"at {at}"
        )


def fork(run_dir: Path, wanted: str, at: int, n: int, engines: Engines) -> tuple[str, list[Child]]:
    """Simulate the missing continuations of conversation `wanted` (a run conversation or a
    fork) at turn `at`; all K are returned (stored earlier or now). Validates everything
    before writing anything; manifest.json lists the run's forks afterwards."""
    if not 1 <= n <= MAX_FORKS:
        raise UserError(f"--n {n}: give the number of continuations, 1 to {MAX_FORKS}")
    db = run_db(run_dir)
    with RunStore(db) as store:  # migrates an older run.db (adds the forks table) first
        parent = find_conversation(store, run_dir, wanted)
        check_fork_point(parent, at)
        if parent.outcome.status == "error":
            raise UserError(
                f"--id {wanted}: the conversation ended in an infrastructure error; "
                "fork a graded one"
            )
        line = lineage(store, run_dir, parent)
        check_own_turn(parent, line, at)
        plan = line.leaf
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
                continue_from(graph, line, child, parent.turns[:at], engines)
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
        list_forks(run_dir, store)
    return parent.id, children


def list_forks(run_dir: Path, store: RunStore) -> None:
    """manifest.json's `forks`: every stored fork (rewritten whole, atomically)."""
    path = run_dir / MANIFEST_NAME
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no manifest yet (a run still in its first session)
        return
    info["forks"] = fork_listing(store)
    write_manifest(path, info)
