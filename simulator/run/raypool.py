"""Conversations as Ray actor tasks (`convsim run --ray [ADDRESS]`): beyond one machine.

The same split as `--workers` (simulator.run.convworker): the driver plans, stores (one
transaction per finished conversation in run.db) and bounds `--concurrency`; each actor
rebuilds the engines from their recipe once and plays the plans it is sent. A conversation
depends only on its plan, so transcripts.jsonl is the same bytes on a cluster as in one
process. An actor that dies (its node lost, killed) fails its calls with `RayActorError`:
the plans it had in flight go to a fresh actor, and since only the driver stores, none is
stored twice. Ray is an optional extra (`pip install "convsim[ray]"`), imported only here.

ADDRESS is what `ray.init(address=...)` takes: `auto` (the cluster this machine belongs to),
`ray://host:10001` or `host:6379`; `local` starts a Ray instance on this machine for the
run (and stops it after). On a cluster, convsim's code travels with the job
(`runtime_env` `py_modules`), so the nodes need its dependencies, not convsim itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import logging
import os
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agents.types import ConversationPlan
from simulator.errors import UserError
from simulator.run.convworker import MAX_RESTARTS, Placement, Recipe, WorkerFailed, build_from
from simulator.run.rerun import Played, play

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
    """One Ray actor: the engines built once, then any number of plans played."""

    def __init__(self, recipe: Recipe) -> None:
        from simulator.run.graph import build_graph

        self.engines = build_from(recipe)
        self.graph = build_graph(self.engines.customer, self.engines.support, self.engines.grade)

    def where(self) -> str:
        return f"{socket.gethostname()}:{os.getpid()}"

    async def play(self, plan: ConversationPlan) -> tuple[Any, ...]:
        p = await play(self.graph, plan)  # the plan is not sent back: the driver has it
        return (p.plan.seed, p.turns, p.outcome, p.verdict, p.faults)


@dataclass
class _Actor:
    name: str
    handle: Any
    inflight: dict[int, ConversationPlan] = field(default_factory=dict)
    alive: bool = True


class RayPool:
    """Ray actors, `workers` of them (0: one per CPU of the cluster); `play(plan)` runs a
    plan on the least busy live one. The interface of convworker.ProcessPool."""

    def __init__(self, address: str, workers: int, recipe: Recipe) -> None:
        self.address = address
        self.n = workers
        self.recipe = recipe
        self.actors: list[_Actor] = []
        self.placement = Placement("ray", workers)
        self.started = 0
        self.cls: Any = None

    async def start(self) -> None:
        import ray

        connect(self.address)
        if not self.n:
            self.n = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.placement.workers = self.n
        self.cls = ray.remote(ConvActor).options(num_cpus=1, max_concurrency=256)
        for _ in range(self.n):
            self._spawn()
        where = await asyncio.gather(*(a.handle.where.remote() for a in self.actors))
        hosts = sorted({w.split(":", 1)[0] for w in where})
        self.placement.notes.append(f"nodes: {', '.join(hosts)}")

    def _spawn(self) -> _Actor:
        if self.started >= self.n + MAX_RESTARTS:
            raise WorkerFailed(
                f"{self.started - self.n} Ray actors died; stopping (run the same command "
                "again to resume)"
            )
        self.started += 1
        actor = _Actor(f"ray-{self.started}", self.cls.remote(self.recipe))
        self.actors.append(actor)
        return actor

    async def play(self, plan: ConversationPlan) -> Played:
        from ray.exceptions import RayActorError, RayTaskError

        while True:
            live = [a for a in self.actors if a.alive]
            actor = min(live, key=lambda a: len(a.inflight)) if live else self._spawn()
            actor.inflight[plan.index] = plan
            try:
                seed, turns, outcome, verdict, faults = await actor.handle.play.remote(plan)
            except RayActorError:  # the actor (or its node) died: the plan goes elsewhere
                actor.inflight.pop(plan.index, None)
                self._lost(actor)
                self.placement.rerun_after_worker_died += 1
                continue
            except RayTaskError as exc:  # the conversation raised: as in one process
                actor.inflight.pop(plan.index, None)
                raise WorkerFailed(f"conversation {plan.id} failed:\n{exc}") from exc
            actor.inflight.pop(plan.index, None)
            self.placement.conversations[actor.name] += 1
            stored = plan if seed == plan.seed else plan.model_copy(update={"seed": seed})
            return Played(stored, turns, outcome, verdict, faults)

    def _lost(self, actor: _Actor) -> None:
        if actor.alive:
            actor.alive = False
            self.placement.workers_died += 1
            self._spawn()

    async def close(self) -> None:
        import ray

        for actor in self.actors:
            with contextlib.suppress(Exception):  # already dead: nothing to stop
                ray.kill(actor.handle)
        global _ours
        if _ours:
            _ours = False
            ray.shutdown()
