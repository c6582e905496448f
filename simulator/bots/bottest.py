"""`convsim test`: simulated customers against a bot under test, with trials and a rate cap.

It is a run (same run directory, same resume rules) whose support role is the target. Each
plan is played `trials` times: trial 0 is the plan as `convsim run` would make it (same id),
trial t > 0 keeps the task (scenario, persona, edge cases, variables) and changes only the
conversation seed, so the customer words and times things differently, the way tau-bench
re-samples its user simulator. Conversation `i * trials + t` is trial t of plan i; its id is
the plan id, plus `-t{t}` for t > 0.
"""

from __future__ import annotations

import asyncio
import dataclasses
import math
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from agents.critic import keeping_secrets
from agents.llm.budget import resume_budget
from agents.planner import derive_seed
from agents.targets import LoadedTarget, TargetFileError, TargetRole, build_role, load_target
from agents.targets.base import public_url
from agents.targets.model import (
    HttpTarget,
    OpenAITarget,
    PythonTarget,
    confidential_of,
    handoff_signal,
    not_checked,
)
from agents.types import ConversationPlan
from simulator.bots import metrics
from simulator.bots.nojudge import judge_criteria, no_judge_config
from simulator.bots.preflight import preflight
from simulator.errors import UserError
from simulator.run import remote
from simulator.run.convworker import Placement, Recipe, build_from, in_process
from simulator.run.coverage import PlanSource, make_planner, planner_languages, planner_settings
from simulator.run.graph import build_graph
from simulator.run.inputs import (
    check_languages_played,
    check_scripted_behaviors,
    content_hash,
    load_inputs,
    with_language_mix,
)
from simulator.run.planworker import plan_maker
from simulator.run.pools import check_ray, check_workers, make_pool
from simulator.run.ratelimit import LimitedRole, Limiter, RateLimiter
from simulator.run.runner import (
    Engines,
    Prepared,
    Progress,
    RunRequest,
    RunResult,
    check_flags,
    finish_run,
    run_settings,
    scripted_engines,
    simulate,
)
from simulator.store.atomic import write_atomic
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME, check_out, prepare_out

REPORT_NAME = "report.json"
MAX_TRIALS = 100


@dataclass(frozen=True)
class BotTestRequest:
    paths: tuple[Path, ...]
    target: Path
    n: int
    seed: int
    out: Path
    trials: int = 1
    concurrency: int = 16
    rate: float | None = None
    force: bool = False
    planner: str = "coverage"  # as `convsim run --planner`
    coverage_strength: int = 2
    edge_cases: Path | None = None  # as `convsim run --edge-cases`
    retry_errors: bool = False  # as `convsim run --retry-errors`: target errors run again
    preflight: bool = True  # one request to the bot before anything is created
    workers: int = 0  # as `convsim run --workers`: conversations in worker processes
    ray: str | None = None  # as `convsim run --ray`: conversations in Ray actors
    no_judge: bool = False  # --no-judge: judge criteria left out of pass/fail, said so
    languages: str | None = None  # as `convsim run --languages`: `de,en` or `en=6,es=1`


@dataclass(frozen=True)
class PreparedTest:
    request: BotTestRequest
    run: Prepared
    target: LoadedTarget
    engines: Engines
    role: TargetRole


@dataclass
class BotTestResult:
    run: RunResult
    summary: metrics.Summary


def check_test_flags(request: BotTestRequest) -> None:
    if not 1 <= request.trials <= MAX_TRIALS:
        raise UserError(f"--trials {request.trials}: give a value between 1 and {MAX_TRIALS}")
    if request.rate is not None and not (0 < request.rate < math.inf):  # NaN fails too
        raise UserError(
            f"--rate {request.rate:g}: give bot calls per second, more than 0 (and not inf)"
        )


def check_rate_gap(rate: float | None, timeout_s: float) -> None:
    """Refuse a --rate so low that the wait before a bot call is longer than the target's
    timeout_s: the run would sit silent for that long (1e-9 is 31 years) instead of failing."""
    if rate is None or 1 / rate <= timeout_s:
        return
    raise UserError(
        f"--rate {rate:g}: one bot call every {1 / rate:,.0f} s is longer than the target's "
        f"timeout_s ({timeout_s:g} s); give at least {1 / timeout_s:.3g} calls per second, "
        "or leave --rate out"
    )


def describe_target(loaded: LoadedTarget) -> dict[str, Any]:
    """What the manifest says about the target: settings, never a header value or key."""
    spec = loaded.spec
    info: dict[str, Any] = {"name": loaded.label, "kind": spec.kind, "timeout_s": spec.timeout_s}
    if loaded.file.name:  # where `convsim compare --replay` finds the bot again
        info["file"] = str(loaded.file.resolve())
    if isinstance(spec, HttpTarget):
        info |= {"url": public_url(spec.url), "method": spec.method,
                 "headers": sorted(spec.headers)}  # fmt: skip
    elif isinstance(spec, OpenAITarget):
        info |= {"base_url": public_url(spec.base_url), "model": spec.model}
    elif isinstance(spec, PythonTarget):
        info |= {"callable": spec.callable}
    return info


def target_fingerprint(loaded: LoadedTarget) -> str:
    # The spec as written: header values are ${VAR} references, never the secrets. Tool
    # limits left at their defaults are left out, so runs from before they existed resume.
    spec = loaded.spec
    dump = spec.model_dump(mode="json")
    for key in ("max_tool_calls", "max_tool_rounds", "retries"):
        field = type(spec).model_fields.get(key)
        if field is not None and dump.get(key) == field.default:
            dump.pop(key)
    return content_hash(dump)


def prepare_test(
    request: BotTestRequest,
    base: Engines | None = None,
    target: tuple[LoadedTarget, TargetRole] | None = None,
) -> PreparedTest:
    """Validate flags, scenarios, the target file and --out; creates nothing.

    `base` gives the customer and critic engines (scripted by default, or the LLM engines of
    `simulator.run.engines.build_engines`); its support role is replaced by the target. `target`
    is a target built in Python (`simulator.bots.testing`) instead of `request.target`'s file.
    """
    run_request = RunRequest(
        request.paths,
        request.n,
        request.seed,
        request.out,
        request.concurrency,
        request.force,
        request.planner,
        request.coverage_strength,
        edge_cases=request.edge_cases,
        retry_errors=request.retry_errors,
        workers=request.workers,
        ray=request.ray,
        languages=request.languages,
    )
    check_flags(run_request)
    check_test_flags(request)
    loaded_file = read_target(request.target) if target is None else None
    inputs = with_language_mix(load_inputs(request.paths, request.edge_cases), request.languages)
    if target is not None:
        loaded, role = target
    else:
        assert loaded_file is not None
        loaded, role = loaded_file, target_role(loaded_file)
    check_rate_gap(request.rate, loaded.spec.timeout_s)
    base = base or scripted_engines()
    limiter = RateLimiter(request.rate) if request.rate else None
    engines = target_engines(base, loaded, role, limiter)
    if target is None and base.recipe is not None:  # workers load the same target file
        recipe = ("simulator.bots.bottest", "worker_test_engines", base.recipe,
                  request.target.resolve(), request.rate)  # fmt: skip
        engines = dataclasses.replace(engines, recipe=recipe)
    if request.languages is not None:
        check_languages_played(inputs, planner_languages(engines.names), request.languages)
    check_workers(request.workers, engines)
    check_scripted_behaviors(inputs, engines.names.get("customer", ""))
    if engines.hooks is not None:
        engines.hooks.check()
    check_ray(request.ray, engines)
    settings = run_settings(inputs, request.seed, engines)
    settings["planner"] = planner_settings(run_request)
    settings |= {"target": target_fingerprint(loaded), "trials": request.trials}
    run_id = "run-" + content_hash(settings)[:12]
    resume = check_out(request.out, settings, request.force)
    if request.preflight and target is None:  # last: cheaper mistakes are reported first
        preflight(loaded)
    prepared = Prepared(run_request, inputs, settings, run_id, resume)
    return PreparedTest(request, prepared, loaded, engines, role)


def target_engines(
    base: Engines, loaded: LoadedTarget, role: TargetRole, limiter: Limiter | None
) -> Engines:
    """The base engines with the bot under test as support (rate-limited, its secrets kept
    out of the critic's findings)."""
    names = {**base.names, "support": f"target:{loaded.spec.kind}"}
    grade = keeping_secrets(base.grade, confidential_of(loaded.spec), handoff_signal(loaded.spec))
    return Engines(
        base.customer, LimitedRole(role, limiter), grade, names, hooks=base.hooks,
        planner_model=base.planner_model,
    )  # fmt: skip


def read_target(path: Path) -> LoadedTarget:
    try:
        return load_target(path)
    except TargetFileError as e:
        raise UserError([str(p) for p in e.problems]) from e


def target_role(loaded: LoadedTarget) -> TargetRole:
    try:
        return build_role(loaded)
    except TargetFileError as e:
        raise UserError([str(p) for p in e.problems]) from e


def worker_test_engines(base: Recipe, target: Path, rate: float | None) -> Engines:
    """In a worker process (`convsim test --workers N`): the base engines from their recipe
    and the target from its file; `--rate` is the driver's limiter, asked through the link."""
    link = remote.current()
    limiter: Limiter | None = None
    if rate:
        limiter = remote.RemoteLimiter(link) if link is not None else RateLimiter(rate)
    loaded = load_target(target)
    return target_engines(build_from(base), loaded, build_role(loaded), limiter)


def trial_plan(plan: ConversationPlan, trial: int, trials: int) -> ConversationPlan:
    if trials == 1:
        return plan
    update: dict[str, Any] = {"index": plan.index * trials + trial}
    if trial:
        update |= {"id": f"{plan.id}-t{trial}", "seed": derive_seed("trial", plan.seed, trial)}
    return plan.model_copy(update=update)


async def expand_trials(
    plans: AsyncIterator[ConversationPlan], trials: int, done: bytearray
) -> AsyncIterator[ConversationPlan]:
    """Each plan's trials not stored yet (`done` is indexed by conversation)."""
    async for plan in plans:
        for t in range(trials):
            if not done[plan.index * trials + t]:
                yield trial_plan(plan, t, trials)


def execute_test(prepared: PreparedTest, progress: Progress | None = None) -> BotTestResult:
    """Run what is missing, then write transcripts, manifest and report.json from run.db."""
    request, run = prepared.request, prepared.run
    total = request.n * request.trials
    started = datetime.now(UTC)
    clock = time.perf_counter()
    prepare_out(request.out, request.force)
    with RunStore(request.out / DB_NAME) as store:
        if store.run_config() is None:
            store.set_run_config(run.run_id, content_hash(run.settings), run.settings)
        resume_budget(prepared.engines.hooks, store)
        done = bytearray(total)
        for index in store.finished_indices():
            if index < total:
                done[index] = 1
        if request.retry_errors:  # target errors are not results: run them again
            for index in store.error_indices(below=total):
                done[index] = 0
        already = sum(done)
        k = request.trials
        plans_done = bytearray(all(done[i * k : (i + 1) * k]) for i in range(request.n))
        languages = planner_languages(prepared.engines.names)
        planner = make_planner(run.request, run.inputs, languages)
        plans = plan_maker(
            planner, run.inputs, run.request.coverage_strength, request.n - sum(plans_done)
        )
        source = PlanSource(
            planner, store, request.n, plans_done, prepared.engines.planner_model, trials=k,
            plans=plans,
        )  # fmt: skip
        if request.retry_errors:  # the planner waits for their new results
            source.retrying.update(store.error_indices(below=total))
        engines = prepared.engines
        graph = build_graph(engines.customer, engines.support, engines.grade)
        advance = progress.advance if progress is not None else nothing
        pool = make_pool(request.workers, engines, run.run_id, request.ray)

        async def batch(
            plans: AsyncIterator[ConversationPlan], settled: Callable[[int, bool], None]
        ) -> int:
            trial_plans = expand_trials(plans, k, done)
            return await simulate(
                trial_plans, store, engines, run.run_id, request.concurrency, advance, graph,
                settled, pool,
            )  # fmt: skip

        async def go() -> int:
            try:
                if pool is not None:
                    await pool.start()
                return await source.drive(batch)
            finally:
                if pool is not None:
                    await pool.close()
                await prepared.role.aclose()

        cpu = time.process_time()
        simulated = play(go, progress, total, already)
        placement = pool.placement if pool is not None else in_process(simulated)
        placement.cpu_seconds["driver"] = round(time.process_time() - cpu, 3)
        session = (started, clock)
        return finish_test(store, prepared, total, (simulated, already), session, {}, placement)


def play(go: Callable[[], Coroutine[Any, Any, int]], progress: Progress | None, total: int,
         already: int) -> int:  # fmt: skip
    """Run a test session's conversations under the progress bar; how many were simulated."""
    if progress is not None:
        progress.start(total, already)
    try:
        return asyncio.run(go())
    finally:
        if progress is not None:
            progress.stop()


class _Request(Protocol):
    @property
    def trials(self) -> int: ...
    @property
    def rate(self) -> float | None: ...
    @property
    def out(self) -> Path: ...
    @property
    def no_judge(self) -> bool: ...


class _Session(Protocol):
    """What `finish_test` reads of a prepared test or replay."""

    @property
    def request(self) -> _Request: ...
    @property
    def run(self) -> Prepared: ...
    @property
    def target(self) -> LoadedTarget: ...
    @property
    def engines(self) -> Engines: ...


def finish_test(
    store: RunStore,
    prepared: _Session,
    total: int,
    counts: tuple[int, int],
    session: tuple[datetime, float],
    more: dict[str, Any],
    placement: Placement | None = None,
) -> BotTestResult:
    """The end of a `test` session (a replay's too): manifest, transcripts and report.json.

    `more` adds manifest sections (a replay's source); `session` is the start time and clock.
    """
    request = prepared.request
    left_out = judge_criteria(prepared.run.inputs.scenarios) if request.no_judge else None
    config: dict[str, Any] = {"trials": request.trials, "rate": request.rate}
    if left_out is not None:  # what no one graded, named where the run is described
        config.update(no_judge_config(left_out))
    extra = {
        "config": config,
        "target": describe_target(prepared.target),
        "files": {"report": REPORT_NAME},
        **more,
    }
    result = finish_run(
        store, prepared.run, prepared.engines, total, counts, *session, extra, placement
    )
    summary = metrics.summarize(store.iter_transcripts(below=total), request.trials, left_out)
    summary.not_checked = not_checked(prepared.target.spec)
    write_atomic(request.out / REPORT_NAME, [metrics.to_json(summary)])
    return BotTestResult(result, summary)


def nothing() -> None:
    return None
