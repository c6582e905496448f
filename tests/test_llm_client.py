"""LLMClient against the fake server on 127.0.0.1, on both wires: convsim's own request
through the openai SDK (the default) and the real ChatOpenAI client."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import jinja2
import pytest
from langchain_openai import ChatOpenAI
from pydantic import BaseModel

from agents.llm.budget import Meter
from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMCallError, LLMConfigError, LLMOutputError
from agents.llm.fake import FakeSettings, Running, serve
from agents.llm.prices import load_prices
from agents.prompts import render

KEY = "sk-test-do-not-log-1234"
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}]


class Reply(BaseModel):
    message: str
    end: Literal["continue", "resolved", "abandoned"]
    score: int


DEFAULTS: dict[str, Any] = {"model": "fake", "backoff_s": 0.001}


@pytest.fixture(autouse=True, params=[None, "langchain"], ids=["direct", "langchain"])
def wire(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(DEFAULTS, "client", request.param)


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


@pytest.fixture
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=1)) as running:
        yield running


def client(base_url: str, **kw: Any) -> LLMClient:
    settings: dict[str, Any] = {**DEFAULTS, "base_url": base_url}
    settings.update(kw)
    meter = kw.pop("meter", None)
    settings.pop("meter", None)
    return LLMClient(ModelConfig(**settings), meter=meter)


def test_structured_value_and_usage_come_from_the_server(fake: Running) -> None:
    result = asyncio.run(client(fake.base_url).structured(MESSAGES, Reply, seed=7))
    assert result.value.end == "continue"  # short conversation: the first enum value
    assert result.usage == {
        "model": "fake",
        "prompt_tokens": fake.stats.prompt_tokens,
        "completion_tokens": fake.stats.completion_tokens,
        "cost_usd": 0.0,
        "priced": True,
        "cached": False,
        "attempts": 1,
    }
    again = asyncio.run(client(fake.base_url).structured(MESSAGES, Reply, seed=7))
    assert again.value == result.value  # deterministic given seed and request


def test_text_reply(fake: Running) -> None:
    result = asyncio.run(client(fake.base_url).text(MESSAGES, seed=1))
    assert result.value.endswith(".")
    assert result.usage["completion_tokens"] > 0


def test_429_retries_honour_retry_after() -> None:
    settings = FakeSettings(rate_limit_rate=1.0, retry_after_s=0.15)
    with serve(settings) as fake:
        c = client(fake.base_url, max_retries=2)
        with pytest.raises(LLMCallError) as info:
            asyncio.run(c.text(MESSAGES))
        times = [t for t, _, what in fake.stats.log if what == "rate_limit"]
    assert str(info.value) == "fake: rate limited (429) (after 3 attempts)"
    assert len(times) == 3
    assert all(b - a >= 0.15 for a, b in itertools.pairwise(times))


def test_retries_then_succeeds() -> None:
    with serve(FakeSettings(rate_limit_rate=0.3, error_rate=0.3, retry_after_s=0.01)) as fake:
        c = client(fake.base_url, max_retries=8)

        async def many() -> list[Any]:
            return await asyncio.gather(*(c.structured(MESSAGES, Reply, seed=i) for i in range(20)))

        results = asyncio.run(many())
    assert len(results) == 20
    assert fake.stats.faults["rate_limit"] > 0 and fake.stats.faults["server_error"] > 0
    assert max(r.usage["attempts"] for r in results) > 1


def test_server_errors_exhaust_retries() -> None:
    with serve(FakeSettings(error_rate=1.0)) as fake, pytest.raises(LLMCallError) as info:
        asyncio.run(client(fake.base_url, max_retries=1).text(MESSAGES))
    assert str(info.value) == "fake: server error 500 (after 2 attempts)"


def test_timeouts_are_retried_then_reported() -> None:
    hang = FakeSettings(timeout_rate=1.0, hang_s=3)
    with serve(hang) as fake, pytest.raises(LLMCallError) as info:
        asyncio.run(client(fake.base_url, max_retries=1, timeout_s=0.2).text(MESSAGES))
    assert str(info.value) == "fake: timed out after 0.2 s (after 2 attempts)"


def test_a_reply_cut_at_the_token_limit_is_output_error_naming_the_fix() -> None:
    # finish_reason "length": half a JSON object, once read as "malformed structured output"
    # with no word of the cause (agents.llm.replyparts.why_cut).
    with serve(FakeSettings(truncate_rate=1.0)) as fake, pytest.raises(LLMOutputError) as info:
        asyncio.run(client(fake.base_url, max_retries=1).structured(MESSAGES, Reply))
    assert str(info.value) == (
        "fake: the reply was cut off at the token limit (finish_reason length; no max_tokens "
        "is set, so it is the server's own limit); set max_tokens higher or raise the "
        "server's limit (after 2 attempts)"
    )


def test_empty_reply_is_malformed_output() -> None:
    with serve(FakeSettings(empty_rate=1.0)) as fake, pytest.raises(LLMOutputError) as info:
        asyncio.run(client(fake.base_url, max_retries=0).text(MESSAGES))
    assert str(info.value) == "fake: empty reply (after 1 attempts)"


def test_cache_hit_costs_nothing(fake: Running, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache.db")
    first = asyncio.run(client(fake.base_url, cache_path=cache).structured(MESSAGES, Reply, seed=3))
    served = fake.stats.requests
    meter = Meter()
    c = client(fake.base_url, cache_path=cache, meter=meter)
    second = asyncio.run(c.structured(MESSAGES, Reply, seed=3))
    assert second.value == first.value
    assert second.usage["cached"] is True
    assert (second.usage["prompt_tokens"], second.usage["completion_tokens"]) == (0, 0)
    assert fake.stats.requests == served
    other_seed = asyncio.run(c.structured(MESSAGES, Reply, seed=4))  # the seed is in the key
    assert other_seed.usage["cached"] is False
    assert meter.cached_calls == 1 and meter.calls == 2


def test_preflight_missing_key(monkeypatch: pytest.MonkeyPatch, fake: Running) -> None:
    """A remote endpoint needs the key; a server on this machine is sent a placeholder."""
    monkeypatch.delenv("OPENAI_API_KEY")
    remote = "https://models.example.com/v1"
    with pytest.raises(LLMConfigError) as info:
        asyncio.run(client(remote).preflight())
    assert str(info.value) == (
        f"OPENAI_API_KEY is not set (needed for model 'fake' at {remote}): export "
        "OPENAI_API_KEY=<key>, or name another variable with --api-key-env (a server on this "
        "machine, localhost or 127.0.0.1, needs none)"
    )
    asyncio.run(client(fake.base_url).preflight())


def test_preflight_unknown_model() -> None:
    with serve(FakeSettings(models=("known",))) as fake, pytest.raises(LLMConfigError) as info:
        asyncio.run(client(fake.base_url, model="nope").preflight())
    assert str(info.value) == (
        f"--model nope: not served by {fake.base_url} (404); "
        f"pick one listed at {fake.base_url}/models"
    )


def test_preflight_rejected_key() -> None:
    with serve(FakeSettings(api_key="right")) as fake, pytest.raises(LLMConfigError) as info:
        asyncio.run(client(fake.base_url).preflight())
    assert str(info.value) == (
        f"--base-url {fake.base_url} rejected the key in OPENAI_API_KEY (401): set a valid key"
    )


def test_preflight_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(LLMConfigError) as info:
        asyncio.run(client(url).preflight())
    assert str(info.value) == (
        f"cannot reach {url} (connection failed, 5 attempts): start the server or fix --base-url"
    )


def test_fake_answers_tool_calls(fake: Running) -> None:
    class Lookup(BaseModel):
        """Look an order up."""

        order_id: str
        urgent: bool

    chat = ChatOpenAI(model="fake", base_url=fake.base_url, max_retries=0)
    message = asyncio.run(chat.bind_tools([Lookup]).ainvoke("where is my order ORD-12345?"))
    assert [c["name"] for c in message.tool_calls] == ["Lookup"]
    assert Lookup.model_validate(message.tool_calls[0]["args"]).order_id == "ORD-12345"
    assert message.usage_metadata is not None and message.usage_metadata["output_tokens"] > 0


def test_enums_move_to_an_ending_later() -> None:
    long = [{"role": "system", "content": "x"}] + [
        {"role": "user" if i % 2 else "assistant", "content": f"m{i}"} for i in range(8)
    ]
    with serve(FakeSettings(end_after=3)) as fake:
        value = asyncio.run(client(fake.base_url).structured(long, Reply, seed=1)).value
    assert value.end in ("resolved", "abandoned")


def test_prices_and_budget(tmp_path: Path) -> None:
    table = load_prices()
    assert table.cost("gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000) == pytest.approx(0.75)
    assert table.cost("my-model", 10, 10) is None
    extra = tmp_path / "prices.toml"
    extra.write_text('[models."my-model"]\ninput = 1.0\noutput = 2.0\n')
    assert load_prices(extra).cost("my-model", 1_000_000, 500_000) == pytest.approx(2.0)
    extra.write_text('[models."my-model"]\ninput = 1.0\n')
    with pytest.raises(LLMConfigError, match=r"models\.my-model\.output: Field required"):
        load_prices(extra)
    meter = Meter(max_tokens=100)
    meter.add({"model": "m", "prompt_tokens": 60, "completion_tokens": 50, "cost_usd": 0.0})
    assert meter.exhausted() == "--budget-tokens 100 reached (110 tokens used)"


def test_prompts_render_strictly() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("support_system", domain="banking")
    assert render("customer_start").startswith("[The support chat is now open.")


def test_public_config_has_no_secret() -> None:
    config = ModelConfig(model="m", base_url="https://user:pw@example.test:8443/v1?key=abc")
    assert config.public()["base_url"] == "https://example.test:8443/v1"


def test_clients_on_one_endpoint_share_a_pool_closed_with_the_loop(fake: Running) -> None:
    customer, support = client(fake.base_url), client(fake.base_url, temperature=0.5)

    async def both() -> tuple[Any, Any]:
        await customer.structured(MESSAGES, Reply, seed=1)
        await support.structured(MESSAGES, Reply, seed=2)
        return (await customer.wire()).http, (await support.wire()).http

    first, second = asyncio.run(both())
    assert first is second
    assert first.is_closed  # asyncio.run's shutdown_asyncgens closed it with the loop
    again, _ = asyncio.run(both())  # a new loop gets a pool of its own
    assert again is not first
    assert again.is_closed
