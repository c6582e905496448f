"""The batch runner: plans -> conversations (bounded async concurrency) -> run.db -> files.

`prepare` validates every input and flag and touches nothing; `execute` creates the run
directory, simulates the plans not yet stored, then writes transcripts.jsonl and manifest.json
from run.db. A worker pool reads plans from a bounded queue, so memory stays flat however
large N is; each finished conversation is committed on its own, so a killed run loses only
the conversations in flight and re-running the same command finishes it.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from agents.llm.budget import keep_unrecorded, resume_budget
from agents.types import Role
from scenarios.domains.loader import pinned_domains, world_digests
from simulator.bots.metrics import Undecided, undecided_accepts
from simulator.bots.nojudge import left_out_of
from simulator.errors import UserError, check_seed
from simulator.forks.forktree import fork_listing
from simulator.run.convworker import Placement, Recipe, in_process
from simulator.run.coverage import (
    PlanSource,
    check_planner_flags,
    make_planner,
    planner_languages,
    planner_settings,
)
from simulator.run.graph import Grader, build_graph
from simulator.run.heap import frozen_heap
from simulator.run.inputs import (
    Inputs,
    check_languages_played,
    check_scripted_behaviors,
    content_hash,
    load_inputs,
    with_language_mix,
    with_match,
    with_persona_weights,
)
from simulator.run.loop import simulate
from simulator.run.planworker import plan_maker
from simulator.run.pools import check_ray, check_workers, make_pool
from simulator.run.rerun import FaultCounts, fault_counts
from simulator.run.runmanifest import manifest
from simulator.store.rundb import RunStore
from simulator.store.rundir import (
    DB_NAME,
    MANIFEST_NAME,
    TRANSCRIPTS_NAME,
    check_out,
    prepare_out,
    write_manifest,
    write_transcripts,
)

MAX_CONCURRENCY = 1024
MAX_WORKERS = 256
MAX_N = 10_000_000  # a run keeps a byte per conversation in memory; beyond this, split runs


@dataclass(frozen=True)
class Engines:
    """The three injected parts of a conversation, and the names recorded for them."""

    customer: Role
    support: Role
    grade: Grader
    names: dict[str, str]
    hooks: EngineHooks | None = None  # model-backed engines: preflight, budget, usage
    # A planner model (LLMClient-like: `structured`): asked for edge-case proposals once
    # coverage saturates; they go to a file for a person, never into the run.
    planner_model: Any = None
    # (module, factory, *arguments) that builds these same engines in another process
    # (--workers); None: they exist only here (engines assembled in Python by a caller).
    recipe: Recipe | None = None


class EngineHooks(Protocol):
    """What model-backed engines add to a run (simulator.run.engines.LLMHooks)."""

    def check(self) -> None: ...  # preflight: raises UserError before anything starts
    def stop_reason(self) -> str | None: ...  # a spent budget: start no new conversation
    def report(self) -> dict[str, Any]: ...  # models (no secrets) and usage, for the manifest


def scripted_engines() -> Engines:
    """The offline default: scripted customer and support, rule-based critic."""
    from agents.critic import DEFAULT_CRITIC
    from agents.scripted.customer import ScriptedCustomer
    from agents.scripted.support import ScriptedSupport

    names = {"customer": "scripted", "support": "scripted", "critic": "rules"}
    # The critic's bound method, so `keeping_secrets` can give it a target file's secrets.
    return Engines(ScriptedCustomer(), ScriptedSupport(), DEFAULT_CRITIC.grade, names,
                   recipe=("simulator.run.runner", "scripted_engines"))  # fmt: skip


class Progress(Protocol):
    """Where the runner reports progress (the CLI's bar); `None` reports nowhere."""

    def start(self, total: int, completed: int) -> None: ...
    def advance(self) -> None: ...
    def stop(self) -> None: ...


@dataclass(frozen=True)
class RunRequest:
    paths: tuple[Path, ...]
    n: int
    seed: int
    out: Path
    concurrency: int = 16
    force: bool = False
    planner: str = "coverage"  # coverage | failures | random (agents.planning)
    coverage_strength: int = 2
    edge_cases: Path | None = None  # a user edge-case library extending the packaged one
    retry_errors: bool = False  # on resume, re-simulate conversations that ended in error
    plan_worker: bool | None = None  # plan in a second process; None: when it pays off
    workers: int = 0  # conversations in this many worker processes; 0: in this process
    persona_weights: Path | None = None  # trait weights replacing the library's (learn writes)
    ray: str | None = None  # a Ray address (or "local"): conversations as Ray actor tasks
    match: Path | None = None  # real logs whose persona and intent mix plans steer towards
    languages: str | None = None  # the language mix, `en=6,es=1` or `de` (--languages)


@dataclass(frozen=True)
class Prepared:
    request: RunRequest
    inputs: Inputs
    settings: dict[str, Any]
    run_id: str
    resume: bool


@dataclass
class RunResult:
    out: Path
    run_id: str
    n: int
    simulated: int
    already_done: int
    seconds: float
    outcomes: dict[str, int] = field(default_factory=dict)
    verdicts: dict[str, int] = field(default_factory=dict)
    stopped: str | None = None  # why the run stopped before n (a spent budget)
    simulator: FaultCounts | None = None  # how often the simulated customer spoiled one
    undecided: Undecided = field(default_factory=Undecided)  # ACCEPTs with open criteria
    placement: Placement = field(default_factory=Placement)  # where conversations ran


def check_flags(request: RunRequest) -> None:
    if not 1 <= request.n <= MAX_N:
        raise UserError(f"--n {request.n}: give the number of conversations, 1 to {MAX_N:,}")
    check_seed(request.seed)
    if not 1 <= request.concurrency <= MAX_CONCURRENCY:
        raise UserError(
            f"--concurrency {request.concurrency}: give a value between 1 and {MAX_CONCURRENCY}"
        )
    check_planner_flags(request.planner, request.coverage_strength)
    if not 0 <= request.workers <= MAX_WORKERS:
        raise UserError(
            f"--workers {request.workers}: give 0 (this process) to {MAX_WORKERS} worker processes"
        )


def run_settings(inputs: Inputs, seed: int, engines: Engines) -> dict[str, Any]:
    """What a run's conversations depend on: its fingerprint. Not n: a bigger --n extends."""
    settings: dict[str, Any] = {
        "seed": seed,
        "scenarios": content_hash(list(inputs.scenarios)),
        "edge_cases": content_hash(inputs.edge_cases),
        "traits": content_hash(inputs.traits),
        "engines": dict(sorted(engines.names.items())),
    }
    domains = world_digests(inputs.scenarios)
    if domains:  # records and tools are what a conversation works on, like its scenario
        settings["worlds"] = domains
    return settings


def prepare(request: RunRequest, engines: Engines) -> Prepared:
    """Validate flags, scenarios and --out; raises UserError and writes nothing."""
    check_flags(request)
    if request.match is not None and request.persona_weights is not None:
        raise UserError(
            "--match and --persona-weights: give one; --match measures the persona "
            "weights in its logs"
        )
    # Loading makes the library's objects for good: with the imports' heap frozen, the full
    # collection that many new long-lived objects set off no longer walks every import.
    with frozen_heap():
        loaded = load_inputs(request.paths, request.edge_cases)
    inputs = with_persona_weights(loaded, request.persona_weights)
    inputs = with_match(inputs, request.match)
    inputs = with_language_mix(inputs, request.languages)
    if request.languages is not None:
        check_languages_played(inputs, planner_languages(engines.names), request.languages)
    check_scripted_behaviors(inputs, engines.names.get("customer", ""))
    check_workers(request.workers, engines)
    if engines.hooks is not None:
        engines.hooks.check()
    check_ray(request.ray, engines)
    settings = run_settings(inputs, request.seed, engines)
    settings["planner"] = planner_settings(request)
    if inputs.match is not None:
        settings["planner"]["match"] = inputs.match.settings()
    run_id = "run-" + content_hash(settings)[:12]
    resume = check_out(request.out, settings, request.force)
    return Prepared(request, inputs, settings, run_id, resume)


def execute(
    prepared: Prepared,
    engines: Engines,
    progress: Progress | None = None,
    extra: dict[str, dict[str, Any]] | None = None,
) -> RunResult:
    """Create the run directory, simulate what is missing, write the derived files (`extra`
    merged into the manifest's sections, as `finish_run` does)."""
    request = prepared.request
    started = datetime.now(UTC)
    clock = time.perf_counter()
    prepare_out(request.out, request.force)
    with RunStore(request.out / DB_NAME) as store:
        if store.run_config() is None:
            store.set_run_config(
                prepared.run_id, content_hash(prepared.settings), prepared.settings
            )
        resume_budget(engines.hooks, store)  # a budget counts the run's earlier spending too
        done = bytearray(request.n)
        for index in store.finished_indices():
            if index < request.n:
                done[index] = 1
        if request.retry_errors:  # infrastructure errors are not results: run them again
            for index in store.error_indices(below=request.n):
                done[index] = 0
        already = sum(done)
        planner = make_planner(request, prepared.inputs, planner_languages(engines.names))
        plans = plan_maker(
            planner,
            prepared.inputs,
            request.coverage_strength,
            request.n - sum(done),
            request.plan_worker,
        )
        source = PlanSource(planner, store, request.n, done, engines.planner_model, plans=plans)
        if request.retry_errors:  # stored, but not results until run again (the planner waits)
            source.retrying.update(store.error_indices(below=request.n))
        if progress is not None:
            progress.start(request.n, already)
        try:
            advance = progress.advance if progress is not None else _nothing
            graph = build_graph(engines.customer, engines.support, engines.grade)
            pool = make_pool(request.workers, engines, prepared.run_id, request.ray)

            async def drive() -> int:
                if pool is not None:
                    await pool.start()
                try:
                    return await source.drive(
                        lambda plans, settled: simulate(
                            plans,
                            store,
                            engines,
                            prepared.run_id,
                            request.concurrency,
                            advance,
                            graph,
                            settled,
                            pool,
                        )
                    )
                finally:
                    if pool is not None:
                        await pool.close()

            cpu = time.process_time()
            with frozen_heap(), pinned_domains():
                simulated = asyncio.run(drive())
            cpu = time.process_time() - cpu
        finally:
            if progress is not None:
                progress.stop()
        placement = pool.placement if pool is not None else in_process(simulated)
        placement.cpu_seconds["driver"] = round(cpu, 3)
        return finish_run(
            store, prepared, engines, request.n, (simulated, already), started, clock,
            extra, placement,
        )  # fmt: skip


def finish_run(
    store: RunStore,
    prepared: Prepared,
    engines: Engines,
    total: int,
    counts: tuple[int, int],
    started: datetime,
    clock: float,
    extra: dict[str, dict[str, Any]] | None = None,
    placement: Placement | None = None,
) -> RunResult:
    """The end of a session of `run` or `test`: result, then transcripts.jsonl and manifest.

    `total` conversations make the run (a test's plans times trials); `counts` is (simulated
    now, already stored); `extra` is merged into the manifest's sections (a test's target).
    """
    out = prepared.request.out
    simulated, already = counts
    result = RunResult(
        out=out,
        run_id=prepared.run_id,
        n=total,
        simulated=simulated,
        already_done=already,
        seconds=time.perf_counter() - clock,
        outcomes=store.outcome_counts(below=total),
        verdicts=store.verdict_counts(below=total),
        simulator=fault_counts(store, below=total),
        # --no-judge (run, test): the judge criteria the manifest names are not graded
        undecided=undecided_accepts(
            store, below=total, left_out=left_out_of((extra or {}).get("config", {}))
        ),
        placement=placement or in_process(simulated),
    )
    if engines.hooks is not None and store.count(total) < total:
        result.stopped = engines.hooks.stop_reason()  # a spent model budget
    keep_unrecorded(engines.hooks, store)
    write_transcripts(store, out / TRANSCRIPTS_NAME, total)
    info = manifest(prepared, engines, result, started, store.count(total))
    if forks := fork_listing(store):  # `convsim fork`, --fork-failures: kept on every rewrite
        info["forks"] = forks
    for key, section in (extra or {}).items():
        info[key] = {**info.get(key, {}), **section}
    write_manifest(out / MANIFEST_NAME, info)
    return result


def _nothing() -> None:
    return None


def run(request: RunRequest, engines: Engines | None = None) -> RunResult:
    """Prepare and execute without a progress bar (library use, tests, benchmarks)."""
    engines = engines or scripted_engines()
    return execute(prepare(request, engines), engines)
