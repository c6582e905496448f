"""A Python bot in a process of its own (`isolate: true`, the default for a target file).

In convsim's process a bot that called `os._exit(9)`, segfaulted or was OOM-killed ended the
run silently, and every re-run died the same way with nothing stored: the run could never
complete. Here the bot runs in a child (agents.targets.botproc, the wire described there); a
child that dies fails the replies it was answering as `crashed`, naming how it died, and the
next reply starts a fresh one. Everything else is the in-process adapter's, run in the child:
the import (and `import_timeout_s`), the timeouts, sys.exit() as `crashed`. Tool calls come
back over the wire and run here, on the conversation's records, recorded as always.

What it costs: one interpreter start and the bot's import per run (per worker), and a
round trip on a local socket per reply and per tool call (docs/targets.md has the figures).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from agents.calls import ToolLimitError
from agents.targets import errors
from agents.targets.base import BotReply, BotRequest
from agents.targets.errors import TargetCrashed, TargetError, TargetTimeout
from agents.targets.model import PythonTarget
from agents.targets.python import ImportProblem
from agents.targets.tools import ToolAccess

# Beyond the import itself: an interpreter starting, and convsim's modules importing, on a
# loaded machine. Past the bot's `timeout_s` plus GRACE_S, a child that has not answered is
# held by code that keeps even its own loop from running (a C call holding the GIL): it is
# stopped and started again.
START_S = 60.0
GRACE_S = 10.0


def how_it_died(code: int | None) -> str:
    """A dead child's exit status in words, with its likely cause."""
    if code is None:
        return "it stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if name == "SIGKILL":
            return "killed by SIGKILL: out of memory (the OOM killer), or killed by hand"
        if name in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT"):
            return f"killed by {name}: a crash in native code the bot uses"
        return f"killed by {name}"
    return f"exit code {code}: the bot's code called os._exit() or ended the interpreter"


class _Child:
    """One bot process and its end of the wire."""

    def __init__(self, spec: PythonTarget, folder: Path) -> None:
        self.pending: dict[int, tuple[asyncio.Future[dict[str, Any]], ToolAccess | None]] = {}
        self.pump: asyncio.Task[None] | None = None
        self.dead: str | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.sending = asyncio.Lock()
        ours, theirs = socket.socketpair()
        self.sock = ours
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        try:
            try:
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", "agents.targets.botproc", str(theirs.fileno())],
                    pass_fds=(theirs.fileno(),),
                    env=env,
                )
            finally:
                theirs.close()
            self._handshake(spec, folder)
        except BaseException:
            # Whatever went wrong (the child gone before the setup line, an interrupt), the
            # socket and the child go with it: nothing is left for the garbage collector.
            self.stop()
            raise

    def _handshake(self, spec: PythonTarget, folder: Path) -> None:
        """Send the setup line; wait for the child's import to succeed or say why not."""
        ours = self.sock
        setup = {"spec": spec.model_dump(mode="json"), "folder": str(folder.resolve())}
        ours.sendall(json.dumps(setup).encode("ascii") + b"\n")
        ours.settimeout(spec.import_timeout_s + START_S)
        answer = b""
        try:
            while not answer.endswith(b"\n"):
                chunk = ours.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            raise ImportProblem(
                f"the bot's process did not start within {spec.import_timeout_s + START_S:g} s"
            ) from None
        if not answer:
            raise ImportProblem(
                f"importing {spec.callable.partition(':')[0]} ended the bot's process "
                f"({how_it_died(self.proc.wait())})"
            )
        ready = json.loads(answer)
        if "problem" in ready:
            raise ImportProblem(str(ready["problem"]))
        ours.settimeout(None)

    async def connect(self) -> None:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.sock.setblocking(False)
            self.sending = asyncio.Lock()
            self.pump = asyncio.create_task(self._pump())

    async def send(self, message: dict[str, Any]) -> None:
        assert self.loop is not None
        async with self.sending:  # one line at a time, however large
            await self.loop.sock_sendall(self.sock, json.dumps(message).encode("ascii") + b"\n")

    async def _lines(self) -> AsyncIterator[bytes]:
        assert self.loop is not None
        buffer = b""
        while chunk := await self.loop.sock_recv(self.sock, 1 << 20):
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                yield line

    async def _pump(self) -> None:
        """Read the child's lines until it closes; then fail whatever it was answering."""
        tools: set[asyncio.Task[None]] = set()
        try:
            async for line in self._lines():
                message = json.loads(line)
                op = message.get("op")
                if op == "tool":  # on a thread: a slow tool must not stall the other replies
                    task = asyncio.create_task(self._tool(message))
                    tools.add(task)
                    task.add_done_callback(tools.discard)
                elif op in ("reply", "error"):
                    waiting = self.pending.pop(int(message["id"]), None)
                    if waiting is not None and not waiting[0].done():
                        waiting[0].set_result(message)
        except (OSError, ValueError):
            pass
        code = await asyncio.to_thread(self._wait, 5.0)
        self.dead = self.dead or how_it_died(code)
        with contextlib.suppress(OSError):  # the wire is done with; never left to the collector
            self.sock.close()
        for future, _ in self.pending.values():
            if not future.done():
                future.set_exception(
                    TargetCrashed(
                        f"the bot's process died while answering ({self.dead}); convsim went "
                        "on without it and starts it again for the next reply"
                    )
                )
        self.pending.clear()

    async def _tool(self, message: dict[str, Any]) -> None:
        """One tool call of a reply, run here on the conversation's records."""
        waiting = self.pending.get(int(message["call"]))
        access = waiting[1] if waiting is not None else None
        answer: dict[str, Any] = {"op": "tool_result", "id": message["id"]}
        if access is None:
            answer["limit"] = "the reply these calls belong to is over"
        else:
            call = access.calls.call
            try:
                result = await asyncio.to_thread(
                    call, message["name"], message["arguments"], message.get("call_id", "")
                )
                answer |= {"content": result.content, "error": result.error}
            except ToolLimitError as e:
                answer["limit"] = str(e)
        with contextlib.suppress(OSError, RuntimeError):
            await self.send(answer)

    def _wait(self, seconds: float) -> int | None:
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        """Close the wire (the child ends itself on that) and reap it; kill it if it hangs on."""
        with contextlib.suppress(OSError):
            self.sock.close()
        if getattr(self, "proc", None) is None:  # Popen itself failed
            return
        if self._wait(2.0) is None:
            self.proc.kill()
            self._wait(2.0)

    def __del__(self) -> None:  # a role built and never closed (a check, a test)
        sock = getattr(self, "sock", None)
        if sock is not None:  # even when the child is long gone: an open socket warns
            with contextlib.suppress(OSError):
                sock.close()
        if getattr(self, "proc", None) is not None and self.proc.returncode is None:
            self.stop()


class IsolatedPythonAdapter:
    """agents.targets.base.Adapter for a Python bot in a child process (see the module doc).

    The child is started here, so an import problem is reported when the role is built, at
    the target file's `callable` line, as for an in-process bot."""

    def __init__(self, spec: PythonTarget, folder: Path) -> None:
        self.spec = spec
        self.folder = folder
        self.child: _Child | None = _Child(spec, folder)
        self.numbers = itertools.count(1)
        self.starting = asyncio.Lock()

    async def _alive(self) -> _Child:
        async with self.starting:
            child = self.child
            loop = asyncio.get_running_loop()
            moved = child is not None and child.loop not in (None, loop)  # a new asyncio.run
            if child is None or child.dead is not None or moved:
                if child is not None:
                    await asyncio.to_thread(child.stop)
                try:
                    child = await asyncio.to_thread(_Child, self.spec, self.folder)
                except ImportProblem as e:
                    raise TargetCrashed(f"the bot's process could not start again: {e}") from e
                self.child = child
            await child.connect()
            return child

    async def call(self, request: BotRequest) -> BotReply:
        child = await self._alive()
        number = next(self.numbers)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        child.pending[number] = (future, request.tools)
        tools = request.tools
        message = {
            "op": "call",
            "id": number,
            "conversation_id": request.conversation_id,
            "history": request.history,
            "message": request.message,
            "turn": request.turn,
            "tools": [dataclasses.asdict(s) for s in tools.specs] if tools else None,
        }
        with contextlib.suppress(OSError):  # the child just died: its pump fails the future
            await child.send(message)
        limit = self.spec.timeout_s + GRACE_S
        try:
            answer = await asyncio.wait_for(future, limit)
        except TimeoutError:
            child.pending.pop(number, None)
            child.dead = "it stopped answering"
            await asyncio.to_thread(child.stop)
            raise TargetTimeout(
                f"no reply within {limit:g} s, and the bot's process did not answer at all "
                "(code holding the interpreter: a C call that never returns?); convsim "
                "stopped it and starts it again for the next reply"
            ) from None
        if answer["op"] == "error":
            cls = getattr(errors, str(answer.get("cls")), TargetCrashed)
            if not (isinstance(cls, type) and issubclass(cls, TargetError)):
                cls = TargetCrashed
            raise cls(str(answer.get("message", "")))
        return BotReply(
            str(answer["text"]), handoff=bool(answer["handoff"]), end=bool(answer["end"])
        )

    async def aclose(self) -> None:
        child, self.child = self.child, None
        if child is not None:
            if child.pump is not None:
                child.pump.cancel()
            await asyncio.to_thread(child.stop)
