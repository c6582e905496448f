"""An http bot whose status line and headers never end (a proxy looping a header, a server
that writes its log into a header): h11 stops reading at 100 KB. That is the answer being
too large, `too_large`, not "did not answer in HTTP; check the port in url", which sent the
user to fix a port that was right."""

from __future__ import annotations

import asyncio
import socket

from bots.raw import raw_server

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget


def endless_headers(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    try:
        for _ in range(100_000):  # 100 MB, far past what is read
            conn.sendall(b"X-Pad: " + b"a" * 1000 + b"\r\n")
    except OSError:  # convsim hung up: what should happen
        pass


def test_headers_that_never_end_are_too_large_not_another_protocol() -> None:
    with raw_server({"h": endless_headers}) as server:
        url = server.url("h")

        async def ask() -> TargetError:
            adapter = HttpAdapter(HttpTarget(kind="http", url=url, timeout_s=10), {})
            try:
                await adapter.call(BotRequest("c-1", "Hi", [], 1))
            except TargetError as exc:
                return exc
            finally:
                await adapter.aclose()
            raise AssertionError("an answer from headers that never end")

        exc = asyncio.run(ask())
    assert exc.kind == "too_large"
    assert str(exc) == (
        f"{url} sent a status line and headers of more than 100 KB (the most the HTTP client "
        "reads before the body); see what the bot's server puts in its headers"
    )
