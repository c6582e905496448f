"""`convsim fake-llm`: a local OpenAI-compatible server, to dry-run a setup without a provider.

It answers the Chat Completions protocol deterministically (agents.llm.fake) and injects the
faults real providers have, at the rates given, so retries and error outcomes can be seen.
Offered tools, it calls lookups by a fixed policy, or the exact calls of a `--tool-script`.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Annotated

import typer

from agents.llm.fake import FakeLLM, FakeSettings, start
from agents.llm.fake.server import FAULTS
from agents.llm.fake.tools import ToolScript
from scenarios import jsondata
from scenarios.inputfiles import InputFileError
from scenarios.jsondata import JSONValueError
from simulator.commands.common import stdout, user_errors
from simulator.errors import UserError


def _rate(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise UserError(f"{name} {value:g}: give a rate between 0 and 1")
    return value


def _seconds(name: str, value: float) -> float:
    if not 0.0 <= value < float("inf"):  # also false for nan
        raise UserError(f"{name} {value:g}: give a number 0 or more (and not inf)")
    return value


def _script(path: Path) -> ToolScript:
    try:
        data = jsondata.load(path, "give a JSON tool script", 16 << 20)
    except (InputFileError, JSONValueError) as exc:
        raise UserError(f"--tool-script {exc}") from None
    try:
        return ToolScript.parse(data)
    except ValueError as exc:
        raise UserError(f"--tool-script {path}: {exc}") from exc


@user_errors  # a bad flag or script: one line, exit 2
def fake_llm(
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0: any free).")] = 8089,
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the replies.")] = 0,
    latency_ms: Annotated[float, typer.Option("--latency-ms", help="Delay per request.")] = 0.0,
    error_rate: Annotated[float, typer.Option("--error-rate", help="Share of 500s.")] = 0.0,
    rate_limit_rate: Annotated[
        float, typer.Option("--rate-limit-rate", help="Share of 429s with Retry-After.")
    ] = 0.0,
    retry_after: Annotated[
        float, typer.Option("--retry-after", help="Retry-After seconds on 429.")
    ] = 1.0,
    timeout_rate: Annotated[
        float, typer.Option("--timeout-rate", help="Share of requests that hang.")
    ] = 0.0,
    hang_s: Annotated[float, typer.Option("--hang-s", help="How long a hang lasts.")] = 30.0,
    truncate_rate: Annotated[
        float, typer.Option("--truncate-rate", help="Share of replies cut in half.")
    ] = 0.0,
    empty_rate: Annotated[
        float, typer.Option("--empty-rate", help="Share of empty replies.")
    ] = 0.0,
    end_after: Annotated[
        int, typer.Option("--end-after", help="Exchanges before structured replies end a chat.")
    ] = 3,
    models: Annotated[
        list[str] | None,
        typer.Option("--model", help="A model name served (repeat; default: any name)."),
    ] = None,
    api_key: Annotated[
        str | None,
        typer.Option("--require-key", help="Only accept this bearer key.", show_default=False),
    ] = None,
    no_json_schema: Annotated[
        bool,
        typer.Option(
            "--no-json-schema",
            help="Refuse json_schema response formats (400), as older vLLM/LM Studio builds do.",
        ),
    ] = False,
    ignore_response_format: Annotated[
        bool,
        typer.Option(
            "--ignore-response-format",
            help="Answer structured requests with the JSON in a ```json fence inside prose.",
        ),
    ] = False,
    first_faults: Annotated[
        str,
        typer.Option(
            "--first-faults",
            help=f"Faults of the first completions, in order, comma-separated: {','.join(FAULTS)}.",
        ),
    ] = "",
    tool_script: Annotated[
        Path | None,
        typer.Option(
            "--tool-script",
            help="JSON list of scripted tool-call steps, played before the default policy.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the Chat Completions protocol on a local port until interrupted (Ctrl-C)."""
    rates = {
        "--error-rate": error_rate,
        "--rate-limit-rate": rate_limit_rate,
        "--timeout-rate": timeout_rate,
        "--truncate-rate": truncate_rate,
        "--empty-rate": empty_rate,
    }
    for name, value in rates.items():
        _rate(name, value)
    for name, value in {
        "--latency-ms": latency_ms, "--retry-after": retry_after, "--hang-s": hang_s
    }.items():  # fmt: skip
        _seconds(name, value)
    if end_after < 0:
        raise UserError(f"--end-after {end_after}: give a number of exchanges, 0 or more")
    if sum(rates.values()) > 1.0:
        raise UserError("the fault rates add up to more than 1: lower them")
    scripted = tuple(f.strip() for f in first_faults.split(",") if f.strip())
    for fault in scripted:
        if fault not in FAULTS:
            raise UserError(f"--first-faults: unknown fault '{fault}'; use {', '.join(FAULTS)}")
    settings = FakeSettings(
        seed=seed,
        latency_ms=latency_ms,
        error_rate=error_rate,
        rate_limit_rate=rate_limit_rate,
        retry_after_s=retry_after,
        timeout_rate=timeout_rate,
        hang_s=hang_s,
        truncate_rate=truncate_rate,
        empty_rate=empty_rate,
        end_after=end_after,
        models=tuple(models or ()),
        api_key=api_key,
        no_json_schema=no_json_schema,
        ignore_response_format=ignore_response_format,
        first_faults=scripted,
        tool_script=_script(tool_script) if tool_script is not None else None,
    )
    if not 0 <= port <= 65535:
        raise UserError(f"--port {port}: give a port between 0 and 65535 (0: any free one)")
    if not host.strip():
        raise UserError("--host: empty; give an interface to listen on, e.g. 127.0.0.1")
    try:
        asyncio.run(_serve(FakeLLM(settings), host, port))
    except socket.gaierror as exc:
        raise UserError(f"--host {host}: not an address of this machine ({exc.strerror})") from exc
    except OSError as exc:
        raise UserError(
            f"--host {host} --port {port}: cannot listen ({exc.strerror or exc})"
        ) from exc
    except KeyboardInterrupt:
        pass


async def _serve(app: FakeLLM, host: str, port: int) -> None:
    server = await start(app, host, port)
    bound = server.sockets[0].getsockname()[1]
    out = stdout()
    out.print(f"fake LLM server on http://{host}:{bound}/v1 (Ctrl-C to stop)", markup=False)
    out.print(
        f"try: convsim run --n 5 --out runs/dry --model fake --base-url http://{host}:{bound}/v1",
        markup=False,
        soft_wrap=True,
    )
    out.file.flush()
    async with server:
        await server.serve_forever()


__all__ = ["fake_llm"]
