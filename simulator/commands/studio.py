"""`convsim studio`: serve the scenario studio over a workspace folder.

uvicorn serves the Starlette app: both are already dependencies (the fake LLM server and the
HTTP targets use them), and an ASGI server handles a Try that simulates for seconds without
blocking the page's lint requests. The studio reads and writes files, so it listens on
127.0.0.1 unless told otherwise, and anywhere else only behind a token (`studio.guard`).
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
import secrets
import socket
from pathlib import Path
from typing import Annotated, Any

import typer

from simulator.commands import llm_options as lo
from simulator.commands.common import user_errors
from simulator.errors import UserError
from simulator.run.engines import ROLES, LLMOptions, build_engines, model_configs

TOKEN_ENV = "CONVSIM_STUDIO_TOKEN"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,200}")


@user_errors
@lo.model_flags(*ROLES)
def studio(
    folder: Annotated[
        Path, typer.Argument(help="Workspace folder of scenarios, domains and runs.")
    ] = Path("."),
    port: Annotated[int, typer.Option("--port", help="Port (0: any free).")] = 8765,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; beyond loopback needs --token."),
    ] = "127.0.0.1",
    token: Annotated[
        bool,
        typer.Option(
            "--token",
            help=f"Every request must carry a token (printed; ${TOKEN_ENV} to fix it).",
        ),
    ] = False,
    llm: LLMOptions | None = None,
) -> None:
    """Write, try and browse scenarios and domains in the browser (http://127.0.0.1:PORT)."""
    # The flags are checked before the web stack is imported (seconds on a busy machine):
    # a typo in --port or --host is a line at once, not a pause and then a line.
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: is a file; give the workspace folder (default: .)")
    if not folder.exists() and not folder.parent.is_dir():
        raise UserError(
            f"{folder}: no such folder, nor {folder.parent}; give the workspace folder "
            "(default: .), or a new one inside an existing folder"
        )
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: give a port between 0 and 65535")
    address = _resolve(host, port)

    from simulator.studio.pages.guard import is_loopback

    loopback = is_loopback(host)
    if not loopback and not token:
        raise UserError(
            f"--host {host}: not loopback, so others on the network could read and change "
            "the workspace; add --token (every request must then carry the printed token)"
        )
    secret = _token() if token else None
    options = dataclasses.replace(llm or LLMOptions(), roles=ROLES)
    # A broken --config or model flag is one line now, not at Try; the engines themselves
    # (LangGraph, LangChain) load only when a model is set, the scripted ones at the first Try.
    if model_configs(options):
        build_engines(options)
    sock = _bind(address, host, port)  # --port 0 prints the port it got, a busy one is a line
    # A new workspace is made once the address is ours (`convsim studio my-workspace` is the
    # docs' first line): a refused flag or a busy port leaves nothing behind.
    new = not folder.exists()
    if new:
        folder.mkdir()
    where = f"[{host}]" if ":" in host else host
    url = f"http://{where}:{sock.getsockname()[1]}" + (f"/?token={secret}" if secret else "")
    # Printed before the studio's own modules load (seconds on a busy machine): the socket
    # already listens, so a browser opened on the address now waits for the first page.
    kind = "new workspace" if new else "workspace"
    print(f"convsim studio: {kind} {folder.resolve()} on {url}", flush=True)
    with sock:
        import uvicorn

        from simulator.studio.pages.app import create_app

        app = create_app(folder, token=secret, loopback=loopback, models=options)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        server.run(sockets=[sock])


_Address = tuple[int, int, int, Any]


def _resolve(host: str, port: int) -> _Address:
    """The socket address --host names (family, type, proto, address)."""
    if not host.strip():
        raise UserError(
            "--host: empty; give an address to listen on (127.0.0.1, or 0.0.0.0 with --token)"
        )
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        why = exc.strerror if isinstance(exc, socket.gaierror) else "not a host name"
        raise UserError(f"--host {host}: not an address of this machine ({why})") from exc
    family, kind, proto, _name, address = infos[0]
    return family, kind, proto, address


def _bind(resolved: _Address, host: str, port: int) -> socket.socket:
    family, kind, proto, address = resolved
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserError(
                f"--port {port}: already in use (another studio?); pick another, or --port 0 "
                "for any free one"
            ) from exc
        raise UserError(f"--host {host} --port {port}: cannot listen ({exc.strerror})") from exc
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _token() -> str:
    given = os.environ.get(TOKEN_ENV)
    if given is None:
        return secrets.token_urlsafe(24)
    if not _TOKEN_SHAPE.fullmatch(given):
        raise UserError(
            f"${TOKEN_ENV}: give at least 16 letters, digits, '-' or '_' (or unset it for a "
            "random token)"
        )
    return given
