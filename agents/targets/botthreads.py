"""Running a Python bot's code so that nothing it does can stop or hang convsim itself.

`asyncio.to_thread` was not enough: its pool's threads are joined when the event loop
closes, so one sync bot stuck in an endless loop kept `convsim test` from ever exiting
(the reply had long been reported as a timeout), and a bot calling `sys.exit()` raised
SystemExit through the event loop, ending the run without a word. Here:

- sync code runs on a daemon thread, at most `MAX_THREADS` at once per event loop (the
  size of asyncio's default pool, so a bot sees the concurrency it always saw); a thread
  holds its slot until the bot's code really returns, so bots stuck past their timeout
  are counted, and the process can exit without waiting for them;
- async code runs on the bot's own event loop (`BotLoop`, one daemon thread per bot), not
  on convsim's: an async bot that calls blocking code (time.sleep, a sync HTTP client)
  stalls its own loop only, so its reply is a timeout at `timeout_s` instead of once the
  blocking call returns, and the other conversations go on meanwhile;
- `SystemExit` raised by the bot's code (and, on a worker thread, where a real Ctrl-C
  never lands, `KeyboardInterrupt`) comes back as `BotExit`, an ordinary exception the
  adapter reports as `crashed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

# asyncio's default pool size: the concurrency sync bots have always had
MAX_THREADS = min(32, (os.cpu_count() or 1) + 4)


class BotExit(Exception):
    """The bot's code raised SystemExit or KeyboardInterrupt."""

    def __init__(self, exc: BaseException) -> None:
        code = f"({exc.code!r})" if isinstance(exc, SystemExit) and exc.code is not None else "()"
        did = (
            f"called sys.exit{code}" if isinstance(exc, SystemExit) else "raised KeyboardInterrupt"
        )
        super().__init__(f"the bot's code {did}; convsim went on without it")


class _Slots:
    """Per event loop: how many bot threads may run, and how many are past their caller."""

    def __init__(self) -> None:
        self.free = asyncio.Semaphore(MAX_THREADS)
        self.abandoned = 0


_SLOTS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Slots] = weakref.WeakKeyDictionary()


def abandoned() -> int:
    """Bot threads still running after their caller gave up on them (on this loop)."""
    slots = _SLOTS.get(asyncio.get_running_loop())
    return slots.abandoned if slots is not None else 0


async def run_sync(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` on a daemon thread, with the caller's context variables."""
    loop = asyncio.get_running_loop()
    slots = _SLOTS.setdefault(loop, _Slots())
    await slots.free.acquire()
    future: asyncio.Future[Any] = loop.create_future()
    context = contextvars.copy_context()
    state = {"waiting": True}

    def settle(result: Any, error: BaseException | None) -> None:
        if not state["waiting"]:
            slots.abandoned -= 1
        slots.free.release()
        if future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def work() -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            result = context.run(fn, *args, **kwargs)
        except (SystemExit, KeyboardInterrupt) as exc:
            error = BotExit(exc)
        except BaseException as exc:  # handed to the caller, who reports it
            error = exc
        with contextlib.suppress(RuntimeError):  # closed: the run ended while this bot hung
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=work, name="convsim-bot", daemon=True).start()
    try:
        return await future
    except asyncio.CancelledError:
        # A timeout gave up on the bot; its thread runs on and frees its slot when it ends.
        if not future.done():
            state["waiting"] = False
            slots.abandoned += 1
        raise


class BotLoop:
    """An async bot's own event loop, on a daemon thread; `beat` is when it last ran.

    A loop that has not ticked for a while is held by code that blocks it: the adapter
    names that cause when a reply times out. The thread never keeps the process alive.
    """

    TICK_S = 0.05
    BLOCKED_S = 0.5  # ten ticks missed: blocked, not merely scheduled late

    CLOSE_WAIT_S = 2.0  # how long `aclose` waits for a bot's tasks to unwind

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.beat = time.monotonic()
        self.ended = threading.Event()
        threading.Thread(target=self._serve, name="convsim-bot-loop", daemon=True).start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_soon(self._tick)
        try:
            self.loop.run_forever()
            self._unwind()
        finally:
            self.loop.close()
            self.ended.set()

    def _unwind(self) -> None:
        """As `asyncio.run` ends: what the bot still has running (a reply given up on at
        its timeout as the run ended) is cancelled and let finish, so its `finally` blocks
        run and no task is destroyed pending (asyncio logs that at exit)."""
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        if pending:
            self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.run_until_complete(self.loop.shutdown_asyncgens())

    def _tick(self) -> None:
        self.beat = time.monotonic()
        self.loop.call_later(self.TICK_S, self._tick)

    def stalled(self) -> float:
        """Seconds since the loop last got to run anything."""
        return time.monotonic() - self.beat

    async def run(self, make: Callable[[], Awaitable[Any]]) -> Any:
        """`make()`'s coroutine run on this loop, with the caller's context variables; a
        caller that gives up (a timeout) cancels it."""
        caller = asyncio.get_running_loop()
        future: asyncio.Future[Any] = caller.create_future()
        context = contextvars.copy_context()
        started: list[asyncio.Task[Any]] = []

        def deliver(task: asyncio.Task[Any]) -> None:
            if future.done():
                return
            if task.cancelled():
                future.cancel()
            elif (error := task.exception()) is not None:
                future.set_exception(error)
            else:
                future.set_result(task.result())

        def settle(task: asyncio.Task[Any]) -> None:
            with contextlib.suppress(RuntimeError):  # the caller's loop has closed
                caller.call_soon_threadsafe(deliver, task)

        def start() -> None:
            task = self.loop.create_task(_guarded(make), context=context)
            task.add_done_callback(settle)
            started.append(task)

        self.loop.call_soon_threadsafe(start)
        try:
            return await future
        except asyncio.CancelledError:
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(lambda: [t.cancel() for t in started])
            raise

    def close(self) -> None:
        """Stop the loop once it is free (a loop held forever dies with the process)."""
        with contextlib.suppress(RuntimeError):
            self.loop.call_soon_threadsafe(self.loop.stop)

    async def aclose(self) -> None:
        """Stop the loop and wait, up to `CLOSE_WAIT_S`, until the bot's tasks have unwound
        and the loop is closed; a bot whose code blocks its loop for longer is left to die
        with the process (its thread is a daemon)."""
        self.close()
        deadline = time.monotonic() + self.CLOSE_WAIT_S
        while not self.ended.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)


async def _guarded(make: Callable[[], Awaitable[Any]]) -> Any:
    """SystemExit or KeyboardInterrupt out of a task would stop the bot's loop (asyncio
    re-raises them from `run_forever`); on this thread no real Ctrl-C lands, so both are
    the bot's own and come back as `BotExit`."""
    try:
        return await make()
    except (SystemExit, KeyboardInterrupt) as exc:
        raise BotExit(exc) from None
