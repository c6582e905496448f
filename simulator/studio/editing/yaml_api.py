"""The JSON API behind a page that edits one YAML file of the workspace.

The scenario editor and the Domains pages work the same way: each request carries the
file's whole text (`{"path", "text", ...}`), every answer carries its problems as `convsim
lint` finds them plus what the page shows of the text, an edit that cannot be made says why
and changes nothing, and saving is atomic. Kept in one place so the two editors cannot drift
apart in any of that; each page gives only which files it edits and what it shows.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from scenarios.schema.problems import Problem
from scenarios.schema.source import MAX_YAML_BYTES, YAMLFileError, load_yaml_text
from simulator.studio.pages.pages import problems_html
from simulator.studio.workspace import Workspace

# What a page shows of a text: its problems, and the page's own fields of the answer.
Shown = Callable[[str, Path, str], tuple[Sequence[Problem], dict[str, Any]]]
# An edit of the text, given the request's JSON; raising says why it cannot be made.
# A change gives the new text, or the new text and what else the answer carries (a status
# saying what was done, the field to take the author to).
Change = Callable[[str, dict[str, Any]], str | tuple[str, dict[str, Any]]]
Endpoint = Callable[[Request], Awaitable[Response]]

# A request carries one file's text as JSON: escapes can double it, so a body up to four times
# the YAML limit is read; a longer one is refused before it is read whole (a 50 MB POST
# froze the studio for minutes and was saved).
MAX_BODY_BYTES = 4 * MAX_YAML_BYTES
TOO_LARGE = (
    f"larger than {MAX_YAML_BYTES // 1_000_000} MB, the limit for a YAML file convsim reads; "
    "split it into smaller files"
)


class TooLarge(ValueError):
    """A request or a text over the limits above (answered 413, nothing written)."""


async def bounded_json(request: Request, limit: int = MAX_BODY_BYTES) -> Any:
    """The request's JSON, refused (TooLarge) by its Content-Length, or once more than `limit`
    bytes have arrived, so an oversized body is never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"the text is {TOO_LARGE}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise TooLarge(f"the text is {TOO_LARGE}")
    try:
        return json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ValueError(f"send JSON with 'path' and 'text' ({e})") from None


REQUEST_TOO_LARGE = (
    f"the request is larger than {MAX_BODY_BYTES // 1_000_000} MB, the most the studio reads; "
    "nothing was changed"
)


class BodyLimit:
    """ASGI middleware: no request body over `limit` bytes is read, whichever route reads it
    (settings, Try, keep, review, a new scenario or domain: forms and JSON alike). A body
    whose Content-Length is over, or once more has arrived, raises TooLarge where the route
    reads it: one line, 413, nothing changed. The YAML routes check the Content-Length
    themselves first (`bounded_json`), so theirs names the YAML file limit."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        over = declared.isdigit() and int(declared) > self.limit
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            if over:
                raise TooLarge(REQUEST_TOO_LARGE)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge(REQUEST_TOO_LARGE)
            return message

        await self.app(scope, bounded, send)


def reads(text: str, rel: str) -> None:
    """Raises unless `text` reads as YAML: a form action never hands the author a file that
    does not read (the form would vanish behind a syntax error the author did not make)."""
    try:
        load_yaml_text(text, rel)
    except YAMLFileError as e:
        raise ValueError(
            f"the change would leave the file unreadable (line {e.problem.line}: "
            f"{e.problem.message}); please report this"
        ) from None


@dataclass(frozen=True)
class YamlApi:
    ws: Workspace
    resolve: Callable[[str], Path]  # the page's rule for which files it reads and writes
    shown: Shown

    async def read(self, request: Request) -> tuple[str, Path, str, dict[str, Any]]:
        """(path as sent, the file it names, the text, the whole request JSON)."""
        data = await bounded_json(request)
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError("send JSON with 'path' and 'text'")
        rel = str(data.get("path", ""))
        return rel, self.resolve(rel), data["text"], data

    def answer(self, rel: str, path: Path, text: str, **extra: Any) -> JSONResponse:
        return JSONResponse(self.payload(rel, path, text, **extra))

    def payload(self, rel: str, path: Path, text: str, **extra: Any) -> dict[str, Any]:
        """What an answer carries: also what a page opens with, so it is drawn whole."""
        problems, fields = self.shown(rel, path, text)
        return {
            "problems": [
                {
                    "line": p.line,
                    "field": p.field,
                    "message": f"warning: {p.message}" if p.warning else p.message,
                    "warning": p.warning,
                    "text": str(p),
                }
                for p in problems
            ],
            "problems_html": problems_html(problems),
            **fields,
            **extra,
        }

    def editing(self, change: Change, what: str = "") -> Endpoint:
        """An endpoint that changes the text one way; a change that cannot be made (the YAML
        does not read, a value not understood) says why and changes nothing."""
        failed = f"{what} not changed" if what else "not changed"

        async def endpoint(request: Request) -> Response:
            rel, path, text, data = await self.read(request)
            extra: dict[str, Any] = {}
            try:
                changed = change(text, data)
                new_text, extra = changed if isinstance(changed, tuple) else (changed, {})
                if new_text != text:
                    reads(new_text, rel)
            except Exception as e:
                return self.answer(rel, path, text, status=f"{failed}: {e}")
            return self.answer(rel, path, new_text, new_text=new_text, **{"status": "", **extra})

        return endpoint

    async def check(self, request: Request) -> Response:
        rel, path, text, _ = await self.read(request)
        return self.answer(rel, path, text)

    async def save(self, request: Request) -> Response:
        rel, _path, text, _ = await self.read(request)
        if len(text.encode("utf-8", "surrogatepass")) > MAX_YAML_BYTES:
            raise TooLarge(f"{rel}: {TOO_LARGE}; not saved")  # lint would refuse to read it
        path = self.ws.write_atomic(rel, text)
        return self.answer(rel, path, text, status=f"saved {rel}", saved=text)
