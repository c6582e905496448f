"""An openai-kind target's failures name the endpoint and the fix, and headers that never
end are `too_large` (they were `malformed`, "did not answer in HTTP", with the model name
only: `m: the server did not answer in HTTP (400, message: Too many headers received)`)."""

from __future__ import annotations

import asyncio

import pytest
from bots.raw import completion, endless_headers, failure, http, raw_server

from agents.targets.model import OpenAITarget
from agents.targets.openai import OpenAIAdapter

ANSWERS = {
    "endless": endless_headers,
    "nothttp": b"SSH-2.0-OpenSSH_8.9\r\n",
    "s500": http('{"error": {"message": "boom"}}', "500 Internal Server Error"),
    "s401": http('{"error": {"message": "bad key"}}', "401 Unauthorized"),
    "s404": http('{"error": {"message": "model not found"}}', "404 Not Found"),
    "empty": http(completion({"role": "assistant", "content": None})),
}


@pytest.mark.parametrize(
    ("path", "kind", "says"),
    [
        ("endless", "too_large", "the server's status line and headers are too large (400, "
         "message: Too many headers received); see what the server puts in its headers"),
        ("nothttp", "malformed", "the server did not answer in HTTP"),
        ("s500", "http_status", "server error 500; see the server's log"),
        ("s401", "http_status", "(401); check the key in OPENAI_API_KEY"),
        ("s404", "http_status", "check model and base_url: the model must be one the server "
         "serves"),
        ("empty", "malformed", "empty reply; the model answered with no text and no tool call"),
    ],
)  # fmt: skip
def test_each_failure_names_the_endpoint_and_the_fix(path: str, kind: str, says: str) -> None:
    with raw_server(ANSWERS) as server:
        base = server.url(f"v1/{path}")
        spec = OpenAITarget(
            kind="openai", base_url=base, model="m", system_prompt="s", timeout_s=20
        )
        exc = asyncio.run(failure(OpenAIAdapter(spec)))
    assert exc.kind == kind
    assert base in str(exc)  # the target, not only the model's name
    assert says in str(exc)
    assert "after 1 attempts" not in str(exc)
    if kind == "malformed" and path == "nothttp":
        assert "that the port is the model server's" in str(exc)
