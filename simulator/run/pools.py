"""Where a run's conversations play: in the driver, in worker processes (`--workers N`,
simulator.run.workerpool) or in Ray actors (`--ray ADDRESS`, simulator.run.raypool). Both pools take
the engines' recipe and give back the rows run.db stores, built where the conversation ran;
both hold the run's budget and rate limits in the driver (simulator.run.remote)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from agents.llm.budget import Meter
from agents.types import ConversationPlan
from simulator.errors import UserError
from simulator.run.convworker import Placement, build_from
from simulator.run.ratelimit import RateLimiter
from simulator.run.remote import Authority
from simulator.run.workerpool import ProcessPool
from simulator.store.rows import Rows

if TYPE_CHECKING:
    from simulator.run.runner import Engines


class Pool(Protocol):
    placement: Placement

    async def start(self) -> None: ...
    async def play(self, plan: ConversationPlan) -> Rows: ...
    async def close(self) -> None: ...


def check_workers(workers: int, engines: Engines, flag: str | None = None) -> None:
    """Workers rebuild the engines from their recipe: only engines that have one, unchanged."""
    if workers and (engines.recipe is None or build_from(engines.recipe).names != engines.names):
        flag = flag or f"--workers {workers}"
        raise UserError(
            f"{flag}: these engines were assembled in Python and cannot be rebuilt in a "
            "worker process (engines from flags, --config, --rubric and target files can); "
            f"drop {flag.split()[0]}"
        )


def check_ray(ray: str | None, engines: Engines) -> None:
    """`--ray`: the extra installed, engines with a recipe, and the cluster reachable,
    before anything exists."""
    if ray is None:
        return
    check_workers(1, engines, f"--ray {ray}")
    from simulator.run.raypool import connect

    connect(ray)


def make_pool(workers: int, engines: Engines, run_id: str, ray: str | None = None) -> Pool | None:
    """The worker processes of `--workers N` (None for 0), or Ray actors with `--ray` (N of
    them, 0: one per CPU of the cluster). Either asks the driver for the run's limits: its
    budget (the model meter) and a bot's --rate (the limiter before a target)."""
    if engines.recipe is None or (not workers and ray is None):
        return None
    meter = getattr(engines.hooks, "meter", None)
    target = getattr(engines.support, "limiter", None)
    authority = Authority(meter if isinstance(meter, Meter) else None,
                          target if isinstance(target, RateLimiter) else None)  # fmt: skip
    if ray is not None:
        from simulator.run.raypool import RayPool

        return RayPool(ray, workers, engines.recipe, run_id, authority)
    return ProcessPool(workers, engines.recipe, run_id, authority=authority)
