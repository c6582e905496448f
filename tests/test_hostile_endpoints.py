"""Endpoints that break HTTP or the chat-completion shape in ways tests/bots/misbehave.py
cannot (tests/bots/raw.py sends exact bytes): each is an infrastructure error of a kind that
names it, or is read as the server meant it; never a traceback, never a graded bot."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator

import pytest
from bots.raw import RawServer, completion, http, raw_server
from test_scripted_dialogue import make_plan

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMConfigError
from agents.llm.transport import retry_after
from agents.targets import TargetError
from agents.targets.base import BotRequest, TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget
from agents.targets.openai import OpenAIAdapter
from agents.types import Turn


def _cut(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 90\r\n\r\n")
    conn.sendall(b'{"reply": "Your refund is on')


def _text(message: object, **kw: object) -> bytes:
    return http(completion(message, **kw))  # type: ignore[arg-type]


ASSISTANT = {"role": "assistant"}
ANSWERS = {
    "deep": http("[" * 100_000 + "]" * 100_000),
    "digits": http('{"reply": "ok", "n": ' + "9" * 5000 + "}"),
    "utf16": http('{"reply": "Caf\u00e9"}'.encode("utf-16")),
    "utf32": http('{"reply": "Caf\u00e9"}'.encode("utf-32")),
    "cut": _cut,
    "hangup": lambda conn: None,  # reads the request, closes without a byte of answer
    "gzip-lie": http(b'{"reply": "plain"}', headers={"Content-Encoding": "gzip"}),
    "not-http": http(b"x", status="101 Switching Protocols"),
    "wrong-key": http('{"answer": "hi", "session": 3}'),
    "surrogate": http('{"reply": "half \\ud800 a pair"}'),
    "ok": _text({**ASSISTANT, "content": "Hello"}),
    "no-choices": http('{"choices": [], "usage": {}}'),
    "null-message": _text(None),
    "parts": _text({**ASSISTANT, "content": [{"type": "text", "text": "Hel"}, {"text": "lo"}]}),
    "filtered": _text({**ASSISTANT, "content": None}, finish_reason="content_filter"),
    "refused": _text({**ASSISTANT, "content": None, "refusal": "I cannot help with that."}),
    "deep-model": http('{"choices": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    "garbage": b"SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\r\n\r\n",
    "loop": http("", "307 Temporary Redirect", headers={"Location": "/v1/loop/chat/completions"}),
}
USAGES = {
    "nan": ({"prompt_tokens": float("nan"), "completion_tokens": 2}, (0, 2)),
    "inf": ({"prompt_tokens": 1e308 * 10, "completion_tokens": "7"}, (10**12, 7)),
    "negative": ({"prompt_tokens": -100_000, "completion_tokens": -1}, (0, 0)),
    "words": ({"prompt_tokens": "lots", "completion_tokens": [1]}, (0, 0)),
    "huge": ({"prompt_tokens": 10**40, "completion_tokens": True}, (10**12, 0)),
}
for name, (usage, _) in USAGES.items():
    ANSWERS[f"usage-{name}"] = _text({**ASSISTANT, "content": "Hi"}, usage=usage)


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server(ANSWERS) as s:
        yield s


def ask_http(url: str) -> str:
    async def once() -> str:
        adapter = HttpAdapter(HttpTarget(kind="http", url=url, timeout_s=5), {})
        try:
            return (await adapter.call(BotRequest("c-1", "Hello", [], 1))).text
        finally:
            await adapter.aclose()

    return asyncio.run(once())


def ask_model(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object]]:
    monkeypatch.setenv("RAW_KEY", "k")
    spec = OpenAITarget(
        kind="openai", base_url=url, model="m", system_prompt="Help.", timeout_s=5,
        api_key_env="RAW_KEY",
    )  # fmt: skip

    async def once() -> tuple[str, dict[str, object]]:
        adapter = OpenAIAdapter(spec)
        got = await adapter.call(BotRequest("c-1", "Hello", [], 1))
        return got.text, dict(got.usage or {})

    return asyncio.run(once())


@pytest.mark.parametrize(
    ("path", "kind", "message"),
    [
        ("deep", "malformed", "the answer from {url} is JSON nested too deeply to read"),
        ("digits", "malformed", "the answer from {url} holds a number of more than 4,300 digits"),
        ("cut", "cut_off", "the answer from {url} stopped after 28 bytes: the connection closed "
         "before it was complete"),
        ("gzip-lie", "malformed", "the answer from {url} is not what its Content-Encoding says "
         "(Error -3 while decompressing data: incorrect header check); send it uncompressed or "
         "fix the header"),
        ("not-http", "malformed", "{url} did not answer in HTTP (Received server _SWITCH_UPGRADE "
         "event without a pending proposal); check the port in url"),
        ("wrong-key", "malformed", "no reply at $.reply in the response from {url} (the answer "
         "has $.answer, $.session)"),
    ],
)  # fmt: skip
def test_an_http_bot_that_breaks_http(
    server: RawServer, path: str, kind: str, message: str
) -> None:
    with pytest.raises(TargetError) as info:
        ask_http(server.url(path))
    assert (info.value.kind, str(info.value)) == (kind, message.format(url=server.url(path)))


def test_json_in_utf16_or_utf32_with_its_byte_order_mark_is_read(server: RawServer) -> None:
    assert ask_http(server.url("utf16")) == "Caf\u00e9"
    assert ask_http(server.url("utf32")) == "Caf\u00e9"


@pytest.mark.parametrize(
    ("path", "kind", "why"),
    [
        ("no-choices", "malformed", "no message in the reply (`choices` is empty)"),
        ("null-message", "malformed", "no message in the reply (its `message` is missing)"),
        ("filtered", "malformed", "empty reply: withheld by the provider's content filter "
         "(finish_reason content_filter)"),
        ("refused", "malformed", "empty reply: the model refused ('I cannot help with that.')"),
        ("deep-model", "malformed", "malformed reply: the reply is JSON nested too deeply to be "
         "a chat completion"),
        ("cut", "cut_off", "the connection closed before the reply was complete (400, message: "
         "Not enough data to satisfy content length header (received 28 of 90 bytes).)"),
        ("garbage", "malformed", "the server did not answer in HTTP (400, message: Bad status "
         "line: Expected HTTP/, RTSP/ or ICE/:)"),
        ("loop", "redirected", "the endpoint redirects in a loop (Exceeded maximum allowed "
         "redirects.)"),
        # was "timed out after 5 s", at once: aiohttp's disconnect mapped as a timeout
        ("hangup", "unreachable", "connection failed (the server closed the connection "
         "without answering)"),
        ("gzip-lie", "malformed", "the reply's bytes do not match its Content-Encoding (Error -3 "
         "while decompressing data: incorrect header check)"),
    ],
)  # fmt: skip
def test_a_model_endpoint_that_breaks_the_completion(
    server: RawServer, monkeypatch: pytest.MonkeyPatch, path: str, kind: str, why: str
) -> None:
    with pytest.raises(TargetError) as info:
        ask_model(server.url(f"v1/{path}"), monkeypatch)
    # the endpoint named first, the LLM layer's words, then the fix (agents.targets.openai)
    head = f"{server.url(f'v1/{path}')} (model m): {why}"
    assert info.value.kind == kind
    assert str(info.value).startswith(head), str(info.value)
    assert "; " in str(info.value).removeprefix(head) or "; " in why  # a fix


def test_content_sent_as_parts_is_the_reply_text(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ask_model(server.url("v1/parts"), monkeypatch)[0] == "Hello"


@pytest.mark.parametrize("name", list(USAGES))
def test_token_counts_that_are_not_counts_neither_crash_nor_refund(
    server: RawServer, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """NaN and words read as a missing count (0), a negative one as 0 (it would hand the
    budget back), an impossible one as 10**12 (it stops a budget, as the bill would)."""
    text, usage = ask_model(server.url(f"v1/usage-{name}"), monkeypatch)
    assert text == "Hi"
    assert (usage["prompt_tokens"], usage["completion_tokens"]) == USAGES[name][1]


def test_a_server_that_does_not_speak_http_fails_the_preflight_in_one_line(
    server: RawServer,
) -> None:
    url = server.url("v1/garbage")
    config = ModelConfig(model="m", base_url=url, max_retries=0, api_key_env="PATH")
    with pytest.raises(LLMConfigError) as info:
        asyncio.run(LLMClient(config).preflight())
    assert str(info.value) == (
        f"{url} is not an OpenAI-compatible endpoint: the server did not answer in HTTP (400, "
        "message: Bad status line: Expected HTTP/, RTSP/ or ICE/:), 1 attempts; fix --base-url"
    )


def test_half_a_surrogate_pair_is_stored_as_the_replacement_character(
    server: RawServer,
) -> None:
    role = TargetRole(HttpAdapter(HttpTarget(kind="http", url=server.url("surrogate")), {}))
    reply = asyncio.run(role.respond(make_plan(1), [Turn(role="customer", content="Hi")], {}))
    assert reply.turn.content == "half \ufffd a pair"
    assert json.loads(reply.turn.model_dump_json())["content"] == "half \ufffd a pair"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("2", 2.0), ("-5", 0.0), ("nan", None), ("soon", None), ("inf", float("inf")),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("Wed, 21 Oct 2015 07:28:00", None), (None, None)],
)  # fmt: skip
def test_retry_after_forms(value: str | None, seconds: float | None) -> None:
    assert retry_after(value) == seconds
