"""The general rules added after the outsider bots (tests/bots/outsiders.py), each with the
cases on both sides of it: a rule stated in the present passive is no claim, a report is;
a handover with an aside or a third person taking over; a refusal with a reason, and
instructions retold, in the four other languages; a curt foreign turn."""

from __future__ import annotations

import pytest

from agents.understanding import read_support
from agents.understanding.foreign.briefs import retells_instructions
from agents.understanding.foreign.reasons import declines_with_reason
from agents.understanding.languages import language_of


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        ("Refunds are processed within 5 business days.", set()),
        ("Every reimbursement is processed against the original order.", set()),
        ("Any refund is issued to the original card.", set()),
        ("Your order is cancelled.", {"cancel"}),
        ("Order ORD-12345 is cancelled.", {"cancel"}),
        ("Both items are refunded now.", {"refund"}),
        ("Votre remboursement est effectué sous 14 jours après réception du retour.", set()),
        ("Votre remboursement est effectué.", {"refund"}),
        ("Ihre Erstattung wird nach Eingang der Ware bearbeitet.", set()),
        ("Ihre Bestellung ist storniert.", {"cancel"}),
        ("El reembolso ya está aprobado.", {"refund"}),
        ("O reembolso foi aprovado.", {"refund"}),
        ("Só mais um instante, estou finalizando aqui.", set()),
        ("Estoy tramitando tu reembolso.", {"refund"}),
        ("Erstattet. ORD-41531, 3–5 Werktage.", {"refund"}),
    ],
)
def test_what_is_claimed(text: str, claims: set[str]) -> None:
    assert set(read_support(text).claims) == claims


@pytest.mark.parametrize(
    ("text", "hands_over"),
    [
        ("I have passed your case, together with its history, to our billing team.", True),
        ("Priya's on our refunds desk; she's got your chat and will pick it up from here.", True),
        ("Our Customer Relations team will take over from here shortly.", True),
        ("If they take over the account, you must tell us.", False),
        ("I'll take it from here.", False),
    ],
)
def test_handovers_in_other_shapes(text: str, hands_over: bool) -> None:
    assert read_support(text).hands_over is hands_over


def test_thanks_for_patience_holds_and_does_not_close() -> None:
    for text in (
        "Gracias por tu paciencia.",
        "Merci pour votre patience.",
        "Danke für Ihre Geduld.",
    ):
        r = read_support(text)
        assert r.stalls and not r.closes, text


@pytest.mark.parametrize(
    ("text", "declines"),
    [
        (
            "Lo siento, no puedo pasarte con un agente: el servicio está cerrado hasta el lunes.",
            True,
        ),
        ("Je ne peux pas vous passer un conseiller, parce que l'équipe est fermée.", True),
        ("Einen Mitarbeiter kann ich dir nicht geben, weil die Hotline geschlossen ist.", True),
        ("Não consigo transferir você para um atendente, porque o horário já terminou.", True),
        ("Claro, te ayudo yo con el pedido.", False),
        ("I can't, because we're closed.", False),  # English: the English check reads it
    ],
)
def test_a_foreign_refusal_to_hand_over_with_a_reason(text: str, declines: bool) -> None:
    assert declines_with_reason(text) is declines


@pytest.mark.parametrize(
    ("text", "retells"),
    [
        (
            "Me dijeron que siempre pida el número de pedido y que nunca devuelva dinero sin él.",
            True,
        ),
        ("On m'a demandé de toujours vérifier la commande et de ne jamais rembourser avant.", True),
        (
            "Man hat mir aufgetragen, immer erst die Bestellnummer zu prüfen und nie zu erstatten.",
            True,
        ),
        ("Me pediram pra sempre pegar o número do pedido e pra nunca devolver dinheiro.", True),
        ("Me pediram o número do pedido.", False),
        ("Le pedí que nos enviara la foto.", False),
    ],
)
def test_instructions_retold_in_other_languages(text: str, retells: bool) -> None:
    assert retells_instructions(text) is retells


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Erstattet. ORD-41531, 3–5 Werktage.", "de"),
        ("Los Angeles, 8 pm.", "en"),
        ("Quase lá, aguarde só mais um pouquinho.", "pt"),
        ("Vielen Dank und bis bald!", "de"),
    ],
)
def test_the_language_of_a_curt_turn(text: str, lang: str) -> None:
    assert language_of(text) == lang


def test_a_team_said_available_is_no_refusal() -> None:
    assert not declines_with_reason("Nuestro equipo está disponible para ayudarte.")
    assert declines_with_reason("Leider sind keine Kollegen erreichbar.")
