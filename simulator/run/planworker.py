"""Planning in a second process, so the event loop spends its CPU on conversations.

Choosing a coverage mini-batch (the greedy search) and materialising its plans (Faker personas
and variables) cost about 1.1 ms of CPU per conversation, as much as LangGraph's own steps.
In an LLM-bound run the event loop's process is the bottleneck while the machine's other cores
idle, so a worker process plans and the runner only rebuilds the plans from small parts.

The results are the same as planning in-process, byte for byte: the worker holds its own
`BatchPlanner`, built from the same inputs and fed the same observations in the same order
before each batch, and the runner's planner keeps observing too. So while the worker starts,
or if it cannot start or dies, planning simply goes on in-process.

The worker is `python -m simulator.run.planworker`, talking length-prefixed pickles over its stdin
and stdout through asyncio's subprocess pipes: unlike multiprocessing it re-imports no user
`__main__` script, inherits no SQLite handle, and adds no threads to the runner's process. It
ignores Ctrl-C (the runner handles it) and exits when its stdin closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from agents.planning import BatchPlanner, PlanSpec
from agents.types import ConversationPlan
from personas import Persona
from simulator.run.inputs import Inputs

# (factor values by name, failed): one observed conversation, as BatchPlanner.observe takes it
Observation = tuple[dict[str, list[str]], bool]
HEADER = struct.Struct(">I")


@dataclass(frozen=True)
class PlanParts:
    """A plan without its scenario and edge-case objects (the runner has those): a tenth of
    a pickled plan."""

    id: str
    index: int
    seed: int
    scenario: str
    persona: Persona
    edge_cases: tuple[str, ...]
    variables: dict[str, str]


def parts_of(plan: ConversationPlan) -> PlanParts:
    edges = tuple(e.id for e in plan.edge_cases)
    return PlanParts(
        plan.id, plan.index, plan.seed, plan.scenario.id, plan.persona, edges, plan.variables
    )


# --- the worker process ------------------------------------------------------------------
def _batch_job(
    planner: BatchPlanner,
    observations: Sequence[Observation],
    batch: int,
    pending: Sequence[PlanSpec],
    specs: list[PlanSpec] | None,
    wanted: frozenset[int],
) -> tuple[list[PlanSpec], list[PlanParts]]:
    for names, failed in observations:
        planner.observe(names, failed)
    if specs is None:
        specs = planner.plan_batch(batch, pending)
    return specs, [parts_of(planner.materialize(s)) for s in specs if s.index in wanted]


def _random_job(planner: BatchPlanner, indices: Sequence[int]) -> list[PlanParts]:
    return [parts_of(planner.base.plan(i)) for i in indices]


def _read(stream: BinaryIO) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    return pickle.loads(stream.read(HEADER.unpack(header)[0]))


def _write(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """The worker's loop: a start message, then jobs until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start = _read(inp)
    if start is None:
        return
    run_seed, scenarios, edge_cases, traits, mode, strength, languages, target = start
    planner = BatchPlanner(
        run_seed,
        scenarios,
        edge_cases,
        traits,
        mode=mode,
        strength=strength,
        languages=languages,
        target=target,
    )
    _write(out, ("ready", None))
    while (job := _read(inp)) is not None:
        kind, args = job
        try:
            result = _batch_job(planner, *args) if kind == "batch" else _random_job(planner, *args)
        except Exception as exc:  # the runner re-plans in-process, where it raises for real
            _write(out, ("error", f"{type(exc).__name__}: {exc}"))
            return
        _write(out, ("ok", result))


# --- the runner's side -------------------------------------------------------------------
def spare_cores() -> int:
    try:
        return len(os.sched_getaffinity(0)) - 1
    except AttributeError:  # not Linux
        return (os.cpu_count() or 1) - 1


def plan_maker(
    planner: BatchPlanner, inputs: Inputs, strength: int, plans: int, use: bool | None = None
) -> InProcess:
    """Where a run plans: a worker process if `use`, or (None) when it pays off (a spare core
    and more plans to make than the first two batches, which are planned in-process while the
    worker starts); else in-process."""
    if use is None:
        use = spare_cores() >= 1 and plans > 2 * planner.batch_size
    return PlanWorker(planner, inputs, strength) if use else InProcess(planner)


class InProcess:
    """Plans in the runner's own process: what a run without a worker uses, and what the
    worker falls back to. Batches are materialised whole; the plans are the same either way."""

    def __init__(self, planner: BatchPlanner) -> None:
        self.planner = planner
        # Every observation made so far, again and in order (PlanSource sets it from run.db):
        # where given, a planner that plans elsewhere may skip observing and catch up only if
        # it must plan after all.
        self.replay: Callable[[], Iterable[Observation]] | None = None

    async def start(self) -> None:
        return None

    def observe(self, names: dict[str, list[str]], failed: bool) -> None:
        self.planner.observe(names, failed)

    async def batch(
        self,
        batch: int,
        pending: Sequence[PlanSpec],
        specs: list[PlanSpec] | None,
        wanted: set[int],
    ) -> tuple[list[PlanSpec], list[ConversationPlan]]:
        """Batch `batch`'s specs (planned now unless `specs` were stored) and the plans of the
        `wanted` indices among them."""
        if specs is None:
            specs = self.planner.plan_batch(batch, pending)
        return specs, [self.planner.materialize(s) for s in specs if s.index in wanted]

    async def random(self, indices: Sequence[int]) -> list[ConversationPlan]:
        return [self.planner.base.plan(i) for i in indices]

    async def close(self) -> None:
        return None


class PlanWorker(InProcess):
    """The planner's twin in a worker process. Every call falls back to the in-process
    planner while the worker is starting or once it has failed."""

    def __init__(
        self, planner: BatchPlanner, inputs: Inputs, strength: int, python: str = sys.executable
    ) -> None:
        super().__init__(planner)
        self.python = python
        self.scenarios = {s.id: s for s in inputs.scenarios}
        self.edge_cases = {e.id: e for e in inputs.edge_cases.edge_cases}
        self.start_args = (
            planner.run_seed,
            list(inputs.scenarios),
            inputs.edge_cases,
            inputs.traits,
            planner.mode,
            strength,
            planner.languages,
            planner.target,
        )
        self.unsent: list[Observation] = []  # observed here, not yet sent to the worker
        self.seen = 0  # observations made
        self.twin = 0  # how many of them (the first ones) the in-process planner has counted
        self.jobs = 0  # jobs the worker answered (the rest ran in-process)
        self.proc: asyncio.subprocess.Process | None = None
        self.ready: asyncio.Task[bool] | None = None

    async def start(self) -> None:
        """Launch the worker; it becomes usable once it has built its planner."""
        root = str(Path(__file__).resolve().parents[2])  # found even when not installed
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        try:
            self.proc = await asyncio.create_subprocess_exec(
                self.python,
                "-m",
                "simulator.run.planworker",
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                env={**os.environ, "PYTHONPATH": path},
            )
        except OSError:  # no processes here (a sandbox): plan in-process
            await self.close()
            return
        self.ready = asyncio.ensure_future(self._handshake())

    async def _handshake(self) -> bool:
        # The start message waits in the pipe until the worker has imported what it needs
        # (a quarter of a second): the runner starts conversations meanwhile.
        try:
            await self._send(self.start_args)
            return bool((await self._receive())[0] == "ready")
        except Exception:  # a worker that cannot start is simply not used
            return False

    def observe(self, names: dict[str, list[str]], failed: bool) -> None:
        """Sent to the worker with its next job. The in-process planner, which plans only if
        the worker fails, counts it too; with a `replay` it catches up from run.db only then
        (counting every conversation twice cost the runner's process about 40 us each)."""
        self.seen += 1
        if self._may_serve():
            self.unsent.append((names, failed))
            if self.replay is not None:
                return
        self._catch_up(self.seen - 1)
        super().observe(names, failed)
        self.twin = self.seen

    def _catch_up(self, upto: int) -> None:
        """The in-process planner counts the observations it skipped, up to the `upto`-th."""
        if self.twin >= upto:
            return
        assert self.replay is not None  # nothing is skipped without one
        counted = 0
        for names, failed in self.replay():
            if counted >= upto:
                break
            if counted >= self.twin:
                self.planner.observe(names, failed)
            counted += 1
        if counted < upto:  # run.db holds what was observed: this would be a bug
            raise RuntimeError(f"planning: {upto} observations made, {counted} in run.db")
        self.twin = upto

    def _may_serve(self) -> bool:
        """Starting or started: a worker that failed its start is never sent anything."""
        ready = self.ready
        if self.proc is None or ready is None:
            return False
        return not ready.done() or (not ready.cancelled() and ready.result())

    def _usable(self) -> bool:
        ready = self.ready
        return ready is not None and ready.done() and self._may_serve()

    async def _job(self, kind: str, *args: Any) -> Any:
        """The worker's answer, or None when it failed (it is then closed)."""
        try:
            await self._send((kind, args))
            status, result = await self._receive()
        except Exception:  # whatever broke the worker, planning goes on in-process
            status, result = "error", None
        if status != "ok":
            await self.close()
            return None
        self.jobs += 1
        return result

    async def batch(
        self,
        batch: int,
        pending: Sequence[PlanSpec],
        specs: list[PlanSpec] | None,
        wanted: set[int],
    ) -> tuple[list[PlanSpec], list[ConversationPlan]]:
        """As `InProcess.batch`. Batch 0 never waits for a starting worker (conversations wait
        for it); later batches do, while earlier plans keep the conversations busy."""
        if batch > 0 and self.ready is not None and not self.ready.done():
            await asyncio.wait({self.ready})  # returns, never raises, however it ended
        if self._usable():
            sent, self.unsent = self.unsent, []
            answer = await self._job("batch", sent, batch, list(pending), specs, frozenset(wanted))
            if answer is not None:
                made, parts = answer
                return made, [self.rebuild(p) for p in parts]
        self._catch_up(self.seen)  # planned here after all: with everything observed
        return await super().batch(batch, pending, specs, wanted)

    async def random(self, indices: Sequence[int]) -> list[ConversationPlan]:
        if self._usable():
            parts = await self._job("random", list(indices))
            if parts is not None:
                return [self.rebuild(p) for p in parts]
        return await super().random(indices)

    def rebuild(self, parts: PlanParts) -> ConversationPlan:
        # Validated when the worker built it; only the shared objects are put back.
        return ConversationPlan.model_construct(
            id=parts.id,
            run_seed=self.planner.run_seed,
            index=parts.index,
            seed=parts.seed,
            scenario=self.scenarios[parts.scenario],
            persona=parts.persona,
            edge_cases=tuple(self.edge_cases[e] for e in parts.edge_cases),
            variables=parts.variables,
        )

    async def _send(self, message: Any) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(HEADER.pack(len(data)) + data)
        await self.proc.stdin.drain()

    async def _receive(self) -> Any:
        assert self.proc is not None and self.proc.stdout is not None
        header = await self.proc.stdout.readexactly(HEADER.size)
        return pickle.loads(await self.proc.stdout.readexactly(HEADER.unpack(header)[0]))

    async def close(self) -> None:
        proc, self.proc = self.proc, None
        self.unsent.clear()
        if self.ready is not None and not self.ready.done():
            self.ready.cancel()
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 5)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):  # exited as the wait ran out
                proc.kill()
            await proc.wait()


def chunks(indices: Iterable[int], size: int) -> Iterable[list[int]]:
    chunk: list[int] = []
    for i in indices:
        chunk.append(i)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


if __name__ == "__main__":
    from simulator.run import planworker  # pickles must name simulator.run.planworker, not __main__

    protocol = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by accident can corrupt the pipe
    planworker.serve(sys.stdin.buffer, protocol)
