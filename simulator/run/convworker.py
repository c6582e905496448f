"""Conversations in worker processes (`convsim run --workers N`): every core of the machine.

The driver (the runner's process) keeps everything that decides what a run is: planning,
run.db (one transaction per finished conversation), budgets and `--concurrency`, which stays
global because the driver hands out at most that many plans at once whatever N is. A worker
plays plans: it rebuilds the same engines from their recipe (a module-level factory, see
`Engines.recipe`), runs `rerun.play` on each plan it is sent (conversation, critic, re-runs of
simulator faults), builds the rows run.db stores (simulator.store.rows) and sends those back,
so the driver's share of a conversation is unpickling strings and one SQLite transaction.
A conversation depends only on its plan, so the transcripts are the same bytes whatever N.

`Player` is the worker's whole job, whatever carries its messages: a process's pipes here
(`python -m simulator.run.convworker`: no re-imported `__main__`, no inherited SQLite handle), or
a Ray actor's method calls (simulator.run.raypool). The driver's side is simulator.run.workerpool.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import pickle
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.llm.errors import BudgetExceeded
from agents.types import ConversationPlan
from simulator.run import remote
from simulator.run.wire import HEADER, Outbox, Packed, PlanUnpacker, frame

# (module, factory, *arguments): engines built the same way in any process; the arguments
# are plain data (flags, paths, settled modes), pickled to each worker.
Recipe = tuple[Any, ...]
MAX_RESTARTS = 8  # replacement workers per run before the run gives up

# Messages, each (kind, key, body). Driver -> worker:
#   ("start", 0, (recipe, run_id))  first, once
#   ("play", 0, Packed)             plans to play (simulator.run.wire.PlanPacker)
#   ("answer", key, value)          an answer to an "ask"; key 0: the budget is spent (value)
# Worker -> driver:
#   ("ready", pid, where)  ("done", index, Rows)  ("budget", index, why)  ("error", index, tb)
#   ("ask", key, question)  ("tell", 0, note)     (simulator.run.remote)
#   ("cpu", 0, (CPU seconds at ready, at the end))   last


def build_from(recipe: Recipe) -> Any:
    module, name, *args = recipe
    return getattr(importlib.import_module(module), name)(*args)


class Player:
    """A worker's conversations: the engines built once, then every plan sent played
    concurrently on this event loop (the driver bounds how many are in flight)."""

    def __init__(self, send: Callable[[list[Any]], None], where: str) -> None:
        self.write, self.where = send, where
        self.outbox: Outbox | None = None
        self.unpacker = PlanUnpacker()
        self.ready: asyncio.Task[None] | None = None
        self.running: set[asyncio.Task[None]] = set()
        self.link: remote.Link | None = None
        self.engines: Any = None
        self.graph: Any = None
        self.run_id = ""
        self.started_cpu = 0.0  # CPU seconds when the engines were ready

    def receive(self, message: tuple[str, int, Any]) -> None:
        """On the loop's thread, in the order the driver sent them."""
        kind, key, body = message
        if kind == "start":
            loop = asyncio.get_running_loop()
            self.outbox = Outbox(loop, self.write)
            self.link = remote.Link(self.outbox.put, loop)
            remote.use(self.link)  # engines with shared limits ask the driver through it
            self.ready = asyncio.create_task(self._start(*body))
        elif kind == "play":
            self._spawn(self._play_all(body))
        elif self.link is not None:  # an answer, or the news that the budget is spent
            self.link.answered(key, body)

    async def _start(self, recipe: Recipe, run_id: str) -> None:
        from simulator.run.graph import build_graph

        self.run_id = run_id
        self.engines = engines = build_from(recipe)
        self.graph = build_graph(engines.customer, engines.support, engines.grade)
        warm = getattr(engines.hooks, "warm", None)  # model clients made before the first reply
        if warm is not None:
            await warm()
        assert self.outbox is not None
        self.started_cpu = time.process_time()
        self.outbox.put(("ready", os.getpid(), self.where))
        gc.freeze()  # the engines live as long as the worker: out of every collection
        gc.set_threshold(20_000, 20, 20)  # as the driver's frozen_heap (simulator.run.heap)

    def _spawn(self, job: Any) -> None:
        task = asyncio.create_task(job)
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def _play_all(self, packed: Packed) -> None:
        assert self.ready is not None
        await self.ready
        for plan in self.unpacker.unpack(packed):
            self._spawn(self._one(plan))

    def _stop(self) -> bool:
        hooks = self.engines.hooks
        return hooks is not None and hooks.stop_reason() is not None

    async def _one(self, plan: ConversationPlan) -> None:
        from simulator.run.rerun import make_transcript, play
        from simulator.store.rows import conversation_rows

        assert self.outbox is not None
        try:
            p = await play(self.graph, plan, self._stop)
            record = make_transcript(self.run_id, p.plan, p.turns, p.outcome, p.verdict, p.faults)
            self.outbox.put(("done", plan.index, conversation_rows(p.plan, record)))
        except BudgetExceeded as exc:  # cut short: the driver stores nothing, as in one process
            self.outbox.put(("budget", plan.index, str(exc)))
        except Exception:  # the driver raises it: the same failure as in one process
            self.outbox.put(("error", plan.index, traceback.format_exc()))

    async def finish(self) -> list[Any]:
        """No more plans: let those in flight end, close a bot target's connections, and say
        what CPU the start-up and the conversations took (also returned, for Ray's caller)."""
        while self.running:
            await asyncio.wait(list(self.running))
        aclose = getattr(getattr(self.engines, "support", None), "aclose", None)
        if aclose is not None:
            await aclose()
        last = [("cpu", 0, (self.started_cpu, time.process_time()))]
        if self.outbox is not None:
            self.outbox.put(last[0])
            self.outbox.flush()
        return last


# --- the worker process ------------------------------------------------------------------
async def serve(inp: int, out: int) -> None:
    """Play what the driver sends on `inp` until it closes; answer on `out`. No threads: a
    thread's every wake-up took the GIL from the conversations (and a full pipe blocked
    nothing here, asyncio's pipe transport buffers)."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader),
                                 os.fdopen(inp, "rb", buffering=0))  # fmt: skip
    transport, _ = await loop.connect_write_pipe(asyncio.BaseProtocol,
                                                 os.fdopen(out, "wb", buffering=0))  # fmt: skip

    def write(batch: list[Any]) -> None:
        if not transport.is_closing():  # the driver is gone: nobody to tell
            transport.write(frame(batch))

    player = Player(write, f"{os.uname().nodename}:{os.getpid()}")
    while True:
        try:
            header = await reader.readexactly(HEADER.size)
            batch = pickle.loads(await reader.readexactly(HEADER.unpack(header)[0]))
        except asyncio.IncompleteReadError:
            break  # stdin closed: the driver is done (or dead)
        for message in batch:
            player.receive(message)
    if player.link is not None:
        player.link.close()  # a question still waiting has nobody left to answer it
    await player.finish()
    transport.close()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    out = os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # nothing printed can corrupt the pipe
    sys.stdout = sys.stderr
    asyncio.run(serve(sys.stdin.fileno(), out))


# --- what the driver reports ---------------------------------------------------------
class WorkerFailed(RuntimeError):
    """A conversation raised in a worker, or workers kept dying: the run stops."""


@dataclass
class Placement:
    """Where a session's conversations ran, for the summary and the manifest."""

    mode: str = "in-process"
    workers: int = 0
    conversations: Counter[str] = field(default_factory=Counter)
    rerun_after_worker_died: int = 0
    workers_died: int = 0
    notes: list[str] = field(default_factory=list)
    # CPU seconds: the driver's while conversations ran (planning and storing included), each
    # worker's after its start-up (playing, grading, building rows), and each start-up's.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    startup_cpu_seconds: dict[str, float] = field(default_factory=dict)

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
            **({"cpu_seconds": dict(sorted(self.cpu_seconds.items()))} if self.cpu_seconds else {}),
            **(
                {"startup_cpu_seconds": dict(sorted(self.startup_cpu_seconds.items()))}
                if self.startup_cpu_seconds
                else {}
            ),
        }


def in_process(simulated: int) -> Placement:
    placement = Placement()
    if simulated:
        placement.conversations["driver"] = simulated
    return placement


if __name__ == "__main__":
    from simulator.run import convworker  # pickles name simulator.run.convworker, not __main__

    convworker.main()
