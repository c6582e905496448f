"""The three target kinds against real bots: HTTP and OpenAI-compatible on loopback, Python."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from bots.server import BotServer, serve

from agents.planner import Planner
from agents.targets import TargetRole, build_role, load_target
from agents.targets.base import BotRequest
from agents.targets.errors import (
    TargetCrashed,
    TargetHTTPError,
    TargetMalformedReply,
    TargetTimeout,
    TargetUnreachable,
)
from agents.targets.http import HttpAdapter
from agents.targets.model import HttpTarget, OpenAITarget, PythonTarget
from agents.targets.openai import OpenAIAdapter
from agents.targets.python import PythonAdapter
from agents.types import Turn
from simulator.run.inputs import load_inputs

TESTS = Path(__file__).resolve().parent
ASK = BotRequest("conv-1", "My earbuds arrived broken, I want a refund.", [], 1)


def http(server: BotServer, path: str, **extra: Any) -> HttpAdapter:
    spec = HttpTarget.model_validate(
        {"kind": "http", "url": server.url + path, "reply": "$.reply", "handoff": "$.handoff",
         "body": {"conversation_id": "{conversation_id}", "message": "{message}",
                  "history": "{history}"}, **extra}
    )  # fmt: skip
    return HttpAdapter(spec, {"TOKEN": "t0k"})


async def call(adapter: Any, request: BotRequest = ASK) -> Any:
    try:
        return await adapter.call(request)
    finally:
        await adapter.aclose()


def test_http_bot_with_auth_header() -> None:
    with serve(token="t0k") as server:
        ok = asyncio.run(
            call(http(server, "/correct", headers={"Authorization": "Bearer ${TOKEN}"}))
        )
        assert ok.text == "Sorry to hear that. Could you tell me your order number?"
        assert not ok.handoff
        with pytest.raises(
            TargetHTTPError, match=r"^HTTP 401 from http://127\.0\.0\.1:\d+/correct$"
        ):
            asyncio.run(call(http(server, "/correct")))


def test_http_history_and_handoff_flag() -> None:
    history = [
        {"role": "user", "content": "I want a manager"},
        {"role": "assistant", "content": "I can sort out your refund right now myself."},
    ]
    request = BotRequest("conv-2", "Get me a supervisor now.", history, 2)  # fmt: skip
    with serve() as server:
        reply = asyncio.run(call(http(server, "/correct"), request))
    assert reply.handoff is True
    assert reply.text == "I'm transferring you and your refund request to a supervisor now."


def test_http_errors_are_target_errors() -> None:
    with serve() as server:
        with pytest.raises(TargetMalformedReply, match=r"^the response is not JSON"):
            asyncio.run(call(http(server, "/malformed")))
        with pytest.raises(TargetMalformedReply, match=r"^no reply at \$\.answer"):
            asyncio.run(call(http(server, "/correct", reply="$.answer")))
        # The flaky bot's fault() buckets: these two messages hit a 500 and a hang.
        with pytest.raises(TargetHTTPError, match="HTTP 500"):
            asyncio.run(call(http(server, "/flaky"), BotRequest("c", find_fault("500"), [], 1)))
        with pytest.raises(TargetTimeout, match=r"^no reply within 0\.2 s$"):
            adapter = http(server, "/flaky", timeout_s=0.2)
            asyncio.run(call(adapter, BotRequest("c", find_fault("hang"), [], 1)))
    with pytest.raises(TargetUnreachable, match=r"^ConnectError calling http://127\.0\.0\.1:9/x$"):
        spec = HttpTarget(kind="http", url="http://127.0.0.1:9/x")
        asyncio.run(call(HttpAdapter(spec, {})))


def find_fault(kind: str) -> str:
    from bots.server import fault

    return next(f"message {i}" for i in range(10_000) if fault(f"message {i}", []) == kind)


def python_target(callable_: str, **extra: Any) -> PythonAdapter:
    from agents.targets.python import import_callable

    spec = PythonTarget(kind="python", callable=callable_, pythonpath=[str(TESTS)], **extra)
    return PythonAdapter(spec, import_callable(spec, TESTS))


def test_python_sync_async_and_graph() -> None:
    sync = asyncio.run(call(python_target("bots.logic:correct")))
    assert sync.text == "Sorry to hear that. Could you tell me your order number?"
    async_ = asyncio.run(call(python_target("bots.graph:async_correct")))
    assert async_.text == sync.text
    graph = asyncio.run(call(python_target("bots.graph:bot")))
    assert graph.text == sync.text and graph.handoff is False


def test_python_failures() -> None:
    def boom(messages: list[dict[str, str]]) -> str:
        raise RuntimeError("database down")

    spec = PythonTarget(kind="python", callable="x:y")
    with pytest.raises(TargetCrashed, match=r"^RuntimeError: database down$"):
        asyncio.run(call(PythonAdapter(spec, boom)))
    with pytest.raises(TargetMalformedReply, match=r"^the reply is int, not text$"):
        asyncio.run(call(PythonAdapter(spec, lambda messages: 42)))

    async def slow(messages: list[dict[str, str]]) -> str:
        await asyncio.Event().wait()  # never answers
        return ""

    fast = PythonTarget(kind="python", callable="x:y", timeout_s=0.05)
    with pytest.raises(TargetTimeout, match=r"^no reply within 0\.05 s$"):
        asyncio.run(call(PythonAdapter(fast, slow)))


def test_openai_compatible_target_sends_system_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_KEY", "local")
    with serve() as server:
        spec = OpenAITarget(kind="openai", base_url=server.url + "/v1", model="bot-1",
                            system_prompt="You are RefundBot.", api_key_env="BOT_KEY")  # fmt: skip
        reply = asyncio.run(call(OpenAIAdapter(spec)))
        assert reply.text == "Sorry to hear that. Could you tell me your order number?"
        assert server.seen_system == ["You are RefundBot."]
        assert reply.usage is not None
        assert (reply.usage["prompt_tokens"], reply.usage["completion_tokens"]) == (11, 7)


def test_target_role_turn_latency_and_handoff(tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:correct\npythonpath: [{TESTS}]\n")
    role = build_role(load_target(target))
    assert isinstance(role, TargetRole)
    inputs = load_inputs([TESTS / "data" / "bots" / "refund.yaml"])
    plan = Planner(1, inputs.scenarios, inputs.edge_cases, inputs.traits).plan(0)
    turns = [Turn(role="customer", content="I want a manager."),
             Turn(role="support", content="I can sort out your refund right now myself."),
             Turn(role="customer", content="No. A supervisor, now.")]  # fmt: skip
    reply = asyncio.run(role.respond(plan, turns, {}))
    assert reply.turn.role == "support" and reply.turn.act is None
    assert reply.turn.latency_ms is not None and reply.turn.latency_ms >= 0
    assert reply.stop is not None
    assert (reply.stop.status, reply.stop.ended_by) == ("escalated", "support")
