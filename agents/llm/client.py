"""LLMClient: every model call convsim makes, one logical call at a time.

A call here is the cache, the rate limit and the budget, the attempts with their backoff
(honouring `Retry-After`, a malformed structured answer counting as a failed attempt) and
the usage, with tokens from the response's `usage` block, never a tokenizer. Each attempt is
one request on a wire (`agents.llm.wire`: convsim's own Chat Completions request through the
openai SDK, or ChatOpenAI), whose SDK client makes no retries of its own. Provider
exceptions are translated into `agents.llm.errors`; nothing else escapes. Structured calls
go in the mode the preflight's probe settled on (json_schema, else json_object or the schema
in the prompt; see `agents.llm.structured`) and are validated here with pydantic, leniently.
The one-time questions before a run (is the endpoint there, which structured mode does it
take) are `agents.llm.preflight`'s.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import openai
from pydantic import BaseModel, ValidationError

from agents.llm import preflight, transport
from agents.llm.budget import Meter
from agents.llm.cache import ResponseCache, open_cache, request_key
from agents.llm.config import ModelConfig, env_key
from agents.llm.errors import (
    BudgetExceeded,
    LLMCallError,
    LLMConfigError,
    LLMError,
    LLMOutputError,
)
from agents.llm.limits import Gate, admit
from agents.llm.messages import (
    ModelToolCall,
    RichMessages,
    Step,
)
from agents.llm.prices import PriceTable, load_prices
from agents.llm.replycap import TOO_LARGE
from agents.llm.replyparts import CUT_AT_LIMIT, FILTERED, why_cut
from agents.llm.structured import Mode, read_structured, request
from agents.llm.structured import response_format as response_format  # the old home
from agents.llm.wire import Reply, Retry, Wire, make_wire
from agents.scrub import MIN_SECRET_CHARS, known_secrets, redacted_json, redacted_value

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
        self._wire: Wire | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # How structured calls are asked for: forced by the config, else settled by `probe`.
        self.mode: Mode = config.structured_output or "json_schema"
        self.gate: Gate | None = None  # None: this process's rate limit and meter decide

    async def wire(self) -> Wire:
        """The wire for the running event loop (reads the key on first use).

        Its connection pool belongs to one loop (the preflight's `asyncio.run` and the run's
        are different loops), so each loop gets its own; the pool is shared with the other
        clients on the same endpoint and closed when the loop shuts down.
        """
        loop = asyncio.get_running_loop()
        if self._wire is None or loop is not self._loop:
            self._wire = await make_wire(self.config)
            self._loop = loop
        return self._wire

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
        await preflight.ping(self)
        if structured and self.config.structured_output is None:
            await preflight.probe(self)

    async def ping(self) -> None:
        """The plain tiny call of `preflight` (agents.llm.preflight)."""
        await preflight.ping(self)

    async def probe(self) -> Mode:
        """Settle `self.mode`: the first structured mode the server takes."""
        return await preflight.probe(self)

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
        tried = c.max_retries + 1
        for attempt in range(c.max_retries + 1):
            if attempt:
                rng = rng or random.Random(seed)
                await asyncio.sleep(self.delay(attempt, last_after, rng))
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
                got = await self._attempt(messages, schema, seed, tools)
                content, model, p, k, calls = (
                    got.content,
                    got.model,
                    got.prompt_tokens,
                    got.completion_tokens,
                    got.calls,
                )
                prompt, completion = prompt + p, completion + k
                self._charge(model, p, k)
                value = None
                cut = why_cut(got.finish, c.max_tokens)
                if cut is not None:  # half an answer is no answer (replyparts.why_cut)
                    raise Retry(cut)
                if calls:
                    pass  # a reply that only calls tools is neither empty nor malformed
                elif schema is not None:
                    value = read_structured(content, schema)
                elif not content.strip():
                    raise Retry("empty reply")
            except Retry as exc:
                last, last_after = exc.reason, exc.after
                if TOO_LARGE in exc.reason:  # the same request gets the same size: no retry
                    tried = attempt + 1
                    break
                continue
            except (ValidationError, ValueError) as exc:
                last = f"malformed structured output: {_unmatched(exc, content)}"
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
        usage = self._usage(model, prompt, completion, cached=False, attempts=tried, charged=True)
        error = (
            LLMOutputError
            if last.startswith(("malformed", "empty", "no message", CUT_AT_LIMIT, FILTERED))
            else LLMCallError
        )
        failed = error(f"{c.model}: {last} (after {tried} attempts)", tried)
        failed.retry_after = last_after  # a bot target waits it out within its timeout_s
        raise failed

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        c = self.config
        backoff = min(c.max_backoff_s, c.backoff_s * 2 ** (attempt - 1))
        jittered = backoff * (0.5 + rng.random() / 2)
        # A Retry-After past the call's own timeout (a huge number, a date a year ahead) is
        # capped by it, as by max_backoff_s: a retry never waits longer than a call may take.
        cap = min(c.max_backoff_s, c.timeout_s)
        return max(min(jittered, cap), min(retry_after, cap)) if retry_after else jittered

    async def _attempt(
        self,
        messages: RichMessages,
        schema: type[BaseModel] | None,
        seed: int | None,
        tools: list[dict[str, Any]] | None,
    ) -> Reply:
        """One request's reply (content, model, token counts, tool calls, finish reason)."""
        fmt = None
        if schema is not None:
            messages, fmt = request(self.mode, messages, schema)
        try:
            async with asyncio.timeout(self.config.timeout_s + 1):
                wire = await self.wire()
                got = await wire.complete(messages, fmt=fmt, seed=seed, tools=tools or None)
        except openai.RateLimitError as exc:
            raise Retry(
                "rate limited (429)", transport.retry_after(exc.response.headers.get("retry-after"))
            ) from exc
        except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
            raise LLMConfigError(
                f"{self.config.endpoint} rejected the key in {self.config.api_key_env} "
                f"({exc.status_code})"
            ) from exc
        except openai.APIStatusError as exc:
            if exc.status_code >= 500 or exc.status_code in (408, 409):
                raise Retry(
                    f"server error {exc.status_code}",
                    transport.retry_after(exc.response.headers.get("retry-after")),
                ) from exc
            raise LLMCallError(f"{self.config.model}: {exc.status_code}: {exc.message}") from exc
        except (openai.APITimeoutError, TimeoutError) as exc:
            raise Retry(f"timed out after {self.config.timeout_s:g} s") from exc
        except openai.APIConnectionError as exc:
            raise Retry(transport.reason(exc)) from exc
        except (ValidationError, ValueError, openai.LengthFinishReasonError) as exc:
            what = "structured output" if schema is not None else "reply"
            said = _unmatched(exc, "?") if isinstance(exc, ValidationError) else _first_line(exc)
            raise Retry(f"malformed {what}: {said}") from exc
        except LLMError:
            raise
        except openai.OpenAIError as exc:
            raise Retry(f"{type(exc).__name__}: {_first_line(exc)}") from exc
        except Exception as exc:
            if not transport.is_transport_error(exc):
                raise
            raise Retry(transport.reason(exc)) from exc  # a transport's own, unwrapped
        return _without_key(got, self.config)

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


_first_line = transport.first_line


def _without_key(got: Reply, config: ModelConfig) -> Reply:
    """`got` with the key this client sends written `[redacted]` wherever the model repeated
    it (its text, its tool calls): an endpoint that echoes the request's Authorization header
    (a debug proxy, a hostile server) got the roles' OPENAI_API_KEY into run.db,
    transcripts, `show` and exported training data (outsider 18 #1), where a target file's
    key was already kept out (agents.targets.base). Keys under 8 characters are not hidden
    (agents.scrub.MIN_SECRET_CHARS)."""
    try:
        key = env_key(config.api_key_env)
    except LLMConfigError:
        key = ""
    # Every other secret the run read too (another role's key, the bot's): an endpoint may
    # echo what it was sent, and a role's text may quote the bot (agents.scrub.keep_secret).
    hidden = tuple({key, *known_secrets()} - {""})
    hidden = tuple(s for s in hidden if len(s) >= MIN_SECRET_CHARS)
    if not hidden:
        return got
    calls = tuple(
        replace(c, arguments=redacted_value(c.arguments, hidden), raw=redacted_json(c.raw, hidden))
        for c in got.calls
    )
    return replace(got, content=redacted_json(got.content, hidden), calls=calls)


def _unmatched(exc: BaseException, content: str) -> str:
    """What was wrong with a structured answer, in words, with what to do: pydantic's own
    first line names a class ('1 validation error for SupportMove'), not the answer's fault."""
    fix = "use a model that follows JSON output instructions, or see the server's log"
    if not content.strip():
        return f"the model answered with no content and no tool call; {fix}"
    if isinstance(exc, ValidationError):
        errors = exc.errors()
        if errors and errors[0].get("type") == "json_invalid":
            start = " ".join(content.split())[:60]
            return f"the answer is not the JSON object asked for (it begins {start!r}); {fix}"
        where = [".".join(str(p) for p in e.get("loc", ())) or "the answer" for e in errors]
        said = "; ".join(f"{w}: {e.get('msg', '')}" for w, e in zip(where, errors, strict=True))
        return f"the JSON does not have the fields asked for ({said[:200]}); {fix}"
    return _first_line(exc)
