"""LLMClient: every model call convsim makes, through langchain-openai's ChatOpenAI.

ChatOpenAI is built with `max_retries=0`: retries live here, so they can honour `Retry-After`,
count malformed structured output as a failed attempt, and share one per-endpoint rate limit.
Token counts come from the response's `usage` block (`usage_metadata`), never a tokenizer.
Provider exceptions are translated into `agents.llm.errors`; nothing else escapes.
Structured calls go in the mode the preflight's probe settled on (json_schema, else
json_object or the schema in the prompt; see `agents.llm.structured`) and are read leniently.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import warnings
import weakref
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import openai
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, ValidationError

from agents.llm.budget import Meter
from agents.llm.cache import ResponseCache, open_cache, request_key
from agents.llm.config import ModelConfig
from agents.llm.errors import (
    BudgetExceeded,
    LLMCallError,
    LLMConfigError,
    LLMError,
    LLMOutputError,
)
from agents.llm.messages import (
    ModelToolCall,
    RichMessages,
    Step,
    lc_messages,
    tool_calls_of,
)
from agents.llm.prices import PriceTable, load_prices
from agents.llm.structured import PROBES, Mode, read_structured, request
from agents.llm.structured import response_format as response_format  # the old home

T = TypeVar("T", bound=BaseModel)
V = TypeVar("V")

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class LLMResult(Generic[V]):
    value: V
    usage: dict[str, Any]  # model, prompt_tokens, completion_tokens, cost_usd, cached, attempts


@dataclass(frozen=True)
class _Answer:
    content: str
    value: BaseModel | None
    usage: dict[str, Any]
    calls: tuple[ModelToolCall, ...] = ()


class _Limiter:
    """Spaces request starts to `rps` per second; loop-agnostic (no asyncio primitives)."""

    def __init__(self, rps: float) -> None:
        self.interval = 1.0 / rps
        self.next_slot = 0.0

    async def wait(self) -> None:
        now = time.monotonic()
        slot = max(now, self.next_slot)
        self.next_slot = slot + self.interval
        if slot > now:
            await asyncio.sleep(slot - now)


_LIMITERS: dict[str, _Limiter] = {}


def _limiter(endpoint: str, rps: float | None) -> _Limiter | None:
    if rps is None:
        return None
    limiter = _LIMITERS.get(endpoint)
    if limiter is None or limiter.interval < 1.0 / rps:
        limiter = _LIMITERS[endpoint] = _Limiter(rps)
    return limiter


async def admit(meter: Meter | None, endpoint: str, rps: float | None) -> str | None:
    """Before each request in this process: wait for the endpoint's rate limit, then the
    budget's verdict (why no request may be sent, or None)."""
    limiter = _limiter(endpoint, rps)
    if limiter is not None:
        await limiter.wait()
    return meter.exhausted() if meter is not None else None


class Gate(Protocol):
    """Where a client asks before each request when the limits are not its process's: a
    worker process asks the driver (simulator.run.remote), so rate limits and budgets are the
    run's, whatever the number of workers."""

    async def admit(self, endpoint: str, rps: float | None) -> str | None: ...


class _Retry(Exception):
    """One failed attempt worth retrying; `after` is the server's Retry-After, if any."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.after = after


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class LLMClient:
    """One model on one endpoint. Shares its meter (usage, budget) and cache with a run."""

    def __init__(
        self,
        config: ModelConfig,
        *,
        prices: PriceTable | None = None,
        meter: Meter | None = None,
        cache: ResponseCache | None = None,
    ) -> None:
        self.config = config
        self.prices = prices or load_prices()
        self.meter = meter
        self.cache = cache
        if cache is None and config.cache_path:
            self.cache = open_cache(Path(config.cache_path))
        self._chat: ChatOpenAI | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # How structured calls are asked for: forced by the config, else settled by `probe`.
        self.mode: Mode = config.structured_output or "json_schema"
        self.gate: Gate | None = None  # None: this process's rate limit and meter decide

    async def chat(self) -> ChatOpenAI:
        """The ChatOpenAI instance for the running event loop (reads the key on first use).

        Its connection pool belongs to one loop (the preflight's `asyncio.run` and the run's
        are different loops), so each loop gets its own instance; the pool is shared with the
        other clients on the same endpoint and closed when the loop shuts down (`_http_pool`).
        """
        loop = asyncio.get_running_loop()
        if self._chat is None or loop is not self._loop:
            c = self.config
            http = await _http_pool(loop, c.endpoint)
            self._chat = ChatOpenAI(
                model=c.model,
                base_url=c.base_url,
                api_key=c.api_key(),
                temperature=c.temperature,
                max_completion_tokens=c.max_tokens,
                timeout=c.timeout_s,
                max_retries=0,
                http_async_client=http,
            )
            self._loop = loop
        return self._chat

    async def structured(
        self, messages: Messages, schema: type[T], *, seed: int | None = None
    ) -> LLMResult[T]:
        """The model's answer as a validated `schema` instance, asked for in `self.mode`."""
        got = await self._call(messages, schema, seed)
        value = got.value
        parsed = value if isinstance(value, schema) else read_structured(got.content, schema)
        return LLMResult(parsed, got.usage)

    async def text(self, messages: Messages, *, seed: int | None = None) -> LLMResult[str]:
        got = await self._call(messages, None, seed)
        return LLMResult(got.content, got.usage)

    async def step(
        self,
        messages: RichMessages,
        tools: list[dict[str, Any]],
        schema: type[T] | None = None,
        *,
        seed: int | None = None,
    ) -> LLMResult[Step[T]]:
        """One request offering `tools` (OpenAI function tools, bound with `bind_tools`):
        the calls the model makes, or its answer (as `schema`, in `self.mode`, if given)."""
        got = await self._call(messages, schema, seed, tools)
        if got.calls:
            return LLMResult(Step(got.calls, got.content, None), got.usage)
        value: Any = got.content
        if schema is not None:
            value = (
                got.value if isinstance(got.value, schema) else read_structured(got.content, schema)
            )
        return LLMResult(Step((), got.content, value), got.usage)

    async def preflight(self, *, structured: bool = True) -> None:
        """One tiny call, retried like every other: a missing key, a dead endpoint or an
        unknown model is a one-line LLMConfigError before the run starts. A client that will
        be asked for structured output then settles its mode (`probe`), unless the config
        forced one."""
        await self.ping()
        if structured and self.config.structured_output is None:
            await self.probe()

    async def ping(self) -> None:
        """The plain tiny call of `preflight`. Timeouts, dropped connections and replies that
        are not JSON are retried with the run's backoff (a slow or flaky first reply is not a
        bad endpoint); what is still failing after `max_retries` is reported in one line."""
        c = self.config
        rng = random.Random(0)
        last = ""
        for attempt in range(c.max_retries + 1):
            if attempt:
                await asyncio.sleep(self._delay(attempt, None, rng))
            try:
                await asyncio.wait_for(
                    (await self.chat()).ainvoke([("user", "ping")], max_completion_tokens=1),
                    c.timeout_s + 1,
                )
                return
            except (openai.APITimeoutError, TimeoutError):
                last = f"timed out after {c.timeout_s:g} s"
            except openai.APIConnectionError:
                last = "connection failed"
            except (ValueError, openai.APIResponseValidationError) as exc:
                last = f"the reply is not OpenAI-compatible JSON ({_first_line(exc)[:80]})"
            except openai.APIStatusError as exc:
                if exc.status_code in (429,) or exc.status_code >= 500:
                    return  # reachable and known; a busy server is handled by retries later
                raise self._refused(exc) from exc
        tries = f"{c.max_retries + 1} attempts"
        if last.startswith("the reply"):
            raise LLMConfigError(
                f"{c.endpoint} is not an OpenAI-compatible endpoint: {last}, {tries}; "
                "fix --base-url"
            )
        raise LLMConfigError(
            f"cannot reach {c.endpoint} ({last}, {tries}): start the server or fix --base-url"
        )

    def _refused(self, exc: openai.APIStatusError) -> LLMConfigError:
        c = self.config
        where = f"--base-url {c.endpoint}" if c.base_url else "the OpenAI API"
        if isinstance(exc, openai.AuthenticationError):
            return LLMConfigError(
                f"{where} rejected the key in {c.api_key_env} (401): set a valid key"
            )
        if isinstance(exc, openai.NotFoundError):
            return LLMConfigError(
                f"--model {c.model}: not served by {c.endpoint} (404); "
                f"pick one listed at {c.endpoint}/models"
            )
        return LLMConfigError(
            f"--model {c.model} at {c.endpoint} refused a test request "
            f"({exc.status_code}: {exc.message})"
        )

    async def probe(self) -> Mode:
        """The first mode the server takes (json_schema, json_object, else prompt): one tiny
        request per refused mode. Only a 400 or 422 counts as a refusal (the ping already
        passed, so it is the response_format); anything else keeps the mode being tried, and
        the run's own calls meet that error with their retries."""
        self.mode = "prompt"
        for mode, fmt, messages in PROBES:
            if await self._takes(fmt, messages):
                self.mode = mode
                break
        return self.mode

    async def _takes(self, fmt: dict[str, Any], messages: Messages) -> bool:
        chat = await self.chat()
        try:
            # langchain-openai warns on some of these 400s; library code prints nothing.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                await asyncio.wait_for(
                    chat.ainvoke(
                        lc_messages(messages), max_completion_tokens=16, response_format=fmt
                    ),
                    self.config.timeout_s + 1,
                )
        except (openai.BadRequestError, openai.UnprocessableEntityError):
            return False
        except (openai.OpenAIError, ValueError, TimeoutError):
            return True  # taken (a reply cut at 16 tokens) or not a verdict on the format
        return True

    # --- one logical call: cache, rate limit, attempts, usage -------------------------------
    async def _call(
        self,
        messages: RichMessages,
        schema: type[BaseModel] | None,
        seed: int | None,
        tools: list[dict[str, Any]] | None = None,
    ) -> _Answer:
        """The content, the validated answer when `schema` is given (and it was not cached)
        and the model called no tool, the usage, and the tool calls when `tools` were given."""
        c = self.config
        key = None
        if self.cache is not None:
            request: dict[str, Any] = {
                "endpoint": c.endpoint,
                "model": c.model,
                "messages": messages,
                "schema": schema.model_json_schema() if schema else None,
                "temperature": c.temperature,
                "max_tokens": c.max_tokens,
                "seed": seed,
            }
            if tools:
                request["tools"] = tools
            key = request_key(request)
            hit = self.cache.get(key)
            if hit is not None:
                usage = self._usage(str(hit["model"]), 0, 0, cached=True, attempts=0)
                calls = tuple(ModelToolCall(**call) for call in hit.get("calls") or [])
                return _Answer(str(hit["content"]), None, usage, calls)
        prompt = completion = 0
        rng: random.Random | None = None  # the backoff jitter's, made on the first retry
        last = "no attempt made"
        last_after: float | None = None
        model = c.model
        for attempt in range(c.max_retries + 1):
            if attempt:
                rng = rng or random.Random(seed)
                await asyncio.sleep(self._delay(attempt, last_after, rng))
            last_after = None
            if self.gate is not None:
                spent = await self.gate.admit(c.endpoint, c.rate_limit_rps)
            else:
                spent = await admit(self.meter, c.endpoint, c.rate_limit_rps)
            if spent is not None:
                if attempt:  # the failed attempts were charged; count the call they made
                    self._usage(
                        model, prompt, completion, cached=False, attempts=attempt, charged=True
                    )
                raise BudgetExceeded(spent)
            try:
                content, model, p, k, calls = await self._attempt(messages, schema, seed, tools)
                prompt, completion = prompt + p, completion + k
                self._charge(model, p, k)
                value = None
                if calls:
                    pass  # a reply that only calls tools is neither empty nor malformed
                elif schema is not None:
                    value = read_structured(content, schema)
                elif not content.strip():
                    raise _Retry("empty reply")
            except _Retry as exc:
                last, last_after = exc.reason, exc.after
                continue
            except (ValidationError, ValueError) as exc:
                last = f"malformed structured output: {_first_line(exc)}"
                continue
            usage = self._usage(
                model, prompt, completion, cached=False, attempts=attempt + 1, charged=True
            )
            if self.cache is not None and key is not None:
                entry: dict[str, Any] = {"content": content, "model": model}
                if calls:
                    entry["calls"] = [call.__dict__ for call in calls]
                self.cache.put(key, entry)
            return _Answer(content, value, usage, calls)
        usage = self._usage(
            model, prompt, completion, cached=False, attempts=c.max_retries + 1, charged=True
        )
        error = LLMOutputError if last.startswith(("malformed", "empty")) else LLMCallError
        raise error(f"{c.model}: {last} (after {c.max_retries + 1} attempts)", c.max_retries + 1)

    def _delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        c = self.config
        backoff = min(c.max_backoff_s, c.backoff_s * 2 ** (attempt - 1))
        jittered = backoff * (0.5 + rng.random() / 2)
        return max(jittered, min(retry_after, c.max_backoff_s)) if retry_after else jittered

    async def _attempt(
        self,
        messages: RichMessages,
        schema: type[BaseModel] | None,
        seed: int | None,
        tools: list[dict[str, Any]] | None,
    ) -> tuple[str, str, int, int, tuple[ModelToolCall, ...]]:
        """One request: (content, model, prompt tokens, completion tokens, tool calls)."""
        extra: dict[str, Any] = {} if seed is None else {"seed": seed}
        try:
            async with asyncio.timeout(self.config.timeout_s + 1):
                if schema is not None:
                    messages, fmt = request(self.mode, messages, schema)
                    if fmt is not None:
                        # In the body as it is, validated here: given as `response_format`,
                        # LangChain takes the SDK's parse() path, which walks the request
                        # through its type hints twice (half a run's CPU per call) and
                        # refuses tools that are not strict.
                        extra["extra_body"] = {"response_format": fmt}
                model: Any = await self.chat()
                if tools:
                    # Not strict: a domain's schemas are its author's (optional parameters
                    # and keywords strict mode refuses), sent as written.
                    model = model.bind_tools(tools)
                raw = await model.ainvoke(lc_messages(messages), **extra)
        except openai.RateLimitError as exc:
            raise _Retry("rate limited (429)", _retry_after(exc)) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise LLMConfigError(
                f"{self.config.endpoint} rejected the key in {self.config.api_key_env} "
                f"({exc.status_code})"
            ) from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500 or exc.status_code in (408, 409):
                raise _Retry(f"server error {exc.status_code}", _retry_after(exc)) from exc
            raise LLMCallError(f"{self.config.model}: {exc.status_code}: {exc.message}") from exc
        except (openai.APITimeoutError, TimeoutError) as exc:
            raise _Retry(f"timed out after {self.config.timeout_s:g} s") from exc
        except openai.APIConnectionError as exc:
            raise _Retry(f"connection failed ({_first_line(exc)})") from exc
        except (ValidationError, ValueError, openai.LengthFinishReasonError) as exc:
            raise _Retry(f"malformed structured output: {_first_line(exc)}") from exc
        except LLMError:
            raise
        except openai.OpenAIError as exc:
            raise _Retry(f"{type(exc).__name__}: {_first_line(exc)}") from exc
        if not isinstance(raw, AIMessage):
            raise _Retry("no message in the reply")
        content = raw.content if isinstance(raw.content, str) else json.dumps(raw.content)
        meta: dict[str, Any] = dict(raw.usage_metadata or {})
        name = str(raw.response_metadata.get("model_name") or self.config.model)
        calls = tool_calls_of(raw) if tools else ()
        return (
            content,
            name,
            int(meta.get("input_tokens", 0)),
            int(meta.get("output_tokens", 0)),
            calls,
        )

    def _cost(self, model: str, prompt: int, completion: int) -> float | None:
        cost = self.prices.cost(model, prompt, completion)
        return self.prices.cost(self.config.model, prompt, completion) if cost is None else cost

    def _charge(self, model: str, prompt: int, completion: int) -> None:
        """One attempt's tokens on the meter as soon as it returns (see agents.llm.budget)."""
        if self.meter is not None:
            self.meter.charge(
                model, prompt, completion, self._cost(model, prompt, completion) or 0.0
            )

    def _usage(
        self,
        model: str,
        prompt: int,
        completion: int,
        *,
        cached: bool,
        attempts: int,
        charged: bool = False,
    ) -> dict[str, Any]:
        cost = self._cost(model, prompt, completion)
        usage: dict[str, Any] = {
            "model": model,
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "cost_usd": round(cost or 0.0, 8),
            "priced": cost is not None,
            "cached": cached,
            "attempts": attempts,
        }
        if self.meter is not None:
            (self.meter.count if charged else self.meter.add)(usage)
        return usage


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
    """The loop's pool for `endpoint`: openai's default client (its transport and limits; a
    plain httpx.AsyncClient measured 25% fewer calls per second). Timeouts are per request
    (ChatOpenAI passes its own), so clients with different timeouts can share it."""
    pools = _POOLS.setdefault(loop, {})
    pool = pools.get(endpoint)
    if pool is None or pool[0].is_closed:
        http = openai.DefaultAsyncHttpxClient()
        closer = _close_at_shutdown(http)
        await closer.asend(None)
        pool = pools[endpoint] = (http, closer)
    return pool[0]


async def _close_at_shutdown(http: openai.DefaultAsyncHttpxClient) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        await http.aclose()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
