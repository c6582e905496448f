"""`convsim test --replay`: a stored conversation's customer turns sent to a bot, then live.

A replay reproduces a conversation against another bot (or another version of the same one):
the stored customer turns before turn TURN of the source conversation (a run conversation or
a fork) are sent to the bot verbatim, one per bot reply, whatever the bot answers; from there
the simulated customer goes on live, its state restored as `convsim fork` restores it (the
scripted customer's memory rebuilt by replaying the source's own turns under the seeds that
wrote them, simulator.forks.fork.customer_memories), and the critic grades the whole conversation.
Against the bot that produced the source, with the scripted engines, a replay is the source
conversation again.

The result is a normal test run (run.db, transcripts.jsonl, manifest.json, report.json) whose
conversations keep their source's id and carry a `replay` link to it, so `convsim compare`
matches a replay with its source, or two replays of one source on two bots.

Without --at, TURN is the turn the source's first finding points to (where it went wrong, as
--fork-failures picks it); a conversation without such a finding is replayed whole, every
stored customer turn, its closing one included (then it ends as the source did).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.llm.budget import resume_budget
from agents.targets import LoadedTarget, TargetRole
from agents.types import ConversationPlan, Outcome, ReplayLink, Reply, Role, Transcript, Turn
from simulator.bots.bottest import (
    BotTestRequest,
    BotTestResult,
    check_test_flags,
    finish_test,
    nothing,
    play,
    read_target,
    target_engines,
    target_fingerprint,
    target_role,
    trial_plan,
)
from simulator.bots.preflight import preflight
from simulator.errors import UserError
from simulator.forks.fork import customer_memories
from simulator.forks.fork_failures import fork_turn
from simulator.forks.forktree import Lineage, find_conversation, lineage
from simulator.run.graph import build_graph, customer_turns
from simulator.run.inputs import Inputs, check_scripted_behaviors, content_hash, load_inputs
from simulator.run.ratelimit import RateLimiter
from simulator.run.runner import (
    Engines,
    Prepared,
    Progress,
    RunRequest,
    check_flags,
    run_settings,
    scripted_engines,
    simulate,
)
from simulator.store.rundb import RunStore, StoreError
from simulator.store.rundir import (
    DB_NAME,
    check_out,
    manifest_paths_problem,
    prepare_out,
    read_manifest,
    run_db,
)


@dataclass(frozen=True)
class ReplayRequest:
    run: Path  # the source run directory
    ids: tuple[str, ...]  # conversations of that run (or its forks), one replay each
    target: Path
    out: Path
    at: int | None = None  # None: each source's first finding's turn (see the module doc)
    trials: int = 1
    concurrency: int = 16
    rate: float | None = None
    force: bool = False
    retry_errors: bool = False
    preflight: bool = True
    no_judge: bool = False  # as `convsim test --no-judge`


@dataclass(frozen=True)
class Source:
    """One conversation to replay, resolved: what is sent, and the memories behind it."""

    transcript: Transcript
    line: Lineage
    at: int
    turns: tuple[Turn, ...]  # the customer turns sent verbatim, in order
    memories: tuple[Mapping[str, Any], ...]  # the customer's memory after each of them
    stop: Outcome | None  # the source's own ending, when the last turn sent is the one ending it

    def link(self, run: Path) -> ReplayLink:
        return ReplayLink(
            run=str(run),
            run_id=self.transcript.run_id,
            id=self.transcript.id,
            at=self.at,
            customer_turns=len(self.turns),
        )


@dataclass(frozen=True)
class PreparedReplay:
    request: ReplayRequest
    run: Prepared
    target: LoadedTarget
    engines: Engines
    role: TargetRole
    sources: tuple[Source, ...]


class ReplayCustomer:
    """The customer of a replay (agents.types.Role): the source's stored turns while there are
    any, then `live`. Conversation `i * trials + t` replays source i."""

    def __init__(self, live: Role, sources: Sequence[Source], trials: int) -> None:
        self.live, self.sources, self.trials = live, sources, trials

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        source = self.sources[plan.index // self.trials]
        said = customer_turns(turns)
        if said < len(source.turns):
            last = said == len(source.turns) - 1
            return Reply(
                turn=source.turns[said],
                memory=dict(source.memories[said]),
                stop=source.stop if last else None,
            )
        return await self.live.respond(plan, turns, memory)


def check_at(transcript: Transcript, at: int) -> None:
    last = len(transcript.turns)
    if not 0 <= at <= last:
        raise UserError(
            f"--at {at}: conversation {transcript.id} has turns 0 to {last - 1}; give one of "
            f"those, or {last} to send all its customer turns"
        )


def default_at(transcript: Transcript) -> int:
    at = fork_turn(transcript)
    return len(transcript.turns) if at is None else at


def sent_turns(transcript: Transcript, at: int) -> tuple[tuple[Turn, ...], Outcome | None]:
    """The customer turns before `at` as the bot gets them (what they cost is the source's,
    not the replay's: no usage), and the source's ending when the last of them ended it."""
    turns = tuple(
        t.model_copy(update={"usage": None}) for t in transcript.turns[:at] if t.role == "customer"
    )
    last = transcript.turns[-1] if transcript.turns else None
    ended = (
        at == len(transcript.turns)
        and last is not None
        and last.role == "customer"
        and transcript.outcome.ended_by == "customer"
    )
    return turns, transcript.outcome if ended else None


def source_inputs(run: Path, config: Mapping[str, Any]) -> Inputs:
    """The source run's scenarios, edge cases and traits, as they were when it ran."""
    problem = (
        f"--replay {run}: the run's scenarios cannot be read back as they were (moved or edited "
        "since the run); restore them at the paths in manifest.json to replay"
    )
    recorded = read_manifest(run)["config"]
    if (damaged := manifest_paths_problem(run)) is not None:
        raise UserError(f"--replay {damaged}, then replay")
    edge = recorded.get("edge_cases")
    try:
        inputs = load_inputs(
            tuple(Path(p) for p in recorded["paths"]), Path(edge) if edge else None
        )
    except UserError as exc:
        raise UserError(problem) from exc
    if content_hash(list(inputs.scenarios)) != config.get("scenarios"):
        raise UserError(problem)
    return inputs


def resolve_sources(
    request: ReplayRequest, customer: Role
) -> tuple[tuple[Source, ...], Inputs, dict[str, Any]]:
    """Each --id's conversation, its TURN checked, its customer memories rebuilt; plus the
    source run's inputs and stored settings. Reads the source run, writes nothing."""
    db = run_db(request.run)
    if len(set(request.ids)) != len(request.ids):
        raise UserError("--id: each conversation can be replayed once per run; drop the repeats")
    try:
        with RunStore(db, readonly=True) as store:
            stored = store.run_config()
            if stored is None:
                raise UserError(f"--replay {request.run}: the run has no conversations yet")
            inputs = source_inputs(request.run, stored[2])
            sources = []
            for wanted in request.ids:
                t = find_conversation(store, request.run, wanted)
                at = default_at(t) if request.at is None else request.at
                check_at(t, at)
                line = lineage(store, request.run, t)
                turns, stop = sent_turns(t, at)
                memories = asyncio.run(customer_memories(line, t.turns[:at], customer))
                sources.append(Source(t, line, at, turns, tuple(memories), stop))
    except StoreError as exc:
        raise UserError(f"--replay {request.run}: {exc}") from exc
    return tuple(sources), inputs, stored[2]


def prepare_replay(request: ReplayRequest, base: Engines | None = None) -> PreparedReplay:
    """Validate flags, the source conversations, the target file and --out; creates nothing."""
    check_test_flags_of(request)
    loaded = read_target(request.target)
    base = base or scripted_engines()
    sources, inputs, source_settings = resolve_sources(request, base.customer)
    role = target_role(loaded)
    limiter = RateLimiter(request.rate) if request.rate else None
    engines = target_engines(base, loaded, role, limiter)
    customer = ReplayCustomer(base.customer, sources, request.trials)
    engines = Engines(
        customer, engines.support, engines.grade, engines.names, hooks=engines.hooks,
        planner_model=engines.planner_model,
    )  # fmt: skip
    check_scripted_behaviors(inputs, engines.names.get("customer", ""))
    if engines.hooks is not None:
        engines.hooks.check()
    seed = int(source_settings.get("seed", 0))
    settings = run_settings(inputs, seed, engines)
    settings |= {
        "target": target_fingerprint(loaded),
        "trials": request.trials,
        "replay": {
            "run_id": sources[0].transcript.run_id,
            "conversations": [[s.transcript.id, s.at] for s in sources],
        },
    }
    run_id = "run-" + content_hash(settings)[:12]
    resume = check_out(request.out, settings, request.force)
    if request.preflight:
        preflight(loaded)
    run_request = RunRequest(
        inputs.paths, len(sources), seed, request.out, request.concurrency, request.force,
        edge_cases=inputs.edge_case_file, retry_errors=request.retry_errors,
    )  # fmt: skip
    prepared = Prepared(run_request, inputs, settings, run_id, resume)
    return PreparedReplay(request, prepared, loaded, engines, role, sources)


def check_test_flags_of(request: ReplayRequest) -> None:
    if not request.ids:
        raise UserError(f"--replay {request.run}: give the conversation to replay with --id ID")
    check_flags(RunRequest((), len(request.ids), 0, request.out, request.concurrency))
    check_test_flags(
        BotTestRequest((), request.target, 1, 0, request.out, request.trials, rate=request.rate)
    )


def replay_plans(prepared: PreparedReplay, done: set[int]) -> list[ConversationPlan]:
    """The plans not stored yet: source i's own plan (its id and seed) at index i, per trial."""
    trials = prepared.request.trials
    plans = []
    for i, source in enumerate(prepared.sources):
        plan = source.line.leaf.model_copy(update={"id": source.transcript.id, "index": i})
        for t in range(trials):
            trial = trial_plan(plan, t, trials)
            if trial.index not in done:
                plans.append(trial)
    return plans


def execute_replay(prepared: PreparedReplay, progress: Progress | None = None) -> BotTestResult:
    """Run the replays not stored yet, then write transcripts, manifest and report.json."""
    request, run = prepared.request, prepared.run
    total = len(prepared.sources) * request.trials
    started = datetime.now(UTC)
    clock = time.perf_counter()
    prepare_out(request.out, request.force)
    links = {i: s.link(request.run) for i, s in enumerate(prepared.sources)}
    by_id: dict[str, ReplayLink] = {}
    with RunStore(request.out / DB_NAME) as store:
        if store.run_config() is None:
            store.set_run_config(run.run_id, content_hash(run.settings), run.settings)
        resume_budget(prepared.engines.hooks, store)
        done = {i for i in store.finished_indices() if i < total}
        if request.retry_errors:
            done -= set(store.error_indices(below=total))
        plans = replay_plans(prepared, done)
        for plan in plans:
            by_id[plan.id] = links[plan.index // request.trials]
        engines = prepared.engines
        graph = build_graph(engines.customer, engines.support, engines.grade)
        advance = progress.advance if progress is not None else nothing

        def annotate(record: Transcript) -> Transcript:
            return record.model_copy(update={"replay": by_id[record.id]})

        async def go() -> int:
            try:
                return await simulate(
                    iter(plans), store, engines, run.run_id, request.concurrency, advance, graph,
                    annotate=annotate,
                )  # fmt: skip
            finally:
                await prepared.role.aclose()

        already = total - len(plans)
        simulated = play(go, progress, total, already)
        source = {
            "replay": {
                "run": str(request.run),
                "run_id": prepared.sources[0].transcript.run_id,
                "conversations": [
                    {"id": s.transcript.id, "at": s.at, "customer_turns": len(s.turns)}
                    for s in prepared.sources
                ],
            },
        }
        return finish_test(store, prepared, total, (simulated, already), (started, clock), source)
