"""A local OpenAI-compatible server: the test double for the LLM layer, and a dry run for users.

    with serve(FakeSettings(latency_ms=5)) as fake:
        ModelConfig(model="fake", base_url=fake.base_url)

`serve` runs the server on 127.0.0.1 (an ephemeral port by default) in a background thread,
so synchronous code (a CLI subprocess test, a benchmark) can use it as well as async code.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from agents.llm.fake.server import FakeLLM, FakeSettings, Stats


@dataclass
class Running:
    base_url: str
    port: int
    app: FakeLLM

    @property
    def stats(self) -> Stats:
        return self.app.stats


async def start(app: FakeLLM, host: str, port: int) -> asyncio.Server:
    tasks: set[asyncio.Task[None]] = set()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        try:
            await app.handle(reader, writer)
        except asyncio.CancelledError:  # the server is shutting down: drop the connection
            writer.close()

    return await asyncio.start_server(handler, host, port)


@contextmanager
def serve(
    settings: FakeSettings | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[Running]:
    app = FakeLLM(settings or FakeSettings())
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.Server] = {}

    def main() -> None:
        asyncio.set_event_loop(loop)
        holder["server"] = loop.run_until_complete(start(app, host, port))
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=main, name="fake-llm", daemon=True)
    thread.start()
    ready.wait()
    server = holder["server"]
    bound = server.sockets[0].getsockname()[1]
    try:
        yield Running(f"http://{host}:{bound}/v1", bound, app)
    finally:

        async def shutdown() -> None:
            server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(5)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


__all__ = ["FakeLLM", "FakeSettings", "Running", "Stats", "serve", "start"]
