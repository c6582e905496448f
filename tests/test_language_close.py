"""Portuguese and Spanish share most short words: a turn is one of them only when words the
other cannot claim say so (reader 20: "Vamos lá. Tenho que te perguntar se alguém se
machucou." was decided Spanish for a Portuguese customer, a false wrong_language)."""

from __future__ import annotations

import pytest

from agents.understanding.languages import ES, PT, decided_language, language_of


@pytest.mark.parametrize(
    "text",
    [
        "Vamos lá. Tenho que te perguntar se alguém se machucou.",
        "Tenho que te pedir o número da apólice, tá bom?",
        "Alguém te ligou sobre isso ontem?",
    ],
)
def test_portuguese_with_words_spanish_shares_is_never_decided_spanish(text: str) -> None:
    assert decided_language(text) != ES
    assert language_of(text) == PT


@pytest.mark.parametrize(
    "text",
    [
        "Tengo que preguntarte si alguien se hizo daño.",
        "¿Alguien te llamó ayer por este tema?",
    ],
)
def test_spanish_stays_spanish(text: str) -> None:
    assert language_of(text) == ES
    assert decided_language(text) in (ES, None)
