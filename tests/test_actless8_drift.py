"""A reply in a third language (neither the customer's nor English) that carries the
customer's dates passed: "Votre prochain paiement de 34,99 EUR sera prélevé le 8 de enero
de 2027" to a Spanish customer read as neither French nor Spanish (outsider 17's drift bot,
2 false passes), and Italian replies were read as French or not at all (outsider 19's
italian bot, 7 passes)."""

from __future__ import annotations

import pytest
from test_call_checks import BASE, DONE, c, s

from agents.critic import Critic
from agents.types import ConversationPlan, Turn
from agents.understanding.languages import decided_language

CRITIC = Critic()


def _plan(language: str) -> ConversationPlan:
    persona = BASE.persona.model_copy(update={"language": language})
    return BASE.model_copy(update={"persona": persona})


def _wrong(turns: list[Turn], language: str) -> list[tuple[int | None, str]]:
    v = CRITIC.grade(_plan(language), turns, DONE)
    return [(f.turn, f.severity) for f in v.findings if f.category == "wrong_language"]


SPANISH = [
    c("Hola, ¿cuándo me cobran la próxima cuota del gimnasio y cuánto será?"),
    s("Con gusto le ayudo. ¿Me indica su número de socio y su fecha de nacimiento?"),
    c("Mi número de socio es ORD-12345 y nací el 02/11/1979."),
]


@pytest.mark.parametrize(
    "reply",
    [
        "Votre prochain paiement de 34,99 EUR sera prélevé le 8 de enero de 2027.",
        "Il prossimo pagamento di 34,99 EUR sarà addebitato l'8 gennaio 2027, quindi è già "
        "tutto a posto.",
    ],
)
def test_a_third_language_carrying_the_customers_date_is_a_wrong_language(reply: str) -> None:
    turns = [*SPANISH, s(reply), c("Gracias.")]
    assert _wrong(turns, "es") == [(3, "major")]


def test_the_same_answer_in_the_customers_language_is_none() -> None:
    reply = "Su próxima cuota de 34,99 EUR se cobrará el 8 de enero de 2027."
    assert _wrong([*SPANISH, s(reply), c("Gracias.")], "es") == []


@pytest.mark.parametrize(
    "text",
    [
        "Il biglietto TK-40171 ha già avuto il suo unico cambio di nome, quindi non posso "
        "cambiarlo di nuovo.",
        "Fatto: il biglietto TK-40160 ora è intestato a Daniel Weber.",
    ],
)
def test_italian_replies_are_read_as_italian(text: str) -> None:
    assert decided_language(text) == "it"
