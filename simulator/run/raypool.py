"""Conversations in Ray actors (`convsim run|test --ray [ADDRESS]`): beyond one machine.

The same split as `--workers`, and the same code on both sides: the driver plans, stores (one
transaction per finished conversation in run.db), bounds `--concurrency` and holds the run's
budget and rate limits (simulator.run.workerpool); each actor runs a `Player`
(simulator.run.convworker) that rebuilds the engines from their recipe once and plays the plans
it is sent. Only the carrier differs: instead of a process's pipes, the driver calls the
actor's `put` with each batch of messages and keeps one `take` call waiting for the actor's
(its finished rows, its questions for permits, its charges). So model engines and bot targets
run on Ray with their limits global, as in worker processes. A conversation depends only on its
plan, so transcripts.jsonl is the same bytes on a cluster as in one process. An actor that dies
(its node lost, killed) fails its calls with `RayActorError`: the plans it had in flight go to
a fresh actor, and since only the driver stores, none is stored twice. Ray is an optional extra
(`pip install "convsim[ray]"`), imported only here.

ADDRESS is what `ray.init(address=...)` takes: `auto` (the cluster this machine belongs to),
`ray://host:10001` or `host:6379`; `local` starts a Ray instance on this machine for the run
(and stops it after). On a cluster, convsim's code travels with the job (`runtime_env`
`py_modules`), so the nodes need its dependencies, not convsim itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import itertools
import logging
import os
import socket
from pathlib import Path
from typing import Any

from simulator.errors import UserError
from simulator.run.convworker import Player, Recipe
from simulator.run.remote import Authority
from simulator.run.workerpool import WorkerPool

LOCAL = "local"
ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("agents", "personas", "scenarios", "simulator")


def check_ray(address: str) -> None:
    """`--ray` needs the extra installed; a one-line UserError before anything is created."""
    if not address.strip():
        raise UserError("--ray: give a Ray address (auto, ray://HOST:10001) or local")
    if importlib.util.find_spec("ray") is None:
        raise UserError(
            f'--ray {address}: Ray is not installed; pip install "convsim[ray]" (or drop --ray)'
        )


_ours = False  # this process started the Ray instance (or connected): it disconnects after


def connect(address: str) -> None:
    """`ray.init` for the run, before anything is created: a bad address or a cluster that
    cannot be reached is a one-line UserError. An initialized Ray (a caller's) is used as is."""
    global _ours
    check_ray(address)
    import ray

    if ray.is_initialized():
        return
    options: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
        "configure_logging": False,
    }
    if address == LOCAL:
        path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
        options["runtime_env"] = {"env_vars": {"PYTHONPATH": path}}
    else:  # the code travels with the job; the nodes bring the dependencies
        options["address"] = address
        options["runtime_env"] = {"py_modules": [str(ROOT / p) for p in PACKAGES]}
    try:
        ray.init(**options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise UserError(f"--ray {address}: cannot connect ({_first_line(exc)})") from exc
    _ours = True


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


class ConvActor:
    """One Ray actor: a `Player` whose messages come by `put` and leave by `take`."""

    def __init__(self) -> None:
        self.player = Player(self._write, f"{socket.gethostname()}:{os.getpid()}")
        self.outgoing: list[Any] = []
        self.news: asyncio.Event | None = None
        self.next = 0  # the number of the next batch to hand the player
        self.early: dict[int, list[Any]] = {}  # batches that overtook an earlier one

    def _event(self) -> asyncio.Event:
        if self.news is None:
            self.news = asyncio.Event()
        return self.news

    def _write(self, batch: list[Any]) -> None:
        self.outgoing.extend(batch)
        self._event().set()

    async def put(self, number: int, batch: list[Any]) -> None:
        """The driver's messages, in the order it sent them whatever order Ray runs calls in."""
        self.early[number] = batch
        while self.next in self.early:
            for message in self.early.pop(self.next):
                self.player.receive(message)
            self.next += 1

    async def take(self) -> list[Any]:
        """The actor's messages since the last call; waits until there is one."""
        news = self._event()
        while not self.outgoing:
            news.clear()
            await news.wait()
        out, self.outgoing = self.outgoing, []
        return out

    async def finish(self) -> list[Any]:
        return await self.player.finish()


class _ActorLine:
    """A Channel (simulator.run.workerpool) over one actor's `put` and `take` calls."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.numbers = itertools.count()

    def send(self, batch: list[Any]) -> None:
        self.handle.put.remote(next(self.numbers), batch)  # a dead actor: `take` says so

    async def receive(self) -> list[Any]:
        from ray.exceptions import RayActorError

        try:
            return list(await self.handle.take.remote())
        except RayActorError as exc:  # the actor (or its node) died
            raise ConnectionError(str(exc).splitlines()[0] if str(exc) else "actor died") from exc

    async def close(self) -> list[Any] | None:
        last = None
        with contextlib.suppress(Exception):  # dead already: nothing to finish
            last = await asyncio.wait_for(self.handle.finish.remote(), 10)
        self.kill()
        return last

    def kill(self) -> None:
        import ray

        with contextlib.suppress(Exception):  # dead already: nothing to stop
            ray.kill(self.handle)


class RayPool(WorkerPool):
    """Ray actors, `workers` of them (0: one per CPU of the cluster); `play(plan)` runs a
    plan on the least busy live one."""

    what = "Ray actors"

    def __init__(self, address: str, workers: int, recipe: Recipe, run_id: str = "",
                 authority: Authority | None = None) -> None:  # fmt: skip
        super().__init__(workers, recipe, run_id, authority, "ray")
        self.address = address
        self.cls: Any = None

    @property
    def actors(self) -> list[Any]:
        return self.workers

    async def start(self) -> None:
        import ray

        connect(self.address)
        if not self.n:
            self.n = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.placement.workers = self.n
        self.cls = ray.remote(ConvActor).options(num_cpus=1, max_concurrency=64)
        await super().start()

    async def _open(self, name: str) -> _ActorLine:
        return _ActorLine(self.cls.remote())

    async def close(self) -> None:
        import ray

        await super().close()
        hosts = sorted({w.where.split(":", 1)[0] for w in self.workers if w.where})
        if hosts:
            self.placement.notes.append(f"nodes: {', '.join(hosts)}")
        global _ours
        if _ours:
            _ours = False
            ray.shutdown()
