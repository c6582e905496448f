"""A Chat Completions server on asyncio streams: the wire protocol, deterministic, with faults.

It answers `POST .../chat/completions` (plain text, `response_format` json_schema with a
schema-valid JSON object, tool calls: see `tools`) and `GET .../models`, with a `usage` block
counted from the text; a strict schema OpenAI would refuse gets the API's 400 (see
`strict`). Each reply is a function of the seed and the request body; whether a fault is
injected also depends on how many times that body was seen, so a retry may succeed.
Faults (rates in [0, 1]): 429 with Retry-After, 500, a hang past the client's timeout, JSON
cut in half, an empty reply; plus a fixed latency on every request. `first_faults` scripts
the first completions instead (`("malformed", "timeout")`: the first reply's body is not
JSON, the second hangs), so a test can aim one fault at one call, such as the preflight's.
Servers that are not OpenAI: `no_json_schema` answers a json_schema `response_format` with
OpenAI's 400 for a model without it (json_object still works); `ignore_response_format`
answers structured requests in prose around a ```json fence. Either way, a request whose
system message holds a JSON Schema object (the client's fallback) gets JSON valid for it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from agents.llm.fake.schema_values import sentence, value_for
from agents.llm.fake.strict import check_request
from agents.llm.fake.tools import ToolScript, tool_calls

STATUS_TEXT = {
    200: "OK",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


@dataclass(frozen=True)
class FakeSettings:
    seed: int = 0
    latency_ms: float = 0.0
    error_rate: float = 0.0  # 500
    rate_limit_rate: float = 0.0  # 429 with Retry-After
    retry_after_s: float = 1.0
    timeout_rate: float = 0.0  # hang for hang_s
    hang_s: float = 30.0
    truncate_rate: float = 0.0  # structured JSON cut in half
    empty_rate: float = 0.0  # empty content
    end_after: int = 3  # exchanges before enum choices move off their first value
    models: tuple[str, ...] = ()  # empty: any model name is served
    api_key: str | None = None  # required bearer key, or None for any
    no_json_schema: bool = False  # 400 to a json_schema response_format
    ignore_response_format: bool = False  # structured answers in prose, fenced
    first_faults: tuple[str, ...] = ()  # faults of the first completions, in order (FAULTS)
    tool_script: ToolScript | None = None  # exact tool calls to make (agents.llm.fake.tools)
    # A leaky server: the text it writes (prose, and the free-text fields of JSON answers)
    # ends with the request's Authorization header, as a debugging endpoint might echo it.
    echo_key: bool = False


# The fields of a JSON answer `echo_key` writes the key into (a role's words, a judge's why).
_FREE_TEXT = ("message", "rationale", "reason", "summary", "text")

# What `first_faults` may hold: the rate faults, and a 200 whose body is not JSON.
FAULTS = ("rate_limit", "server_error", "timeout", "truncated", "empty", "malformed")


@dataclass
class Stats:
    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)
    faults: dict[str, int] = field(default_factory=dict)
    log: list[tuple[float, str, str]] = field(default_factory=list)  # (time, body hash, what)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    largest_request: int = 0  # tokens (prompt + completion) of the largest one served


def count_tokens(text: str) -> int:
    """A stand-in count (about four characters a token): the client must read, not compute."""
    return max(1, (len(text) + 3) // 4)


class FakeLLM:
    def __init__(self, settings: FakeSettings) -> None:
        self.settings = settings
        self.stats = Stats()
        self._seen: dict[str, int] = {}
        self._completions = 0

    # --- HTTP --------------------------------------------------------------------------
    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                method, target, _ = line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (h := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = h.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0") or 0))
                status, payload, extra = await self.route(method, target, headers, body)
                self._write(writer, status, payload, extra)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            pass
        finally:
            writer.close()

    @staticmethod
    def _write(
        writer: asyncio.StreamWriter, status: int, payload: Any, extra: dict[str, str]
    ) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        head = [
            f"HTTP/1.1 {status} {STATUS_TEXT.get(status, 'Error')}",
            "content-type: application/json",
            f"content-length: {len(data)}",
            *(f"{k}: {v}" for k, v in extra.items()),
        ]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + data)

    async def route(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        self.stats.requests += 1
        path = target.split("?", 1)[0].rstrip("/")
        s = self.settings
        if s.api_key is not None and headers.get("authorization") != f"Bearer {s.api_key}":
            return self._error(401, "invalid_api_key", "Incorrect API key provided.")
        if method == "GET" and path.endswith("/models"):
            names = s.models or ("fake",)
            data = [{"id": m, "object": "model", "owned_by": "convsim"} for m in names]
            return 200, {"object": "list", "data": data}, {}
        if method != "POST" or not path.endswith("/chat/completions"):
            return self._error(404, "not_found", f"no route {method} {path}")
        try:
            request = json.loads(body)
        except ValueError:
            return self._error(400, "invalid_json", "the body is not JSON")
        model = str(request.get("model", ""))
        if s.models and model not in s.models:
            return self._error(404, "model_not_found", f"The model `{model}` does not exist.")
        if request.get("stream"):
            return self._error(400, "unsupported", "the fake server does not stream")
        fmt = request.get("response_format")
        if s.no_json_schema and isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            return self._error(
                400,
                None,
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported "
                "with this model.",
                "response_format",
            )
        checked = request
        if s.ignore_response_format:  # what it does not read, it does not refuse either
            checked = {k: v for k, v in request.items() if k != "response_format"}
        if rejected := check_request(checked):  # as the API: before anything else (15-40 us)
            return self._error(400, rejected.code, rejected.message, rejected.param)
        return await self.complete(request, headers.get("authorization", ""))

    def _error(
        self, status: int, code: str | None, message: str, param: str | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
        err = {
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "param": param,
                "code": code,
            }
        }
        return status, err, {}

    # --- completions -------------------------------------------------------------------
    async def complete(
        self, request: dict[str, Any], auth: str = ""
    ) -> tuple[int, Any, dict[str, str]]:
        s = self.settings
        digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        attempt = self._seen.get(digest, 0)
        self._seen[digest] = attempt + 1
        scripted = (
            s.first_faults[self._completions] if self._completions < len(s.first_faults) else None
        )
        self._completions += 1
        # Faults depend on the attempt (a retry may succeed); the reply only on the request.
        rng = random.Random(f"{s.seed}:{request.get('seed')}:{digest}")
        if s.latency_ms:
            await asyncio.sleep(s.latency_ms / 1000)
        fault = scripted or self._fault(random.Random(f"{s.seed}:{digest}:{attempt}"))
        self.stats.log.append((time.monotonic(), digest, fault or "ok"))
        if fault:
            self.stats.faults[fault] = self.stats.faults.get(fault, 0) + 1
        if fault == "rate_limit":
            status, err, _ = self._error(429, "rate_limit_exceeded", "Rate limit reached.")
            return status, err, {"retry-after": f"{s.retry_after_s:g}"}
        if fault == "server_error":
            return self._error(500, "server_error", "The server had an error.")
        if fault == "timeout":
            await asyncio.sleep(s.hang_s)
        if fault == "malformed":
            return 200, b'{"id": "chatcmpl-cut", "choices": [{"index": 0, "mess', {}
        return 200, self.reply(request, rng, fault, auth), {}

    def _fault(self, rng: random.Random) -> str | None:
        s = self.settings
        roll = rng.random()
        for name, rate in (
            ("rate_limit", s.rate_limit_rate),
            ("server_error", s.error_rate),
            ("timeout", s.timeout_rate),
            ("truncated", s.truncate_rate),
            ("empty", s.empty_rate),
        ):
            if roll < rate:
                return name
            roll -= rate
        return None

    def content(
        self,
        fmt: dict[str, Any],
        messages: list[dict[str, Any]],
        rng: random.Random,
        ending: bool,
        auth: str = "",
    ) -> str:
        """A message's text: JSON valid for the schema asked for (in `fmt`, else in a system
        message), `{"message": ...}` for a bare json_object, else prose."""
        schema: dict[str, Any] | None = None
        if fmt.get("type") == "json_schema":
            schema = fmt["json_schema"].get("schema") or {}
        elif fmt.get("type") in ("json_object", None):
            schema = prompted_schema(messages)
        leak = f" (debug: {auth})" if self.settings.echo_key and auth else ""
        if schema is not None:
            value = value_for(schema, rng, ending, schema)
            if leak and isinstance(value, dict):
                for name in _FREE_TEXT:
                    if isinstance(value.get(name), str):
                        value[name] += leak
            text = json.dumps(value)
        elif fmt.get("type") == "json_object":
            text = json.dumps({"message": sentence(rng) + leak})
        else:
            return " ".join(sentence(rng) for _ in range(rng.randint(1, 3))) + leak
        if self.settings.ignore_response_format:
            return f"Sure! Here is my answer:\n\n```json\n{text}\n```\n\nAnything else?"
        return text

    def reply(
        self, request: dict[str, Any], rng: random.Random, fault: str | None, auth: str = ""
    ) -> Any:
        messages = request.get("messages") or []
        # Exchanges, not tool rounds: an assistant message that only calls tools is no turn.
        turns = sum(
            1
            for m in messages
            if m.get("role") == "user" or (m.get("role") == "assistant" and m.get("content"))
        )
        ending = turns >= 2 * self.settings.end_after
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        fmt = request.get("response_format") or {}
        calls = tool_calls(request, rng, ending, self.settings.tool_script)
        if calls:
            message["tool_calls"] = calls
            finish = "tool_calls"
        else:
            message["content"] = self.content(fmt, messages, rng, ending, auth)
        if fault == "truncated" and message["content"]:
            message["content"] = message["content"][: len(message["content"]) // 2]
            finish = "length"
        if fault == "empty":
            message["content"] = ""
        prompt = sum(count_tokens(str(m.get("content") or "")) for m in messages)
        completion = count_tokens(str(message["content"] or message.get("tool_calls", "")))
        self.stats.prompt_tokens += prompt
        self.stats.completion_tokens += completion
        self.stats.largest_request = max(self.stats.largest_request, prompt + completion)
        self.stats.by_status[200] = self.stats.by_status.get(200, 0) + 1
        return {
            "id": f"chatcmpl-{rng.getrandbits(64):016x}",
            "object": "chat.completion",
            "created": 0,
            "model": request.get("model", "fake"),
            "system_fingerprint": "fp_convsim_fake",
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }


def prompted_schema(messages: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The JSON Schema object in the last system message that holds one (the first `{` that
    decodes to an object with `properties`), or None."""
    decoder = json.JSONDecoder()
    for m in reversed(messages):
        text = m.get("content")
        if m.get("role") != "system" or not isinstance(text, str):
            continue
        start = text.find("{")
        while start >= 0:
            try:
                found, end = decoder.raw_decode(text, start)
            except ValueError:
                end = start + 1
            else:
                if isinstance(found, dict) and isinstance(found.get("properties"), dict):
                    return found
            start = text.find("{", end)
    return None
