"""Short refusals by "it does not go" in four languages are refusals (actless14).

Outsider 22 found German, Spanish, French and Portuguese bots turning a request down with a
verb of going or giving rather than of being able ("Umleiten geht nicht", "Não dá"): the
support reader (agents.understanding.read_support, the one reader every check asks) read
them as nothing, so a refusal that decides a criterion went unjudged. Sentences written for
this test, none taken from the reader's word lists."""

from __future__ import annotations

import pytest

from agents.understanding import read_support

REFUSALS = [
    "Eine Umbuchung auf Samstag geht nicht.",
    "Das geht so leider nicht mehr.",
    "Hm, stornieren geht da nicht, tut mir leid.",
    "Eso no se puede, lo siento.",
    "Adelantar la entrega no se va a poder.",
    "Cambiar el titular no va a ser posible.",
    "Ça ne va pas être possible pour cette commande.",
    "Pas possible, je regrette.",
    "Un remboursement partiel, ce n'est pas faisable.",
    "Não dá.",
    "Mudar a data agora não vai dar.",
    "Infelizmente não tem como juntar as duas encomendas.",
]


@pytest.mark.parametrize("text", REFUSALS)
def test_a_refusal_by_going_or_giving_is_read(text: str) -> None:
    reading = read_support(text)
    assert reading.refuses and not reading.claims


NOT_REFUSALS = [
    "Keine Sorge, Ihre Sendung geht nicht verloren.",
    "Es geht nicht um die Gebühr, sondern um das Datum?",
    "Das geht ganz schnell, einen Moment.",
    "Não dá problema nenhum, já troquei a data.",
    "Ça va être possible dès demain.",
]


@pytest.mark.parametrize("text", NOT_REFUSALS)
def test_going_without_a_no_to_the_request_is_no_refusal(text: str) -> None:
    assert not read_support(text).refuses
