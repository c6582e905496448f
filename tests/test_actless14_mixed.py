"""A short English sentence inside a reply in the customer's language is caught (actless14).

Outsider 22 saw "Let me check." inside a German reply pass: the stray-sentence reader
(agents/checks/mixed_language.py) looked only at sentences of four words or more. A
sentence of two or three words that is plainly English is now a minor note; a lone word,
a name or a code still is no sentence. Re-told on the ski hire desk (tests/data/skihire)."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat
from persona_fixture import ADA

from agents.types import Verdict
from scenarios.loader import load_scenarios

DESK = next(
    s
    for s in load_scenarios([Path(__file__).resolve().parent / "data" / "skihire"])
    if s.id == "skihire/move-up"
)
FIRST = {
    "de": "Hallo, kann ich statt der Tourenski die Rennski bekommen?",
    "fr": "Bonjour, est-ce que je peux prendre les skis de course à la place ?",
    "es": "Hola, ¿puedo cambiar los esquís de travesía por los de competición?",
    "pt": "Olá, posso trocar os esquis de travessia pelos de competição?",
}
STRAY = {
    "de": "Hold on please. Ich sehe mir Ihre Miete an, geben Sie mir bitte Ihre Mietnummer.",
    "fr": "Je regarde votre location tout de suite. Bear with me. Quel est votre numéro ?",
    "es": "Let me look. Reviso su alquiler ahora mismo, ¿me da el número?",
    "pt": "Vou ver o seu aluguer agora mesmo. Let me see. Qual é o número do aluguer?",
}


def _verdict(lang: str, reply: str) -> Verdict:
    persona = ADA.model_copy(update={"language": lang})
    chat = Chat(DESK, {"hire_id": "SK-7710", "guest_email": "ines.vogt@example.org"}, persona)
    return chat.customer(FIRST[lang]).support(reply).customer("SK-7710").verdict()


def _wrong_language(verdict: Verdict) -> list[str]:
    return [f.severity for f in verdict.findings if f.category == "wrong_language"]


@pytest.mark.parametrize("lang", sorted(STRAY))
def test_a_short_english_sentence_is_a_minor_note(lang: str) -> None:
    assert _wrong_language(_verdict(lang, STRAY[lang])) == ["minor"]


NOT_STRAY = {
    "de": "OK! Ich sehe mir Ihre Miete an, geben Sie mir bitte Ihre Mietnummer.",
    "fr": "Bonjour Ines ! Je regarde votre location SK-7710 tout de suite.",
    "es": "Vale, Premium Carving. Reviso su alquiler ahora mismo, ¿me da el número?",
    "pt": "Sorry! Vou ver o seu aluguer agora mesmo. Qual é o número do aluguer?",
}


@pytest.mark.parametrize("lang", sorted(NOT_STRAY))
def test_a_word_a_name_or_a_code_is_no_sentence(lang: str) -> None:
    assert _wrong_language(_verdict(lang, NOT_STRAY[lang])) == []
