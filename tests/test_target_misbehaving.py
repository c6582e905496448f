"""HTTP bots that misbehave (tests/bots/misbehave.py on 127.0.0.1): every answer ends as an
infrastructure error of its own kind with a message naming it, or is handled (a 429 whose
Retry-After fits the reply's time, a declared Latin-1 charset); never a crash, a hang, an
unbounded read, or a graded failure of the bot. Mid-run the same answers give error
conversations in `convsim test`'s report; at preflight they give one line naming the fix."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bots.misbehave import TOOL_CALLS, Misbehaving, serving
from test_scripted_dialogue import make_plan

from agents.llm.wire import read_calls
from agents.targets import LoadedTarget, TargetError
from agents.targets.base import BotRequest, TargetRole
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget
from agents.targets.openai import OpenAIAdapter
from agents.targets.python import PythonAdapter
from agents.targets.wire import MAX_BODY_BYTES, retry_after
from agents.types import Turn
from simulator.bots.preflight import PreflightError, preflight

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bot() -> Iterator[Misbehaving]:
    with serving() as server:
        yield server


def call(url: str, timeout_s: float = 5.0) -> str:
    spec = HttpTarget(kind="http", url=url, timeout_s=timeout_s)

    async def once() -> str:
        adapter = HttpAdapter(spec, {})
        try:
            return (await adapter.call(BotRequest("c-1", "Hello", [], 1))).text
        finally:
            await adapter.aclose()

    return asyncio.run(once())


def failure(url: str, timeout_s: float = 5.0) -> tuple[str, str]:
    with pytest.raises(TargetError) as info:
        call(url, timeout_s)
    return info.value.kind, str(info.value)


def test_each_misbehaviour_is_its_own_error(bot: Misbehaving) -> None:
    where = bot.url("")
    assert failure(bot.url("html")) == (
        "malformed",
        f"{where}html answered with an HTML page ('502 Bad Gateway'), not JSON",
    )
    assert failure(bot.url("empty")) == (
        "malformed",
        f"the answer from {where}empty has an empty body",
    )
    assert failure(bot.url("error200")) == (
        "error_reply",
        f"{where}error200 answered 200 with an error and no reply: upstream model overloaded",
    )
    assert failure(bot.url("sse")) == (
        "streamed",
        f"{where}sse answered with a stream (text/event-stream); convsim reads one JSON answer "
        "per message: turn streaming off for this endpoint",
    )
    assert failure(bot.url("redirect")) == (
        "redirected",
        f"HTTP 307 from {where}redirect, redirecting to {where}ok; put the bot's own URL in url",
    )
    assert failure(bot.url("latin1")) == (
        "malformed",
        f"the answer from {where}latin1 is not text in UTF-8 (no charset declared): byte 0xe9 "
        "at 14; send UTF-8 JSON or declare the charset in Content-Type",
    )
    assert failure(bot.url("huge")) == (
        "too_large",
        f"the answer from {where}huge is too large (Content-Length 52,428,813; at most "
        "8,388,608 bytes)",
    )
    assert failure(bot.url("huge-chunked")) == (
        "too_large",
        f"the answer from {where}huge-chunked is too large (more than 8,388,608 bytes sent; at "
        "most 8,388,608 bytes)",
    )
    assert MAX_BODY_BYTES == 8 << 20


def test_a_body_slower_than_the_timeout_is_a_timeout_not_a_hang(bot: Misbehaving) -> None:
    # Every byte comes within a second (httpx's read timeout alone would wait for all of
    # them); the reply's deadline ends it.
    assert failure(bot.url("trickle"), timeout_s=1.5) == (
        "timeout",
        f"the answer from {bot.url('trickle')} was still arriving after 1.5 s",
    )


def test_retry_after_is_honoured_within_the_replys_time(bot: Misbehaving) -> None:
    assert call(bot.url("429once")) == "Hello! How can I help with your order today?"
    assert bot.hits["429once"] == 2
    assert failure(bot.url("429long"), timeout_s=2) == (
        "rate_limited",
        f"HTTP 429 from {bot.url('429long')} after 1 request (Retry-After 3600 s; a reply may "
        "take at most timeout_s 2 s)",
    )
    assert retry_after("2") == 2.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    assert retry_after("soon") is None


def test_a_declared_charset_is_read(bot: Misbehaving) -> None:
    assert call(bot.url("latin1-declared")) == "Café crème: your order is fine."


def test_a_python_bot_returning_a_page_is_too_large() -> None:
    spec = PythonTarget(kind="python", callable="m:f")
    role = TargetRole(PythonAdapter(spec, lambda messages: "x" * 100_001))
    with pytest.raises(TargetError) as info:
        asyncio.run(role.respond(make_plan(1), [Turn(role="customer", content="Hi")], {}))
    assert (info.value.kind, str(info.value)) == (
        "too_large",
        "the reply is 100,001 characters; a support message may have at most 100,000",
    )


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("empty", "{url} answered a plain 'Hello' with an empty body; check the bot's log"),
        ("html", "{url} answered with an HTML page ('502 Bad Gateway'), not JSON; point url at "
         "the bot's JSON endpoint"),
        ("error200", "{url} answered 200 with an error and no reply: upstream model overloaded; "
         "check the bot's log"),
        ("huge", "the answer from {url} is too large (Content-Length 52,428,813; at most "
         "8,388,608 bytes)"),
        ("redirect", "HTTP 307 from {url}, redirecting to {base}ok; put the bot's own URL in url"),
        ("crash", "{url} took the 'Hello' and closed the connection without answering: the bot "
         "may have crashed while answering; see its log"),
    ],
)  # fmt: skip
def test_preflight_names_each(bot: Misbehaving, tmp_path: Path, mode: str, message: str) -> None:
    file = tmp_path / "bot.yaml"
    loaded = LoadedTarget(HttpTarget(kind="http", url=bot.url(mode), timeout_s=5), file, "b")
    with pytest.raises(PreflightError) as info:
        preflight(loaded, {})
    url, base = bot.url(mode), bot.url("")
    assert str(info.value) == f"--target {file}: " + message.format(url=url, base=base)


def test_mid_run_misbehaviour_is_reported_as_errors_not_failures(
    bot: Misbehaving, tmp_path: Path
) -> None:
    """Fine at preflight, then one misbehaviour per bot: every conversation is an error of
    that kind, none is graded, and the run says so (exit 1)."""
    kinds = {"sse": "streamed", "error200": "error_reply", "huge-chunked": "too_large",
             "crash": "unreachable"}  # fmt: skip
    for mode, kind in kinds.items():
        target = tmp_path / f"{mode}.yaml"
        # retries: 0: a hang-up is retried by default (tests/test_target_retries.py)
        target.write_text(
            f"kind: http\nurl: {bot.url('later/' + mode)}\ntimeout_s: 10\nretries: 0\n"
        )
        out = tmp_path / f"run-{mode}"
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "test", str(ROOT / "examples" / "scenarios"),
             "--target", str(target), "--n", "2", "--seed", "1", "--out", str(out)],
            capture_output=True, text=True, cwd=ROOT, timeout=300,
        )  # fmt: skip
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(
            f"convsim: error: every conversation ended in an infrastructure error ({kind} 2)"
        ), done.stderr
        report = json.loads((out / "report.json").read_text())
        assert [c["status"] for c in report["conversations"]] == ["error", "error"]
        assert {c["error_kind"] for c in report["conversations"]} == {kind}
        if mode == "crash":  # reached, then hung up: the line says the bot may have crashed
            url = bot.url("later/crash")
            assert {c["reason"] for c in report["conversations"]} == {
                f"support role failed: TargetUnreachable: {url} closed the connection without "
                "answering: the bot took the request and hung up while answering (it may have "
                "crashed; see its log)"
            }


def ask_model(url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("MISBEHAVING_KEY", "k")
    spec = OpenAITarget(
        kind="openai", base_url=url, model="m", system_prompt="Help.", timeout_s=5,
        api_key_env="MISBEHAVING_KEY",
    )  # fmt: skip

    async def once() -> str:
        adapter = OpenAIAdapter(spec)
        try:
            return (await adapter.call(BotRequest("c-1", "Hello", [], 1))).text
        finally:
            await adapter.aclose()

    return asyncio.run(once())


@pytest.mark.parametrize(
    ("mode", "kind", "why"),
    [
        ("html", "malformed", "the reply is an HTML page, not JSON ('<!DOCTYPE html><html><body>"
         "<h1>502 Bad Gateway</h1></body></')"),
        ("empty", "malformed", "the reply body is empty"),
        ("sse", "streamed", "the reply is a stream (text/event-stream) from {url}, though the "
         "request said stream: false"),
        ("error200", "error_reply", "the reply is an error: {'message': 'upstream model "
         "overloaded', 'code': 'overloaded'}"),
        ("latin1", "malformed", "the reply is not UTF-8 text (byte 0xe9 at 14)"),
        ("huge", "too_large", "the reply is too large (Content-Length 52,428,813 from {url}; "
         "at most 16,777,216 bytes)"),
        ("huge-chunked", "too_large", "the reply is too large (more than 16,777,216 bytes sent "
         "by {url}; at most 16,777,216 bytes)"),
        ("gzip-bomb", "too_large", "the reply is too large (more than 16,777,216 bytes sent "
         "by {url}; at most 16,777,216 bytes)"),
    ],
)  # fmt: skip
def test_a_model_endpoint_that_misbehaves(
    bot: Misbehaving, monkeypatch: pytest.MonkeyPatch, mode: str, kind: str, why: str
) -> None:
    with pytest.raises(TargetError) as info:
        ask_model(bot.url(f"v1/{mode}"), monkeypatch)
    url = bot.url(f"v1/{mode}") + "/chat/completions"
    # the endpoint named first, the LLM layer's words, then the fix (agents.targets.openai)
    head = f"{bot.url(f'v1/{mode}')} (model m): malformed reply: {why.replace('{url}', url)}"
    assert info.value.kind == kind
    assert str(info.value).startswith(head), str(info.value)


def test_tool_arguments_sent_as_an_object_are_read(bot: Misbehaving) -> None:
    calls = read_calls([TOOL_CALLS["tool-object"], TOOL_CALLS["tool-list"]])
    assert [(c.name, c.arguments, c.raw) for c in calls] == [
        ("get_order", {"order_id": "W1"}, '{"order_id": "W1"}'),
        ("get_order", None, "[1, 2]"),
    ]
