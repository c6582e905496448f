"""Seams of non-English turns that pasted or broke a value: a value's own stops, a phrase
tagged with its label, a run-on join after an abbreviation, a count of one in a fact."""

from __future__ import annotations

import random
import re

import pytest

from agents import types as a
from agents.phrasing import LANGUAGES, Utterance, realize
from agents.phrasing.local_bank import bank, singular
from agents.phrasing.local_facts import customer_facts, is_phrase
from agents.phrasing.local_finish import finish
from personas.model import Identity, Persona


def _persona(language: str, quirks: list[str]) -> Persona:
    identity = Identity(
        locale={"de": "de_DE", "es": "es_ES", "fr": "fr_FR", "pt": "pt_BR"}[language],
        first_name="Ana", last_name="Lima", name="Ana Lima", email="ana@example.com",
        phone="555-0100", address="1 Main St", city="Springfield", age=40,
    )  # fmt: skip
    return Persona(
        id="p-seam", identity=identity, tone="neutral", patience="medium", verbosity="normal",
        tech_savviness="medium", language=language, quirks=quirks,
    )  # fmt: skip


def test_a_values_own_stops_start_no_sentence() -> None:
    text = finish(bank("es"), "Destino del envío: EE. UU. continental.", ["EE. UU. continental"])
    assert "EE. UU. continental" in text


@pytest.mark.parametrize("quirk", ["run_on", "typos", "lowercase", "no_punctuation"])
def test_a_value_with_stops_survives_the_quirks(quirk: str) -> None:
    for seed in range(40):
        u = Utterance(
            "customer", a.INFORM, facts={"destino del envío": "EE. UU. continental"},
            language="es",
        )  # fmt: skip
        text = realize(u, _persona("es", [quirk]), random.Random(seed))
        assert "EE. UU. continental" in text, text


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("encontrei os códigos de backup", True),
        ("nadie resultó herido", True),
        ("keine", True),
        ("Tomas Ramirez", False),
        ("W2040191", False),
        ("ana@example.com", False),
        ("1 Tag", False),
    ],
)
def test_a_value_said_in_words_is_a_phrase(value: str, phrase: bool) -> None:
    assert is_phrase(value) is phrase


_ORDER_NUMBER = {
    "es": "número de pedido",
    "fr": "numéro de commande",
    "de": "Bestellnummer",
    "pt": "número do pedido",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_value_is_never_tagged_with_its_label(language: str) -> None:
    """'nadie resultó herido (lesiones)' and 'W2040191 (número de pedido)' read as a filled-in
    form (reading s11b: '4667 (letzte vier Ziffern meines Kontos)'): a phrase is set apart by
    a colon or said alone, an identifier said in a sentence ('W2040191 es mi número de
    pedido'), alone, or after its label."""
    b = bank(language)
    order = _ORDER_NUMBER[language]
    sentence = False
    for seed in range(200):
        said = customer_facts(b, {"lesiones": "nadie resultó herido"}, random.Random(seed))
        assert "(" not in said, said
        for labelled in (False, True):
            facts = {order: "W2040191", "correo": "ana@example.com"}
            assert "(" not in customer_facts(b, facts, random.Random(seed), labelled), seed
            said = customer_facts(b, {order: "W2040191"}, random.Random(seed))
            assert "(" not in said, said
        sentence = sentence or bool(re.match(r"W2040191,? (es|ist|c'est|é) ", said))
    assert sentence


def test_a_run_on_does_not_join_after_an_abbreviation() -> None:
    for seed in range(40):
        u = Utterance(
            "customer",
            a.ASK,
            content="¿Envían a EE. UU. continental? Lo necesito ya.",
            language="es",
        )
        text = realize(u, _persona("es", ["run_on"]), random.Random(seed))
        assert "EE. UU." in text and "EE y" not in text, text


@pytest.mark.parametrize(
    ("language", "plural", "one"),
    [
        ("de", "1 Tage", "1 Tag"),
        ("es", "1 días", "1 día"),
        ("fr", "1 jours", "1 jour"),
        ("pt", "1 dias", "1 dia"),
    ],
)
def test_a_count_of_one_is_singular(language: str, plural: str, one: str) -> None:
    assert singular(language, f"Frist: {plural}") == f"Frist: {one}"
    assert singular(language, f"Frist: 2{plural[1:]}") == f"Frist: 2{plural[1:]}"
