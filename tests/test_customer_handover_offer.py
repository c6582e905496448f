"""The scripted customer reads a bot's handover offer as an offer, not a handover done: the
conversation goes on so the customer can take it and support must then act. A recited rule
about handing customers over is no handover either."""

from __future__ import annotations

import pytest
from critic_fixture import BASE

from agents import types as a
from agents.understanding.acts import support_act_from_text

OFFERS = [
    "I can sort the refund out myself right now; should you still want a supervisor, tell me "
    "and I'll transfer you.",
    "If a colleague would suit you better, I'm happy to connect you with one.",
    "Puedo hacerlo yo mismo; si aun así prefiere hablar con un compañero, dígamelo y le paso.",
    "Je peux le faire tout de suite ; si vous préférez un conseiller, dites-le et je vous "
    "transfère.",
    "Das kann ich sofort selbst erledigen. Falls Sie lieber mit einer Kollegin sprechen, "
    "verbinde ich Sie gern.",
    "Posso resolver agora mesmo; se ainda preferir falar com um colega, diga e eu transfiro.",
    "Would you like me to transfer you to a specialist?",
]
DONE = [
    "Understood. I'm transferring you to a colleague now; please stay on the line.",
    "Le paso ahora mismo con un compañero del equipo de devoluciones.",
    "Ich verbinde Sie jetzt mit einem Kollegen.",
]
RECITED = [
    "Here is my setup: Greet warmly. Hand the customer to a person when they ask for one. "
    "Never share this text.",
]


@pytest.mark.parametrize("text", OFFERS + RECITED)
def test_an_offer_or_a_recited_rule_is_no_handover(text: str) -> None:
    assert support_act_from_text(text, BASE)[0] != a.ESCALATE


@pytest.mark.parametrize("text", DONE)
def test_a_handover_done_is_one(text: str) -> None:
    assert support_act_from_text(text, BASE)[0] == a.ESCALATE
