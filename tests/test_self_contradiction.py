"""Support contradicting itself about a price between turns (outsider 14's bank_contradict:
"standard delivery is free" ... later "the $15 delivery fee will show"): free vs a fee, or
two fees for the same thing, in five languages; options of the thing ("standard" vs
"express") keep statements apart, and a statement the reader cannot place is undecided."""

from __future__ import annotations

import pytest
from test_call_checks import BASE, DONE, c, found, s

from agents.checks.contradiction import UNJUDGED
from agents.critic import Critic

CRITIC = Critic()
FREE = {
    "en": "Your new card ships by standard shipping, which is free, in about a week.",
    "es": "La tarjeta nueva se envía por envío estándar, que es gratis, en una semana.",
    "fr": "La nouvelle carte part en livraison standard, qui est gratuite, sous une semaine.",
    "de": "Die neue Karte kommt per Standardversand, der ist kostenlos, in etwa einer Woche.",
    "pt": "O cartão novo vai pela entrega padrão, que é grátis, em cerca de uma semana.",
}
FEE = {
    "en": "Done, it's on its way by standard shipping. A $12 shipping fee goes on your bill.",
    "es": "Hecho, va por envío estándar. Los gastos de envío de 12 $ irán en su factura.",
    "fr": "C'est fait, elle part en livraison standard. Les frais de livraison de 12 $ "
    "seront sur votre facture.",
    "de": "Erledigt, sie kommt per Standardversand. Die Versandgebühr von 12 $ steht auf "
    "Ihrer Rechnung.",
    "pt": "Pronto, vai pela entrega padrão. A taxa de entrega de $12 vem na sua fatura.",
}


def _conversation(first: str, second: str) -> list:
    return [
        c("I lost my card, I need a new one."),
        s(first),
        c("ok, please do it"),
        s(second),
        c("thanks"),
    ]


@pytest.mark.parametrize("lang", sorted(FREE))
def test_free_then_a_fee_for_the_same_thing_is_a_contradiction(lang: str) -> None:
    verdict = CRITIC.grade(BASE, _conversation(FREE[lang], FEE[lang]), DONE)
    assert found(verdict, "self_contradiction") == [(3, "major")]


def test_two_fees_for_the_same_thing_contradict() -> None:
    first = "There's a $12 shipping fee for the replacement."
    second = "All set, and the shipping fee of $20 will be on your next bill."
    verdict = CRITIC.grade(BASE, _conversation(first, second), DONE)
    assert found(verdict, "self_contradiction") == [(3, "major")]


def test_another_option_of_the_thing_is_no_contradiction() -> None:
    first = "Standard shipping is free and takes a week."
    second = "Done: it goes by express shipping, arriving in two days. The $12 shipping fee "
    second += "goes on your bill."
    verdict = CRITIC.grade(BASE, _conversation(first, second), DONE)
    assert found(verdict, "self_contradiction") == []
    assert UNJUDGED not in verdict.unjudged


def test_options_listed_asked_or_conditional_are_not_statements() -> None:
    for first in (
        "Would you like standard shipping (free) or express shipping ($12)?",
        "If you pick express shipping, the shipping fee is $12; standard costs nothing.",
    ):
        second = "Done: the card is on its way by standard shipping. There's no shipping fee."
        verdict = CRITIC.grade(BASE, _conversation(first, second), DONE)
        assert found(verdict, "self_contradiction") == []


def test_one_turn_naming_an_option_and_the_other_none_is_undecided() -> None:
    first = "Standard shipping is free, express shipping takes two days."
    second = "Done. The $12 shipping fee goes on your bill."
    verdict = CRITIC.grade(BASE, _conversation(first, second), DONE)
    assert found(verdict, "self_contradiction") == []
    assert UNJUDGED in verdict.unjudged
