"""LLM customer and support roles (agents.types.Role) on top of LLMClient.

Each side gets its own system prompt (packaged templates) and sees the conversation from its
own seat: its turns as `assistant`, the other side's as `user`. Neither sees the other's
prompt. Replies are structured: the customer's `end` signal and the support side's `action`
become the turn's act/slots and `Reply.stop`; only `message` reaches the other side.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from agents import types as a
from agents.calls import DEFAULT_MAX_CALLS, ReplyCalls
from agents.llm.client import LLMClient
from agents.llm.toolloop import answer_with_tools, as_messages
from agents.phrasing.local_bank import language_name
from agents.prompts import render
from agents.scripted.common import fill, known_values, lines
from agents.tools import Desk
from agents.types import ConversationPlan, Outcome, Reply, Turn, turn_rng_seed

SEED_MODULUS = 2**31  # providers take a 32-bit or 64-bit signed seed; stay inside both
# A message longer than a bot's reply may be (agents.targets.base.MAX_REPLY_CHARS) is a
# malformed reply, retried, then the conversation's error: a 10 MB message stored per turn
# and read by every check took a two-conversation run past 300 s and 750 MB. Checked after
# parsing, so the schema sent (strict mode has no maxLength) is unchanged.
MAX_MESSAGE_CHARS = 100_000
MAX_LIST_ITEMS = 100  # facts given, details asked for


def _bounded_message(value: str) -> str:
    if len(value) > MAX_MESSAGE_CHARS:
        raise ValueError(f"the message is {len(value):,} characters; at most {MAX_MESSAGE_CHARS:,}")
    return value


def _bounded_list(value: list[Any]) -> list[Any]:
    if len(value) > MAX_LIST_ITEMS:
        raise ValueError(f"{len(value):,} items; at most {MAX_LIST_ITEMS}")
    return value


class GivenFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    value: str


class CustomerMove(BaseModel):
    """The customer's structured reply; `end` lists 'continue' first on purpose."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="the chat message sent to support")
    act: Literal[
        "open",
        "inform",
        "ask",
        "accept",
        "push_back",
        "request_escalation",
        "correct",
        "chitchat",
        "thank",
        "give_up",
    ]
    facts: list[GivenFact] = Field(description="facts this message gives")
    end: Literal["continue", "resolved", "abandoned"] = Field(
        description="private end signal; support never sees it"
    )

    _message = field_validator("message")(_bounded_message)
    _facts = field_validator("facts")(_bounded_list)


class SupportMove(BaseModel):
    """The support agent's structured reply; `action` lists 'reply' first on purpose."""

    model_config = ConfigDict(extra="forbid")

    message: str = Field(description="the chat message sent to the customer")
    action: Literal["reply", "request_info", "resolve", "refuse", "escalate"]
    asks_for: list[str] = Field(description="names of the details asked for")

    _message = field_validator("message")(_bounded_message)
    _asks = field_validator("asks_for")(_bounded_list)


_SUPPORT_ACTS = {
    "reply": a.ANSWER,
    "request_info": a.REQUEST_INFO,
    "resolve": a.RESOLVE,
    "refuse": a.REFUSE,
    "escalate": a.ESCALATE,
}


def call_seed(plan: ConversationPlan, role: str, turns: Sequence[Turn]) -> int:
    return turn_rng_seed(plan.seed, role, len(turns)) % SEED_MODULUS


def history(role: str, turns: Sequence[Turn]) -> list[dict[str, str]]:
    """The transcript from `role`'s seat: its own turns are `assistant`, the rest `user`."""
    return [
        {"role": "assistant" if t.role == role else "user", "content": t.content}
        for t in turns
        if t.role in ("customer", "support")
    ]


def _facts(plan: ConversationPlan) -> list[dict[str, Any]]:
    hidden = set(plan.scenario.customer.reveal_only_when_asked)
    return [
        {
            "name": name,
            "label": plan.scenario.label(name),
            "value": value,
            "only_when_asked": name in hidden,
        }
        for name, value in known_values(plan).items()
    ]


def customer_prompt(plan: ConversationPlan) -> str:
    p = plan.persona
    facts = _facts(plan)
    return render(
        "customer_system",
        persona={
            "name": p.identity.name,
            "city": p.identity.city,
            "tone": p.tone,
            "patience": p.patience,
            "verbosity": p.verbosity,
            "tech_savviness": p.tech_savviness,
            "language": p.language,
            "language_name": language_name(p.language),
            "quirks": list(p.quirks),
        },
        goal=fill(plan, plan.scenario.customer.goal_in(p.language), "customer.goal"),
        facts=facts,
        fact_names=", ".join(f["name"] for f in facts) or "none",
        edge_cases=[{"title": e.title, "description": e.description} for e in plan.edge_cases],
        max_turns=plan.scenario.max_turns,
    )


def support_prompt(plan: ConversationPlan, tools: Sequence[str] = ()) -> str:
    s = plan.scenario.support
    facts = _facts(plan)
    return render(
        "support_system",
        domain=plan.scenario.domain,
        language=plan.persona.language,
        language_name=language_name(plan.persona.language),
        policy=fill(plan, s.policy, "support.policy"),
        knowledge=[
            {
                "topic": k.id,
                "answer": fill(
                    plan, lines(plan, k.answer, k.translations)[0], f"support.knowledge.{k.id}"
                ),
            }
            for k in s.knowledge
        ],
        verify=[plan.scenario.label(f) for f in s.verify],
        record=facts,
        fact_names=", ".join(f["name"] for f in facts) or "none",
        tools=list(tools),
        confirm=_confirm(plan),
        offer=_offer(plan),
    )


def _offer(plan: ConversationPlan) -> str | None:
    """The rule that applies refuses and offers something else: the alternative."""
    rule = plan.scenario.support.rule_for(plan.variables)
    if rule is None or rule.action != "refuse" or not rule.offer:
        return None
    return fill(plan, rule.offer, "support.rules.offer")


def _confirm(plan: ConversationPlan) -> dict[str, str] | None:
    """The rule that applies asks first: what to ask, and what it then does."""
    rule = plan.scenario.support.rule_for(plan.variables)
    if rule is None or not rule.confirm:
        return None
    asks = lines(plan, rule.confirm, rule.confirm_translations)
    return {"ask": fill(plan, asks[0], "support.rules.confirm"), "action": rule.action}


def _system(
    memory: Mapping[str, Any], plan: ConversationPlan, prompt: Callable[[ConversationPlan], str]
) -> str:
    """The role's system prompt, rendered on its first turn and then kept in its memory: it
    depends on the plan alone, and rendering it every turn cost a run 3% of its calls/s."""
    system = memory.get("system")
    return system if isinstance(system, str) else prompt(plan)


@functools.cache
def _customer_start() -> str:
    """The customer's fixed opening cue, rendered once (a render per turn re-checks the file)."""
    return render("customer_start")


class LLMCustomer:
    """The customer played by a model; ends the chat through its private `end` field."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        system = _system(memory, plan, customer_prompt)
        messages = [{"role": "system", "content": system}]
        messages.append({"role": "user", "content": _customer_start()})
        messages.extend(history("customer", turns))
        started = time.perf_counter()
        result = await self.client.structured(
            messages, CustomerMove, seed=call_seed(plan, "customer", turns)
        )
        move = result.value
        known = plan.scenario.customer.knows
        slots = {f.name: f.value for f in move.facts if f.name in known}
        act = {"resolved": a.THANK, "abandoned": a.GIVE_UP}.get(move.end, move.act)
        if act in (a.THANK, a.GIVE_UP) and move.end == "continue":
            act = a.ACCEPT if act == a.THANK else a.PUSH_BACK  # only `end` may close the chat
        turn = Turn(
            role="customer",
            content=move.message,
            act=act,
            slots=slots,
            usage=result.usage,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        stop = None
        if move.end != "continue":
            reason = (
                "the customer closed the chat satisfied"
                if move.end == "resolved"
                else ("the customer gave up")
            )
            stop = Outcome(status=move.end, reason=reason, ended_by="customer")
        return Reply(turn=turn, memory={"system": system}, stop=stop)


class LLMSupport:
    """The support agent played by a model; `action: escalate` ends the chat.

    With a desk (the scenario has a domain) the model gets the domain's tools as OpenAI
    tools and acts through them (agents.llm.toolloop) before its structured reply; it sees
    its earlier calls and their results. Without one it answers as before.
    """

    def __init__(self, client: LLMClient) -> None:
        self.client = client

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        started = time.perf_counter()
        seed = call_seed(plan, "support", turns)
        if desk is None:
            system = _system(memory, plan, support_prompt)
            messages = [{"role": "system", "content": system}]
            messages.extend(history("support", turns))
            result = await self.client.structured(messages, SupportMove, seed=seed)
            move, usage = result.value, result.usage
        else:
            names = [spec.name for spec in desk.specs]
            system = _system(memory, plan, lambda p: support_prompt(p, names))
            rich = [{"role": "system", "content": system}, *as_messages(turns, "support")]
            move, usage = await answer_with_tools(
                self.client,
                rich,
                desk.openai_tools(),
                # A model's one message may hold hundreds of calls: limit them as a bot's.
                ReplyCalls(desk, self.client.config.max_tool_calls or DEFAULT_MAX_CALLS),
                SupportMove,
                seed=seed,
                max_rounds=self.client.config.max_tool_rounds,
            )
        act = _SUPPORT_ACTS[move.action]
        known = plan.scenario.customer.knows
        slots = (
            {name: "" for name in move.asks_for if name in known} if act == a.REQUEST_INFO else {}
        )
        turn = Turn(
            role="support",
            content=move.message,
            act=act,
            slots=slots,
            usage=usage,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        stop = None
        if act == a.ESCALATE:
            stop = Outcome(
                status="escalated", reason="support handed over to a human", ended_by="support"
            )
        return Reply(turn=turn, memory={"system": system}, stop=stop)
