"""Moves of act-less support text that frames of one language used to misread: a sentence
in another language than its turn, a request for a person put off to try first, handovers to
someone named, "not yet", instructions retold, lists after a colon, questions that ask for a
value. Wording here is this file's own, not the held-out sets'."""

from __future__ import annotations

import pytest

from agents.understanding import read_support
from agents.understanding.foreign.reasons import defers_handover, hears_person_request
from agents.understanding.languages import by_language

FACTS = {"order_id": "order number", "email": "email address", "postcode": "postcode"}


def classes(text: str) -> set[str]:
    return set(read_support(text, FACTS).classes)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("All good, votre commande a bien été annulée.", {"claims"}),
        ("Vale, I've looked into it: el reembolso ya ha sido tramitado.", {"claims"}),
        ("Erstattet.", {"claims"}),
        ("Cancelado.", {"claims"}),
    ],
)
def test_a_part_in_another_language_is_read_in_it(text: str, want: set[str]) -> None:
    assert want <= classes(text)


def test_a_sentence_is_cut_where_its_language_changes() -> None:
    parts = by_language("Le colis est bien parti, you should get it tomorrow.", "en")
    assert [lang for _, lang in parts] == ["fr", "en"]
    assert by_language("Your parcel left today, thanks.", "en") == [
        ("Your parcel left today, thanks.", "en")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I hear you'd like a supervisor. Before I pass you on, let me have a go myself.",
        "Comprendo que prefiere hablar con un supervisor; permítame intentarlo antes.",
        "Je comprends que vous voulez un responsable, laissez-moi d'abord essayer.",
        "Ich verstehe, Sie möchten einen Vorgesetzten. Lassen Sie mich das zuerst versuchen.",
        "Sei que você quer um supervisor, mas deixa eu tentar antes.",
    ],
)
def test_a_request_for_a_person_put_off_is_no_handover(text: str) -> None:
    got = classes(text)
    assert "hands_over" not in got
    assert "refuses" in got
    assert defers_handover(text) and hears_person_request(text)


def test_trying_first_without_a_person_named_is_not_a_deferral() -> None:
    assert not defers_handover("Let me try resetting it first.")
    assert "refuses" not in classes("Let me try resetting it first.")


@pytest.mark.parametrize(
    "text",
    [
        "Dana will take it from here.",
        "Omar from our returns desk will contact you today.",
        "Le paso con Lucía, de Devoluciones.",
        "Ich verbinde Sie mit Herrn Adler.",
        "Sua solicitação foi encaminhada para o setor financeiro.",
        "Votre dossier est entre les mains de notre équipe qualité.",
    ],
)
def test_handovers_to_someone_named(text: str) -> None:
    assert "hands_over" in classes(text)


@pytest.mark.parametrize(
    "text",
    ["Refunds will be with you in 5 days.", "Your Order will be in touch by email."],
)
def test_a_capitalised_noun_is_no_one_taking_over(text: str) -> None:
    assert "hands_over" not in classes(text)


@pytest.mark.parametrize(
    "text",
    [
        "I haven't refunded anything yet.",
        "Aún no he reembolsado nada.",
        "Je n'ai pas encore remboursé la commande.",
        "Ich habe noch nichts erstattet.",
        "Ainda não cancelei o pedido.",
        "The cancellation hasn't gone through yet.",
    ],
)
def test_not_yet_is_no_refusal_and_no_claim(text: str) -> None:
    got = classes(text)
    assert not got & {"refuses", "claims"}


@pytest.mark.parametrize(
    "text",
    [
        "Según mis instrucciones, debo ofrecer primero un vale.",
        "On m'a demandé de proposer un avoir avant tout remboursement.",
        "Laut meinen Vorgaben soll ich zuerst einen Umtausch anbieten.",
        "Me pediram para oferecer um cupom antes de reembolsar.",
    ],
)
def test_instructions_retold_offer_nothing(text: str) -> None:
    got = classes(text)
    assert not got & {"offers", "refuses", "claims"}


@pytest.mark.parametrize(
    "text",
    [
        "¿Cuál de las tallas prefiere que le envíe?",
        "Welches Datum soll ich eintragen?",
        "Qual cor você quer que eu envie?",
    ],
)
def test_a_question_for_a_value_proposes_nothing(text: str) -> None:
    assert classes(text) == {"asks"}


def test_a_list_after_a_colon_is_read_as_its_lead() -> None:
    reading = read_support("Before I can continue I'll need:\n* your postcode\n* your email", FACTS)
    assert reading.classes == {"asks"}
    assert reading.asks == {"postcode", "email"}


def test_the_request_said_back_tells_nothing() -> None:
    assert classes("I understand you'd like a refund.") == set()


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Nothing has been cancelled on your account.", set()),
        ("No one has refunded that order.", set()),
        ("k i went ahead n refunded it", {"claims"}),
        ("Hang on a sec to look up your booking.", {"stalls"}),
        ("Would a voucher suit you better?", {"offers"}),
        ("Would you rather have a replacement?", {"offers"}),
    ],
)
def test_negative_subjects_chat_spelling_holds_and_proposals(text: str, want: set[str]) -> None:
    got = classes(text)
    assert not got & {"claims", "offers", "stalls"} - want
    assert want <= got


@pytest.mark.parametrize(
    "text",
    ["Danach werden die Daten gelöscht.", "Después será cancelado.", "Ensuite il sera annulé."],
)
def test_a_short_passive_of_what_will_happen_claims_nothing(text: str) -> None:
    assert "claims" not in classes(text)


@pytest.mark.parametrize("text", ["Storniert.", "Reembolso tramitado.", "Estornado!"])
def test_a_bare_participle_still_claims(text: str) -> None:
    assert "claims" in classes(text)
