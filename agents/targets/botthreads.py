"""Running a Python bot's code so that nothing it does can stop or hang convsim itself.

`asyncio.to_thread` was not enough: its pool's threads are joined when the event loop
closes, so one sync bot stuck in an endless loop kept `convsim test` from ever exiting
(the reply had long been reported as a timeout), and a bot calling `sys.exit()` raised
SystemExit through the event loop, ending the run without a word. Here:

- sync code runs on a daemon thread, at most `MAX_THREADS` at once per event loop (the
  size of asyncio's default pool, so a bot sees the concurrency it always saw); a thread
  holds its slot until the bot's code really returns, so bots stuck past their timeout
  are counted, and the process can exit without waiting for them;
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


async def run_async(make: Callable[[], Awaitable[Any]]) -> Any:
    """An async bot's coroutine, its SystemExit caught before it reaches the event loop
    (which would stop on it). KeyboardInterrupt is left alone here: on the loop's thread it
    may be the user's Ctrl-C."""
    try:
        return await make()
    except SystemExit as exc:
        raise BotExit(exc) from None
