"""`convsim studio`: serve the scenario studio on 127.0.0.1 over a workspace folder.

uvicorn serves the Starlette app: both are already dependencies (the fake LLM server and the
HTTP targets use them), and an ASGI server handles a Try that simulates for seconds without
blocking the page's lint requests. Only loopback is offered: the studio reads and writes
files, so it is not exposed to the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from simulator.commands.common import user_errors
from simulator.errors import UserError


@user_errors
def studio(
    folder: Annotated[
        Path, typer.Argument(help="Workspace folder of scenarios, domains and runs.")
    ] = Path("."),
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free).")] = 8765,
) -> None:
    """Write, try and browse scenarios in the browser (http://127.0.0.1:PORT)."""
    import uvicorn

    from simulator.studio.app import create_app

    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; give the workspace folder (default: .)")
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: give a port between 0 and 65535")
    print(f"convsim studio: workspace {folder.resolve()} on http://127.0.0.1:{port}", flush=True)
    uvicorn.run(create_app(folder), host="127.0.0.1", port=port, log_level="warning")
