"""A misbehaving OpenAI-compatible endpoint on loopback (outsider 27): a transient 429 on an
openai bot target is waited out, a Retry-After past the call's timeout is capped by it, an
oversize reply is not retried, and a structured answer with no content says so in words."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import BaseModel

from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMCallError, LLMOutputError
from agents.targets.base import BotRequest
from agents.targets.model import OpenAITarget
from agents.targets.openai import OpenAIAdapter

Answer = tuple[int, dict[str, str], bytes]


def _completion(content: str | None) -> bytes:
    return json.dumps(
        {
            "id": "x",
            "object": "chat.completion",
            "created": 0,
            "model": "m",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        }
    ).encode()


class _Server:
    """Answers each POST with `script(n)` (n counts from 1) and counts the requests."""

    def __init__(self, script: Callable[[int], Answer]) -> None:
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length") or 0))
                outer.requests += 1
                status, headers, body = script(outer.requests)
                self.send_response(status)
                for k, v in {"content-type": "application/json", **headers}.items():
                    self.send_header(k, v)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                # the client stops reading an oversize reply, as it should
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[[int], Answer]], _Server]]:
    made: list[_Server] = []

    def start(script: Callable[[int], Answer]) -> _Server:
        made.append(_Server(script))
        return made[-1]

    yield start
    for s in made:
        s.httpd.shutdown()
        s.httpd.server_close()


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-local")


class Move(BaseModel):
    say: str


def _client(url: str, **kw: object) -> LLMClient:
    settings: dict[str, object] = {"model": "m", "base_url": url, "timeout_s": 2.0}
    settings.update(kw)
    return LLMClient(ModelConfig(**settings))  # type: ignore[arg-type]


def test_openai_target_waits_out_a_transient_429(serve: Callable[..., _Server]) -> None:
    def script(n: int) -> Answer:
        if n == 1:
            return 429, {"retry-after": "0.2"}, b'{"error": {"message": "slow down"}}'
        return 200, {}, _completion("Happy to help with that order.")

    server = serve(script)
    spec = OpenAITarget(
        kind="openai", name="bot", base_url=server.url, model="m", system_prompt="Help.",
        timeout_s=5,
    )  # fmt: skip
    request = BotRequest(conversation_id="c1", message="hi", history=[], turn=1)
    reply = asyncio.run(OpenAIAdapter(spec).call(request))
    assert reply.text == "Happy to help with that order."
    assert server.requests == 2


def test_retry_after_is_capped_by_the_call_timeout(serve: Callable[..., _Server]) -> None:
    server = serve(lambda n: (429, {"retry-after": "99999999999"}, b"{}"))
    started = time.monotonic()
    with pytest.raises(LLMCallError, match=r"rate limited \(429\)"):
        asyncio.run(_client(server.url, timeout_s=0.5, max_retries=2).text([]))
    assert time.monotonic() - started < 5  # two waits of at most 0.5 s, not of 30 s each
    assert server.requests == 3


def test_an_oversize_reply_is_not_retried(serve: Callable[..., _Server]) -> None:
    big = 17 * 1024 * 1024
    server = serve(lambda n: (200, {}, b" " * big + _completion("x")))
    with pytest.raises(LLMOutputError, match="too large") as caught:
        asyncio.run(_client(server.url, max_retries=2).structured([], Move))
    assert server.requests == 1
    assert caught.value.attempts == 1


def test_no_content_is_said_in_words_not_a_class_name(serve: Callable[..., _Server]) -> None:
    server = serve(lambda n: (200, {}, _completion(None)))
    with pytest.raises(LLMOutputError) as caught:
        asyncio.run(_client(server.url, max_retries=0).structured([], Move))
    text = str(caught.value)
    assert "no content" in text and "Move" not in text and "validation error" not in text


def test_prose_instead_of_json_is_said_in_words(serve: Callable[..., _Server]) -> None:
    server = serve(lambda n: (200, {}, _completion("Sure! I can do that for you.")))
    with pytest.raises(LLMOutputError) as caught:
        asyncio.run(_client(server.url, max_retries=0).structured([], Move))
    text = str(caught.value)
    assert "not the JSON object" in text and "Sure!" in text and "Move" not in text
