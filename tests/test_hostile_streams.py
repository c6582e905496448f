"""Endpoints whose answers cost more than they look: a gzip bomb, a Content-Encoding convsim
did not ask for. Each is an infrastructure error of its kind, read within a bounded amount
of memory, never a graded bot (tests/bots/raw.py sends the exact bytes)."""

from __future__ import annotations

import asyncio
import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from bots.raw import RawServer, http, raw_server

from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget


def _bomb(megabytes: int, wbits: int) -> bytes:
    """`megabytes` of zeros after a JSON opening, compressed (about 1,000 to 1)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [squeeze.compress(b'{"reply": "')]
    zeros = b"0" * (1 << 20)
    parts += [squeeze.compress(zeros) for _ in range(megabytes)]
    return b"".join([*parts, squeeze.flush()])


ANSWERS = {
    "gzip-bomb": http(_bomb(200, 31), headers={"Content-Encoding": "gzip"}),
    "deflate-bomb": http(_bomb(200, 15), headers={"Content-Encoding": "deflate"}),
    "gzip-ok": http(gzip.compress(b'{"reply": "small"}'), headers={"Content-Encoding": "gzip"}),
    "raw-deflate": http(
        zlib.compress(b'{"reply": "raw"}', wbits=-15), headers={"Content-Encoding": "deflate"}
    ),
    "zlib-deflate": http(zlib.compress(b'{"reply": "wrapped"}'),
                         headers={"Content-Encoding": "deflate"}),
    "brotli": http(b"\x0b\x02\x80{}\x03", headers={"Content-Encoding": "br"}),
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server(ANSWERS) as s:
        yield s


def ask_http(url: str) -> str:
    async def once() -> str:
        adapter = HttpAdapter(HttpTarget(kind="http", url=url, timeout_s=20), {})
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
