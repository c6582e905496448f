"""A bot that is Python code: a callable (sync or async) or a compiled LangGraph graph.

A callable receives the conversation so far as OpenAI-style messages (the last one is the
customer's new message) and returns the reply text, or a mapping with `reply` and optional
`handoff` / `end` booleans; it also gets `conversation_id=` when its signature names it. A graph
is invoked with `{messages_key: messages}` and a thread id, and its last message is the reply;
`handoff` / `end` keys of its final state are read as flags. Sync code runs in a worker thread
so a slow bot does not stall the other conversations.

A bot is code convsim does not control, so each way it can misbehave ends as a TargetError
for that reply and nothing more (agents.targets.botthreads): a sync bot that never returns
is abandoned on a daemon thread at `timeout_s` (a `timeout`; the process still exits at the
end of the run), `sys.exit()` in a bot is a `crashed` reply, not the end of the run, and an
async bot runs on its own event loop, so one that blocks it is a `timeout` at `timeout_s`
naming the cause while the other conversations go on. A module that hangs at import is a
problem at the `callable` line after `import_timeout_s`, not a convsim that never starts.

Tools (the scenario has a domain): a callable whose signature names `tools` gets
`tools=` an `agents.targets.tools.BotTools` (name -> callable `tool(**arguments) -> str`,
`tools.call(name, arguments)`, `tools.openai()`), or `tools=None` when the scenario has no
domain; a graph finds the same object as `config["configurable"]["tools"]`. A bot that does
not name `tools` is called exactly as before. Every call is recorded in the transcript.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import inspect
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from agents.targets.base import BotReply, BotRequest
from agents.targets.botthreads import BotExit, BotLoop, abandoned, run_sync
from agents.targets.errors import TargetCrashed, TargetMalformedReply, TargetTimeout
from agents.targets.model import PythonTarget
from agents.targets.tools import BotTools


class ImportProblem(ValueError):
    """The callable cannot be imported (a user error, reported at the `callable` line)."""


class _ImportHung(BaseException):
    """Raised into a hung import by `_deadline`; a BaseException, so the module's own
    `except Exception` cannot swallow it."""


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (a SIGALRM timer: it breaks `time.sleep`, a
    blocking read and a pure-Python loop alike). Signals reach the main thread only, so
    elsewhere, and where there is no SIGALRM, the block runs unbounded as before."""
    main = threading.current_thread() is threading.main_thread()
    if not main or not hasattr(signal, "setitimer"):
        yield
        return

    def hung(_signum: int, _frame: Any) -> None:
        raise _ImportHung

    previous = signal.signal(signal.SIGALRM, hung)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def import_callable(spec: PythonTarget, folder: Path) -> Any:
    for entry in reversed(spec.pythonpath):
        path = str((folder / entry).resolve())
        if path not in sys.path:
            sys.path.insert(0, path)
    module_name, _, attr = spec.callable.partition(":")
    try:
        with _deadline(spec.import_timeout_s):
            obj: Any = importlib.import_module(module_name)
    except _ImportHung as e:
        raise ImportProblem(
            f"importing {module_name} did not finish within {spec.import_timeout_s:g} s "
            "(import_timeout_s); move blocking setup (a server, input(), a network call) "
            "out of import time, or raise import_timeout_s"
        ) from e
    except SystemExit as e:  # a script's `sys.exit()` at import would end convsim silently
        raise ImportProblem(
            f"importing {module_name} called sys.exit({e.code!r}); guard the module's script "
            "code with if __name__ == '__main__':"
        ) from e
    except Exception as e:
        raise ImportProblem(f"cannot import {module_name} ({type(e).__name__}: {e})") from e
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ImportProblem(f"{module_name} has no attribute {attr}")
        obj = getattr(obj, part)
    if not callable(obj) and not hasattr(obj, "ainvoke"):
        raise ImportProblem(f"{spec.callable} is neither a function nor a compiled graph")
    return obj


async def _awaited(awaitable: Any) -> Any:
    return await awaitable


def _is_graph(obj: Any) -> bool:
    return hasattr(obj, "ainvoke") and hasattr(obj, "get_graph")


def _content(message: Any) -> Any:
    if isinstance(message, Mapping):
        return message.get("content")
    return getattr(message, "content", None)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise TargetMalformedReply(f"the reply is {type(value).__name__}, not text")


class PythonAdapter:
    def __init__(self, spec: PythonTarget, target: Any) -> None:
        self.spec = spec
        self.target = target
        self.graph = _is_graph(target)
        params: Mapping[str, Any] = {}
        if not self.graph:
            try:
                params = inspect.signature(target).parameters
            except (TypeError, ValueError):
                params = {}
        self.wants_id = "conversation_id" in params
        self.wants_tools = "tools" in params
        fn = target.__call__ if not inspect.isfunction(target) and callable(target) else target
        self.is_async = inspect.iscoroutinefunction(target) or inspect.iscoroutinefunction(fn)
        self.bot_loop: BotLoop | None = None

    def _loop(self) -> BotLoop:
        if self.bot_loop is None:
            self.bot_loop = BotLoop()
        return self.bot_loop

    async def _invoke(self, request: BotRequest) -> Any:
        tools = BotTools(request.tools) if request.tools is not None else None
        if self.graph:
            state = {self.spec.messages_key: request.messages}
            configurable: dict[str, Any] = {"thread_id": request.conversation_id}
            if tools is not None:
                configurable["tools"] = tools
            config = {"configurable": configurable}
            return await self._loop().run(lambda: self.target.ainvoke(state, config))
        kwargs: dict[str, Any] = (
            {"conversation_id": request.conversation_id} if self.wants_id else {}
        )
        if self.wants_tools:
            kwargs["tools"] = tools
        fn: Callable[..., Any] = self.target
        if self.is_async:
            return await self._loop().run(lambda: fn(request.messages, **kwargs))
        result = await run_sync(fn, request.messages, **kwargs)
        if inspect.isawaitable(result):  # a plain def handing back a coroutine (a lambda, a
            # wrapper): awaited like an async bot's, not reported as a reply that is not text
            awaitable = result
            return await self._loop().run(lambda: _awaited(awaitable))
        return result

    async def call(self, request: BotRequest) -> BotReply:
        limit = self.spec.timeout_s
        try:
            result = await asyncio.wait_for(self._invoke(request), limit)
        except TimeoutError as e:
            held = self.bot_loop.stalled() if self.bot_loop is not None else 0.0
            # its loop did not get to run for long: code in it blocks (a shorter gap is only
            # the tick's own period or the OS scheduling a loaded machine)
            if held >= max(limit / 2, BotLoop.BLOCKED_S):
                raise TargetTimeout(
                    f"no reply within {limit:g} s, and the bot's event loop has been blocked "
                    f"for {held:.1f} s: an async bot must not call blocking code (time.sleep, "
                    "a sync HTTP client); await it, or make the bot a plain def"
                ) from e
            stuck = abandoned()
            more = f" ({stuck} earlier replies of this bot are still running)" if stuck else ""
            raise TargetTimeout(f"no reply within {limit:g} s{more}") from e
        except BotExit as e:
            raise TargetCrashed(str(e)) from e
        except Exception as e:
            raise TargetCrashed(f"{type(e).__name__}: {e}") from e
        if self.graph:
            if not isinstance(result, Mapping):
                raise TargetMalformedReply("the graph returned no state")
            messages = result.get(self.spec.messages_key) or []
            if not messages:
                raise TargetMalformedReply(f"the graph state has no {self.spec.messages_key}")
            return BotReply(
                _text(_content(messages[-1])),
                handoff=result.get("handoff") is True,
                end=result.get("end") is True,
            )
        if isinstance(result, Mapping):
            if "reply" not in result:
                raise TargetMalformedReply("the returned mapping has no 'reply'")
            return BotReply(
                _text(result["reply"]),
                handoff=result.get("handoff") is True,
                end=result.get("end") is True,
            )
        return BotReply(_text(result))

    async def aclose(self) -> None:
        if self.bot_loop is not None:
            bot_loop, self.bot_loop = self.bot_loop, None
            await bot_loop.aclose()
