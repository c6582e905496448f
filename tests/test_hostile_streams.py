"""Endpoints whose answers cost more than they look: a gzip bomb, a Content-Encoding convsim
did not ask for, a stream that never ends, a body that stalls mid-JSON, a redirect to a
sign-in page on another host. Each is an infrastructure error of its kind, read within
bounded memory and time, never a graded bot (tests/bots/raw.py sends the exact bytes)."""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from bots.raw import Answer, RawServer, http, raw_server

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget
from agents.targets.openai import OpenAIAdapter

HANG_UP = threading.Event()  # set at the end of the module: the endless answers stop


def _endless_stream(conn: socket.socket) -> None:
    """Server-sent events, one every 50 ms, until the module ends (far past timeout_s)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n")
    while not HANG_UP.wait(0.05):
        conn.sendall(b'data: {"choices": [{"delta": {"content": "Hi"}}]}\n\n')


def _stalls(conn: socket.socket) -> None:
    """Half a JSON answer in one chunk, then nothing until the module ends."""
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        b'Transfer-Encoding: chunked\r\n\r\n11\r\n{"reply": "Your r\r\n'
    )
    HANG_UP.wait(120)


def _bomb(megabytes: int, wbits: int) -> bytes:
    """`megabytes` of zeros after a JSON opening, compressed (about 1,000 to 1)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [squeeze.compress(b'{"reply": "')]
    zeros = b"0" * (1 << 20)
    parts += [squeeze.compress(zeros) for _ in range(megabytes)]
    return b"".join([*parts, squeeze.flush()])


ANSWERS: dict[str, Answer] = {
    "gzip-bomb": http(_bomb(200, 31), headers={"Content-Encoding": "gzip"}),
    "deflate-bomb": http(_bomb(200, 15), headers={"Content-Encoding": "deflate"}),
    "gzip-ok": http(gzip.compress(b'{"reply": "small"}'), headers={"Content-Encoding": "gzip"}),
    "raw-deflate": http(
        zlib.compress(b'{"reply": "raw"}', wbits=-15), headers={"Content-Encoding": "deflate"}
    ),
    "zlib-deflate": http(zlib.compress(b'{"reply": "wrapped"}'),
                         headers={"Content-Encoding": "deflate"}),
    "brotli": http(b"\x0b\x02\x80{}\x03", headers={"Content-Encoding": "br"}),
    "stream": _endless_stream,
    "stall": _stalls,
    "sign-in": http(b"", "302 Found", headers={"Location": "https://sso.example.com/login"}),
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server(ANSWERS) as s:
        yield s
    HANG_UP.set()


def ask_http(url: str, timeout_s: float = 20) -> str:
    async def once() -> str:
        adapter = HttpAdapter(HttpTarget(kind="http", url=url, timeout_s=timeout_s), {})
        try:
            return (await adapter.call(BotRequest("c-1", "Hello", [], 1))).text
        finally:
            await adapter.aclose()

    return asyncio.run(once())


@pytest.mark.parametrize("path", ["gzip-bomb", "deflate-bomb"])
def test_a_compression_bomb_is_too_large_and_never_inflated_whole(
    server: RawServer, path: str
) -> None:
    """200 KB that inflate to 200 MB: httpx inflated each 64 KB network chunk whole (a
    100 MB bomb peaked at 191 MB); the size check now runs on every inflated megabyte."""
    tracemalloc.start()
    try:
        with pytest.raises(TargetError) as info:
            ask_http(server.url(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (info.value.kind, str(info.value)) == (
        "too_large",
        f"the answer from {server.url(path)} is too large (more than 8,388,608 bytes sent; at "
        "most 8,388,608 bytes)",
    )
    assert peak < 40 << 20, f"peak {peak:,} bytes"


@pytest.mark.parametrize(
    ("path", "text"), [("gzip-ok", "small"), ("raw-deflate", "raw"), ("zlib-deflate", "wrapped")]
)
def test_compressed_answers_are_read(server: RawServer, path: str, text: str) -> None:
    assert ask_http(server.url(path)) == text


def test_an_encoding_convsim_did_not_ask_for_is_malformed(server: RawServer) -> None:
    with pytest.raises(TargetError) as info:
        ask_http(server.url("brotli"))
    assert (info.value.kind, str(info.value)) == (
        "malformed",
        f"the answer from {server.url('brotli')} is in Content-Encoding 'br', which convsim did "
        "not ask for (it sends Accept-Encoding: gzip, deflate); send it gzip, deflate or "
        "uncompressed",
    )


def ask_model(url: str, monkeypatch: pytest.MonkeyPatch, timeout_s: float = 20) -> str:
    monkeypatch.setenv("RAW_KEY", "k")
    spec = OpenAITarget(
        kind="openai", base_url=url, model="m", system_prompt="Help.", timeout_s=timeout_s,
        api_key_env="RAW_KEY",
    )  # fmt: skip
    return asyncio.run(OpenAIAdapter(spec).call(BotRequest("c-1", "Hello", [], 1))).text


def test_a_stream_that_never_ends_is_streamed_from_its_headers(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both used to read the stream until timeout_s and report a `timeout`; a timeout of
    20 s here would make that kind, so `streamed` shows the body was never waited for."""
    with pytest.raises(TargetError) as info:
        ask_http(server.url("stream"))
    assert (info.value.kind, str(info.value)) == (
        "streamed",
        f"{server.url('stream')} answered with a stream (text/event-stream); convsim reads "
        "one JSON answer per message: turn streaming off for this endpoint",
    )
    with pytest.raises(TargetError) as info:
        ask_model(server.url("v1/stream"), monkeypatch)
    assert (info.value.kind, str(info.value)) == (
        "streamed",
        f"{server.url('v1/stream')} (model m): malformed reply: the reply is a stream "
        f"(text/event-stream) from {server.url('v1/stream/chat/completions')}, though the "
        "request said stream: false; turn streaming off for this endpoint",
    )


def test_a_body_that_stalls_mid_json_is_a_timeout(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TargetError) as info:
        ask_http(server.url("stall"), timeout_s=0.5)
    assert (info.value.kind, str(info.value)) == (
        "timeout",
        f"the answer from {server.url('stall')} was still arriving after 0.5 s",
    )
    with pytest.raises(TargetError) as info:
        ask_model(server.url("v1/stall"), monkeypatch, timeout_s=0.5)
    assert (info.value.kind, str(info.value)) == (
        "timeout", f"{server.url('v1/stall')} (model m): timed out after 0.5 s; raise "
        "timeout_s in the target file, or see why the server is slow"
    )  # fmt: skip


def test_a_redirect_to_a_sign_in_page_on_another_host_is_not_followed(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model endpoint followed it (the conversation sent to another host) and ended in
    `unreachable: connection failed`; an http bot never follows redirects."""
    with pytest.raises(TargetError) as info:
        ask_model(server.url("v1/sign-in"), monkeypatch)
    assert (info.value.kind, str(info.value)) == (
        "redirected",
        f"{server.url('v1/sign-in')} (model m): malformed reply: the endpoint redirects to "
        "another host (https://sso.example.com/login); put the endpoint's own URL in base_url",
    )
    with pytest.raises(TargetError) as info:
        ask_http(server.url("sign-in"))
    assert info.value.kind == "redirected"
