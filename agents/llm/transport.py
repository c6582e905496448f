"""What went wrong below HTTP, in words: the transport's exceptions, named by their cause.

The openai SDK reports every transport failure as `APIConnectionError: Connection error.`,
whether the server refused the connection, closed it halfway through a reply, looped on
redirects or sent a body its Content-Encoding does not describe; and some failures (a
server that does not speak HTTP at all) come out of its aiohttp transport unwrapped. Each
gets a reason here that names it, beginning with one of the `PHRASES` so the bot-target
layer can give it its kind (agents.targets.openai).
"""

from __future__ import annotations

import email.utils
import math
import time

# reason prefix -> what it means (the targets layer maps each to an error kind)
CUT_OFF = "the connection closed before the reply was complete"
NOT_HTTP = "the server did not answer in HTTP"
REDIRECT_LOOP = "the endpoint redirects in a loop"
BAD_ENCODING = "the reply's bytes do not match its Content-Encoding"
CONNECTION = "connection failed"
HEADERS_TOO_LARGE = "the server's status line and headers are too large"
PHRASES = (CUT_OFF, NOT_HTTP, REDIRECT_LOOP, BAD_ENCODING, CONNECTION, HEADERS_TOO_LARGE)

# the transport libraries whose exceptions mean "below HTTP" when they escape the SDK
_TRANSPORTS = ("aiohttp", "httpx", "httpx2", "httpcore", "h11", "anyio")


def is_transport_error(exc: BaseException) -> bool:
    return type(exc).__module__.split(".")[0] in _TRANSPORTS


def reason(exc: BaseException, *, plain: bool = True) -> str:
    """The reason for a transport failure, from the deepest cause that names one; else
    `connection failed`, with the exception's own first line when `plain`."""
    chain: list[BaseException] = []
    seen: BaseException | None = exc
    while seen is not None and len(chain) < 10:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    names = {type(e).__name__ for e in chain}
    last = chain[-1]
    detail = _first_line(last)
    if names & {"TooManyRedirects", "TooManyRedirectsError"}:
        return f"{REDIRECT_LOOP} ({detail})"
    if names & {"DecodingError", "ContentEncodingError"} or "decompress" in detail:
        return f"{BAD_ENCODING} ({detail})"
    if "LineTooLong" in names or "too many headers" in detail.lower():
        # headers that never end (a proxy looping a header): too large, not another protocol
        return f"{HEADERS_TOO_LARGE} ({detail}); see what the server puts in its headers"
    if names & {"BadStatusLine", "BadHttpMessage", "InvalidHeader"}:
        return f"{NOT_HTTP} ({detail})"
    if names & {"ContentLengthError", "ClientPayloadError", "TransferEncodingError"} or (
        "payload is not completed" in detail or "incomplete chunked read" in detail.lower()
    ):
        return f"{CUT_OFF} ({detail})"
    if "ServerDisconnected" in names or "Server disconnected" in detail:
        return f"{CONNECTION} (the server closed the connection without answering)"
    return f"{CONNECTION} ({first_line(exc)})" if plain else CONNECTION


def clip(text: str, limit: int) -> str:
    """`text` cut to about `limit` characters at a word's end, marked with "...", with the
    parentheses it opened closed, so a quoted cause never ends mid-word or mid-URL."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    cut = cut.rstrip(" ,;:") + " ..."
    return cut + ")" * max(0, cut.count("(") - cut.count(")"))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def retry_after(value: str | None) -> float | None:
    """Seconds to wait: `Retry-After` as a number of seconds or as an HTTP date (one in the
    past is 0); None when absent or unreadable (NaN, "soon")."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not math.isnan(seconds):
        return max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    text = " ".join(lines[:3]) if lines else type(exc).__name__
    return text[:160]
