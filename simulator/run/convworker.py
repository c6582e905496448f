"""Conversations in worker processes (`convsim run --workers N`): every core of the machine.

The driver (the runner's process) keeps everything that decides what a run is: planning,
run.db (one transaction per finished conversation), budgets and `--concurrency`, which stays
global because the driver hands out at most that many plans at once whatever N is. A worker
only plays plans: it rebuilds the same engines from their recipe (a module-level factory,
see `Engines.recipe`), runs `rerun.play` on each plan it is sent and sends the result back.
A conversation depends only on its plan, so the transcripts are the same bytes whatever N.

The transport is planworker's: `python -m simulator.run.convworker`, length-prefixed pickles over
asyncio subprocess pipes (no re-imported `__main__`, no inherited SQLite handle). A worker that
dies loses only the plans it had in flight: the driver sends them to a fresh worker, and since
only the driver stores, none is stored twice. A killed driver closes the workers' stdin; they
exit, and re-running the command resumes from run.db as without workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import os
import pickle
import queue
import signal
import sys
import threading
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from agents.llm.errors import BudgetExceeded
from agents.types import ConversationPlan
from simulator.run.planworker import HEADER, _read, _write
from simulator.run.remote import Authority
from simulator.run.rerun import Played, play

# (module, factory, *arguments): engines built the same way in any process; the arguments
# are plain data (flags, paths, settled modes), pickled to each worker.
Recipe = tuple[Any, ...]
MAX_RESTARTS = 8  # replacement workers per run before the run gives up
_CLOSED = object()  # the writer thread's last message


def build_from(recipe: Recipe) -> Any:
    module, name, *args = recipe
    return getattr(importlib.import_module(module), name)(*args)


# --- the worker process ------------------------------------------------------------------
def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """Build the engines, then play each plan sent until stdin closes. Plans play
    concurrently on one event loop (the driver bounds how many are in flight)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start = _read(inp)
    if start is None:
        return
    from simulator.run import remote
    from simulator.run.graph import build_graph

    # Messages leave through a writer thread: a write that blocks (the driver busy, the pipe
    # full) would otherwise stop this worker's event loop, and every conversation with it.
    outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def writer() -> None:
        while (message := outbox.get()) is not _CLOSED:
            _write(out, message)

    sending = threading.Thread(target=writer, daemon=True)
    sending.start()
    send = outbox.put

    async def main() -> None:
        loop = asyncio.get_running_loop()
        link = remote.Link(send, loop)
        remote.use(link)  # engines with shared limits ask the driver through it
        engines = build_from(start)
        graph = build_graph(engines.customer, engines.support, engines.grade)
        hooks = engines.hooks
        warm = getattr(hooks, "warm", None)  # model clients made before the first reply's clock
        if warm is not None:
            await warm()

        def stop() -> bool:
            return hooks is not None and hooks.stop_reason() is not None

        jobs: asyncio.Queue[tuple[int, ConversationPlan] | None] = asyncio.Queue()

        def reader() -> None:  # blocking reads off the loop's thread
            while (message := _read(inp)) is not None:
                kind, key, body = message
                if kind == "play":
                    loop.call_soon_threadsafe(jobs.put_nowait, (key, body))
                else:  # an answer to a question, or the news that the budget is spent
                    loop.call_soon_threadsafe(link.answered, key, body)
            loop.call_soon_threadsafe(jobs.put_nowait, None)

        threading.Thread(target=reader, daemon=True).start()
        running: set[asyncio.Task[None]] = set()

        async def one(key: int, plan: ConversationPlan) -> None:
            try:
                p = await play(graph, plan, stop)  # the plan is not sent back: the driver has it
                send(("done", key, (p.plan.seed, p.turns, p.outcome, p.verdict, p.faults)))
            except BudgetExceeded as exc:  # cut short: the driver stores nothing, as here
                send(("budget", key, str(exc)))
            except Exception:  # the driver raises it: the same failure as in one process
                send(("error", key, traceback.format_exc()))

        send(("ready", os.getpid(), None))
        gc.freeze()  # the engines live as long as the worker: out of every collection
        gc.set_threshold(20_000, 20, 20)  # as the driver's frozen_heap (simulator.run.heap)
        while (job := await jobs.get()) is not None:
            task = asyncio.create_task(one(*job))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.wait(running)
        close = getattr(engines.support, "aclose", None)  # a bot target's connections
        if close is not None:
            await close()

    try:
        asyncio.run(main())
    finally:
        outbox.put(_CLOSED)
        sending.join()


# --- the driver's side -------------------------------------------------------------------
class WorkerFailed(RuntimeError):
    """A conversation raised in a worker, or workers kept dying: the run stops."""


@dataclass
class _Worker:
    name: str
    proc: asyncio.subprocess.Process
    inflight: dict[int, ConversationPlan] = field(default_factory=dict)
    reader: asyncio.Task[None] | None = None
    alive: bool = True


@dataclass
class Placement:
    """Where a session's conversations ran, for the summary and the manifest."""

    mode: str = "in-process"
    workers: int = 0
    conversations: Counter[str] = field(default_factory=Counter)
    rerun_after_worker_died: int = 0
    workers_died: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The summary's line: how many workers, what each ran, what was re-run."""
        each = ", ".join(f"{k} {v}" for k, v in sorted(self.conversations.items()))
        what = "Ray actors" if self.mode == "ray" else "worker processes"
        text = f"{self.workers} {what} ({each or 'none'})"
        text += "".join(f"; {note}" for note in self.notes if note.startswith("nodes: "))
        if self.workers_died:
            text += (
                f"; {self.workers_died} died, {self.rerun_after_worker_died} conversations in "
                "flight re-run"
            )
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "workers": self.workers,
            "conversations": dict(sorted(self.conversations.items())),
            "rerun_after_worker_died": self.rerun_after_worker_died,
            "workers_died": self.workers_died,
            **({"notes": list(self.notes)} if self.notes else {}),
        }


def in_process(simulated: int) -> Placement:
    placement = Placement()
    if simulated:
        placement.conversations["driver"] = simulated
    return placement


class ProcessPool:
    """N worker processes; `play(plan)` runs a plan in the least busy live one."""

    def __init__(
        self,
        n: int,
        recipe: Recipe,
        python: str = sys.executable,
        authority: Authority | None = None,
    ) -> None:
        self.n = n
        self.recipe = recipe
        self.authority = authority or Authority()  # the run's budget and rate limits
        self.asking: set[asyncio.Task[None]] = set()
        self.python = python
        self.workers: list[_Worker] = []
        self.futures: dict[int, asyncio.Future[Played]] = {}
        self.placement = Placement("processes", n)
        self.started = 0
        self.failure: BaseException | None = None

    async def start(self) -> None:
        for _ in range(self.n):
            await self._spawn()

    async def _spawn(self) -> _Worker:
        if self.started >= self.n + MAX_RESTARTS:
            raise WorkerFailed(
                f"{self.started - self.n} worker processes died; stopping (run the same "
                "command again to resume)"
            )
        self.started += 1
        root = str(Path(__file__).resolve().parents[2])  # found even when not installed
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        proc = await asyncio.create_subprocess_exec(
            self.python, "-m", "simulator.run.convworker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )  # fmt: skip
        worker = _Worker(f"worker-{self.started}", proc)
        self.workers.append(worker)
        await self._send(worker, self.recipe)
        if self.authority.stopped is not None:  # a replacement hears of a spent budget too
            await self._send(worker, ("answer", 0, self.authority.stopped))
        worker.reader = asyncio.create_task(self._read(worker))
        return worker

    async def play(self, plan: ConversationPlan) -> Played:
        if self.failure is not None:
            raise self.failure
        future: asyncio.Future[Played] = asyncio.get_running_loop().create_future()
        self.futures[plan.index] = future
        await self._dispatch(plan)
        return await future

    async def _dispatch(self, plan: ConversationPlan) -> None:
        live = [w for w in self.workers if w.alive]
        worker = min(live, key=lambda w: len(w.inflight)) if live else await self._spawn()
        worker.inflight[plan.index] = plan
        # A broken pipe: the reader sees the worker die and sends its plans elsewhere.
        with contextlib.suppress(ConnectionError, BrokenPipeError):
            await self._send(worker, ("play", plan.index, plan))

    async def _send(self, worker: _Worker, message: Any) -> None:
        stdin = worker.proc.stdin
        assert stdin is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        stdin.write(HEADER.pack(len(data)) + data)
        await stdin.drain()

    async def _read(self, worker: _Worker) -> None:
        stdout = worker.proc.stdout
        assert stdout is not None
        try:
            while True:
                header = await stdout.readexactly(HEADER.size)
                kind, key, body = pickle.loads(await stdout.readexactly(HEADER.unpack(header)[0]))
                if kind == "ready":
                    continue
                if kind == "ask":
                    self._answer(worker, key, body)
                    continue
                if kind == "tell":
                    if (reason := self.authority.note(body)) is not None:
                        await self._tell_all(reason)
                    continue
                plan = worker.inflight.pop(key, None)
                future = self.futures.pop(key, None)
                if plan is None or future is None or future.done():
                    continue
                if kind == "done":
                    self.placement.conversations[worker.name] += 1
                    seed, turns, outcome, verdict, faults = body
                    stored = plan if seed == plan.seed else plan.model_copy(update={"seed": seed})
                    future.set_result(Played(stored, turns, outcome, verdict, faults))
                elif kind == "budget":
                    future.set_exception(BudgetExceeded(body))
                else:
                    future.set_exception(WorkerFailed(f"conversation {plan.id} failed:\n{body}"))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the worker died (or closed): below
        except Exception as exc:  # a garbled message: that worker cannot be trusted
            worker.proc.kill()
            self.placement.notes.append(f"{worker.name}: {type(exc).__name__}: {exc}")
        await self._lost(worker)

    def _answer(self, worker: _Worker, key: int, what: Any) -> None:
        """A worker's question (a permit for a model request or a bot call), answered when
        the run's limits allow; its other messages keep being read meanwhile."""

        async def reply() -> None:
            value = await self.authority.answer(what)
            if worker.alive:  # a dead worker's question needs no answer
                with contextlib.suppress(ConnectionError, BrokenPipeError):
                    await self._send(worker, ("answer", key, value))

        task = asyncio.create_task(reply())
        self.asking.add(task)
        task.add_done_callback(self.asking.discard)

    async def _tell_all(self, reason: str) -> None:
        for worker in self.workers:
            if worker.alive:
                with contextlib.suppress(ConnectionError, BrokenPipeError):
                    await self._send(worker, ("answer", 0, reason))

    async def _lost(self, worker: _Worker) -> None:
        """A worker died: its plans in flight (never stored) go to a fresh worker."""
        worker.alive = False
        if worker.proc.returncode is None:
            worker.proc.kill()
        await worker.proc.wait()
        orphans = list(worker.inflight.values())
        worker.inflight.clear()
        if self.closing:
            return
        self.placement.workers_died += 1
        self.placement.rerun_after_worker_died += len(orphans)
        try:
            await self._spawn()
            for plan in orphans:
                await self._dispatch(plan)
        except WorkerFailed as exc:
            self.failure = exc
            for plan in orphans:
                future = self.futures.pop(plan.index, None)
                if future is not None and not future.done():
                    future.set_exception(exc)

    closing = False

    async def close(self) -> None:
        self.closing = True
        for worker in self.workers:
            if worker.proc.stdin is not None:
                worker.proc.stdin.close()
        for worker in self.workers:
            try:
                await asyncio.wait_for(worker.proc.wait(), 10)
            except TimeoutError:
                worker.proc.kill()
                await worker.proc.wait()
            if worker.reader is not None:
                await worker.reader
        for task in list(self.asking):
            task.cancel()


if __name__ == "__main__":
    from simulator.run import convworker  # pickles must name simulator.run.convworker, not __main__

    protocol = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by accident can corrupt the pipe
    convworker.serve(sys.stdin.buffer, protocol)
