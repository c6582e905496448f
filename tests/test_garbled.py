"""Garbled support replies read from the text alone (agents/checks/garbled.py, and a stray
reply in another language in agents/checks/language.py): a reply cut off mid-sentence, one
whose words came out of order, the customer's own message sent back, one reply in a language
the customer never used. Five languages, our own wording; and the look-alikes that are fine
(a reply without a final mark, abbreviations, a writer who never capitalises, a closing said
back, a quoted question)."""

from __future__ import annotations

import random

import pytest
from critic_fixture import BASE, RESOLVED, c, s

from agents.critic import grade
from agents.types import Turn, Verdict

GARBLED = ("truncated_turn", "scrambled_turn", "echoed_turn", "wrong_language")


def _grade(turns: list[Turn], language: str = "en") -> Verdict:
    persona = BASE.persona.model_copy(update={"language": language})
    return grade(BASE.model_copy(update={"persona": persona}), turns, RESOLVED)


def _found(v: Verdict) -> list[tuple[int | None, str, str]]:
    return [(f.turn, f.category, f.severity) for f in v.findings if f.category in GARBLED]


# A customer and a support side writing one language, four exchanges (our own wording).
TALK = {
    "en": (
        ["Hi, the kettle I bought came with a cracked lid.",
         "Sure, it's ORD-55821, bought two weeks ago.",
         "Is there anything else you need from me?",
         "Great, thanks a lot for sorting that out."],
        ["Sorry to hear about the lid. Which order was it?",
         "Thanks. I can see the kettle on that order. It was delivered on Monday.",
         "Nothing else. I have started a replacement and you will get an email today.",
         "You're welcome. Enjoy the rest of your day!"],
    ),
    "es": (
        ["Hola, el hervidor que compré llegó con la tapa rota.",
         "Claro, es ORD-55821, lo compré hace dos semanas.",
         "¿Necesita algo más de mi parte?",
         "Perfecto, muchas gracias por resolverlo."],
        ["Siento lo de la tapa. ¿Cuál era el número de pedido?",
         "Gracias. Veo el hervidor en ese pedido. Se entregó el lunes.",
         "Nada más. He iniciado un reemplazo y hoy le llegará un correo.",
         "De nada. ¡Que tenga un buen día!"],
    ),
    "fr": (
        ["Bonjour, la bouilloire que j'ai achetée est arrivée avec le couvercle fendu.",
         "Bien sûr, c'est ORD-55821, achetée il y a deux semaines.",
         "Avez-vous besoin d'autre chose de ma part ?",
         "Parfait, merci beaucoup de votre aide."],
        ["Désolé pour le couvercle. Quel est le numéro de commande ?",
         "Merci. Je vois la bouilloire sur cette commande. Elle a été livrée lundi.",
         "Rien d'autre. J'ai lancé un remplacement et vous recevrez un e-mail aujourd'hui.",
         "Je vous en prie. Bonne fin de journée !"],
    ),
    "de": (
        ["Hallo, der Wasserkocher kam mit einem gesprungenen Deckel an.",
         "Klar, es ist ORD-55821, vor zwei Wochen gekauft.",
         "Brauchen Sie sonst noch etwas von mir?",
         "Super, vielen Dank für die Hilfe."],
        ["Das mit dem Deckel tut mir leid. Wie lautet die Bestellnummer?",
         "Danke. Ich sehe den Wasserkocher in der Bestellung. Er wurde am Montag geliefert.",
         "Nichts weiter. Ich habe einen Ersatz angestoßen und Sie bekommen heute eine E-Mail.",
         "Gern geschehen. Einen schönen Tag noch!"],
    ),
    "pt": (
        ["Olá, a chaleira que comprei chegou com a tampa rachada.",
         "Claro, é ORD-55821, comprei há duas semanas.",
         "Precisa de mais alguma coisa da minha parte?",
         "Perfeito, muito obrigado pela ajuda."],
        ["Sinto muito pela tampa. Qual é o número do pedido?",
         "Obrigado. Vejo a chaleira nesse pedido. Foi entregue na segunda-feira.",
         "Mais nada. Iniciei uma substituição e hoje receberá um e-mail.",
         "De nada. Tenha um ótimo dia!"],
    ),
}  # fmt: skip
# A reply cut after a word no sentence ends on, per language.
CUT = {
    "en": "Thanks. I can see the kettle on that order and the",
    "es": "Gracias. Veo el hervidor en ese pedido y la",
    "fr": "Merci. Je vois la bouilloire sur cette commande et votre",
    "de": "Danke. Ich sehe den Wasserkocher in der Bestellung und die",
    "pt": "Obrigado. Vejo a chaleira nesse pedido e a",
}
# A reply cut after a content word, with a first sentence that ended on a mark.
CUT_BARE = {
    "en": "Nothing else. I have started a replacement and you will get",
    "es": "Nada más. He iniciado un reemplazo y hoy le llegará",
    "fr": "Rien d'autre. J'ai lancé un remplacement et vous recevrez",
    "de": "Nichts weiter. Ich habe einen Ersatz angestoßen und Sie bekommen",
    "pt": "Mais nada. Iniciei uma substituição e hoje receberá",
}


def _talk(language: str, replace: dict[int, str] | None = None) -> list[Turn]:
    customer, support = TALK[language]
    replies = dict(enumerate(support)) | (replace or {})
    return [t for i, said in enumerate(customer) for t in (c(said), s(replies[i]))]


@pytest.mark.parametrize("language", sorted(TALK))
def test_the_clean_conversations_raise_nothing(language: str) -> None:
    assert _found(_grade(_talk(language), language)) == []


@pytest.mark.parametrize("language", sorted(TALK))
def test_a_reply_cut_after_an_article_or_conjunction(language: str) -> None:
    v = _grade(_talk(language, {1: CUT[language]}), language)
    assert _found(v) == [(3, "truncated_turn", "major")]
    assert v.label == "REVIEW"


@pytest.mark.parametrize("language", sorted(TALK))
def test_a_reply_cut_after_a_word_from_a_side_that_ends_its_sentences(language: str) -> None:
    assert _found(_grade(_talk(language, {2: CUT_BARE[language]}), language)) == [
        (5, "truncated_turn", "major")
    ]


@pytest.mark.parametrize("language", sorted(TALK))
def test_a_reply_whose_words_are_out_of_order(language: str) -> None:
    words = TALK[language][1][1].split()
    shuffled = list(words)
    random.Random(7).shuffle(shuffled)
    for text in (" ".join(reversed(words)), " ".join(shuffled)):
        found = _found(_grade(_talk(language, {1: text}), language))
        assert found == [(3, "scrambled_turn", "major")], text


@pytest.mark.parametrize("language", sorted(TALK))
def test_the_customer_message_sent_back(language: str) -> None:
    said = TALK[language][0][0]
    v = _grade(_talk(language, {0: said}), language)
    assert _found(v) == [(1, "echoed_turn", "major")]


@pytest.mark.parametrize("language", sorted(TALK))
def test_one_reply_in_a_language_the_customer_never_used(language: str) -> None:
    other = "fr" if language != "fr" else "de"
    v = _grade(_talk(language, {2: TALK[other][1][2]}), language)
    assert _found(v) == [(5, "wrong_language", "major")]


def test_a_one_language_side_stays_a_note() -> None:
    """Every reply in English to a German customer: a product choice, not a stray reply."""
    turns = [t for i, said in enumerate(TALK["de"][0]) for t in (c(said), s(TALK["en"][1][i]))]
    assert [
        (f.category, f.severity) for f in _grade(turns, "de").findings if f.category in GARBLED
    ] == [("wrong_language", "minor")]


@pytest.mark.parametrize(
    "reply",
    [
        "Okay, it is booked",  # no mark at all, from a side that leaves it off
        "All done. Your new order number is ORD-77120",  # ends on a value
        "We ship with DHL, UPS, e.g. the express option. Anything else?",  # abbreviation
        "You asked: is there anything else you need from me? Nothing, thanks.",  # a quote
        "Sure! The refund (about 40 USD) goes back to the card today.",
    ],
)
def test_look_alikes_are_fine(reply: str) -> None:
    assert _found(_grade(_talk("en", {1: reply}))) == []


def test_a_lowercase_writer_is_not_scrambled() -> None:
    customer = TALK["en"][0]
    support = [
        "sorry about the lid. which order was it?",
        "thanks. i can see the kettle. it was delivered on monday.",
        "nothing else. i started a replacement. you will get an email today.",
        "you're welcome. have a good day!",
    ]
    turns = [t for i, said in enumerate(customer) for t in (c(said), s(support[i]))]
    assert _found(_grade(turns)) == []


def test_a_short_closing_said_back_is_no_echo() -> None:
    turns = _talk("en")
    turns[-2] = c("Thank you and goodbye.")
    turns[-1] = s("Thank you and goodbye.")
    assert _found(_grade(turns)) == []
