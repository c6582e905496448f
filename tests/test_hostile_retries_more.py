"""Transient failures asked again where the run used to give up at once: a body that is not
JSON at all (empty, or broken off inside while its length matched), an `openai` bot's 5xx
(retried for http bots, though the docs promised it for both), and the preflight, which sent
one greeting and stopped the whole test on a bot's first 503. A well-formed answer the bot
got wrong is still not asked again."""

from __future__ import annotations

import asyncio
import itertools
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bots.raw import RawServer, completion, http, raw_server
from test_scripted_dialogue import make_plan

from agents.targets import LoadedTarget, TargetError
from agents.targets.base import TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget
from agents.targets.openai import OpenAIAdapter
from agents.types import Turn
from simulator.bots.preflight import PreflightError, preflight

OK_HTTP = http('{"reply": "All sorted."}')
OK_MODEL = http(completion({"role": "assistant", "content": "All sorted."}))
ASKED: dict[str, int] = {}


def first_then(name: str, first: bytes, then: bytes) -> Callable[[socket.socket], None]:
    """`first` to the first request, `then` to every later one; counts the requests."""
    seen = itertools.count()

    def answer(conn: socket.socket) -> None:
        n = next(seen)
        ASKED[name] = n + 1
        conn.sendall(first if n == 0 else then)

    return answer


def always(name: str, data: bytes) -> Callable[[socket.socket], None]:
    def answer(conn: socket.socket) -> None:
        ASKED[name] = ASKED.get(name, 0) + 1
        conn.sendall(data)

    return answer


ANSWERS = {
    "broken": first_then("broken", http('{"reply": "All so'), OK_HTTP),
    "empty": first_then("empty", http(""), OK_HTTP),
    "wrongkey": always("wrongkey", http('{"answer": "All sorted."}')),
    "html": always("html", http("<html><title>Oops</title></html>", ctype="text/html")),
    "m500": first_then("m500", http("busy", "500 Internal Server Error"), OK_MODEL),
    "m503always": always("m503always", http("busy", "503 Service Unavailable")),
    "mbroken": first_then("mbroken", http('{"choices": [{"mess'), OK_MODEL),
    "warming": first_then("warming", http("starting", "503 Service Unavailable"), OK_HTTP),
    "pgarbled": first_then("pgarbled", http("{"), OK_HTTP),
    "down": always("down", http("starting", "503 Service Unavailable")),
}


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server(ANSWERS) as s:
        yield s


def reply(adapter: HttpAdapter | OpenAIAdapter) -> Turn:
    async def once() -> Turn:
        role = TargetRole(adapter)
        try:
            got = await role.respond(make_plan(1), [Turn(role="customer", content="Hi")], {})
            return got.turn
        finally:
            await role.aclose()

    return asyncio.run(once())


def http_bot(server: RawServer, name: str) -> HttpAdapter:
    return HttpAdapter(HttpTarget(kind="http", url=server.url(name), timeout_s=5), {})


def model_bot(server: RawServer, name: str, monkeypatch: pytest.MonkeyPatch) -> OpenAIAdapter:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-a-real-key")
    spec = OpenAITarget(
        kind="openai", base_url=server.url(f"v1/{name}"), model="m", system_prompt="Help.",
        timeout_s=5,
    )  # fmt: skip
    return OpenAIAdapter(spec)


@pytest.mark.parametrize("name", ["broken", "empty"])
def test_a_body_that_is_not_json_at_all_is_asked_again(server: RawServer, name: str) -> None:
    turn = reply(http_bot(server, name))
    assert turn.content == "All sorted."
    assert turn.usage == {"target_retries": 1, "retried_on": ["malformed"]}
    assert ASKED[name] == 2


@pytest.mark.parametrize("name", ["wrongkey", "html"])
def test_a_well_formed_answer_the_bot_got_wrong_is_not_asked_again(
    server: RawServer, name: str
) -> None:
    with pytest.raises(TargetError) as info:
        reply(http_bot(server, name))
    assert info.value.kind == "malformed"
    assert "retries" not in str(info.value)
    assert ASKED[name] == 1


@pytest.mark.parametrize(("name", "kind"), [("m500", "http_status"), ("mbroken", "malformed")])
def test_an_openai_bots_transient_failure_is_asked_again(
    server: RawServer, name: str, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    turn = reply(model_bot(server, name, monkeypatch))
    assert turn.content == "All sorted."
    assert turn.usage is not None
    assert (turn.usage["target_retries"], turn.usage["retried_on"]) == (1, [kind])
    assert ASKED[name] == 2


def test_an_openai_bot_failing_every_time_says_it_was_asked_again(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(TargetError) as info:
        reply(model_bot(server, "m503always", monkeypatch))
    assert info.value.kind == "http_status"
    assert str(info.value).endswith("(after 2 retries: http_status, http_status)")
    assert ASKED["m503always"] == 3


@pytest.mark.parametrize("name", ["warming", "pgarbled"])
def test_the_preflight_asks_again_as_the_run_would(
    server: RawServer, name: str, tmp_path: Path
) -> None:
    spec = HttpTarget(kind="http", url=server.url(name), timeout_s=5)
    preflight(LoadedTarget(spec, tmp_path / "bot.yaml", "bot"), {})  # passes
    assert ASKED[name] == 2


def test_the_preflight_stops_after_the_targets_retries(server: RawServer, tmp_path: Path) -> None:
    spec = HttpTarget(kind="http", url=server.url("down"), timeout_s=5, retries=1)
    with pytest.raises(PreflightError) as info:
        preflight(LoadedTarget(spec, tmp_path / "bot.yaml", "bot"), {})
    assert "answered HTTP 503 to a plain 'Hello'" in str(info.value)
    assert ASKED["down"] == 2
