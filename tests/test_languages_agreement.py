"""Non-English text that must agree with what stands around it (issue #14, session 10): a
retyped fact referred back to with the pronoun of its gender and number, no lead that
presumes earlier steps or agrees to nothing in support's first reply and sympathy after a
complaint, a refusal said again after a push-back never in the same bare words, an answer
said again without claiming to be put another way, a shortened label without a possessive,
'Obrigada' from a woman, and a run-on that never writes 'y pero'."""

from __future__ import annotations

import random
import re

import pytest

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing.local_bank import bank
from agents.phrasing.local_facts import _frames
from personas import Identity, Persona


def _support(language: str, seed: int, act: str, **kw: object) -> str:
    u = Utterance(role="support", act=act, language=language, **kw)  # type: ignore[arg-type]
    return realize(u, None, random.Random(seed))


def _persona(language: str, locale: str, first: str, quirks: tuple[str, ...] = ()) -> Persona:
    identity = Identity(
        locale=locale, first_name=first, last_name="Souza", name=f"{first} Souza",
        email="x@example.org", phone="+55 11 5555 0000", address="Rua A, 1", city="Recife",
        age=40,
    )  # fmt: skip
    return Persona(
        id="p", identity=identity, tone="friendly", patience="medium", verbosity="normal",
        tech_savviness="medium", language=language, quirks=quirks,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("language", "label", "pronoun", "wrong"),
    [
        ("es", "dirección", r"escribirla\b", r"escribirlos?\b|escribirlas\b"),
        ("es", "últimos cuatro dígitos de la tarjeta", r"escribirlos\b", r"escribirl[oa]\b"),
        ("fr", "adresse e-mail", r"me la réécrire", r"me l[ea]s? réécrire(?<!la réécrire)"),
        ("fr", "quatre derniers chiffres de la carte", r"me les réécrire", r"me l[ea] réécrire"),
    ],
)
def test_a_retyped_fact_is_referred_back_to_in_its_gender(
    language: str, label: str, pronoun: str, wrong: str
) -> None:
    said = {
        _support(language, s, a.VERIFY_FAILED, facts={label: "1234"}, after=a.INFORM)
        for s in range(300)
    }
    assert any(re.search(pronoun, t) for t in said), said
    assert not [t for t in said if re.search(wrong, t)]


def test_a_retype_without_a_known_gender_names_no_pronoun() -> None:
    said = {
        _support("es", s, a.VERIFY_FAILED, facts={"zzz qqq": "1234"}, after=a.INFORM)
        for s in range(200)
    }
    assert not [t for t in said if re.search(r"escribir(lo|la)s?\b|revisar(lo|la)s?\b", t)]


# Leads that presume an earlier step, per language, and neutral agreement with nothing.
_PROGRESS = {
    "es": r"Ya solo|un dato más|Una cosa más|Ya casi",
    "fr": r"encore|Une dernière chose|On y est presque",
    "de": r"\bnoch\b|Als Nächstes|Fast geschafft|Eine Sache noch|Wir haben es fast",
    "pt": r"Falta só|Agora só|Só mais uma coisa|Estamos quase|Falta pouco",
}
_NEUTRAL = {
    "es": r"^(Entendido|De acuerdo|Claro|Por supuesto|Perfecto|Anotado)\.",
    "fr": r"^(Entendu|D'accord|Bien sûr|Très bien|Parfait|C'est noté)\.",
    "de": r"^(Verstanden|In Ordnung|Gerne|Alles klar|Kein Problem)\.",
    "pt": r"^(Certo|Entendi|Claro|Perfeito|Anotado|Combinado)\.",
}
_COMPLAINT = {
    "es": "Mi pedido llegó roto.",
    "fr": "Mon colis est arrivé cassé.",
    "de": "Mein Paket ist kaputt angekommen.",
    "pt": "Meu pedido chegou quebrado.",
}
_SORRY = {"es": r"siento|lamento", "fr": r"désolé|navré|excuses|pénible|contrariant",
          "de": r"leid|Entschuldigen|unangenehm", "pt": r"sinto|lamento"}  # fmt: skip
_LABEL = {"es": "número de pedido", "fr": "numéro de commande", "de": "Bestellnummer",
          "pt": "número do pedido"}  # fmt: skip


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_the_first_reply_presumes_nothing_and_is_sorry_after_a_complaint(language: str) -> None:
    label = _LABEL[language]
    first = [
        _support(language, s, a.REQUEST_INFO, facts={label: ""}, first_reply=True, after=a.OPEN,
                 after_text="Quisiera cambiar la dirección.", edge_case=flavor)
        for s in range(300)
        for flavor in (None, "details")
    ]  # fmt: skip
    assert not [t for t in first if re.search(_PROGRESS[language], t)]
    assert not [t for t in first if re.search(_NEUTRAL[language], t)]
    later = {
        _support(language, s, a.REQUEST_INFO, facts={_LABEL[language]: ""}, after=a.INFORM,
                 after_text="x", edge_case="details")
        for s in range(300)
    }  # fmt: skip
    assert any(re.search(_PROGRESS[language], t) for t in later)  # kept where it fits
    sorry = [
        _support(language, s, a.REQUEST_INFO, facts={_LABEL[language]: ""}, first_reply=True,
                 after=a.OPEN, after_text=_COMPLAINT[language])
        for s in range(300)
    ]  # fmt: skip
    assert any(re.search(_SORRY[language], t, re.I) for t in sorry)
    assert not [t for t in sorry if re.search(_NEUTRAL[language], t)]


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_a_refusal_after_a_push_back_is_never_the_same_bare_words(language: str) -> None:
    line = "Xyz no es posible según las condiciones."
    for s in range(200):
        text = _support(language, s, a.REFUSE, content=line, after=a.PUSH_BACK)
        assert text != line and line in text, text


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_an_answer_said_again_in_the_same_words_claims_no_rephrase(language: str) -> None:
    rephrase = r"otra manera|otro modo|autrement|reformule|anders|outro jeito|outra forma|claro"
    line = "Xyz tarda cinco días."
    said = {
        _support(language, s, a.ANSWER, content=line, edge_case="repeat", after=a.ASK)
        for s in range(200)
    }
    assert not [t for t in said if re.search(rephrase, t, re.I)], said
    assert len(said) > 2
    again = {
        _support(language, s, a.ANSWER, content=line, edge_case="again", after=a.ASK)
        for s in range(200)
    }
    assert line not in again and any(re.search(rephrase, t, re.I) for t in again), again


@pytest.mark.parametrize(("language", "label"), [("pt", "luzes do roteador"),
                                                 ("es", "causa del daño")])  # fmt: skip
def test_a_shortened_label_takes_the_article_not_a_possessive(language: str, label: str) -> None:
    b = bank(language)
    short = "luzes" if language == "pt" else "causa"
    _, my, the, text, _ = _frames(b, b.frames["one"], short, False, True, shortened=True)
    assert my == the and text == short
    assert the in ("as luzes", "la causa")


def test_a_woman_thanks_in_the_feminine_and_a_man_in_the_masculine() -> None:
    u = Utterance(role="customer", act=a.THANK, after=a.RESOLVE, language="pt")
    women = {realize(u, _persona("pt", "pt_BR", "Mariana"), random.Random(s)) for s in range(200)}
    men = {realize(u, _persona("pt", "pt_BR", "Rodrigo"), random.Random(s)) for s in range(200)}
    assert any(re.search(r"(?i)\bobrigada\b", t) for t in women)
    assert not [t for t in women if re.search(r"(?i)\b(obrigado|grato)\b", t)]
    assert any(re.search(r"(?i)\bobrigado\b", t) for t in men)
    assert not [t for t in men if re.search(r"(?i)\b(obrigada|grata)\b", t)]


def test_a_run_on_puts_a_comma_before_but() -> None:
    u = Utterance(
        role="customer", act=a.PUSH_BACK, content="Ya lo sé. Pero no es justo.", language="es",
        after=a.REFUSE,
    )  # fmt: skip
    p = _persona("es", "es_ES", "Lucía", quirks=("run_on",))
    said = {realize(u, p, random.Random(s)) for s in range(100)}
    assert not [t for t in said if re.search(r"(?i)\by pero\b", t)], said


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_every_request_flavor_reads_a_label_the_grammar_cannot_inflect(language: str) -> None:
    for flavor in (None, "details", "question", "who", "verify"):
        for facts in ({"Zzz qqq": ""}, {"Zzz qqq": "", "Www": ""}):
            for s in range(40):
                text = _support(language, s, a.REQUEST_INFO, facts=facts, edge_case=flavor)
                assert "Zzz qqq" in text, text
