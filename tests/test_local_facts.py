"""Facts in the customer's own words in languages other than English: kinds and short labels
(agents.phrasing.local_facts) chosen by the label's text, never by a scenario's id."""

from __future__ import annotations

import random

import pytest

from agents.phrasing.local_bank import LANGUAGES, bank
from agents.phrasing.local_facts import own_words, shorter
from agents.phrasing.localized import customer_facts


@pytest.mark.parametrize(
    ("code", "label", "short"),
    [
        ("es", "correo electrónico de la cuenta", "correo electrónico"),
        ("es", "referencia de la transferencia", "referencia"),
        ("es", "número de pedido", None),  # the head alone would not say which number
        ("es", "nombre del comercio en el extracto", None),
        ("fr", "adresse e-mail du compte", "adresse e-mail"),
        ("fr", "identifiant de l'espace de travail", "identifiant"),
        ("fr", "numéro d'étiquette du bagage", None),
        ("pt", "e-mail da conta", "e-mail"),
        ("pt", "número do pedido", None),
        ("pt", "últimos quatro dígitos do cartão", "últimos quatro dígitos"),
    ],
)
def test_long_labels_are_shortened_to_their_head(code: str, label: str, short: str) -> None:
    assert shorter(bank(code).short, label) == short


def test_a_kind_fits_its_label_and_value() -> None:
    kinds = bank("es").kinds
    said = {
        own_words(kinds, "fecha de nacimiento", "1984-08-24", random.Random(s)) for s in range(40)
    }
    assert None in said and len(said) > 2
    assert all(s is None or "1984-08-24" in s for s in said)
    # an e-mail form only for a value that is one
    for seed in range(40):
        text = own_words(kinds, "correo electrónico", "not-an-address", random.Random(seed))
        assert text is None
    # the label's first group: 'pedido' of 'número de pedido'
    grouped = {own_words(kinds, "número de pedido", "W1", random.Random(s)) for s in range(40)}
    assert any(s and s.startswith("pedido ") for s in grouped)


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_label_no_kind_knows_keeps_its_frames(code: str) -> None:
    b = bank(code)
    for seed in range(30):
        text = customer_facts(b, {"zorglub": "ZX-1"}, random.Random(seed))
        assert "ZX-1" in text
        assert own_words(b.kinds, "zorglub", "ZX-1", random.Random(seed)) is None


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_kind_frame_carries_the_value_and_fills(code: str) -> None:
    for kind in bank(code).kinds:
        for frame in kind.frames:
            text = frame.format(v="VALUE", g="G")
            assert "VALUE" in text and "{" not in text, (code, frame)
