"""Reading act-less support text in Spanish, French, German and Portuguese
(agents.understanding.foreign): the same classes as English, read by each language's grammar,
on wording written for this test (not the bench sets, not the phrase banks); and honest
"cannot tell" where no frame fits."""

from __future__ import annotations

import pytest

from agents.understanding import read_support
from agents.understanding.languages import language_of

FACTS = {
    "order_id": "order number",
    "email": "email address",
    "last_name": "last name",
    "date_of_birth": "date of birth",
    "postcode": "postcode",
}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vale, ya está.", "es"),
        ("D'accord, je m'en occupe.", "fr"),
        ("Alles klar, ich kümmere mich darum.", "de"),
        ("Beleza, já resolvo isso.", "pt"),
        ("Let me know what's going on.", "en"),
        ("No problem!", "en"),
        ("How do you do?", "en"),
        ("Los Angeles, 8 pm.", "en"),
    ],
)
def test_the_language_of_a_turn(text: str, language: str) -> None:
    assert language_of(text) == language


@pytest.mark.parametrize(
    ("text", "classes", "facts"),
    [
        # asks, with the scenario's facts named in the language
        ("¿Me regalas el número de tu pedido?", {"asks"}, {"order_id"}),
        ("Indícanos tu apellido, por favor.", {"asks"}, {"last_name"}),
        ("Quelle adresse e-mail figure sur le compte ?", {"asks"}, {"email"}),
        ("Bitte teilen Sie mir Ihre Postleitzahl mit.", {"asks"}, {"postcode"}),
        ("Wie ist Ihre Bestellnummer?", {"asks"}, {"order_id"}),
        ("Você pode me dizer a sua data de nascimento?", {"asks"}, {"date_of_birth"}),
        ("Sin el número de pedido no puedo seguir.", {"asks"}, {"order_id"}),
        # claims: perfect, passive, first-person past, bare fragment
        ("Le hemos reembolsado los 30 euros.", {"claims"}, set()),
        ("Votre commande a été annulée.", {"claims"}, set()),
        ("Ich habe die Buchung storniert.", {"claims"}, set()),
        ("Cancelei o seu pedido agora há pouco.", {"claims"}, set()),
        ("Devolución procesada.", {"claims"}, set()),
        # offers: modal + infinitive, future, a proposing question
        ("Te puedo reembolsar el importe hoy mismo.", {"offers"}, set()),
        ("Je rembourserai la commande demain.", {"offers"}, set()),
        ("Soll ich Ihnen einen Ersatz schicken?", {"offers"}, set()),
        ("Quer que eu reembolse a compra?", {"offers"}, set()),
        # refusals, handovers, stalls, closings, greetings
        ("Por desgracia no podemos cancelar pedidos enviados.", {"refuses"}, set()),
        ("Hélas, ce produit n'est pas remboursable.", {"refuses"}, set()),
        ("Leider ist das nicht mehr möglich.", {"refuses"}, set()),
        ("Infelizmente não podemos trocar itens usados.", {"refuses"}, set()),
        ("Te comunico con un asesor ahora.", {"hands_over"}, set()),
        ("Un conseiller va vous rappeler dans l'heure.", {"hands_over"}, set()),
        ("Ich verbinde Sie mit der Fachabteilung.", {"hands_over"}, set()),
        ("Vou encaminhar você para um especialista.", {"hands_over"}, set()),
        ("Un momentito, estoy mirando tu cuenta.", {"stalls"}, set()),
        ("Einen kleinen Moment bitte.", {"stalls"}, set()),
        ("¡Hasta pronto y que pases buen día!", {"closes"}, set()),
        ("Bonjour, comment puis-je vous aider ?", {"greets"}, set()),
    ],
)
def test_classes_and_facts(text: str, classes: set[str], facts: set[str]) -> None:
    reading = read_support(text, FACTS)
    assert set(reading.classes) == classes, reading.evidence
    assert set(reading.asks) == facts


def test_a_claim_is_not_an_offer_nor_a_refusal_in_any_language() -> None:
    assert read_support("Ya te he devuelto el dinero.").claims == {"refund"}
    assert read_support("Voy a devolverte el dinero.").claims == frozenset()
    assert read_support("Voy a devolverte el dinero.").offers == {"refund"}
    assert read_support("No puedo devolverte el dinero.").refuses
    assert read_support("Je n'ai pas annulé la commande.").claims == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "Tu paquete sale mañana del almacén central.",  # no figure, no frame: cannot tell
        "Votre colis part demain de notre entrepôt.",
        "Ihr Paket verlässt morgen unser Lager.",
        "Seu pacote sai amanhã do nosso depósito.",
    ],
)
def test_a_statement_no_frame_fits_is_undecided(text: str) -> None:
    reading = read_support(text)
    assert reading.undecided
    assert reading.classes == frozenset()


def test_sympathy_alone_is_nothing() -> None:
    assert read_support("¡Uf, qué pena, lo siento!").undecided
    assert read_support("Oh, das ist wirklich schade.").undecided
