"""The driver's side of `--workers N` and `--ray`: plans out, stored rows back, limits kept here.

`WorkerPool.play(plan)` sends the plan to the least busy live worker and returns the rows
run.db stores for it (simulator.store.rows), built by the worker. The pool answers the
workers' questions for permits and takes their charges (simulator.run.remote's `Authority`), so
a run's budget and rate limits are global. Plans said in one turn of the event loop leave
as one message per worker (`Outbox`), compactly (`PlanPacker`).

A worker that dies loses only the plans it had in flight: they go to a replacement, and
since only the driver stores, none is stored twice. The transport is a `Channel`: a process's
pipes (`ProcessPool`, here) or a Ray actor's method calls (simulator.run.raypool).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from agents.llm.errors import BudgetExceeded
from agents.types import ConversationPlan
from simulator.run.convworker import MAX_RESTARTS, Placement, Recipe, WorkerFailed
from simulator.run.remote import Authority
from simulator.run.wire import HEADER, Outbox, PlanPacker, frame
from simulator.store.rows import Rows


class Channel(Protocol):
    """One worker's line: `send` queues a batch of messages (a failure shows in `receive`),
    `receive` waits for the next batch and raises ConnectionError once the worker is gone."""

    def send(self, batch: list[Any]) -> None: ...
    async def receive(self) -> list[Any]: ...
    async def close(self) -> list[Any] | None: ...  # no more work: the worker ends; its last
    # messages when they do not come through `receive`
    def kill(self) -> None: ...


@dataclass(eq=False)  # hashable by identity: the outbox names workers
class Worker:
    name: str
    channel: Any  # a Channel
    inflight: dict[int, ConversationPlan] = field(default_factory=dict)
    packer: PlanPacker = field(default_factory=PlanPacker)
    waiting: list[ConversationPlan] = field(default_factory=list)  # to go in the next message
    reader: asyncio.Task[None] | None = None
    alive: bool = True
    where: str = ""


class WorkerPool:
    """N workers behind channels; subclasses open the channels."""

    what = "worker processes"

    def __init__(self, n: int, recipe: Recipe, run_id: str, authority: Authority | None,
                 mode: str) -> None:  # fmt: skip
        self.n, self.recipe, self.run_id = n, recipe, run_id
        self.authority = authority or Authority()  # the run's budget and rate limits
        self.asking: set[asyncio.Task[None]] = set()
        self.workers: list[Worker] = []
        self.futures: dict[int, asyncio.Future[Rows]] = {}
        self.placement = Placement(mode, n)
        self.started = 0
        self.failure: BaseException | None = None
        self.closing = False
        self.outbox: Outbox | None = None

    async def _open(self, name: str) -> Any:
        raise NotImplementedError

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self.outbox = Outbox(loop, self._flush)
        for _ in range(self.n):
            await self._spawn()

    async def _spawn(self) -> Worker:
        if self.started >= self.n + MAX_RESTARTS:
            raise WorkerFailed(
                f"{self.started - self.n} {self.what} died; stopping (run the same command "
                "again to resume)"
            )
        self.started += 1
        name = f"{'ray' if self.placement.mode == 'ray' else 'worker'}-{self.started}"
        worker = Worker(name, await self._open(name))
        self.workers.append(worker)
        first: list[Any] = [("start", 0, (self.recipe, self.run_id))]
        if self.authority.stopped is not None:  # a replacement hears of a spent budget too
            first.append(("answer", 0, self.authority.stopped))
        worker.channel.send(first)
        worker.reader = asyncio.create_task(self._read(worker))
        return worker

    async def play(self, plan: ConversationPlan) -> Rows:
        if self.failure is not None:
            raise self.failure
        future: asyncio.Future[Rows] = asyncio.get_running_loop().create_future()
        self.futures[plan.index] = future
        await self._dispatch(plan)
        return await future

    async def _dispatch(self, plan: ConversationPlan) -> None:
        live = [w for w in self.workers if w.alive]
        worker = min(live, key=lambda w: len(w.inflight)) if live else await self._spawn()
        worker.inflight[plan.index] = plan
        worker.waiting.append(plan)
        assert self.outbox is not None
        self.outbox.put(worker)  # sent with the others said in this turn of the loop

    def _flush(self, workers: list[Worker]) -> None:
        for worker in dict.fromkeys(workers):  # each once, in order
            plans, worker.waiting = worker.waiting, []
            if plans and worker.alive:  # a dead one's plans went to its replacement
                worker.channel.send([("play", 0, worker.packer.pack(plans))])

    async def _read(self, worker: Worker) -> None:
        try:
            while True:
                for kind, key, body in await worker.channel.receive():
                    self._handle(worker, kind, key, body)
        except ConnectionError:
            pass  # the worker died (or closed): below
        except Exception as exc:  # a garbled message: that worker cannot be trusted
            worker.channel.kill()
            self.placement.notes.append(f"{worker.name}: {type(exc).__name__}: {exc}")
        await self._lost(worker)

    def _handle(self, worker: Worker, kind: str, key: int, body: Any) -> None:
        if kind == "ready":
            worker.where = body
            return
        if kind == "cpu":
            ready, end = body
            self.placement.startup_cpu_seconds[worker.name] = round(ready, 3)
            self.placement.cpu_seconds[worker.name] = round(end - ready, 3)
            return
        if kind == "ask":
            self._answer(worker, key, body)
            return
        if kind == "tell":
            if (reason := self.authority.note(body)) is not None:
                for other in self.workers:  # every worker hears the budget is spent
                    if other.alive:
                        other.channel.send([("answer", 0, reason)])
            return
        plan = worker.inflight.pop(key, None)
        future = self.futures.pop(key, None)
        if plan is None or future is None or future.done():
            return
        if kind == "done":
            self.placement.conversations[worker.name] += 1
            future.set_result(body)
        elif kind == "budget":
            future.set_exception(BudgetExceeded(body))
        else:
            future.set_exception(WorkerFailed(f"conversation {plan.id} failed:\n{body}"))

    def _answer(self, worker: Worker, key: int, what: Any) -> None:
        """A worker's question (a permit for a model request or a bot call), answered when
        the run's limits allow; its other messages keep being read meanwhile."""

        async def reply() -> None:
            value = await self.authority.answer(what)
            if worker.alive:  # a dead worker's question needs no answer
                worker.channel.send([("answer", key, value)])

        task = asyncio.create_task(reply())
        self.asking.add(task)
        task.add_done_callback(self.asking.discard)

    async def _lost(self, worker: Worker) -> None:
        """A worker died: its plans in flight (never stored) go to a fresh worker."""
        worker.alive = False
        await worker.channel.close()
        orphans = list(worker.inflight.values())
        worker.inflight.clear()
        worker.waiting.clear()
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

    async def close(self) -> None:
        self.closing = True
        if self.outbox is not None:
            self.outbox.flush()
        finals = await asyncio.gather(*(w.channel.close() for w in self.workers))
        for worker, final in zip(self.workers, finals, strict=True):
            if worker.reader is not None:
                await worker.reader
            for kind, key, body in final or ():  # a Ray actor's last words come back here
                self._handle(worker, kind, key, body)
        for task in list(self.asking):
            task.cancel()


class _Pipes:
    """A worker process's stdin and stdout."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    def send(self, batch: list[Any]) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        if not stdin.is_closing():  # a dead worker's pipe: its reader sees the end
            stdin.write(frame(batch))  # buffered by asyncio: nothing here waits

    async def receive(self) -> list[Any]:
        stdout = self.proc.stdout
        assert stdout is not None
        try:
            header = await stdout.readexactly(HEADER.size)
            body = await stdout.readexactly(HEADER.unpack(header)[0])
        except asyncio.IncompleteReadError as exc:
            raise ConnectionError("the worker closed its pipe") from exc
        return list(pickle.loads(body))

    async def close(self) -> list[Any] | None:
        if self.proc.stdin is not None and not self.proc.stdin.is_closing():
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), 10)
        except TimeoutError:
            self.kill()
            await self.proc.wait()
        return None

    def kill(self) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()


class ProcessPool(WorkerPool):
    """`--workers N`: N processes of `python -m simulator.run.convworker` on this machine."""

    def __init__(self, n: int, recipe: Recipe, run_id: str = "", python: str = sys.executable,
                 authority: Authority | None = None) -> None:  # fmt: skip
        super().__init__(n, recipe, run_id, authority, "processes")
        self.python = python

    async def _open(self, name: str) -> _Pipes:
        root = str(Path(__file__).resolve().parents[2])  # found even when not installed
        path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
        proc = await asyncio.create_subprocess_exec(
            self.python, "-m", "simulator.run.convworker",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": path},
        )  # fmt: skip
        return _Pipes(proc)
