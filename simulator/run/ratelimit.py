"""A cap on how often the bot under test is called, shared by every conversation in flight.

Requests start at least 1/rate seconds apart (a single-slot leaky bucket): a bot with a rate
limit of its own sees a steady stream instead of bursts. The clock and sleep are injected so
tests check the spacing without waiting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol

from agents.tools import Desk, takes_desk
from agents.types import ConversationPlan, Reply, Role, Turn


class RateLimiter:
    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.clock, self.sleep = clock, sleep
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        async with self._lock:
            now = self.clock()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await self.sleep(start - now)


class Limiter(Protocol):
    """A RateLimiter here, or the driver's asked from a worker (simulator.run.remote)."""

    async def acquire(self) -> None: ...


class LimitedRole:
    """A role whose calls go through a RateLimiter; the wait is not counted as latency."""

    def __init__(self, role: Role, limiter: Limiter | None) -> None:
        self.role, self.limiter = role, limiter
        self.tools = takes_desk(role)

    async def aclose(self) -> None:
        """Closes the role's connections, if it keeps any (a bot target)."""
        close = getattr(self.role, "aclose", None)
        if close is not None:
            await close()

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        if self.limiter is not None:
            await self.limiter.acquire()
        if desk is not None and self.tools:  # the desk goes through to a role that uses it
            return await self.role.respond(plan, turns, memory, desk=desk)  # type: ignore[call-arg]
        return await self.role.respond(plan, turns, memory)
