"""Who may talk to the studio: every request passes here before any route runs.

The studio reads and writes the workspace, so three doors are closed:

- **Another machine.** Bound beyond loopback, every request must carry the token the command
  printed: `?token=` once (the studio then sets a cookie and drops it from the address bar),
  or the cookie, or `Authorization: Bearer`. Compared in constant time (`hmac.compare_digest`).
- **DNS rebinding.** A web page on some other site can make the browser resolve its own name
  to 127.0.0.1; the `Host` header then names that site. On loopback only loopback host names
  are answered.
- **Cross-site requests.** Another site's page can submit a form or a `fetch` to
  127.0.0.1 without seeing the answer. A state-changing request whose `Origin` (or, without
  one, `Referer`) is not the studio's own is refused.
"""

from __future__ import annotations

import hmac
import ipaddress
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from simulator.studio.pages.pages import esc, page

__all__ = ["COOKIE", "Guard", "cookie_name", "is_loopback"]

COOKIE = "convsim_studio_token"  # + the port: browsers share cookies between a host's ports
_SAFE = ("GET", "HEAD", "OPTIONS")
_LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or a name, no port) is this machine only."""
    name = host.strip("[]").lower()
    if name in _LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def cookie_name(scope: Scope) -> str:
    """The token cookie of the studio on this port. Cookies are not kept apart by port, so
    with one shared name two studios on one machine would overwrite each other's token."""
    server = scope.get("server")
    port = server[1] if server and server[1] is not None else 0
    return f"{COOKIE}_{port}"


def _host_only(value: str) -> str:
    """`127.0.0.1:8765` -> `127.0.0.1`, `[::1]:80` -> `::1`."""
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class Guard:
    """ASGI middleware: the token (when one is set), the Host check on loopback, the same-
    origin check on writes. A refusal is a 403 page saying what to do."""

    def __init__(self, app: ASGIApp, token: str | None, loopback: bool) -> None:
        self.app = app
        self.token = token
        self.loopback = loopback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if self.loopback and not is_loopback(_host_only(host)):
            await _refuse(send, f"host '{host}' is not this machine: open the studio at 127.0.0.1")
            return
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self.token is not None:
            given = query.get("token") or _cookie(headers, cookie_name(scope)) or _bearer(headers)
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                await _refuse(
                    send, "this studio needs its token: open the address `convsim studio` printed"
                )
                return
            if "token" in query and scope["method"] in _SAFE:
                await _redirect_with_cookie(send, scope, query, self.token)
                return
        if scope["method"] not in _SAFE and not _same_origin(headers, host):
            await _refuse(send, "refused: a request from another site may not change the studio")
            return
        await self.app(scope, receive, send)


def _cookie(headers: dict[str, str], name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except Exception:  # a malformed Cookie header carries no token
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def _bearer(headers: dict[str, str]) -> str | None:
    scheme, _, value = headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _same_origin(headers: dict[str, str], host: str) -> bool:
    source = headers.get("origin") or headers.get("referer")
    if not source:  # not a browser (curl, tests): no page of another site sent it
        return True
    return urlsplit(source).netloc.lower() == host.lower()


async def _refuse(send: Send, message: str) -> None:
    body = page("Refused", f"<p class='problem'>{esc(message)}</p>").encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _redirect_with_cookie(
    send: Send, scope: Scope, query: dict[str, str], token: str
) -> None:
    """The token leaves the address bar (and the history) for an HttpOnly cookie."""
    rest = urlencode({k: v for k, v in query.items() if k != "token"})
    location = scope["path"] + (f"?{rest}" if rest else "")
    cookie = f"{cookie_name(scope)}={token}; HttpOnly; SameSite=Strict; Path=/"
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1")),
                (b"set-cookie", cookie.encode("latin-1")),
                (b"content-length", b"0"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
