"""The child process an isolated Python bot runs in (`python -m agents.targets.botproc FD`).

A Python bot is code convsim does not control, and some of what code can do cannot be caught
in the process it runs in: `os._exit()`, a segfault in a C extension, the kernel's OOM killer.
In convsim's own process any of these ended the run without a word, and a re-run died the same
way with nothing stored. So a bot from a target file runs here, in a process of its own
(agents.targets.isolated is the other end): if this process dies, the conversations it was
answering are `crashed` infrastructure errors and convsim starts a fresh one for the next reply.

Inside, the bot runs exactly as in-process (agents.targets.python.PythonAdapter: its timeouts,
sys.exit() as `crashed`, an async bot on its own loop); only the tools are remote: each call is
sent to convsim, which runs and records it on the conversation's records, and the answer comes
back. The wire is one JSON object a line on a socket convsim passes as file descriptor FD
(stdout and stderr stay the bot's, for its prints and logs):

    convsim -> bot  {"spec": {...}, "folder": "..."}                   once, first
    bot -> convsim  {"ready": true} | {"problem": "<ImportProblem text>"}
    convsim -> bot  {"op": "call", "id": N, "conversation_id", "history", "message", "turn",
                     "tools": [ToolSpec fields] | null}
    bot -> convsim  {"op": "tool", "id": K, "call": N, "name", "arguments", "call_id"}
    convsim -> bot  {"op": "tool_result", "id": K, "content", "error"} | {..., "limit": "why"}
    bot -> convsim  {"op": "reply", "id": N, "text", "handoff", "end"}
                    | {"op": "error", "id": N, "cls": "TargetTimeout", "message": "..."}

The socket closing (convsim ended, however) ends this process at once, abandoned bot threads
and all, so a child never outlives its run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import json
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any

from agents.calls import Request, ToolLimitError
from agents.targets.base import BotRequest
from agents.targets.errors import TargetCrashed, TargetError
from agents.targets.model import PythonTarget
from agents.targets.python import ImportProblem, PythonAdapter, import_callable
from agents.targets.tools import ToolAccess
from scenarios.domains import ToolResult, ToolSpec


def encode(message: dict[str, Any]) -> bytes:
    """One line of the wire (ASCII JSON: half a surrogate pair survives as an escape)."""
    return json.dumps(message).encode("ascii") + b"\n"


class RemoteCalls:
    """`ReplyCalls.call` for one reply, run by convsim: the bot's thread waits for the answer."""

    def __init__(self, child: Child, reply_id: int) -> None:
        self.child = child
        self.reply_id = reply_id

    def call(self, name: str, arguments: Any, call_id: str = "") -> ToolResult:
        request = Request.parse(call_id, name, arguments)
        sent = request.arguments if request.arguments is not None else request.raw
        answer = self.child.ask_tool(self.reply_id, str(name), sent, str(call_id or ""))
        if "limit" in answer:
            raise ToolLimitError(str(answer["limit"]))
        return ToolResult(str(answer.get("content", "")), error=bool(answer.get("error")))


class Child:
    """The bot's side of the wire: replies run as tasks, tool calls wait on futures."""

    def __init__(self, adapter: PythonAdapter, writer: asyncio.StreamWriter) -> None:
        self.adapter = adapter
        self.writer = writer
        self.loop = asyncio.get_running_loop()
        self.numbers = itertools.count(1)
        self.lock = threading.Lock()
        self.waiting: dict[int, concurrent.futures.Future[dict[str, Any]]] = {}

    def send(self, message: dict[str, Any]) -> None:
        """From any thread: the loop's writer is not thread-safe, so the loop writes it."""
        data = encode(message)
        if threading.current_thread() is threading.main_thread():
            self.writer.write(data)
        else:
            self.loop.call_soon_threadsafe(self.writer.write, data)

    def ask_tool(self, reply_id: int, name: str, arguments: Any, call_id: str) -> dict[str, Any]:
        future: concurrent.futures.Future[dict[str, Any]] = concurrent.futures.Future()
        with self.lock:
            number = next(self.numbers)
            self.waiting[number] = future
        self.send(
            {"op": "tool", "id": number, "call": reply_id, "name": name}
            | {"arguments": arguments, "call_id": call_id}
        )
        return future.result()

    def answered(self, message: dict[str, Any]) -> None:
        with self.lock:
            future = self.waiting.pop(int(message["id"]), None)
        if future is not None:
            future.set_result(message)

    async def reply(self, message: dict[str, Any]) -> None:
        number = int(message["id"])
        access = None
        if message.get("tools") is not None:
            specs = [ToolSpec(**spec) for spec in message["tools"]]
            calls: Any = RemoteCalls(self, number)  # duck-types ReplyCalls for BotTools
            access = ToolAccess(str(message["conversation_id"]), specs, calls)
        request = BotRequest(
            conversation_id=str(message["conversation_id"]),
            message=str(message["message"]),
            history=list(message["history"]),
            turn=int(message["turn"]),
            tools=access,
        )
        try:
            answer = await self.adapter.call(request)
        except TargetError as e:
            self.send({"op": "error", "id": number, "cls": type(e).__name__, "message": str(e)})
        except Exception as e:  # anything else is still this reply's crash
            crash = TargetCrashed(f"{type(e).__name__}: {e}")
            self.send({"op": "error", "id": number, "cls": "TargetCrashed", "message": str(crash)})
        else:
            self.send(
                {"op": "reply", "id": number, "text": answer.text}
                | {"handoff": answer.handoff, "end": answer.end}
            )


async def serve(sock: socket.socket, adapter: PythonAdapter) -> None:
    reader, writer = await asyncio.open_connection(sock=sock, limit=2**26)
    child = Child(adapter, writer)
    tasks: set[asyncio.Task[None]] = set()
    while line := await reader.readline():
        message = json.loads(line)
        if message.get("op") == "call":
            task = asyncio.create_task(child.reply(message))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        elif message.get("op") == "tool_result":
            child.answered(message)


def read_line(sock: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit(0)  # convsim went away before saying what to run
        data += chunk
    return data


def main(fd: int) -> None:
    # A Ctrl-C in the terminal reaches the whole process group: convsim handles it and closes
    # the socket, which ends this process; the bot must not die of it mid-reply first.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock = socket.socket(fileno=fd)
    setup = json.loads(read_line(sock))
    spec = PythonTarget.model_validate(setup["spec"])
    try:
        target = import_callable(spec, Path(setup["folder"]))
    except ImportProblem as e:
        sock.sendall(encode({"problem": str(e)}))
        return
    sock.sendall(encode({"ready": True}))
    try:
        asyncio.run(serve(sock, PythonAdapter(spec, target)))
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # bot threads still stuck in its code are not waited for


if __name__ == "__main__":
    main(int(sys.argv[1]))
