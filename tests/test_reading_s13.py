"""Support text, reading s13 (an independent reader, seed 24680, all five languages): the
causes fixed where the text is composed, checked as behaviour in every language.

- the record's status said again after the decision ("... ends when this billing cycle
  closes. The service is now marked cancelled.", "La tarjeta figura ahora como bloqueada.")
  or quoted as the system's label ('Status „aktiv“', "it's marked no scan since check-in");
- a record announced, then its own key or a "so I can find it" asked for ("J'ai retrouvé la
  commande. ... votre numéro de commande?", "Veo el pedido ... Para encontrarlo ...");
- a yes/no fact asked as a noun ("brauche ich ob jemand verletzt wurde").
"""

from __future__ import annotations

import random
import re

import pytest
from test_support_coherence import DOMAIN
from tool_domain import refund_plan

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.scripted.tool_words import Words
from agents.scripted.tooluse import Clerk
from agents.tools import Desk

LANGS = ("en", "de", "es", "fr", "pt")
_QUOTED = re.compile(r"«[^»\d]+»|„[^“\d]+“|\"[^\"\d]+\"")


# ---- the status: said once, in words -------------------------------------------------------


_UNSAYABLE = [
    (lang, noun, status)
    for lang in LANGS
    for noun, status in (
        ("bag", "no scan since check-in"),
        ("trace", "trace opened"),
        ("bag", "located at the hub"),
        ("gizmo", "on hold"),
        ("order", "awaiting pickup window"),
    )
    # English says these after "it's"; the other banks have no word for them
    if lang != "en" or status in ("no scan since check-in", "trace opened")
]


@pytest.mark.parametrize(("language", "noun", "status"), _UNSAYABLE)
def test_a_status_the_language_cannot_say_as_a_word_is_left_out(
    language: str, noun: str, status: str
) -> None:
    for seed in range(12):
        text = Words(language).say("found", random.Random(seed), noun=noun, status=status)
        assert not _QUOTED.search(text), text
        assert status not in text and "marked" not in text, text


@pytest.mark.parametrize(
    ("language", "noun", "status", "said"),
    [
        ("en", "card", "blocked", "it's blocked"),
        ("en", "bag", "in transit", "it's in transit"),
        ("de", "card", "blocked", "sie ist gesperrt"),
        ("de", "account", "active", "es ist aktiv"),
        ("es", "card", "blocked", "bloqueada"),
        ("fr", "card", "blocked", "elle est"),
        ("pt", "card", "blocked", "bloqueado"),
    ],
)
def test_a_status_is_said_as_a_word_agreeing_with_its_record(
    language: str, noun: str, status: str, said: str
) -> None:
    texts = [
        Words(language).say("found", random.Random(seed), noun=noun, status=status)
        for seed in range(8)
    ]
    assert all(not _QUOTED.search(t) for t in texts), texts
    assert any(said in t for t in texts), texts


def test_an_action_does_not_add_the_records_new_status_after_the_decision() -> None:
    plan = refund_plan(1, "ORD-10001")
    clerk = Clerk(plan, Desk(DOMAIN.new_state()), [], random.Random(1))
    clerk.look_up({"order_id": "ORD-10001"})
    refused = clerk.act()
    assert refused is None and clerk.wrote
    assert not hasattr(clerk, "after")  # nothing is kept to be said after the decision


# ---- a record found, then its key asked for -------------------------------------------------


def test_records_found_are_not_announced_beside_a_request_for_their_own_key() -> None:
    clerk = Clerk(refund_plan(1, "ORD-10001"), Desk(DOMAIN.new_state()), [], random.Random(1))
    clerk.found = [("orders", None)]  # a list lookup: "your orders"
    assert clerk.news(["order_id", "order number"]) == []
    assert clerk.news(["email", "email address"]) == [("orders", None)]


_LOCATE = re.compile(
    r"(?i)localizo|localizarlo|encontrarlo|localizar su caso|localizar o seu caso|retrouver "
    r"votre dossier|finde ich Ihren Vorgang|Vorgang zu finden|look into your order"
)


@pytest.mark.parametrize("language", LANGS)
def test_a_request_after_a_record_was_found_does_not_say_it_is_to_find_it(language: str) -> None:
    for seed in range(150):
        for facts in ({"email": ""}, {"email": "", "last name": ""}):
            u = Utterance(
                role="support",
                language=language,
                act=a.REQUEST_INFO,
                facts=facts,
                noted=True,
                domain="ecommerce",
            )
            text = realize(u, None, random.Random(seed))
            assert not _LOCATE.search(text), text


# ---- a yes/no fact is asked as a question ---------------------------------------------------

_CLAUSE_AS_NOUN = re.compile(
    r"(?i)(?:brauche|benötige|bräuchte) ich (?:noch |kurz |bitte )*ob|bitte ob|um ob|"
    r"(?:necesito|falta|pedirle|indica|facilita|dar) si\b|(?:besoin de|donner|indiquer) si\b|"
    r"(?:preciso|confirmar|informar|passa) se\b"
)


@pytest.mark.parametrize(
    ("language", "label", "noun"),
    [
        ("de", "Verletzungen", "Policennummer"),
        ("de", "Backup-Codes", "E-Mail-Adresse"),
    ],
)
@pytest.mark.parametrize("edge", [None, "details", "question", "verify"])
def test_a_yes_no_fact_is_asked_as_a_question_alone_or_beside_nouns(
    language: str, label: str, noun: str, edge: str | None
) -> None:
    for seed in range(80):
        for facts in ({label: ""}, {noun: "", label: ""}):
            u = Utterance(
                role="support", language=language, act=a.REQUEST_INFO, facts=facts, edge_case=edge
            )
            text = realize(u, None, random.Random(seed))
            assert not _CLAUSE_AS_NOUN.search(text), text
            assert " ob " in text, text
            # the indirect question is part of a question or of "I need to know"
            clause = text[text.index(" ob ") :]
            assert "?" in clause or re.search(r"wissen|fragen", text), text
