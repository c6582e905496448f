"""An LLM endpoint that echoes the request's Authorization header (outsider 18 #1): the roles'
key was stored in full in run.db, transcripts, `show` and exported training data. The key the
client sends is now `[redacted]` in whatever the model says or passes to a tool, as a target
file's key already was. The endpoint is a loopback server started here."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from typing import Any

import pytest
from bots.loopback import serve
from bots.raw import completion

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig

KEY = "sk-proj-AbCdEfGhSECRETkey"


def echo(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
    auth = next(v for k, v in headers.items() if k.lower() == "authorization")
    said = f"debug {auth} done"
    if body.get("tools"):
        arguments = json.dumps({"token": said})
        call = {"id": "c1", "type": "function",
                "function": {"name": "lookup", "arguments": arguments}}  # fmt: skip
        message = {"role": "assistant", "content": said, "tool_calls": [call]}
    else:
        message = {"role": "assistant", "content": said}
    return json.loads(completion(message))


def client(base: str) -> LLMClient:
    return LLMClient(ModelConfig(model="fake", base_url=f"{base}/v1", max_retries=0))


def test_the_key_an_endpoint_echoes_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    with serve(echo) as base:
        said = asyncio.run(client(base).text([{"role": "user", "content": "Hi"}])).value
    assert said == "debug Bearer [redacted] done"


def test_the_key_in_a_tool_call_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {
        "type": "object", "properties": {"token": {"type": "string"}}}}}]  # fmt: skip
    with serve(echo) as base:
        step = asyncio.run(client(base).step([{"role": "user", "content": "Hi"}], tools)).value
    assert step.calls and KEY not in repr(step.calls)
    assert step.calls[0].arguments == {"token": "debug Bearer [redacted] done"}


def test_a_short_key_is_not_hidden_in_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "local")  # 'local' is a word, not a secret
    with serve(echo) as base:
        said = asyncio.run(client(base).text([{"role": "user", "content": "Hi"}])).value
    assert said == "debug Bearer local done"
