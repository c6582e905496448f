"""Rate limits and budget checks: what a client waits for, or is refused, before a request.

A limit is per endpoint and per process; a worker process's client asks the driver instead
(its `gate`), so with `--workers N` the limits are the run's, not N times them.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from agents.llm.budget import Meter


class _Limiter:
    """Spaces request starts to `rps` per second; loop-agnostic (no asyncio primitives)."""

    def __init__(self, rps: float) -> None:
        self.interval = 1.0 / rps
        self.next_slot = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(now, self.next_slot)
        self.next_slot = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


_LIMITERS: dict[str, _Limiter] = {}


def _limiter(endpoint: str, rps: float | None) -> _Limiter | None:
    if rps is None:
        return None
    limiter = _LIMITERS.get(endpoint)
    if limiter is None or limiter.interval < 1.0 / rps:
        limiter = _LIMITERS[endpoint] = _Limiter(rps)
    return limiter


async def admit(meter: Meter | None, endpoint: str, rps: float | None) -> str | None:
    """Before each request in this process: wait for the endpoint's rate limit, then the
    budget's verdict (why no request may be sent, or None)."""
    limiter = _limiter(endpoint, rps)
    if limiter is not None:
        await limiter.wait()
    return meter.exhausted() if meter is not None else None


class Gate(Protocol):
    """Where a client asks before each request when the limits are not its process's: a
    worker process asks the driver (simulator.run.remote), so rate limits and budgets are the
    run's, whatever the number of workers."""

    async def admit(self, endpoint: str, rps: float | None) -> str | None: ...
