"""One request on the wire and its reply read: the two ways an LLMClient can send it.

`DirectWire` (the default) builds the Chat Completions body itself and sends it with the
openai SDK's documented raw request (`AsyncOpenAI.post`), then reads the reply's JSON itself:
the SDK's typed `create()` walks every message through its TypedDict hints before sending
(`async_maybe_transform`, the largest CPU cost of a run's model call, growing with the
conversation) and builds pydantic models of the reply that LangChain then dumps to dicts
again. The body is the one ChatOpenAI sends (tests/test_llm_wire.py compares them) and the
reply is read the way ChatOpenAI reads it (tool calls whose arguments do not parse are kept
apart, token counts come from `usage`).

`LangChainWire` sends the same request through langchain-openai's ChatOpenAI (`client =
"langchain"` in a model's config): slower, for what only it does, such as models that only
serve the Responses API, or LangChain tracing.

Either raises the provider's exceptions (`openai.*`) and ValueError or pydantic's
ValidationError for a reply it cannot read; LLMClient turns them into its errors and retries.
"""

from __future__ import annotations

import asyncio
import json
import re
import weakref
from collections.abc import AsyncGenerator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

import openai
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI

from agents.llm.config import ModelConfig
from agents.llm.messages import ModelToolCall, RichMessages, lc_messages, tool_calls_of
from agents.llm.replycap import refuse_huge
from agents.llm.replyparts import shape, text_of, tokens, why_empty
from agents.scrub import scrub

PATH = "/chat/completions"
_DEVELOPER_MODELS = re.compile(r"^o\d")  # o-series: the system message is the developer's


@dataclass(frozen=True)
class Reply:
    content: str
    model: str  # as the server named it (the config's when it did not)
    prompt_tokens: int
    completion_tokens: int
    calls: tuple[ModelToolCall, ...] = ()
    # Why the model stopped, as the server said (`stop`, `tool_calls`, `length`,
    # `content_filter`; None when it did not say): LLMClient refuses a reply cut short.
    finish: str | None = None


def content_text(content: object) -> str:
    """`text_of`, with content that holds no text a malformed reply (asked for again, then
    `malformed`: an infrastructure error, never the bot's words)."""
    try:
        return text_of(content)
    except ValueError as e:
        raise Retry(f"malformed reply: {e}") from e


class Retry(Exception):
    """One failed attempt worth retrying; `after` is the server's Retry-After, if any."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after


class Wire(Protocol):
    """One request: `fmt` is the response_format (or None), `tools` OpenAI function tools
    (or None), `max_tokens` overrides the config's (the preflight's tiny calls)."""

    http: openai.DefaultAsyncHttpxClient

    async def complete(
        self,
        messages: RichMessages,
        *,
        fmt: dict[str, Any] | None = None,
        seed: int | None = None,
        tools: list[dict[str, Any]] | None = None,
        max_tokens: int | None = None,
    ) -> Reply: ...


async def make_wire(config: ModelConfig) -> Wire:
    """The wire `config` asks for, on the running loop's pool for its endpoint (reads the
    key: a missing one is an LLMConfigError here)."""
    http = await _http_pool(asyncio.get_running_loop(), config.endpoint)
    if config.client == "langchain":
        return LangChainWire(config, http)
    return DirectWire(config, http)


class DirectWire:
    def __init__(self, config: ModelConfig, http: openai.DefaultAsyncHttpxClient) -> None:
        self.config = config
        self.http = http
        self.sdk = openai.AsyncOpenAI(
            api_key=config.api_key(),
            base_url=config.base_url,
            timeout=config.timeout_s,
            max_retries=0,  # retries are LLMClient's
            http_client=http,
        )

    async def complete(
        self,
        messages: RichMessages,
        *,
        fmt: dict[str, Any] | None = None,
        seed: int | None = None,
        tools: list[dict[str, Any]] | None = None,
        max_tokens: int | None = None,
    ) -> Reply:
        payload = body(self.config, messages, fmt, seed, tools, max_tokens)
        with _refusals_said():
            raw = await self.sdk.post(PATH, cast_to=bytes, body=payload)
        return read_reply(raw, self.config.model)


def body(
    config: ModelConfig,
    messages: RichMessages,
    fmt: dict[str, Any] | None,
    seed: int | None,
    tools: list[dict[str, Any]] | None,
    max_tokens: int | None = None,
) -> dict[str, Any]:
    """The Chat Completions request ChatOpenAI would send for these arguments."""
    out: dict[str, Any] = {
        "model": config.model,
        "stream": False,
        "messages": wire_messages(messages, config.model),
    }
    limit = max_tokens if max_tokens is not None else config.max_tokens
    if limit is not None:
        out["max_completion_tokens"] = limit
    if seed is not None:
        out["seed"] = seed
    if config.temperature is not None:
        out["temperature"] = config.temperature
    if tools:
        out["tools"] = tools
    if fmt is not None:
        out["response_format"] = fmt
    return out


def wire_messages(messages: RichMessages, model: str) -> list[dict[str, Any]]:
    """OpenAI's message dicts: a tool round's calls with their arguments as JSON text (the
    raw text when they did not parse), an empty content beside calls sent as null."""
    developer = _DEVELOPER_MODELS.match(model) is not None
    out: list[dict[str, Any]] = []
    for m in messages:
        role = m["role"]
        if role == "tool":
            out.append({"role": "tool", "content": m["content"], "tool_call_id": m["tool_call_id"]})
        elif m.get("tool_calls"):
            out.append(
                {
                    "role": "assistant",
                    "content": m.get("content") or None,
                    "tool_calls": [_call(c) for c in m["tool_calls"]],
                }
            )
        else:
            role = "developer" if developer and role == "system" else role
            out.append({"role": role, "content": m["content"]})
    return out


def _call(c: dict[str, Any]) -> dict[str, Any]:
    args = c["arguments"]
    text = c["raw"] if args is None else json.dumps(args, ensure_ascii=False)
    return {"type": "function", "id": c["id"], "function": {"name": c["name"], "arguments": text}}


def read_reply(raw: bytes | str, model: str) -> Reply:
    """The reply's first message, its token counts and tool calls. A body that is not a
    chat completion is a ValueError; one without a message, or with nothing in it and a
    reason the server gave (a content filter, a refusal), is a Retry saying so."""
    try:
        data = json.loads(raw)
    except RecursionError as e:  # not a ValueError: it would escape as a crash
        raise ValueError("the reply is JSON nested too deeply to be a chat completion") from e
    except ValueError as e:
        raise ValueError(not_json(raw, e)) from e
    if not isinstance(data, dict):
        raise ValueError(f"the reply is JSON but not an object: {str(raw)[:80]}")
    if data.get("error"):
        raise ValueError(f"the reply is an error: {data['error']}")
    choices = data.get("choices")
    if not isinstance(choices, list):
        raise ValueError("the reply has no `choices` list")
    first = choices[0] if choices else None
    message = first.get("message") if isinstance(first, dict) else None
    if not isinstance(message, dict):
        raise Retry(
            f"no message in the reply ({'`choices` is empty' if not choices else shape(first)})"
        )
    content = scrub(content_text(message.get("content")))
    calls = read_calls(message.get("tool_calls"))
    why = why_empty(message, first) if not content.strip() and not calls else None
    if why is not None:
        raise Retry(why)
    usage = data.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    return Reply(
        content,
        scrub(str(data.get("model") or model)),
        tokens(usage.get("prompt_tokens")),
        tokens(usage.get("completion_tokens")),
        calls,
        finish_reason(first),
    )


def finish_reason(choice: object) -> str | None:
    """The choice's `finish_reason` when it is text, else None (servers that leave it out)."""
    reason = choice.get("finish_reason") if isinstance(choice, dict) else None
    return reason if isinstance(reason, str) else None


def not_json(raw: bytes | str, error: ValueError) -> str:
    """Why a reply is not a chat completion, in words a person fixing the server can use."""
    data = raw if isinstance(raw, bytes) else raw.encode("utf-8", "replace")
    head = data.lstrip()[:16].lower()
    if not head:
        return "the reply body is empty"
    if head.startswith((b"data:", b"event:")):
        return "the reply is a stream (text/event-stream), though the request said stream: false"
    if head.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<?xml")):
        return f"the reply is an HTML page, not JSON ({data[:60].decode('utf-8', 'replace')!r})"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"the reply is not UTF-8 text (byte 0x{data[e.start]:02x} at {e.start})"
    return f"the reply is not JSON: {error}"


def read_calls(raw: object) -> tuple[ModelToolCall, ...]:
    """Tool calls as ChatOpenAI reads them (arguments that parse as a JSON object first,
    empty arguments as {}), the others after them with their text kept. ChatOpenAI fails a
    whole reply whose arguments are JSON but not an object; here that call alone is kept
    apart, so the tool loop answers it as it answers unparseable ones."""
    if not isinstance(raw, list):
        return ()
    valid: list[ModelToolCall] = []
    invalid: list[ModelToolCall] = []
    for call in raw:
        function = call.get("function") if isinstance(call, dict) else None
        if not isinstance(function, dict):
            continue  # not a function call: nothing convsim could run or answer
        ident, name = str(call.get("id") or ""), str(function.get("name") or "")
        text = function.get("arguments")
        if isinstance(text, dict):  # some servers send the object itself, not its JSON text
            text = json.dumps(text)
        try:
            args = json.loads(text, strict=False) if text else {}
        except (TypeError, ValueError, RecursionError):
            args = None
        if isinstance(args, dict):
            valid.append(ModelToolCall(ident, name, args, json.dumps(args)))
        else:
            invalid.append(ModelToolCall(ident, name, None, text if isinstance(text, str) else ""))
    return (*valid, *invalid)


class LangChainWire:
    def __init__(self, config: ModelConfig, http: openai.DefaultAsyncHttpxClient) -> None:
        self.config = config
        self.http = http
        self.chat = ChatOpenAI(
            model=config.model,
            base_url=config.base_url,
            api_key=config.api_key(),
            temperature=config.temperature,
            max_completion_tokens=config.max_tokens,
            timeout=config.timeout_s,
            max_retries=0,
            http_async_client=http,
        )

    async def complete(
        self,
        messages: RichMessages,
        *,
        fmt: dict[str, Any] | None = None,
        seed: int | None = None,
        tools: list[dict[str, Any]] | None = None,
        max_tokens: int | None = None,
    ) -> Reply:
        extra: dict[str, Any] = {} if seed is None else {"seed": seed}
        if max_tokens is not None:
            extra["max_completion_tokens"] = max_tokens
        if fmt is not None:
            # In the body as it is, validated by the caller: given as `response_format`,
            # LangChain takes the SDK's parse() path, which walks the request through its
            # type hints twice and refuses tools that are not strict.
            extra["extra_body"] = {"response_format": fmt}
        model: Any = self.chat
        if tools:
            # Not strict: a domain's schemas are its author's (optional parameters and
            # keywords strict mode refuses), sent as written.
            model = model.bind_tools(tools)
        with _refusals_said():
            raw = await model.ainvoke(lc_messages(messages), **extra)
        if not isinstance(raw, AIMessage):
            raise Retry("no message in the reply")
        meta: dict[str, Any] = dict(raw.usage_metadata or {})
        return Reply(
            scrub(content_text(raw.content)),
            str(raw.response_metadata.get("model_name") or self.config.model),
            int(meta.get("input_tokens", 0)),
            int(meta.get("output_tokens", 0)),
            tool_calls_of(raw) if tools else (),
            finish_reason(raw.response_metadata),
        )


@contextmanager
def _refusals_said() -> Iterator[None]:
    """A refused or dropped connection as a connection error: openai's aiohttp transport
    reports one as a connect timeout (its exception map takes the first match), which would
    read as "timed out after 60 s" for a server that is not there, or that closed the
    connection at once without answering (aiohttp's ServerDisconnectedError)."""
    try:
        yield
    except openai.APITimeoutError as exc:
        cause = exc.__cause__
        while cause is not None and not _not_a_timeout(cause):
            cause = cause.__cause__
        if cause is not None:
            raise openai.APIConnectionError(request=exc.request) from exc
        raise


def _not_a_timeout(exc: BaseException) -> bool:
    """An OS or aiohttp error that is no timeout (aiohttp's own timeouts are TimeoutErrors)."""
    if isinstance(exc, TimeoutError):
        return False
    return isinstance(exc, OSError) or type(exc).__module__.startswith("aiohttp")


# One connection pool per event loop and endpoint, shared by every client on that endpoint
# (customer, support, critic): a pool per role doubled the open connections, and httpcore
# checks every pooled connection on each request. Each pool is kept with its closer (a
# suspended async generator: `shutdown_asyncgens()`, which `asyncio.run` calls, closes it).
_Pool = tuple[openai.DefaultAsyncHttpxClient, AsyncGenerator[None, None]]
_POOLS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Pool]] = (
    weakref.WeakKeyDictionary()
)


async def _http_pool(
    loop: asyncio.AbstractEventLoop, endpoint: str
) -> openai.DefaultAsyncHttpxClient:
    """The loop's pool for `endpoint`: openai's own client with its limits (a plain
    httpx.AsyncClient measured 25% fewer calls per second). Timeouts are per request (the SDK
    passes its client's), so clients with different timeouts can share it."""
    pools = _POOLS.setdefault(loop, {})
    pool = pools.get(endpoint)
    if pool is None or pool[0].is_closed:
        http = new_pool()
        closer = _close_at_shutdown(http)
        await closer.asend(None)
        pool = pools[endpoint] = (http, closer)
    return pool[0]


def new_pool() -> openai.DefaultAsyncHttpxClient:
    """openai's aiohttp-backed client, its documented choice for many requests at once (0.5
    to 0.7 ms less CPU per request than its default transport here, a quarter of a run's
    CPU per call), else (an openai without it, aiohttp missing) its default client."""
    hooks = {"response": [refuse_huge]}
    try:
        return openai.DefaultAioHttpClient(event_hooks=hooks)
    except (AttributeError, RuntimeError):
        return openai.DefaultAsyncHttpxClient(event_hooks=hooks)


async def _close_at_shutdown(http: openai.DefaultAsyncHttpxClient) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await http.aclose()
