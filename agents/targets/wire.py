"""One HTTP exchange with a bot, bounded in time and size, its body read as JSON.

Endpoints misbehave in ways a plain `response.json()` does not survive: a body that trickles
in one byte a second (each read is within httpx's timeout, the whole never ends), 50 MB of
JSON, an HTML error page or an empty body with status 200, a stream (`text/event-stream`)
nobody asked for, Latin-1 bytes, a 429 with `Retry-After`, a redirect. Here each is either
handled (Retry-After honoured while the reply's time allows; a declared charset decoded) or
raised as its own `TargetError` kind, so a run reports it as an infrastructure error and
never grades the bot on it:

- httpx's timeouts (timeout_s per connect, write, read) until the status line, then the
  body as a whole within timeout_s; 429 waits only while they fit in timeout_s;
- at most `MAX_BODY_BYTES` are read (a larger `Content-Length` is refused unread);
- 3xx is `redirected` (naming where to), 429 past the deadline `rate_limited`, a stream
  `streamed`, an error object without a reply `error_reply`, bytes that are not text in the
  declared (else UTF-8, or the UTF-16/32 a byte order mark names) charset, HTML and other
  non-JSON `malformed`; a body that ends before it is complete `cut_off`, a status line
  that is not HTTP or a body its Content-Encoding does not describe `malformed`.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import re
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from agents.llm.transport import retry_after
from agents.targets.base import public_url
from agents.targets.errors import (
    TargetCutOff,
    TargetErrorReply,
    TargetGarbled,
    TargetHTTPError,
    TargetMalformedReply,
    TargetRateLimited,
    TargetRedirected,
    TargetStreamed,
    TargetTimeout,
    TargetTooLarge,
    TargetUnreachable,
)

MAX_BODY_BYTES = 8 << 20  # a support reply is text; 8 MB leaves room for echoed history
MAX_ATTEMPTS = 3  # requests per reply when the bot answers 429 with a Retry-After that fits
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_TITLE = re.compile(rb"<title>\s*(.*?)\s*</title>|<h1>\s*(.*?)\s*</h1>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: httpx.Headers
    body: bytes


async def exchange(
    client: httpx.AsyncClient, method: str, url: str, timeout_s: float, **kwargs: Any
) -> Answer:
    """The bot's 2xx answer to one request, 429s waited out within `timeout_s`; raises the
    TargetError that names what went wrong otherwise."""
    where = public_url(url)
    deadline = time.monotonic() + timeout_s
    for attempt in range(1, MAX_ATTEMPTS + 1):
        answer = await _once(client, method, url, where, timeout_s, **kwargs)
        if answer.status != 429:
            break
        wait = retry_after(answer.headers.get("retry-after"))
        left = deadline - time.monotonic()
        if wait is None or wait >= left or attempt == MAX_ATTEMPTS:
            asked = f"Retry-After {wait:g} s" if wait is not None else "no Retry-After"
            raise TargetRateLimited(
                f"HTTP 429 from {where} after {attempt} request{'s' if attempt > 1 else ''} "
                f"({asked}; a reply may take at most timeout_s {timeout_s:g} s)",
                429,
            )
        await asyncio.sleep(wait)
    status = answer.status
    if 300 <= status < 400:
        to = answer.headers.get("location")
        target = public_url(str(httpx.URL(url).join(to))) if to else "nowhere"
        raise TargetRedirected(
            f"HTTP {status} from {where}, redirecting to {target}; put the bot's own URL in url",
            status,
        )
    if not 200 <= status < 300:
        raise TargetHTTPError(f"HTTP {status} from {where}", status)
    return answer


async def _once(
    client: httpx.AsyncClient, method: str, url: str, where: str, timeout_s: float, **kwargs: Any
) -> Answer:
    """One request. Until the status line comes, httpx's timeouts (timeout_s per connect,
    write and read) decide; from then on the body must be in within timeout_s as a whole, so
    a body trickling in byte by byte ends, while a busy event loop (the critic grading other
    conversations) does not turn a quick reply into a timeout."""
    body = bytearray()
    answered = False  # the status line came: a failure from here on is the answer's
    try:
        async with client.stream(method, url, **kwargs) as response:
            answered = True
            size = response.headers.get("content-length", "")
            if size.isdigit() and int(size) > MAX_BODY_BYTES:
                raise _too_large(where, f"Content-Length {int(size):,}")
            if "text/event-stream" in response.headers.get("content-type", "").lower():
                raise _streamed(where)  # unread: a stream may never end
            decoded = _decoding(response.headers.get("content-encoding", ""), where)
            try:
                async with asyncio.timeout(timeout_s):
                    async for chunk in response.aiter_raw():
                        for piece in decoded.feed(chunk):
                            body += piece
                            if len(body) > MAX_BODY_BYTES:
                                raise _too_large(where, f"more than {MAX_BODY_BYTES:,} bytes sent")
            except zlib.error as e:
                raise TargetMalformedReply(
                    f"the answer from {where} is not what its Content-Encoding says ({e}); send "
                    "it uncompressed or fix the header"
                ) from e
            except TimeoutError as e:
                raise TargetTimeout(
                    f"the answer from {where} was still arriving after {timeout_s:g} s"
                ) from e
            return Answer(response.status_code, response.headers, bytes(body))
    except httpx.TimeoutException as e:
        raise TargetTimeout(f"no reply within {timeout_s:g} s") from e
    except httpx.DecodingError as e:
        raise TargetMalformedReply(
            f"the answer from {where} is not what its Content-Encoding says ({e}); send it "
            "uncompressed or fix the header"
        ) from e
    except (httpx.RemoteProtocolError, httpx.ReadError) as e:
        if answered:
            raise TargetCutOff(
                f"the answer from {where} stopped after {len(body):,} bytes: the connection "
                "closed before it was complete"
            ) from e
        if isinstance(e, httpx.RemoteProtocolError) and "Receive buffer too long" in str(e):
            raise TargetTooLarge(
                f"{where} sent a status line and headers of more than 100 KB (the most the HTTP "
                "client reads before the body); see what the bot's server puts in its headers"
            ) from e
        if isinstance(e, httpx.RemoteProtocolError) and "without sending" not in str(e):
            raise TargetMalformedReply(
                f"{where} did not answer in HTTP ({_first(e)}); check the port in url"
            ) from e
        raise TargetUnreachable(
            f"{where} closed the connection without answering: the bot took the request and "
            "hung up while answering (it may have crashed; see its log)"
        ) from e
    except httpx.HTTPError as e:
        raise TargetUnreachable(f"{type(e).__name__} calling {where}") from e


ENCODINGS = "gzip, deflate"  # what convsim asks for, and decodes itself (`_Inflate`)
_STEP = 1 << 20  # most bytes one compressed piece may inflate to before the size check


class _Inflate:
    """A compressed body inflated at most `_STEP` bytes at a time. httpx inflates each
    network chunk whole: 64 KB of a gzip bomb became 64 MB before any size check could run
    (a 100 MB bomb peaked at 191 MB); here the check runs on every megabyte."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        # gzip: its header; deflate: the zlib wrapper (RFC 9110), or raw as some servers send
        self.raw = False
        self.inflate = zlib.decompressobj(zlib.MAX_WBITS | (16 if encoding != "deflate" else 0))
        self.started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self.started and self.encoding == "deflate" and data:
            self.started = True
            try:
                zlib.decompressobj().decompress(data[:2])
            except zlib.error:
                self.inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        while data and not self.inflate.eof:
            yield self.inflate.decompress(data, _STEP)
            data = self.inflate.unconsumed_tail


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        yield data


def _decoding(header: str, where: str) -> _Inflate | _Identity:
    codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() != "identity"]
    codings = [c for c in codings if c]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflate(codings[0])
    raise TargetMalformedReply(
        f"the answer from {where} is in Content-Encoding {header.strip()!r}, which convsim did "
        f"not ask for (it sends Accept-Encoding: {ENCODINGS}); send it gzip, deflate or "
        "uncompressed"
    )


def _streamed(where: str) -> TargetStreamed:
    return TargetStreamed(
        f"{where} answered with a stream (text/event-stream); convsim reads one JSON "
        "answer per message: turn streaming off for this endpoint"
    )


def _first(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:120] if lines else type(exc).__name__


def _too_large(where: str, what: str) -> TargetTooLarge:
    return TargetTooLarge(
        f"the answer from {where} is too large ({what}; at most {MAX_BODY_BYTES:,} bytes)"
    )


def json_of(answer: Answer, where: str) -> Any:
    """The body as JSON, or the TargetMalformedReply (or a kind of it) that says why not."""
    ctype = answer.headers.get("content-type", "").lower()
    body = answer.body
    head = body.lstrip()[:16].lower()
    if "text/event-stream" in ctype or head.startswith((b"data:", b"event:")):
        raise _streamed(where)
    if not body.strip():
        raise TargetGarbled(f"the answer from {where} has an empty body")
    text = _text(body, ctype, where)
    try:
        return json.loads(text)
    except RecursionError as e:  # not a ValueError: it would escape as a crash
        raise TargetMalformedReply(
            f"the answer from {where} is JSON nested too deeply to read"
        ) from e
    except ValueError as e:
        if "html" in ctype or head.startswith((b"<!doctype", b"<html", b"<head", b"<body")):
            raise TargetMalformedReply(
                f"{where} answered with an HTML page ({_title(body)!r}), not JSON"
            ) from e
        if "digits" in str(e):  # Python's limit on integer length, not a syntax error
            raise TargetMalformedReply(
                f"the answer from {where} holds a number of more than 4,300 digits"
            ) from e
        raise TargetGarbled(f"the response is not JSON ({text[:60]!r})") from e


# JSON's other Unicode encodings, known by their byte order mark (RFC 8259 8.1 allows a
# reader to accept them): a server that sends one has said which it is.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _text(body: bytes, ctype: str, where: str) -> str:
    m = _CHARSET.search(ctype)
    charset = m.group(1) if m else "utf-8"
    if not m:
        charset = next((name for bom, name in _BOMS if body.startswith(bom)), charset)
    try:
        return body.decode("utf-8-sig" if charset.lower() in ("utf-8", "utf8") else charset)
    except LookupError as e:
        raise TargetMalformedReply(f"{where} declared an unknown charset {charset!r}") from e
    except UnicodeDecodeError as e:
        declared = "the charset it declares" if m else "UTF-8 (no charset declared)"
        raise TargetMalformedReply(
            f"the answer from {where} is not text in {declared}: byte 0x{body[e.start]:02x} at "
            f"{e.start}; send UTF-8 JSON or declare the charset in Content-Type"
        ) from e


def _title(body: bytes) -> str:
    m = _TITLE.search(body[:4096])
    if m:
        return (m.group(1) or m.group(2)).decode("utf-8", "replace")[:60]
    return body[:40].decode("utf-8", "replace")


def error_reply(doc: Any, status: int, where: str) -> TargetErrorReply | None:
    """The error an answer reports instead of a reply (`{"error": ...}` with status 2xx)."""
    if not isinstance(doc, dict):
        return None
    err = doc.get("error") or doc.get("errors")
    if not err:
        return None
    if isinstance(err, dict):
        err = err.get("message") or err.get("detail") or err.get("code") or err
    elif isinstance(err, list) and err:
        first = err[0]
        err = first.get("message", first) if isinstance(first, dict) else first
    return TargetErrorReply(
        f"{where} answered {status} with an error and no reply: {str(err)[:120]}"
    )
