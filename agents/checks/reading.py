"""What each support turn did, read once per conversation for the support-side checks.

A turn with a dialogue act (the scripted engine) is read by its act. A turn without one (a
bot, an LLM) is read from its text through `agents.understanding`, sentence by sentence: a
claimed action must be stated as done (not offered, not conditional, not negated), so "once
I have the order number I'll refund it" is not a refund. Tool calls are read from the call
log: whether a tool writes comes from the scenario's domain (`Critic(tools=...)` or the
domain loader), and when it is unknown, checks that need it say they cannot decide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import scenarios.domains
from agents.checks import GradeContext
from agents.checks.behavior import HOLDING
from agents.types import (
    ANSWER,
    CHECK_IN,
    ESCALATE,
    REFUSE,
    REQUEST_INFO,
    RESOLVE,
    VERIFY_FAILED,
    ConversationPlan,
    ToolCall,
    Turn,
)
from agents.understanding import support_act_from_text
from scenarios.domains import ToolSpec
from scenarios.templates import TemplateError, render

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# A sentence that only offers, conditions or negates an action does not claim it.
_NOT_DONE = re.compile(
    r"\b(?:if|once|when|whenever|after|as soon as|before|until|unless|not|never|no|nothing|"
    r"yet|cannot|can't|won't|haven't|hasn't|didn't|wasn't|isn't|aren't)\b|n't\b",
    re.IGNORECASE,
)
_FUTURE_START = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:i|we)(?:'ll| will| can| could| would| am going to| are going to|"
    r"'m going to|'re going to| need| have to| must| may| might| want| would like)\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\?\s*$")
# Past participles of what a support desk does to a record; a sentence claims one as done when
# "I"/"we" did it ("we've cancelled it") or it is stated as a headline ("Refund issued!").
_DONE_VERB = (
    r"(?:issued|processed|refunded|reimbursed|credited|reversed|voided|cancel+ed|booked|"
    r"rebooked|changed|modified|updated|upgraded|downgraded|reset|replaced|exchanged|waived|"
    r"approved|submitted|opened|scheduled|arranged|sent|shipped|dispatched|applied|unlocked|"
    r"blocked|frozen|froze|restored|removed|deleted|closed|filed|logged|raised|transferred|"
    r"added|activated|deactivated|suspended|extended|renewed|initiated|completed|executed|"
    r"authori[sz]ed|released|returned)"
)
_FIRST_PERSON_DONE = re.compile(
    r"\b(?:i|we)(?:'ve| have| had)?(?: (?:just|already|now|successfully|gone ahead and))?"
    rf"\s+{_DONE_VERB}\b",
    re.IGNORECASE,
)
_HEADLINE_VERB = (
    r"(?:issued|processed|refunded|reimbursed|credited|reversed|voided|cancel+ed|rebooked|"
    r"booked|waived|approved|unlocked|blocked|frozen|reset)"
)
_HEADLINE_DONE = re.compile(
    r"^\W*(?:(?:your|the|a|an)\s+)?(?:(?!(?:was|were|is|are|be|been|got|get|being)\b)"
    rf"[\w-]+\s+){{0,3}}{_HEADLINE_VERB}\W*$",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;:\u2013\u2014]\s*|\s+-\s+")


@dataclass(frozen=True)
class SupportRead:
    """One support turn as the checks see it."""

    index: int
    act: str | None  # the annotated act, or the act read from the whole text
    annotated: bool
    claim: str | None  # the sentence that claims a completed action, if any
    handover: bool
    holding: bool  # a holding message and nothing else ("let me check ... one moment")
    calls: tuple[ToolCall, ...]

    @property
    def text_only(self) -> bool:
        return not self.annotated


def readable(ctx: GradeContext) -> ConversationPlan:
    """The plan to read texts with: graded records from elsewhere may lack the variables a
    fact's template needs, and a fact that cannot be rendered cannot be recognised either."""
    return ctx.shared("reading.plan", _readable)


def _readable(ctx: GradeContext) -> ConversationPlan:
    plan = ctx.plan
    knows = plan.scenario.customer.knows
    kept = {}
    for name, template in knows.items():
        try:
            render(template, plan.variables)
        except TemplateError:
            continue
        kept[name] = template
    if len(kept) == len(knows):
        return plan
    customer = plan.scenario.customer.model_copy(update={"knows": kept})
    scenario = plan.scenario.model_copy(update={"customer": customer})
    return plan.model_copy(update={"scenario": scenario})


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


def claimed_action(text: str, ctx: GradeContext) -> str | None:
    """The first sentence that states an action as done ("I've refunded order ..."), if any."""
    for sentence in sentences(text):
        if _ASKS.search(sentence) or _NOT_DONE.search(sentence) or _FUTURE_START.search(sentence):
            continue
        if _FIRST_PERSON_DONE.search(sentence) or any(
            _HEADLINE_DONE.search(c) for c in _CLAUSE.split(sentence)
        ):
            return sentence
        act, _ = support_act_from_text(sentence, readable(ctx))
        if act == RESOLVE:
            return sentence
    return None


def is_holding(text: str, ctx: GradeContext) -> bool:
    """Only a holding message: it says it is checking, and asks, answers and does nothing."""
    if not HOLDING.search(text) or "?" in text:
        return False
    if claimed_action(text, ctx) is not None:
        return False
    for sentence in sentences(text):
        if HOLDING.search(sentence):
            continue
        act, slots = support_act_from_text(sentence, readable(ctx))
        if act in (RESOLVE, REFUSE, ESCALATE, REQUEST_INFO, VERIFY_FAILED):
            return False
        if act == ANSWER and slots.get("topic"):
            return False
    return True


def _read(ctx: GradeContext, index: int, turn: Turn) -> SupportRead:
    calls = turn.tool_calls or ()
    last_support = max((i for i, t in ctx.support_turns()), default=-1)
    ended_escalated = (
        index == last_support
        and ctx.outcome.status == "escalated"
        and ctx.outcome.ended_by == "support"
    )
    if turn.act is not None:
        return SupportRead(
            index=index,
            act=turn.act,
            annotated=True,
            claim=turn.content if turn.act == RESOLVE else None,
            handover=turn.act == ESCALATE or ended_escalated,
            holding=turn.act in (ANSWER, CHECK_IN)
            and not turn.slots.get("topic")
            and is_holding(turn.content, ctx),
            calls=calls,
        )
    text = turn.content
    if not text.strip():
        return SupportRead(index, None, False, None, ended_escalated, False, calls)
    act, _ = support_act_from_text(text, readable(ctx))
    return SupportRead(
        index=index,
        act=act,
        annotated=False,
        claim=claimed_action(text, ctx),
        handover=act == ESCALATE or ended_escalated,
        holding=not calls and is_holding(text, ctx),
        calls=calls,
    )


def support_reads(ctx: GradeContext) -> list[SupportRead]:
    """Every support turn, read once per conversation (shared by the checks)."""
    return ctx.shared("reading.support", _all_reads)


def _all_reads(ctx: GradeContext) -> list[SupportRead]:
    return [_read(ctx, i, t) for i, t in ctx.support_turns()]


# ---- tools --------------------------------------------------------------------------------


def tool_specs(ctx: GradeContext) -> Mapping[str, ToolSpec] | None:
    """The scenario's tools by name, or None when the checks cannot know them."""
    return ctx.shared("reading.tools", _find_specs)


def _find_specs(ctx: GradeContext) -> Mapping[str, ToolSpec] | None:
    if ctx.tools is not None:
        return ctx.tools
    domain = scenario_domain(ctx)
    if domain is None:
        return None
    return {spec.name: spec for spec in domain.specs()}


def scenario_domain(ctx: GradeContext) -> Any:
    """The scenario's Domain, or None (no domain, or no loader to find it)."""
    return ctx.shared("reading.domain", _find_domain)


def _find_domain(ctx: GradeContext) -> Any:
    # The domain loader (`domain_for`) belongs to the domains package; without it (or without
    # a domain for this scenario) nothing says which tools write.
    finder: Any = getattr(scenarios.domains, "domain_for", None)
    return None if finder is None else finder(ctx.plan.scenario)


def key_columns(ctx: GradeContext) -> frozenset[str]:
    """The primary-key columns of the domain's tables (argument names that name a record)."""
    domain = scenario_domain(ctx)
    tables: Mapping[str, str] = getattr(domain, "tables", None) or {}
    return frozenset(tables.values())


@dataclass(frozen=True)
class Call:
    """One tool call with where it was made and what came back."""

    turn: int  # the support turn that made it
    call: ToolCall
    result: Turn | None  # the tool turn answering it
    writes: bool | None  # None: unknown tool

    @property
    def failed(self) -> bool:
        return self.result is not None and bool(self.result.error)


def call_log(ctx: GradeContext) -> list[Call]:
    """Every tool call of the conversation in order, paired with its result turn."""
    return ctx.shared("reading.calls", _calls)


def _calls(ctx: GradeContext) -> list[Call]:
    specs = tool_specs(ctx)
    results: dict[str, Turn] = {
        t.tool_call_id: t for t in ctx.turns if t.role == "tool" and t.tool_call_id is not None
    }
    found: list[Call] = []
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support" or not turn.tool_calls:
            continue
        for call in turn.tool_calls:
            spec = specs.get(call.name) if specs is not None else None
            writes = spec.writes if spec is not None else None
            found.append(Call(index, call, results.get(call.id), writes))
    return found


def call_text(call: ToolCall) -> str:
    """A call as one line: `cancel_order(order_id="ORD-1")`."""
    args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
    return f"{call.name}({args})"


def customer_texts_before(turns: Sequence[Turn], index: int) -> list[str]:
    return [t.content for t in turns[:index] if t.role == "customer"]
