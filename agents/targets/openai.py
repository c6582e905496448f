"""A bot that is a prompt: a system prompt on an OpenAI-compatible chat endpoint.

Calls go through the shared LLM layer (`agents.llm.client.LLMClient`, ChatOpenAI underneath)
with no retries: a target that fails is reported as failing, not papered over. Its errors are
mapped onto the target error tree so they count as infrastructure errors of the right kind.
"""

from __future__ import annotations

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMConfigError, LLMError, LLMOutputError
from agents.targets.base import BotReply, BotRequest
from agents.targets.errors import (
    TargetError,
    TargetHTTPError,
    TargetMalformedReply,
    TargetTimeout,
    TargetUnreachable,
)
from agents.targets.model import OpenAITarget


def model_config(spec: OpenAITarget) -> ModelConfig:
    return ModelConfig(
        model=spec.model,
        base_url=spec.base_url,
        api_key_env=spec.api_key_env,
        temperature=spec.temperature,
        max_tokens=spec.max_tokens,
        timeout_s=spec.timeout_s,
        max_retries=0,
    )


def target_error(exc: LLMError) -> TargetError:
    text = str(exc)
    if isinstance(exc, LLMOutputError):
        return TargetMalformedReply(text)
    if isinstance(exc, LLMConfigError) or "server error" in text:
        return TargetHTTPError(text)
    if "timed out" in text:
        return TargetTimeout(text)
    if "connection failed" in text:
        return TargetUnreachable(text)
    return TargetHTTPError(text)


class OpenAIAdapter:
    def __init__(self, spec: OpenAITarget) -> None:
        self.spec = spec
        self.client = LLMClient(model_config(spec))

    async def call(self, request: BotRequest) -> BotReply:
        messages = [{"role": "system", "content": self.spec.system_prompt}, *request.messages]
        try:
            result = await self.client.text(messages)
        except LLMError as e:
            raise target_error(e) from e
        return BotReply(result.value, usage=result.usage)

    async def aclose(self) -> None:
        return None
