"""What both scripted roles share: reading the other side's move, the per-turn randomness,
and wording a move.

A role's memory is bookkeeping derived from earlier turns, and its randomness is seeded per
turn, so a reply is a function of `plan + turns`; every helper here is a pure function. What a
conversation derives once from its plan is in agents.scripted.per_plan, the bookkeeping's
round trip through a reply's memory in agents.scripted.memory, and the fact values' helpers
in agents.scripted.values; their names are re-exported here for the modules that import
them from this one.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from agents import types as acts
from agents.phrasing import Utterance, realize
from agents.phrasing.stance import routine_goal
from agents.scripted.memory import load_state as load_state
from agents.scripted.memory import memory_of as memory_of
from agents.scripted.per_plan import ScenarioLogicError as ScenarioLogicError
from agents.scripted.per_plan import condition_holds as condition_holds
from agents.scripted.per_plan import customer_texts as customer_texts
from agents.scripted.per_plan import fact_label, language_of
from agents.scripted.per_plan import fill as fill
from agents.scripted.per_plan import first_rule as first_rule
from agents.scripted.per_plan import known_values as known_values
from agents.scripted.per_plan import known_view as known_view
from agents.scripted.per_plan import lines as lines
from agents.scripted.per_plan import money as money
from agents.scripted.per_plan import spoken_variables as spoken_variables
from agents.scripted.per_plan import voiced_values as voiced_values
from agents.scripted.per_plan import voiced_variables as voiced_variables
from agents.scripted.values import heard_in as heard_in
from agents.scripted.values import normalize as normalize
from agents.scripted.values import same_value as same_value
from agents.scripted.values import sayable as sayable
from agents.scripted.values import shape_pattern as shape_pattern
from agents.scripted.values import shape_regex as shape_regex
from agents.scripted.values import value_pattern as value_pattern
from agents.scripted.values import value_regex as value_regex
from agents.scripted.values import wrong_value as wrong_value
from agents.types import ConversationPlan, Outcome, Turn, turn_rng_seed
from personas import Persona

Classifier = Callable[[str, ConversationPlan], tuple[str, dict[str, str]]]


@dataclass
class Move:
    """A decided move before wording: the act, its slots (fact name -> value) and text."""

    act: str
    slots: dict[str, str] = field(default_factory=dict)
    content: str | None = None
    edge_id: str | None = None  # edge case this turn enacts (Turn.edge_case)
    flavor: str | None = None  # Utterance.edge_case: which wording the phrasing should use
    stop: Outcome | None = None
    # personal data was sent unasked: a privacy remark leads the turn, whatever its wording
    privacy: bool = False


def turn_rng(plan: ConversationPlan, role: str, turns: Sequence[Turn]) -> random.Random:
    return random.Random(turn_rng_seed(plan.seed, role, len(turns)))


def plan_rng(plan: ConversationPlan, key: str) -> random.Random:
    """Randomness fixed for the whole conversation (edge-case timing), independent of turns."""
    return random.Random(turn_rng_seed(plan.seed, key, 0))


def act_of(turn: Turn, plan: ConversationPlan, classify: Classifier) -> tuple[str, dict[str, str]]:
    """The other side's act and slots: annotated when present, else understood from text."""
    if turn.act is not None:
        return turn.act, dict(turn.slots)
    return classify(turn.content, plan)


def _reacts_to(role: str, after: Turn | None, act: str | None) -> str | None:
    """What support's wording reacts to: a customer reply that gave no detail (a vague
    "Help!", a refusal to share) is not thanked for the details ("unclear")."""
    if after is None:
        return None
    if act is None:
        act = after.act
    if role == "support" and act == acts.INFORM and not after.slots:
        return "unclear"
    return act


def _answers(plan: ConversationPlan, move: Move, language: str) -> dict[str, str]:
    """The facts of a customer's move that answer a question rather than fill a field, by
    the label they are said under: the scenario's English label asks it ("whether I want
    standard or express delivery": a choice; "whether anyone was hurt": yes or no). English
    words these itself (agents.phrasing.whether); the other banks say the value as an answer.
    """
    if language == "en":
        return {}
    out: dict[str, str] = {}
    for name, value in move.slots.items():
        label = plan.scenario.label(name).strip().lower()
        if value and label.startswith("whether "):
            kind = "choice" if " or " in label else "yes_no"
            out[fact_label(plan, name, language)] = kind
    return out


def speak(
    plan: ConversationPlan,
    role: str,
    move: Move,
    persona: Persona | None,
    rng: random.Random,
    turn_index: int,
    after: Turn | None = None,
    noted: bool = False,
    after_act: str | None = None,
    first_reply: bool = False,
) -> Turn:
    """Word `move`; `after` is the other side's last turn, which the wording reacts to, read
    as `after_act` when given (its act as understood: a copy of the turn with that act cost a
    pydantic copy per reply); `noted`: support's turn will open with what its lookups showed."""
    language = language_of(plan)
    facts = {
        fact_label(plan, name, language): value
        for name, value in move.slots.items()
        if name not in ("topic", "kind")
    }
    text = realize(
        Utterance(
            role=role,
            act=move.act,
            facts=facts,
            content=move.content,
            edge_case=move.flavor,
            turn_index=turn_index,
            after=_reacts_to(role, after, after_act),
            after_text=after.content if after is not None else "",
            domain=plan.scenario.domain,
            intent=plan.scenario.intent,
            language=language,
            noted=noted,
            privacy=move.privacy,
            answers=_answers(plan, move, language) if role == "customer" else {},
            routine=role == "customer" and routine_goal(plan.scenario.customer.goal),
            first_reply=first_reply,
        ),
        persona,
        rng,
    )
    return Turn(
        role="customer" if role == "customer" else "support",
        content=text,
        act=move.act,
        slots=move.slots,
        edge_case=move.edge_id,
    )
