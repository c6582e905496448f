"""A handover offered on a condition still to be met is no handover made (outsider 19, FA-1:
"I can pass you to a colleague, but first I need to confirm who you are: your ticket number
and the email ..." failed every correct bot with `unperformed_handover`, and the simulated
customer took it for a transfer made and left). Neither the critic nor the simulated customer
reads it as done, in any of the five languages; a handover said as made still is one."""

from __future__ import annotations

import pytest
from critic_fixture import BASE
from test_call_checks import TOOLS, c, found, s
from test_handover_said import LEFT, PASS_ON, SAID, WITH_TRANSFER

from agents import types as a
from agents.critic import Critic
from agents.types import Outcome
from agents.understanding import read_support
from agents.understanding.acts import support_act_from_text

PENDING = {
    "en": "I can pass you to a colleague, but first I need to confirm who you are: your order "
    "number and the email you ordered with, please.",
    "en2": "I'll get a manager for you. Before I can transfer you, I need your order number.",
    "en3": "Once you've confirmed your order number I'll connect you with a specialist.",
    "es": "Puedo pasarle con un compañero, pero primero necesito su número de pedido y su correo.",
    "fr": "Je peux vous passer un conseiller, mais j'ai d'abord besoin de votre numéro de "
    "commande.",
    "de": "Ich verbinde Sie gern mit einem Kollegen, aber zuerst brauche ich Ihre Bestellnummer.",
    "de2": "Sobald Sie Ihre E-Mail-Adresse bestätigt haben, verbinde ich Sie mit einem Kollegen.",
    "pt": "Posso passar você para um colega, mas primeiro preciso do número do pedido.",
}
MADE = {
    **SAID,
    "after": "I've transferred you to our disputes team; before they call, please have your "
    "order number ready.",
    "now": "I'm transferring you to our disputes team now; first they'll need your order number.",
    "now_de": "Ich verbinde Sie jetzt mit unserem Reklamationsteam; zuerst braucht es Ihre "
    "Bestellnummer.",
    "now_es": "Le estoy pasando con nuestro equipo de disputas; antes de nada, tenga a mano "
    "su número de pedido.",
}


def _asked_for_a_person(said: str, then: str = "ok, thanks") -> list:
    return [
        c("My order is broken, I want a refund."),
        s("Could you give me your order number?"),
        c("No. Get me a manager."),
        s(said),
        c(then),
    ]


@pytest.mark.parametrize("key", sorted(PENDING))
def test_a_handover_that_waits_for_the_facts_is_no_unperformed_handover(key: str) -> None:
    verdict = WITH_TRANSFER.grade(BASE, _asked_for_a_person(PENDING[key]), LEFT)
    assert found(verdict, "unperformed_handover") == []
    assert not read_support(PENDING[key]).hands_over


@pytest.mark.parametrize("key", sorted(MADE))
def test_a_handover_said_as_made_still_is_one(key: str) -> None:
    verdict = WITH_TRANSFER.grade(BASE, _asked_for_a_person(MADE[key]), LEFT)
    assert found(verdict, "unperformed_handover") == [(3, "major")]


@pytest.mark.parametrize("key", sorted(PENDING))
def test_the_simulated_customer_hears_the_request_not_a_handover(key: str) -> None:
    act, slots = support_act_from_text(PENDING[key], BASE)
    assert act != a.ESCALATE
    if key in ("en", "en2", "en3"):
        assert act == a.REQUEST_INFO and "order_id" in slots


def test_the_request_inside_the_offer_is_read_as_a_request() -> None:
    reading = read_support(PENDING["en"], BASE)
    assert reading.asks_info and {"order_id", "email"} <= reading.asks


def test_a_customer_who_takes_the_offer_for_a_transfer_and_leaves_is_the_simulators_fault() -> None:
    """The customer knew the number support asked for and left as if handed over: the failure
    is the simulated customer's (`blame: simulator`), not the bot's."""
    gone = Outcome(status="abandoned", reason="customer left", ended_by="customer")
    verdict = Critic(tools={**TOOLS, PASS_ON.name: PASS_ON}).grade(
        BASE, _asked_for_a_person(PENDING["en"], "THIS HELPS LOADS."), gone
    )
    assert found(verdict, "unperformed_handover") == []
    support_side = [f for f in verdict.findings if f.dimension != "customer_fidelity"]
    assert all(f.severity == "minor" for f in support_side), support_side
    assert verdict.label == "ACCEPT" or verdict.blame == "simulator"


IF_WANTED = {
    "es": "Si lo prefiere, le paso con un compañero.",
    "fr": "Si vous préférez, je vous transfère à un conseiller.",
    "de": "Wenn Sie möchten, verbinde ich Sie mit einem Kollegen.",
    "pt": "Se preferir, vou transferir você para um colega.",
}


@pytest.mark.parametrize("lang", sorted(IF_WANTED))
def test_a_handover_on_the_customers_wish_is_an_offer_in_every_language(lang: str) -> None:
    """'If you prefer, I can transfer you' was an offer in English only: in the other four
    languages the support reader took it for a handover made (a major unperformed_handover)."""
    verdict = WITH_TRANSFER.grade(BASE, _asked_for_a_person(IF_WANTED[lang]), LEFT)
    assert found(verdict, "unperformed_handover") == []
    reading = read_support(IF_WANTED[lang])
    assert not reading.hands_over and "handover" in reading.offers
    assert support_act_from_text(IF_WANTED[lang], BASE)[0] != a.ESCALATE
