"""What the target-tool tests share (tests/test_target_tools.py, test_target_tools_http.py): a
scenario on the shared orders fixture narrowed to three tools, a customer that asks once and
closes, and `play`, which runs one conversation of a bot adapter through the real graph."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from persona_fixture import ADA
from tool_domain import orders_domain

from agents.targets import TargetRole
from agents.types import ConversationPlan, Outcome, Reply, Turn, Verdict
from scenarios.domains import Domain
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

SCENARIO = Scenario.model_validate(
    {
        "id": "test/bot-tools",
        "title": "Refund through a bot's tools",
        "domain": "ecommerce",
        "intent": "refund_request",
        "customer": {"goal": "Get a refund.", "openings": ["Hello."]},
        "support": {"policy": "Refund.", "rules": [{"action": "resolve", "say": ["Done."]}]},
        "max_turns": 2,
    }
)


PLAN = ConversationPlan(
    id="plan-bt", run_seed=1, index=0, seed=5, scenario=SCENARIO, persona=ADA, variables={}
)


CID = "plan-bt-s1"  # the conversation id the bot sees (plan id + session suffix)


def shop() -> Domain:
    """The shared orders fixture narrowed to the three tools these tests are about, so a tool
    added to the fixture for other tests does not change what the policy here calls."""
    domain = orders_domain()
    domain.tools = {k: domain.tools[k] for k in ("get_order", "refund_order", "cancel_order")}
    return domain


class Customer:
    """Asks once, then closes satisfied: one bot reply per conversation."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if turns:
            done = Outcome(status="resolved", reason="thanked", ended_by="customer")
            return Reply(turn=Turn(role="customer", content="Thanks."), stop=done)
        return Reply(turn=Turn(role="customer", content="Please refund ORD-10001, it broke."))


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    return Verdict(label="ACCEPT")


def play(adapter: Any, *, domain: bool = True) -> tuple[list[Turn], Outcome]:
    role = TargetRole(adapter, session_suffix="s1")
    found = shop()
    world: Callable[[Any], Any] = (lambda s: found) if domain else (lambda s: None)

    async def go() -> tuple[list[Turn], Outcome]:
        graph = build_graph(Customer(), role, grade, world=world)
        try:
            turns, outcome, _ = await run_conversation(graph, PLAN)
        finally:
            await role.aclose()
        return turns, outcome

    return asyncio.run(go())


def tool_turns(turns: Sequence[Turn]) -> list[tuple[str | None, bool | None, str]]:
    return [(t.name, t.error, t.content) for t in turns if t.role == "tool"]
