"""A refusal that offers something else (a rule's `offer`: "a place on the cancellation
list"): support refuses, names the alternative and asks whether to arrange it; a yes gets
it arranged and the conversation ends resolved, anything else goes on as after any refusal.

Walkthrough 5: an expert's refusal named the cancellation list in its words only, so no
customer in 61 refusals could take it and nothing showed what would happen then. The
customer's answer is read by its act when it has one (ACCEPT is a yes; a push-back, giving
up or asking for a person is a no), else from its words (agents.understanding.confirm), as
for a rule that asks first.
"""

from __future__ import annotations

import re
from typing import Any

from agents import types as a
from agents.scripted.common import Move, fill, first_rule
from agents.scripted.state import Ctx
from agents.types import ConversationPlan, Outcome
from agents.understanding.confirm import agrees

__all__ = ["TAKEN", "arranged", "offer_of", "reply", "take", "with_offer"]

TAKEN = "the customer took what support offered instead"
FLAVOR = "takes_offer"  # the customer's yes, worded as the answer to a question
_NO_ACTS = frozenset({a.PUSH_BACK, a.GIVE_UP, a.REQUEST_ESCALATION})
# Chance that a customer takes the alternative, by patience; a heated tone takes HOT_LESS off.
TAKE = {"low": 0.45, "medium": 0.6, "high": 0.7}
HOT_LESS = 0.15


def offer_of(plan: ConversationPlan) -> str | None:
    """The alternative the applying rule offers, when it refuses and offers one."""
    if not any(r.offer for r in plan.scenario.support.rules):
        return None  # most scenarios: no rule lookup, nothing that could raise
    rule = first_rule(plan)
    if rule is None or rule.action != "refuse" or not rule.offer:
        return None
    where = f"support.rules[{plan.scenario.support.rules.index(rule)}].offer"
    return fill(plan, " ".join(rule.offer.split()).rstrip("."), where)


# A reply that ends by offering something itself ("I can refund the rest; shall I arrange
# that?"): the offer's question after it asked twice (walkthrough 8).
_ASKS_ALREADY = re.compile(
    r"(?i)\b(?:shall|should|can|could|may) I\b|\bwould you like\b|\bdo you want\b|"
    r"\bwant me to\b|\bhow about\b|\bwould that (?:help|work|suit)\b"
)


def with_offer(text: str, offer: str) -> str:
    """The refusal ending with the offer as a question, unless its words name it already
    (the studio's made lines do) or its last sentence already asks whether to do something."""
    if offer.lower() in text.lower():
        return text
    last = re.split(r"(?<=[.!?])\s+", text.strip())[-1]
    if last.endswith("?") and _ASKS_ALREADY.search(last):
        return text
    return f"{text.rstrip()} What I can offer instead is {offer}: shall I arrange that?"


def arranged(offer: str) -> str:
    return f"Done! I've arranged {offer} for you."


def reply(st: Any, act: str, text: str, offer: str) -> Move | None:
    """Support's move after offering: the alternative arranged on a yes (resolved), else None
    (a no or anything else: the conversation goes on as after the refusal, offered once).
    `text`: the reply's words when it carries no act of its own, else empty."""
    said = agrees(text)
    if said is None and act != "":
        said = True if act == a.ACCEPT else (False if act in _NO_ACTS else None)
    st.offer = "taken" if said else "declined"
    if not said:
        return None
    return Move(  # it does something: the alternative, in the rule's words
        a.RESOLVE,
        content=arranged(offer),
        stop=Outcome(status="resolved", reason=TAKEN, ended_by="support"),
    )


def take(cx: Ctx) -> Move | None:
    """The scripted customer's answer to the first refusal, when its words name what the
    rule offers: yes (drawn by patience and tone from the turn's seeded randomness), else
    None (as usual)."""
    offer = offer_of(cx.plan) if cx.st.refusals == 1 else None
    if offer is None or offer.lower() not in cx.last.lower():
        # No draw: conversations without an offer play as before, and a refusal that did
        # not name it (a bot under test that offers nothing) is not answered as if it had.
        return None
    chance = TAKE.get(cx.persona.patience, TAKE["medium"]) - (HOT_LESS if cx.hot() else 0.0)
    if cx.rng.random() < chance:
        return Move(a.ACCEPT, flavor=FLAVOR)
    return None
