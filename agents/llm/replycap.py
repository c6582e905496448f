"""Replies from a model endpoint, bounded in size whatever the server sends.

openai's client reads a reply whole before anyone looks at it. A server that streams a
body with no Content-Length (chunked), or a small gzip that unpacks to gigabytes, would
fill memory; here the reply's byte stream is wrapped in an httpx response hook and ends
with a ValueError past `MAX_REPLY_BYTES`, which LLMClient reports as a malformed reply
(an infrastructure error, `too_large` for a bot target) naming the endpoint.
"""

from __future__ import annotations

import functools
import importlib
import zlib
from collections.abc import AsyncIterator
from typing import Any

import httpx

MAX_REPLY_BYTES = 16 << 20  # a chat completion this large is not one: refused unread


def _endpoint(url: httpx.URL) -> str:
    """Where a reply came from, without credentials or query (which may carry a key)."""
    port = f":{url.port}" if url.port else ""
    return f"{url.scheme}://{url.host}{port}{url.path}"


# The start of the ValueError for a redirect to another host (the targets layer's kind).
OFF_SITE = "the endpoint redirects to another host"
TOO_LARGE = "the reply is too large"  # the words a bot target classes as too_large


async def refuse_huge(response: httpx.Response) -> None:
    """A reply over MAX_REPLY_BYTES is refused: unread when its Content-Length says so (a
    50 MB body once took a run to 300 MB), else as soon as that many bytes have come (a
    chunked body has no length; gzip or deflate counted as they will be unpacked).

    Two more are refused from their headers alone, before a byte of the body is read: a
    stream (`text/event-stream`, which may never end: it used to be read until timeout_s and
    reported as a timeout) and a redirect to another host (a sign-in page, a proxy's portal:
    following it sends the conversation elsewhere, and ended as "connection failed")."""
    where = _endpoint(response.request.url)
    if "text/event-stream" in response.headers.get("content-type", "").lower():
        await response.aclose()
        raise ValueError(
            f"the reply is a stream (text/event-stream) from {where}, though the request said "
            "stream: false"
        )
    location = response.headers.get("location") if response.is_redirect else None
    if location is not None:
        to = response.request.url.join(location)
        here = response.request.url
        if (to.scheme, to.host, to.port) != (here.scheme, here.host, here.port):
            await response.aclose()
            raise ValueError(
                f"{OFF_SITE} ({_endpoint(to)}); put the endpoint's own URL in base_url"
            )
    size = response.headers.get("content-length", "")
    if size.isdigit() and int(size) > MAX_REPLY_BYTES:
        await response.aclose()
        raise ValueError(
            f"{TOO_LARGE} (Content-Length {int(size):,} from {where}; at most "
            f"{MAX_REPLY_BYTES:,} bytes)"
        )
    encoding = response.headers.get("content-encoding", "").strip().lower()
    capped: Any = _capped(type(response).__module__)(response.stream, where, encoding)
    response.stream = capped


@functools.cache
def _capped(module: str) -> type[_Capped]:
    """_Capped as a byte stream of the HTTP library the response comes from: openai's
    aiohttp client is built on httpx2, its default one on httpx, and each checks that a
    response's stream is its own AsyncByteStream."""
    library = importlib.import_module(module.split(".")[0])
    return type("CappedStream", (_Capped, library.AsyncByteStream), {})


class _Capped:
    """The reply's byte stream, ended with a ValueError past MAX_REPLY_BYTES."""

    def __init__(self, inner: Any, where: str, encoding: str) -> None:
        self.inner = inner
        self.where = where
        wbits = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS}.get(encoding)
        self.unpack = zlib.decompressobj(wbits) if wbits else None
        if encoding == "deflate":
            self.unpack = zlib.decompressobj()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        async for chunk in self.inner:
            seen += len(chunk) if self.unpack is None else self._unpacked(chunk)
            if seen > MAX_REPLY_BYTES:
                raise ValueError(
                    f"{TOO_LARGE} (more than {MAX_REPLY_BYTES:,} bytes sent by "
                    f"{self.where}; at most {MAX_REPLY_BYTES:,} bytes)"
                )
            yield chunk

    def _unpacked(self, chunk: bytes) -> int:
        """How many bytes `chunk` unpacks to, counted in bounded pieces (a zip bomb never
        lands in memory whole)."""
        assert self.unpack is not None
        total, data = 0, chunk
        try:
            while data:
                total += len(self.unpack.decompress(data, 1 << 20))
                data = self.unpack.unconsumed_tail
        except zlib.error:
            return len(chunk)  # httpx's own decoder reports the broken stream
        return total

    async def aclose(self) -> None:
        await self.inner.aclose()
