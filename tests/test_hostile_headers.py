"""An http bot whose status line and headers never end (a proxy looping a header, a server
that writes its log into a header): h11 stops reading at 100 KB. That is the answer being
too large, `too_large`, not "did not answer in HTTP; check the port in url", which sent the
user to fix a port that was right."""

from __future__ import annotations

import asyncio

from bots.raw import endless_headers, failure, raw_server

from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget


def test_headers_that_never_end_are_too_large_not_another_protocol() -> None:
    with raw_server({"h": endless_headers}) as server:
        url = server.url("h")
        adapter = HttpAdapter(HttpTarget(kind="http", url=url, timeout_s=10), {})
        exc = asyncio.run(failure(adapter))
    assert exc.kind == "too_large"
    assert str(exc) == (
        f"{url} sent a status line and headers of more than 100 KB (the most the HTTP client "
        "reads before the body); see what the bot's server puts in its headers"
    )
