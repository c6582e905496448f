"""A reply the server stopped short is never read as the model's answer (note 14, "Left:").

`finish_reason: "length"` is the start of an answer cut at `max_tokens`; an `openai` bot's
was graded as what the bot said, and an LLM role's was read as its words (or as "malformed
structured output", no word of the cause). Now: a bot's is a `token_limit` infrastructure
error naming the target file's `max_tokens`; a role's is an LLMOutputError naming the limit;
`content_filter` with text likewise (docs/targets.md, docs/llm.md). Endpoints are loopback
servers started here (tests/bots/loopback.py).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from bots.loopback import serve
from bots.raw import completion

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMOutputError
from agents.targets import TargetError
from agents.targets.base import BotRequest
from agents.targets.model import OpenAITarget
from agents.targets.openai import OpenAIAdapter

ROOT = Path(__file__).resolve().parent.parent
HALF = "I can refund the order once you give me the"


def finishing(finish: str | None, content: str = HALF) -> Any:
    """A handler answering every request with `content` and `finish`."""

    def handle(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
        message = {"role": "assistant", "content": content}
        return json.loads(completion(message, finish))  # type: ignore[arg-type]

    return handle


def ask_bot(url: str, **extra: Any) -> str:
    spec = OpenAITarget.model_validate(
        {"kind": "openai", "base_url": url, "model": "fake", "system_prompt": "Help.", **extra}
    )
    return asyncio.run(OpenAIAdapter(spec).call(BotRequest("c-1", "My order broke", [], 1))).text


def test_a_bot_reply_cut_at_max_tokens_is_a_token_limit_error() -> None:
    with serve(finishing("length")) as base:
        url = f"{base}/v1"
        with pytest.raises(TargetError) as info:
            ask_bot(url, max_tokens=64)
    assert info.value.kind == "token_limit"
    assert str(info.value) == (
        f"{url} (model fake): the reply was cut off at the token limit (finish_reason length, "
        "max_tokens 64); raise max_tokens in the target file"
    )


def test_a_bot_reply_cut_by_the_server_s_own_limit_says_so() -> None:
    with serve(finishing("length")) as base, pytest.raises(TargetError) as info:
        ask_bot(f"{base}/v1")
    assert info.value.kind == "token_limit"
    assert str(info.value).endswith(
        "(finish_reason length; no max_tokens is set, so it is the server's own limit); set "
        "max_tokens in the target file higher or raise the server's limit"
    )


def test_a_bot_reply_stopped_by_the_content_filter_is_not_its_answer() -> None:
    with serve(finishing("content_filter")) as base, pytest.raises(TargetError) as info:
        ask_bot(f"{base}/v1")
    assert info.value.kind == "malformed"
    assert str(info.value) == (
        f"{base}/v1 (model fake): the reply was cut off by the provider's content filter "
        "(finish_reason content_filter); see what the provider's filter blocks, or use "
        "another model or endpoint"
    )


@pytest.mark.parametrize("finish", ["stop", None, "tool_calls", "eos"])
def test_a_whole_reply_is_the_answer(finish: str | None) -> None:
    with serve(finishing(finish)) as base:
        assert ask_bot(f"{base}/v1", max_tokens=64) == HALF


def test_an_llm_role_cut_at_max_tokens_is_an_output_error() -> None:
    with serve(finishing("length")) as base:
        config = ModelConfig(
            model="fake", base_url=f"{base}/v1", max_tokens=64, max_retries=1,
            backoff_s=0.01, keyless=True,
        )  # fmt: skip
        with pytest.raises(LLMOutputError) as info:
            asyncio.run(LLMClient(config).text([{"role": "user", "content": "Hi"}]))
    assert str(info.value) == (
        "fake: the reply was cut off at the token limit (finish_reason length, max_tokens 64); "
        "raise max_tokens (after 2 attempts)"
    )


def test_convsim_test_refuses_a_bot_cut_at_max_tokens_before_the_run(tmp_path: Path) -> None:
    with serve(finishing("length")) as base:
        target = tmp_path / "bot.yaml"
        target.write_text(
            f"kind: openai\nbase_url: {base}/v1\nmodel: fake\nsystem_prompt: Help.\n"
            "max_tokens: 64\n"
        )
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "test", "ecommerce/refund-damaged-item",
             "--target", str(target), "--n", "1", "--out", str(tmp_path / "out")],
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "the reply was cut off at the token limit (finish_reason length, max_tokens 64); " \
        "raise max_tokens in the target file" in done.stderr  # fmt: skip
    assert len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
