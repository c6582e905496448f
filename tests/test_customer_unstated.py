"""A simulated customer that has not yet said what it wants says it when a bot asks, in
whatever words and language the bot asks, before any push-back.

Outsider 23's German customer (impatient, heavy typos) opened with a garbled line; the bot's
"How can I help?" got a push-back ("there must be something you can do!"), its "Wie kann ich
Ihnen bei Ihrem Kfz-Schaden helfen?" was read as an answer, and "Können Sie mir kurz sagen,
was Sie zu Ihrem Schaden brauchen?" got "I don't have that at hand": the customer never said
what it wanted and the bot was failed for it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from test_scripted_dialogue import make_plan

from agents import types as a
from agents.scripted.customer import ScriptedCustomer
from agents.types import Turn

ASKS_WHAT_IT_WANTS = [
    "What can I do for you?",
    "Hi there, tell me what you need and I'll sort it.",
    "Wie kann ich Ihnen bei Ihrer Bestellung helfen?",
    "Können Sie mir kurz sagen, was Sie zu Ihrer Bestellung brauchen?",
    "¿En qué le puedo ayudar hoy?",
    "Cuénteme qué necesita, por favor.",
    "Bonjour ! Comment puis-je vous aider ?",
    "Dites-moi de quoi vous avez besoin.",
    "Olá! Como posso ajudar?",
    "Diga-me o que precisa, por favor.",
]


def _reply(text: str, seed: int, behaviors: tuple[str, ...]) -> Turn:
    plan = make_plan(seed, behaviors)
    turns = [
        Turn(role="customer", content="hmm hi", act=a.CHITCHAT),
        Turn(role="support", content=text),
    ]
    memory: dict[str, Any] = {"stated": False, "openings": [0]}
    return asyncio.run(ScriptedCustomer().respond(plan, turns, memory)).turn


@pytest.mark.parametrize("text", ASKS_WHAT_IT_WANTS)
@pytest.mark.parametrize("behaviors", [(), ("impatient",), ("sarcastic",)])
def test_asked_what_it_wants_it_says_so(text: str, behaviors: tuple[str, ...]) -> None:
    for seed in range(8):
        turn = _reply(text, seed, behaviors)
        assert turn.act == a.OPEN, (seed, turn.act, turn.content)


def test_a_request_for_a_fact_it_knows_still_gets_the_fact() -> None:
    """The rule is for questions naming nothing it knows: asked for the order number, it
    gives the order number, stated or not."""
    for seed in range(8):
        turn = _reply("Hi! What's your order number?", seed, ())
        assert turn.act == a.INFORM and "order_id" in turn.slots, (seed, turn)
