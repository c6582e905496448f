"""Structured output on servers without json_schema: the lenient reader, the preflight's probe
and the fallback modes, through the real ChatOpenAI client and the fake server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner, Result

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.fake import FakeLLM, FakeSettings, Running, serve, start
from agents.llm.structured import INSTRUCTION, read_structured, request, response_format
from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]


class Reply(BaseModel):
    message: str
    end: Literal["continue", "resolved", "abandoned"]


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "local")


@pytest.fixture
def no_schema() -> Iterator[Running]:
    with serve(FakeSettings(seed=5, no_json_schema=True)) as running:
        yield running


def client(base_url: str, **kw: Any) -> LLMClient:
    return LLMClient(ModelConfig(model="fake", base_url=base_url, backoff_s=0.001, **kw))


# --- the lenient reader -------------------------------------------------------------------
def test_valid_content_reads_as_it_is() -> None:
    assert read_structured('{"message": "hi", "end": "continue"}', Reply) == Reply(
        message="hi", end="continue"
    )


@pytest.mark.parametrize(
    "content",
    [
        'Sure! Here it is:\n\n```json\n{"message": "hi", "end": "resolved"}\n```\n\nAnything else?',
        '```\n{"message": "hi", "end": "resolved"}\n```',
        '```JSON{"message": "hi", "end": "resolved"}```',
        'My answer: {"message": "hi", "end": "resolved"} -- hope that helps.',
        '```python\nprint(1)\n```\nthen {"message": "hi", "end": "resolved"}',
    ],
)
def test_the_object_in_a_fence_or_in_prose(content: str) -> None:
    assert read_structured(content, Reply) == Reply(message="hi", end="resolved")


def test_braces_inside_strings_do_not_end_the_object() -> None:
    content = 'OK {"message": "use {x} or } and \\"{\\"", "end": "continue"} and {not json}'
    assert read_structured(content, Reply).message == 'use {x} or } and "{"'


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        ("no JSON here at all", "json_invalid"),
        ('Here: ```json\n{"message": "hi", "end": "later"}\n```', "json_invalid"),
        ('{"message": "hi", "end": "later"}', "literal_error"),
        ('{"message": "hi", "end": "resolv', "json_invalid"),  # cut in half stays malformed
    ],
)
def test_invalid_stays_invalid_with_the_contents_own_error(content: str, kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read_structured(content, Reply)
    assert caught.value.errors()[0]["type"] == kind


def test_the_fallback_requests_carry_the_schema_in_the_system_message() -> None:
    schema = response_format(Reply)["json_schema"]["schema"]
    prompted = f"be brief\n\n{INSTRUCTION}{json.dumps(schema, separators=(',', ':'))}"
    assert request("json_schema", MESSAGES, Reply) == (MESSAGES, response_format(Reply))
    messages, fmt = request("json_object", MESSAGES, Reply)
    assert fmt == {"type": "json_object"}
    assert messages == [{"role": "system", "content": prompted}, MESSAGES[1]]
    assert request("prompt", MESSAGES, Reply) == (messages, None)
    assert MESSAGES[0]["content"] == "be brief"  # the caller's list is left alone
    alone, _ = request("prompt", MESSAGES[1:], Reply)
    assert alone[0] == {"role": "system", "content": prompted.removeprefix("be brief\n\n")}


# --- the probe ------------------------------------------------------------------------------
def test_a_server_without_json_schema_gets_json_object(no_schema: Running) -> None:
    llm = client(no_schema.base_url)

    async def go() -> Reply:
        await llm.preflight()
        return (await llm.structured(MESSAGES, Reply, seed=3)).value

    value = asyncio.run(go())
    assert llm.mode == "json_object"
    assert value.end == "continue"
    # ping, the json_schema probe (refused), the json_object probe, the call
    assert no_schema.stats.requests == 4
    assert no_schema.stats.by_status == {200: 3, 400: 1}


def test_a_server_with_json_schema_keeps_it_after_one_probe() -> None:
    with serve(FakeSettings(seed=5)) as fake:
        llm = client(fake.base_url)
        asyncio.run(llm.preflight())
        assert (llm.mode, fake.stats.requests) == ("json_schema", 2)
        text_only = client(fake.base_url)
        asyncio.run(text_only.preflight(structured=False))
        assert (text_only.mode, fake.stats.requests) == ("json_schema", 3)


def test_a_forced_mode_sends_no_probe(no_schema: Running) -> None:
    llm = client(no_schema.base_url, structured_output="prompt")
    value = asyncio.run(_preflight_and_call(llm))
    assert llm.mode == "prompt"
    assert value.end == "continue"
    assert no_schema.stats.requests == 2  # the ping and the call
    assert no_schema.stats.by_status == {200: 2}


class _NoFormats(FakeLLM):
    """A server that refuses any response_format (400), json_object too."""

    async def route(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        if b'"response_format"' in body:
            self.stats.requests += 1
            return self._error(400, None, "response_format is not supported", "response_format")
        return await super().route(method, target, headers, body)


async def _preflight_and_call(llm: LLMClient) -> Reply:
    await llm.preflight()
    return (await llm.structured(MESSAGES, Reply, seed=3)).value


def test_a_server_refusing_every_format_gets_the_schema_in_the_prompt() -> None:
    app_ = _NoFormats(FakeSettings(seed=5))

    async def go() -> tuple[LLMClient, Reply]:
        server = await start(app_, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        llm = client(f"http://127.0.0.1:{port}/v1")
        try:
            return llm, await _preflight_and_call(llm)
        finally:
            server.close()

    llm, value = asyncio.run(go())
    assert llm.mode == "prompt"
    assert value.end == "continue"
    assert app_.stats.requests == 4  # ping, two refused probes, the call
    assert app_.stats.by_status == {200: 2, 400: 2}


# --- whole runs -------------------------------------------------------------------------------
def run(out: Path, *args: str) -> Result:
    argv = ["run", str(SCENARIO), "--quiet", "--seed", "3", "--n", "4", "--out", str(out)]
    return CliRunner().invoke(app, [*argv, *args])


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def modes(out: Path) -> dict[str, str]:
    return {r: m["structured_output"] for r, m in manifest(out)["llm"]["models"].items()}


def test_a_run_without_json_schema_completes_in_json_object(
    no_schema: Running, tmp_path: Path
) -> None:
    out = tmp_path / "r"
    result = run(out, "--model", "fake", "--base-url", no_schema.base_url)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"convsim: note: --customer-model/--support-model/--critic-model fake at "
        f"{no_schema.base_url} does not take json_schema response formats; using json_object "
        "(schema in the prompt)\n"
    )
    recs = records(out)
    assert len(recs) == 4
    assert all(r["outcome"]["status"] != "error" for r in recs)
    assert all(t["usage"]["attempts"] == 1 for r in recs for t in r["turns"])
    assert modes(out) == {"critic": "json_object", "customer": "json_object",
                          "support": "json_object"}  # fmt: skip
    calls = manifest(out)["llm"]["usage"]["calls"]
    # One ping and one probe pair for the three roles on one endpoint and model.
    assert no_schema.stats.requests == calls + 3
    assert no_schema.stats.by_status == {200: calls + 2, 400: 1}


def test_a_run_against_a_server_ignoring_response_format_completes(tmp_path: Path) -> None:
    out = tmp_path / "r"
    with serve(FakeSettings(seed=5, ignore_response_format=True)) as fake:
        result = run(out, "--model", "fake", "--base-url", fake.base_url)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    recs = records(out)
    assert len(recs) == 4
    assert all(r["outcome"]["status"] != "error" for r in recs)
    assert all(t["usage"]["attempts"] == 1 for r in recs for t in r["turns"])  # none retried
    assert all("```" not in t["content"] for r in recs for t in r["turns"])
    assert set(modes(out).values()) == {"json_schema"}


def test_the_config_forces_a_mode_and_skips_the_probe(no_schema: Running, tmp_path: Path) -> None:
    config = tmp_path / "convsim.toml"
    config.write_text(
        f'[llm]\nmodel = "fake"\nbase_url = "{no_schema.base_url}"\n'
        'structured_output = "json_object"\n[llm.customer]\nstructured_output = "prompt"\n'
    )
    out = tmp_path / "r"
    result = run(out, "--config", str(config))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # the user's choice: no note
    assert all(r["outcome"]["status"] != "error" for r in records(out))
    assert modes(out) == {"critic": "json_object", "customer": "prompt",
                          "support": "json_object"}  # fmt: skip
    calls = manifest(out)["llm"]["usage"]["calls"]
    assert no_schema.stats.requests == calls + 1  # the ping alone: no probe
    assert no_schema.stats.by_status == {200: calls + 1}


def test_an_unknown_mode_in_the_config_is_one_line(tmp_path: Path) -> None:
    config = tmp_path / "convsim.toml"
    config.write_text('[llm]\nmodel = "fake"\n[llm.support]\nstructured_output = "xml"\n')
    result = run(tmp_path / "r", "--config", str(config))
    assert result.exit_code == 2
    assert result.stderr == (
        f"convsim: error: --config {config}: llm.support.structured_output: Input should be "
        "'json_schema', 'json_object' or 'prompt'\n"
    )


def test_fake_llm_has_the_flags() -> None:
    result = CliRunner().invoke(app, ["fake-llm", "--help"])
    assert result.exit_code == 0
    assert "--no-json-schema" in result.output and "--ignore-response-format" in result.output
