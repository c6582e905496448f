"""A bot that is a prompt: a system prompt on an OpenAI-compatible chat endpoint.

Calls go through the shared LLM layer (`agents.llm.client.LLMClient`, ChatOpenAI underneath)
with no retries: a target that fails is reported as failing, not papered over. Its errors are
mapped onto the target error tree so they count as infrastructure errors of the right kind.

When the scenario has a domain the request carries its tools (`bind_tools`); convsim runs
each call the bot's model makes on the conversation's records and sends the result back, up
to `max_tool_rounds` requests per reply (agents.llm.toolloop), and the bot sees its earlier
calls and results in later turns, as a tool-calling bot keeps them.
"""

from __future__ import annotations

import asyncio
import os
import re
import time

from agents.llm import transport
from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMCallError, LLMConfigError, LLMError, LLMOutputError
from agents.llm.replycap import OFF_SITE
from agents.llm.replyparts import CUT_AT_LIMIT
from agents.llm.toolloop import answer_with_tools, as_messages
from agents.scrub import keep_secret
from agents.targets.base import BotReply, BotRequest
from agents.targets.errors import (
    TargetCutOff,
    TargetError,
    TargetErrorReply,
    TargetGarbled,
    TargetHTTPError,
    TargetMalformedReply,
    TargetRateLimited,
    TargetRedirected,
    TargetStreamed,
    TargetTimeout,
    TargetTokenLimit,
    TargetTooLarge,
    TargetUnreachable,
)
from agents.targets.model import OpenAITarget, is_loopback
from agents.targets.wire import MAX_ATTEMPTS


def model_config(spec: OpenAITarget) -> ModelConfig:
    return ModelConfig(
        model=spec.model,
        base_url=spec.base_url,
        api_key_env=spec.api_key_env,
        temperature=spec.temperature,
        max_tokens=spec.max_tokens,
        timeout_s=spec.timeout_s,
        max_retries=0,
        keyless=is_loopback(spec.base_url),
    )


# What the LLM layer's message says went wrong -> the target error kind that names it.
_KINDS: tuple[tuple[str, type[TargetError]], ...] = (
    ("rate limited (429)", TargetRateLimited),
    (transport.CUT_OFF, TargetCutOff),
    (CUT_AT_LIMIT, TargetTokenLimit),
    (transport.NOT_HTTP, TargetMalformedReply),
    (transport.BAD_ENCODING, TargetMalformedReply),
    (transport.REDIRECT_LOOP, TargetRedirected),
    (OFF_SITE, TargetRedirected),
    ("the reply is an error", TargetErrorReply),
    ("the reply is a stream", TargetStreamed),
    ("the reply is too large", TargetTooLarge),
    (transport.HEADERS_TOO_LARGE, TargetTooLarge),
)

# The fix a message gets when the LLM layer's words name none (they name the model only).
_FIXES: dict[str, str] = {
    "timeout": "raise timeout_s in the target file, or see why the server is slow",
    "unreachable": "check base_url and that the model server is running",
    "cut_off": "see the server's log: it closed the connection partway through",
    "http_status": "see the server's log",
    "malformed": "check that base_url is the server's OpenAI-compatible /v1 endpoint and "
    "that the port is the model server's",
    "too_large": "see what the server sends",
    "streamed": "turn streaming off for this endpoint",
    "error_reply": "see the server's log",
    "redirected": "put the endpoint's own URL in base_url",
}


# agents.llm.wire's words for a body that is not JSON at all (an HTML page has its own)
_GARBLED = ("the reply is not JSON", "the reply body is empty")
_STATUS = re.compile(r"server error (\d{3})")
_ANY_STATUS = re.compile(r"\b([45]\d\d)\b")


def target_error(exc: LLMError, spec: OpenAITarget | None = None) -> TargetError:
    """The target error kind of what the LLM layer raised, its message naming the endpoint
    (and the fix, when the LLM layer's words give none). A 5xx keeps its status and a body
    that is not JSON is `TargetGarbled`, so both are retried as for an http bot."""
    found = _kind_of(exc)
    if spec is None:
        return found
    text = str(found).removesuffix(" (after 1 attempts)")  # retries are the target's
    text = text.removeprefix(f"{spec.model}: ")
    where = spec.base_url.rstrip("/")
    if not text.startswith(where):
        text = f"{where} (model {spec.model}): {text}"
    if isinstance(found, TargetTokenLimit):  # the setting is the target file's
        text = text.replace("; raise max_tokens", "; raise max_tokens in the target file")
        text = text.replace("; set max_tokens", "; set max_tokens in the target file")
    fix = _fix(found, spec)
    if fix is not None and "; " not in text:
        text = f"{text}; {fix}"
    named = type(found)(text)
    if isinstance(found, TargetHTTPError) and isinstance(named, TargetHTTPError):
        named.status = found.status
    return named


def _fix(found: TargetError, spec: OpenAITarget) -> str | None:
    status = getattr(found, "status", None)
    if status is None and found.kind == "http_status":
        named = _ANY_STATUS.search(str(found).replace(spec.base_url.rstrip("/"), ""))
        status = int(named.group(1)) if named else None
    if status in (401, 403):
        return f"check the key in {spec.api_key_env}"
    if status == 404:
        return "check model and base_url: the model must be one the server serves"
    if status is not None and status < 500:
        return "see the server's answer above"
    if "empty reply" in str(found):
        return "the model answered with no text and no tool call; see the server's log"
    return _FIXES.get(found.kind)


def _kind_of(exc: LLMError) -> TargetError:
    text = str(exc)
    for words, kind in _KINDS:
        if words in text:
            return kind(text)
    if isinstance(exc, LLMOutputError):
        garbled = any(words in text for words in _GARBLED)
        return TargetGarbled(text) if garbled else TargetMalformedReply(text)
    if (status := _STATUS.search(text)) is not None:
        return TargetHTTPError(text, int(status.group(1)))
    if isinstance(exc, LLMConfigError):
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
        # The key, kept out of what is stored should the model repeat it (agents.targets.base).
        self.secrets = tuple(k for k in [os.environ.get(spec.api_key_env, "").strip()] if k)
        keep_secret(*self.secrets)

    async def call(self, request: BotRequest) -> BotReply:
        """The bot's reply; a 429 whose Retry-After fits in what is left of timeout_s is
        waited out and the request sent again (at most MAX_ATTEMPTS requests), as for an
        http target (agents.targets.wire)."""
        deadline = time.monotonic() + self.spec.timeout_s
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await self._call(request)
            except LLMCallError as e:
                wait = e.retry_after
                left = deadline - time.monotonic()
                limited = "rate limited (429)" in str(e)
                if not limited or wait is None or wait >= left or attempt == MAX_ATTEMPTS:
                    raise target_error(e, self.spec) from e
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    async def _call(self, request: BotRequest) -> BotReply:
        system = {"role": "system", "content": self.spec.system_prompt}
        try:
            if request.tools is not None:
                text, usage = await answer_with_tools(
                    self.client,
                    [system, *as_messages(request.transcript, "support")],
                    request.tools.openai(),
                    request.tools.calls,
                    None,
                    seed=None,
                    max_rounds=self.spec.max_tool_rounds,
                )
                return BotReply(str(text), usage=usage)
            result = await self.client.text([system, *request.messages])
        except LLMCallError:
            raise  # call() waits out a 429 or names the error
        except LLMError as e:
            raise target_error(e, self.spec) from e
        return BotReply(result.value, usage=result.usage)

    async def aclose(self) -> None:
        return None
