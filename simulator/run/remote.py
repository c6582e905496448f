"""Limits that stay the run's when conversations play in worker processes (`--workers N`).

A run's budget (tokens, USD), its model rate limits and a test's `--rate` are global: the
driver holds the one `Meter` and the one limiter per endpoint (its `Authority`), and a worker
holds none of its own. Before each model request a worker's client asks the driver for a
permit (`RemoteGate`): the driver waits on the endpoint's limiter and answers with its meter's
verdict, exactly as a client in one process checks before sending. Each attempt's tokens go
to the driver as soon as the attempt returns (`RemoteMeter`), on the same pipe and so before
that worker's next permit request. A bot call under `--rate` asks the same way
(`RemoteLimiter`).

So the bound on spending past a budget is the one-process bound (see agents.llm.budget): at
most the requests already under way when the limit was reached, and at most `--concurrency`
conversations are under way whatever N (the driver hands out the plans). A request whose
tokens are still in the pipe counts as under way. Rate limits are spaced by one clock, the
driver's; a permit's round trip (a fraction of a millisecond on one machine) is the only
added latency, and a run with no budget and no model rate limit asks for none.

The worker also keeps the last verdict it heard (`Link.stopped`; the driver tells every
worker when its budget runs out), which a finished conversation reads to decide whether a
simulator-blamed one is played again, as `play`'s `stop` does in one process.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from typing import Any

from agents.llm.budget import Meter
from agents.llm.limits import admit
from simulator.run.ratelimit import RateLimiter

# What a worker asks and tells (the body of ("ask", id, what) and ("tell", 0, what)):
#   ("model", endpoint, rps) -> the budget's stop reason or None, after the rate limit's wait
#   ("target",)              -> None, once the bot under test may be called (--rate)
#   ("charge", model, prompt_tokens, completion_tokens, cost_usd)   (tell)
#   ("count", usage)                                                (tell)


class Link:
    """A worker's line to its driver: questions with answers, and notes without."""

    def __init__(self, send: Callable[[Any], None], loop: asyncio.AbstractEventLoop) -> None:
        self.send, self.loop = send, loop
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[Any]] = {}
        self.stopped: str | None = None  # the budget's stop reason, once the driver says so
        self.gone = False

    async def ask(self, what: tuple[Any, ...]) -> Any:
        if self.gone:
            raise ConnectionError("the driver is gone")
        key = next(self.ids)
        future = self.loop.create_future()
        self.waiting[key] = future
        self.send(("ask", key, what))
        return await future

    def tell(self, what: tuple[Any, ...]) -> None:
        self.send(("tell", 0, what))

    def close(self) -> None:
        """The driver is gone: questions waiting (and any asked later) fail, and the
        conversations asking them end, so the worker can exit."""
        self.gone = True
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the driver is gone"))
        self.waiting.clear()

    def answered(self, key: int, value: Any) -> None:
        """On the loop's thread: an answer (key > 0), or the driver's news of a spent budget."""
        if key <= 0:
            self.stopped = value
            return
        future = self.waiting.pop(key, None)
        if future is not None and not future.done():
            future.set_result(value)


_LINK: Link | None = None  # set by the worker process before it builds its engines


def current() -> Link | None:
    """The worker's link to its driver; None in the driver (or any single process)."""
    return _LINK


def use(link: Link | None) -> None:
    global _LINK
    _LINK = link


class RemoteGate:
    def __init__(self, link: Link) -> None:
        self.link = link

    async def admit(self, endpoint: str, rps: float | None) -> str | None:
        reason: str | None = await self.link.ask(("model", endpoint, rps))
        if reason is not None:
            self.link.stopped = reason
        return reason


class RemoteMeter(Meter):
    """Counts like a Meter (what this worker spent) and sends each charge to the driver,
    whose meter is the run's; its verdict is the driver's last word."""

    def __init__(self, link: Link) -> None:
        super().__init__()
        self.link = link

    def charge(self, model: str, prompt: int, completion: int, cost: float) -> None:
        super().charge(model, prompt, completion, cost)
        self.link.tell(("charge", model, prompt, completion, cost))

    def count(self, usage: dict[str, Any]) -> None:
        super().count(usage)
        self.link.tell(("count", dict(usage)))

    def exhausted(self) -> str | None:
        return self.link.stopped


class RemoteLimiter:
    """`--rate` for a bot called from a worker: the driver's RateLimiter spaces the calls."""

    def __init__(self, link: Link) -> None:
        self.link = link

    async def acquire(self) -> None:
        await self.link.ask(("target",))


class Authority:
    """The driver's side: the run's meter and limiters, answering every worker."""

    def __init__(self, meter: Meter | None = None, target: RateLimiter | None = None) -> None:
        self.meter, self.target = meter, target
        self.stopped: str | None = None  # told to every worker once

    async def answer(self, what: tuple[Any, ...]) -> Any:
        if what[0] == "model":
            return await admit(self.meter, what[1], what[2])
        if what[0] == "target":
            if self.target is not None:
                await self.target.acquire()
            return None
        raise ValueError(f"unknown question {what[0]!r}")

    def note(self, what: tuple[Any, ...]) -> str | None:
        """A worker's charge or count; returns the stop reason the first time the budget is
        found spent (for the pool to tell every worker), else None."""
        if self.meter is None:
            return None
        if what[0] == "charge":
            self.meter.charge(what[1], int(what[2]), int(what[3]), float(what[4]))
        elif what[0] == "count":
            self.meter.count(what[1])
        else:
            raise ValueError(f"unknown note {what[0]!r}")
        if self.stopped is None and (reason := self.meter.exhausted()) is not None:
            self.stopped = reason
            return reason
        return None
