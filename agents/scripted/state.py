"""The scripted customer's bookkeeping and the context one reply is decided in.

Kept apart from the decision logic so the edge-case behaviours (agents.scripted.edges) and
the main flow (agents.scripted.customer) share it without importing each other.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from agents.phrasing.local_bank import LANGUAGES, bank
from agents.scripted.common import (
    Move,
    fill,
    known_view,
    language_of,
    lines,
    load_state,
    memory_of,
    plan_rng,
)
from agents.types import ConversationPlan, Turn
from scenarios.edge_case_model import EdgeCase
from scenarios.memo import Memo

# Patience budget, spent by unhelpful support turns (see `cost` in agents.scripted.customer).
BUDGET = {"low": 3, "medium": 5, "high": 8}
HOT_TONES = frozenset({"angry", "frustrated"})
# Chance of volunteering each fact that need not wait to be asked for, in the opening.
VOLUNTEER = {"terse": 0.0, "normal": 0.3, "chatty": 0.75}
# Behaviours that colour some of the customer's turns besides the turns that enact them.
STYLE_BEHAVIORS = ("heavy_typos", "sarcastic", "impatient")
# The year a persona's age counts back from: fixed, so no output depends on the clock.
REFERENCE_YEAR = 2026


@dataclass
class CustomerState:
    stated: bool = False  # the issue has been said
    given: dict[str, str] = field(default_factory=dict)  # fact -> value last given
    wrong: dict[str, str] = field(default_factory=dict)  # fact -> wrong value not yet corrected
    pending: list[str] = field(default_factory=list)  # facts support asked for, not yet given
    spent: int = 0
    refusals: int = 0
    escalations: int = 0
    decision: str = ""  # what support did: "", "resolve", "refuse"
    decided: str = ""  # support's words when it decided: what a follow-up must not ignore
    accepted: bool = False
    last_act: str = ""
    last_support: str = ""
    beats_seen: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)  # knowledge topics asked about
    edge_n: dict[str, int] = field(default_factory=dict)  # edge id -> turns enacting it
    openings: list[int] = field(default_factory=list)  # indices of the openings said
    question: str = ""  # the customer's question support has not answered yet ("?" if no topic)
    holds: int = 0  # support's holding messages in a row ("one moment")
    restated: int = 0  # times the issue was said again with every opening used
    unnamed_asks: int = 0  # requests naming none of its facts, answered by saying the issue
    foreign_asked: bool = False  # asked support to write in its language

    @classmethod
    def load(cls, memory: Mapping[str, Any]) -> CustomerState:
        return load_state(cls, memory)

    def dump(self) -> dict[str, Any]:
        return memory_of(self)


@dataclass(frozen=True)
class EdgeTiming:
    """When and how one edge case plays out in this conversation (fixed per plan seed)."""

    edge: EdgeCase
    at: int  # earliest customer turn (0 is the opening) for behaviours that are events
    variant: int  # 0 or 1: which of a behaviour's two shapes
    times: int  # how many turns enact it, for behaviours that may repeat
    fact: str | None  # the fact a wrong value is given for
    topic: str | None  # the knowledge topic a question is about


def schedule(plan: ConversationPlan) -> list[EdgeTiming]:
    """When each of the plan's edge cases plays out: fixed per plan, drawn once."""
    return list(_schedules(plan))


def _schedule(plan: ConversationPlan) -> list[EdgeTiming]:
    knows = known_view(plan)
    verify = [f for f in plan.scenario.support.verify if f in knows]
    ids = [f for f in verify if any(ch.isdigit() for ch in knows[f])] or verify
    knowledge = [k.id for k in plan.scenario.support.knowledge]
    in_flow = [b.asks for b in plan.scenario.flow if b.asks]
    # A repeated question is most natural on what the flow asks; a second issue is not.
    repeat_topics = in_flow or knowledge
    other_topics = [k for k in knowledge if k not in in_flow] or knowledge
    if plan.persona.language != "en":
        # Only a flow beat gives a question in the persona's language; a topic without one
        # would be named in English ("What about the photos?"). No such beat: no topic, and
        # the edge asks in general words, which every bank has.
        repeat_topics = other_topics = in_flow
    out = []
    for edge in plan.edge_cases:
        r = plan_rng(plan, f"edge:{edge.id}")
        at = (
            r.randint(1, 2)
            if edge.behavior in ("demand_manager", "give_up_early")
            else (r.randint(1, 3))
        )
        variant = r.randrange(2)
        times = 2 if r.random() < 0.3 else 1
        fact = r.choice(ids) if ids else None
        topics = other_topics if edge.behavior == "multi_issue" else repeat_topics
        topic = r.choice(topics) if topics else None
        out.append(EdgeTiming(edge, at, variant, times, fact, topic))
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_RESTATE_LEADS = (
    "Like I said:", "As I mentioned:", "Again:", "To put it another way:", "To be clear:",
    "As I wrote before:", "Once more:", "Let me say it again:",
)  # fmt: skip


def gist(opening: str, n: int, leads: Sequence[str] = ()) -> str:
    """An opening said again: its most telling sentence, behind the `n`th lead that marks the
    repeat (taken in turn, so the customer never sends the same message twice); `leads` in
    the conversation's language when it is not English."""
    parts = [p for p in _SENTENCE_END.split(opening.strip()) if p]
    core = max(parts, key=len) if len(parts) > 1 else opening.strip()
    leads = leads or _RESTATE_LEADS
    return f"{leads[n % len(leads)]} {core}"


_schedules: Memo[ConversationPlan, list[EdgeTiming]] = Memo(_schedule)
# The facts support verifies that the customer knows, in `support.verify` order.
_verified: Memo[ConversationPlan, list[str]] = Memo(
    lambda plan: [f for f in plan.scenario.support.verify if f in known_view(plan)]
)


class Ctx:
    """Everything one customer reply is decided from; `st` is updated in place."""

    def __init__(
        self, plan: ConversationPlan, st: CustomerState, rng: random.Random, c: int
    ) -> None:
        self.plan, self.st, self.rng, self.c = plan, st, rng, c
        self.spec = plan.scenario.customer
        self.knows = known_view(plan)
        self.verify = _verified(plan)
        self.timings = _schedules(plan)
        self.persona = plan.persona
        self.answered = False  # support's last turn answered the customer's open question
        self.turns: Sequence[Turn] = ()  # the conversation so far, as the customer sees it
        self.last = ""  # support's last turn

    @cached_property
    def said(self) -> str:
        """Everything support has written so far: joined only for the turns that read it."""
        return " ".join(t.content for t in self.turns if t.role == "support" and t.content)

    def timing(self, behavior: str) -> EdgeTiming | None:
        return next((t for t in self.timings if t.edge.behavior == behavior), None)

    def count(self, t: EdgeTiming) -> int:
        return self.st.edge_n.get(t.edge.id, 0)

    def mark(self, t: EdgeTiming, move: Move, flavor: str | None = "") -> Move:
        """Record that `move` enacts `t`; its wording is the behaviour's unless told."""
        self.st.edge_n[t.edge.id] = self.count(t) + 1
        move.edge_id = t.edge.id
        move.flavor = t.edge.behavior if flavor == "" else flavor
        return move

    def budget(self) -> int:
        budget = BUDGET.get(self.persona.patience, BUDGET["medium"])
        return max(1, budget // 2) if self.timing("impatient") else budget

    def exhausted(self) -> bool:
        return self.st.spent >= self.budget()

    def hot(self) -> bool:
        return self.persona.tone in HOT_TONES

    def restatement(self) -> str:
        """The issue said again, never word for word: an opening not said yet, else the gist
        of one behind a lead that owns the repeat. From the openings, not the goal: the goal
        may name facts (an order number) that the customer only gives when asked."""
        unused = [i for i in range(len(self._openings())) if i not in self.st.openings]
        if unused:
            return self._opening(self.rng.choice(unused))
        text = self._opening(self.rng.randrange(len(self._openings())))
        self.st.restated += 1
        language = language_of(self.plan)
        leads = bank(language).restate if language in LANGUAGES else ()
        return gist(text, self.st.restated + plan_rng(self.plan, "restate").randrange(8), leads)

    def opening_text(self) -> str:
        return self._opening(self.rng.randrange(len(self._openings())))

    def _openings(self) -> list[str]:
        return lines(self.plan, self.spec.openings, self.spec.translations)

    def _opening(self, i: int) -> str:
        if i not in self.st.openings:
            self.st.openings.append(i)
        return fill(self.plan, self._openings()[i], f"customer.openings[{i}]")

    def volunteer_chance(self) -> float:
        return VOLUNTEER.get(self.persona.verbosity, 0.3)

    def personal_data(self) -> dict[str, str]:
        """Details an oversharing customer types unasked: drawn for this plan, never real."""
        r = plan_rng(self.plan, "overshare")
        card = "4" + "".join(r.choice("0123456789") for _ in range(15))
        day, month, year = (
            r.randint(1, 28),
            r.randint(1, 12),
            REFERENCE_YEAR - self.persona.identity.age,
        )
        # other languages get the stored form, which their wording writes their way
        english = language_of(self.plan) == "en"
        data = {
            "card_number": " ".join(card[i : i + 4] for i in range(0, 16, 4)),
            "date_of_birth": f"{day:02d}/{month:02d}/{year}"
            if english
            else f"{year}-{month:02d}-{day:02d}",
            "phone": self.plan.variables.get("phone", self.persona.identity.phone),
            "address": self.plan.variables.get("address", self.persona.identity.address),
        }
        keys = list(data)
        r.shuffle(keys)
        return {k: data[k] for k in keys[: r.randint(2, 4)]}
