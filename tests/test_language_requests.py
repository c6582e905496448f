"""wrong_language: ignoring a customer who asks to go on in their own language, or says they
cannot read support's, is major whatever they wrote before; a polite decline that speaks of
languages, a reply in the asked language, and one quoted English term are not. Answering a
customer who never asked in a language they never wrote stays a minor note (docstring of
agents.checks.language)."""

from __future__ import annotations

import pytest
from critic_fixture import BASE, RESOLVED, c, s

from agents.critic import grade
from agents.types import Turn, Verdict
from agents.understanding.languages import asks_for_language


def _grade(turns: list[Turn], language: str) -> Verdict:
    persona = BASE.persona.model_copy(update={"language": language})
    return grade(BASE.model_copy(update={"persona": persona}), turns, RESOLVED)


def _wrong(v: Verdict) -> list[tuple[int | None, str]]:
    return [(f.turn, f.severity) for f in v.findings if f.category == "wrong_language"]


ENGLISH_REPLIES = [
    "I'm sorry to hear that. Could you tell me the order number, please?",
    "Thanks, I have looked the order up and the refund is on its way to your card.",
    "You are welcome, and have a lovely evening!",
]

# A customer writing their own language throughout, in four languages (our own wording).
CUSTOMERS = {
    "de": ["Guten Tag, mein Wasserkocher ist mit einem Riss im Deckel angekommen.",
           "Die Bestellnummer ist ORD-12345, ich warte schon seit einer Woche darauf.",
           "Gut, dann danke ich Ihnen für die Hilfe."],
    "es": ["Hola, la tetera que compré llegó con la tapa rota y no se puede usar.",
           "El número de pedido es ORD-12345, ya lo tengo aquí en el correo.",
           "Perfecto, muchas gracias por la ayuda de hoy."],
    "fr": ["Bonjour, la bouilloire que j'ai commandée est arrivée avec le couvercle fendu.",
           "Le numéro de commande est ORD-12345, je l'ai trouvé dans le mail.",
           "Parfait, merci beaucoup pour votre aide."],
    "pt": ["Olá, a chaleira que encomendei chegou com a tampa rachada e não dá para usar.",
           "O número do pedido é ORD-12345, está aqui no meu e-mail.",
           "Perfeito, muito obrigado pela ajuda de hoje."],
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(CUSTOMERS))
def test_english_to_a_customer_writing_their_own_language_is_a_note(language: str) -> None:
    turns = [
        t
        for pair in zip(CUSTOMERS[language], ENGLISH_REPLIES, strict=True)
        for t in (c(pair[0]), s(pair[1]))
    ]
    v = _grade(turns, language)
    assert _wrong(v) == [(1, "minor")]


GERMAN_REPLIES = [
    "Das tut mir leid. Können Sie mir bitte die Bestellnummer nennen?",
    "Danke, ich habe die Bestellung gefunden und die Erstattung ist unterwegs.",
    "Gern geschehen, und einen schönen Abend noch!",
]
ENGLISH_CUSTOMER = [
    "Hello, my kettle arrived with a crack in the lid and I can't use it.",
    "The order number is ORD-12345, I have been waiting a week for it.",
    "Fine, thank you for the help then.",
]


@pytest.mark.parametrize("language", ["en", *sorted(CUSTOMERS)])
def test_a_language_the_scenario_asks_for_by_name_must_be_served(language: str) -> None:
    """`persona: {language: [...]}` in the scenario: its author asked for these customers, so
    a side that never writes their language fails them (major); without it, a note."""
    said = ENGLISH_CUSTOMER if language == "en" else CUSTOMERS[language]
    replies = GERMAN_REPLIES if language == "en" else ENGLISH_REPLIES
    turns = [t for pair in zip(said, replies, strict=True) for t in (c(pair[0]), s(pair[1]))]
    scenario = BASE.scenario.model_copy(update={"persona": {"language": [language, "de"]}})
    persona = BASE.persona.model_copy(update={"language": language})
    plan = BASE.model_copy(update={"persona": persona, "scenario": scenario})
    v = grade(plan, turns, RESOLVED)
    assert _wrong(v) == [(1, "major")]
    assert v.label == "REVIEW"
    assert _wrong(_grade(turns, language)) == [(1, "minor")]  # the default mix: a note


def test_one_quoted_english_term_is_nothing() -> None:
    turns = [
        c(CUSTOMERS["de"][0]),
        s("Das tut mir leid. Können Sie mir bitte die Bestellnummer nennen?"),
        c(CUSTOMERS["de"][1]),
        s('Danke, die Erstattung ist unterwegs; im Konto steht sie als "refund pending".'),
        c(CUSTOMERS["de"][2]),
    ]
    assert _wrong(_grade(turns, "de")) == []


REQUESTS = [
    ("es", "Perdone, ¿podría responderme en español? Es que me cuesta."),
    ("fr", "Est-ce qu'on peut continuer en français, s'il vous plaît ?"),
    ("de", "Können wir das bitte auf Deutsch machen?"),
    ("pt", "Dá para falar em português, por favor?"),
    ("es", "no entiendo bien el inglés, lo siento"),
    ("fr", "Désolé, je ne comprends pas l'anglais."),
    ("de", "Ich verstehe leider kein Englisch."),
    ("pt", "Não entendo inglês, desculpe."),
]


@pytest.mark.parametrize(("language", "request_"), REQUESTS)
def test_ignoring_a_request_for_their_language_is_major(language: str, request_: str) -> None:
    """The customer opened in English (as people do), then asked for their own language or said
    they cannot read English; the bot went on in English as if nothing was said."""
    turns = [
        c("Hello, my kettle came with a cracked lid, can you help?"),
        s(ENGLISH_REPLIES[0]),
        c(request_),
        s(ENGLISH_REPLIES[1]),
        c("ok"),
    ]
    assert _wrong(_grade(turns, language)) == [(3, "major")]


@pytest.mark.parametrize(
    "reply",
    [
        "I'm sorry, I can only help in English here. Could you give me the order number?",
        "Lo siento, ahora mismo solo puedo atenderle en inglés. ¿Me da el número de pedido?",
        "Claro que sí. ¿Me puede dar el número de pedido, por favor?",
    ],
)
def test_following_or_politely_declining_is_fine(reply: str) -> None:
    turns = [
        c("Hello, my kettle came with a cracked lid, can you help?"),
        s(ENGLISH_REPLIES[0]),
        c("¿Podemos seguir en español, por favor?"),
        s(reply),
        c("ok"),
    ]
    assert _wrong(_grade(turns, "es")) == []


def test_a_language_named_without_a_request_asks_for_nothing() -> None:
    assert asks_for_language("The manual is in Spanish, can you send the English one?") is None
    assert asks_for_language("Mi hija habla francés, yo no.") is None
    assert asks_for_language("Können wir bitte auf Deutsch weitermachen?") == "de"
