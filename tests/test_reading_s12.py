"""Support text, reading s12 (an independent reader, seed 13579, all five languages): the
causes fixed where the text is composed, checked as behaviour over many draws and in every
language, not on one phrase.

- an acknowledgement that does not fit the turn it answers: a decision text's "Thanks, that
  matches." after "Lost them too." (a turn that verified nothing), "Great question!" to an
  angry customer, "First things first" after push-back;
- labels asked as a form's fields ("Ich brauche diese Angabe: Beginn des
  Versicherungsschutzes ...", "preciso desta informação: orçamento do conserto") and a noun
  label put where a clause goes ("Ich muss noch wissen, den Status des Führerscheins");
- grammar at the seams: "pouvez-vous me indiquer" (French elision), ISO dates in English
  text ("now flies on 2025-07-11");
- a record announced in every reply ("I can see the account - it's active." turn after
  turn) and a record announced beside a request for its own identifier ("Ich habe die
  Bestellung jetzt vor mir. ... Ihre Bestellnummer?").
"""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import pytest
from test_support_coherence import BOTH, DOMAIN, OPEN, said
from tool_domain import refund_plan

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing.elision import elide
from agents.phrasing.local_bank import bank
from agents.phrasing.local_numbers import iso_forms
from agents.scripted.support import ScriptedSupport
from agents.scripted.tooluse import Clerk
from agents.tools import Desk
from agents.types import Turn

LANGS = ("en", "de", "es", "fr", "pt")
DRAWS = range(60)


def _support(language: str, seed: int, **kw: Any) -> str:
    return realize(Utterance(role="support", language=language, **kw), None, random.Random(seed))


# ---- acknowledgements --------------------------------------------------------------------

_MATCHES = {
    "en": "Thanks, that matches. I've scheduled a two-factor reset for ada@example.com.",
    "de": "Danke, das passt. Ich habe das Zurücksetzen für ada@example.com eingeplant.",
    "es": "Gracias, coincide. He programado el restablecimiento para ada@example.com.",
    "fr": "Merci, c'est bien ça. J'ai programmé la réinitialisation pour ada@example.com.",
    "pt": "Obrigado, confere. Programei a redefinição para ada@example.com.",
}
_SAYS_MATCH = re.compile(r"(?i)that matches|das passt|coincide|c'est bien ça|confere")


@pytest.mark.parametrize("language", LANGS)
def test_a_decision_on_a_turn_that_verified_nothing_does_not_say_it_matches(
    language: str,
) -> None:
    for seed in DRAWS:
        text = _support(
            language,
            seed,
            act=a.RESOLVE,
            content=_MATCHES[language],
            edge_case="details",  # the customer's last turn checked nothing ("Lost them too.")
            after=a.INFORM,
            after_text="Lost them too.",
        )
        assert not _SAYS_MATCH.search(text), text
        assert "ada@example.com" in text, text
    # after details that did verify, the author's words stand
    text = _support(language, 1, act=a.RESOLVE, content=_MATCHES[language], after=a.INFORM)
    assert _SAYS_MATCH.search(text), text


_ANGRY = {
    "en": "This is ridiculous!! How long does a refund take?",
    "de": "Das ist doch lächerlich!! Wie lange dauert die Erstattung?",
    "es": "¡¡Esto es inaceptable!! ¿Cuánto tarda el reembolso?",
    "fr": "C'est scandaleux!! Combien de temps prend le remboursement?",
    "pt": "Isso é um absurdo!! Quanto tempo demora o reembolso?",
}
_CHEER = re.compile(
    r"(?i)(great question|good question|glad you asked|gute frage|das fragen viele|"
    r"buena pregunta|bonne question|boa pergunta|ótima pergunta|duda muy habitual|"
    r"qu'on nous pose souvent|bem comum)"
)


@pytest.mark.parametrize("language", LANGS)
def test_an_angry_question_is_answered_without_praise_for_the_question(language: str) -> None:
    for seed in range(200):
        text = _support(
            language,
            seed,
            act=a.ANSWER,
            content="Refunds reach your card within 5 business days.",
            after=a.ASK,
            after_text=_ANGRY[language],
        )
        assert not _CHEER.search(text), text


def test_a_request_after_push_back_does_not_start_the_case_over() -> None:
    for seed in range(300):
        text = _support(
            "en",
            seed,
            act=a.REQUEST_INFO,
            facts={"order number": ""},
            after=a.PUSH_BACK,
            after_text="Why do you need that? Just refund me.",
        )
        assert not re.search(r"(?i)first things first|step one|to begin|just to start", text)


# ---- labels in sentences -----------------------------------------------------------------

_FORM = re.compile(
    r"(?i)(diese Angabe|folgende Angabe|este dato|desta informação|cette information)\s*:"
)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("de", ("Beginn des Versicherungsschutzes", "Status des Führerscheins")),
        ("de", ("Schadensursache", "Kostenvoranschlag")),
        ("es", ("presupuesto de la reparación",)),
        ("fr", ("devis des réparations",)),
        ("pt", ("orçamento do conserto",)),
    ],
)
def test_labels_a_bank_does_not_list_are_asked_in_a_sentence(
    language: str, labels: tuple[str, ...]
) -> None:
    for seed in DRAWS:
        for flavor in (None, "details"):
            text = _support(
                language,
                seed,
                act=a.REQUEST_INFO,
                facts=dict.fromkeys(labels, ""),
                edge_case=flavor,
                after=a.INFORM,
                after_text="ok",
            )
            assert not _FORM.search(text), text


def test_a_gender_is_read_from_the_ending_of_a_word_the_bank_does_not_list() -> None:
    assert bank("es").your("presupuesto de la reparación") == "el presupuesto de la reparación"
    assert bank("pt").your("orçamento do conserto") == "o orçamento do conserto"
    assert bank("fr").your("devis des réparations") == "le devis des réparations"
    assert bank("es").nouns.np("the", bank("es").nouns.noun("problema")) == "el problema"


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("de", "Status des Führerscheins"),
        ("es", "estado del carné"),
        ("fr", "statut du permis"),
        ("pt", "situação da carteira"),
    ],
)
def test_a_noun_label_of_a_question_fact_goes_in_a_nouns_frame(language: str, label: str) -> None:
    # English asks "whether their licence is valid"; the other languages' label is a noun,
    # which German cannot put after "Ich muss noch wissen," (a clause's comma)
    clause_frame = re.compile(r"(?i)(wissen|sagen|fragen), (den|die|das|der|des|dem)\b")
    for seed in DRAWS:
        text = _support(
            language,
            seed,
            act=a.REQUEST_INFO,
            facts={label: ""},
            edge_case="question",
            after=a.INFORM,
            after_text="ok",
        )
        assert not clause_frame.search(text), text
        assert not _FORM.search(text), text


def test_a_clause_label_is_still_asked_as_the_question_it_is() -> None:
    text = _support(
        "de",
        3,
        act=a.REQUEST_INFO,
        facts={"ob jemand verletzt wurde": ""},
        edge_case="question",
        after=a.INFORM,
        after_text="ok",
    )
    assert ", ob jemand verletzt wurde" in text, text


# ---- grammar at the seams ----------------------------------------------------------------


def test_french_elides_at_every_seam() -> None:
    assert (
        elide("Pouvez-vous me indiquer votre adresse?") == "Pouvez-vous m'indiquer votre adresse?"
    )
    assert elide("Je ai vu que il manque, si il faut") == "J'ai vu qu'il manque, s'il faut"
    assert elide("transmettez-le à votre opérateur") == "transmettez-le à votre opérateur"
    assert elide("le haut du colis, si elle veut") == "le haut du colis, si elle veut"
    assert elide("que ORD-12345 ne", ["ORD-12345"]) == "que ORD-12345 ne"


def test_french_support_requests_have_no_unelided_pronoun() -> None:
    unelided = re.compile(r"\b(?<!-)(me|te|le|de|que|ne|je) [aeiouéèêàâîôû]")
    labels = ("adresse e-mail", "identifiant de connexion", "adresse de livraison")
    for seed in range(300):
        for act, case in ((a.REQUEST_INFO, None), (a.REDIRECT, "off_topic")):
            # (a redirect goes back to the request: "Reprenons ...: pouvez-vous me indiquer")
            text = _support(
                "fr",
                seed,
                act=act,
                facts={labels[seed % 3]: ""},
                edge_case=case,
                after=a.CHITCHAT,
                after_text="Il pleut chez vous?",
            )
            assert not unelided.search(text), text


def test_english_support_states_a_date_as_a_person_writes_it() -> None:
    for seed in DRAWS:
        text = _support(
            "en",
            seed,
            act=a.RESOLVE,
            content="Done: HFBCND now flies on 2025-07-11 at 09:40.",
            after=a.ACCEPT,
        )
        assert "2025-07-11" not in text, text
        assert "July 11, 2025" in text, text
        assert iso_forms(text) == ["2025-07-11"]  # the checks read the stored value back


# ---- what a lookup showed, said once -----------------------------------------------------


def _conversation(customer: list[Turn], seed: int) -> list[Turn]:
    plan = refund_plan(seed, "ORD-10001")
    desk = Desk(DOMAIN.new_state())
    turns: list[Turn] = []
    memory: dict[str, Any] = {}
    for turn in customer:
        turns.append(turn)
        reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory, desk))
        turns.extend(desk.take())
        turns.append(reply.turn)
        memory = reply.memory
    return turns


_ANNOUNCES = re.compile(r"(?i)(I've pulled up|I found the|I can see the|I have the \w+ )")


@pytest.mark.parametrize("seed", range(1, 31))
def test_a_record_is_announced_once_in_a_conversation(seed: int) -> None:
    order_only = said(a.INFORM, "It's ORD-10001.", order_id="ORD-10001")
    why = said(a.PUSH_BACK, "Why do you need my email? You have the order.")
    turns = _conversation([OPEN, order_only, why, BOTH], seed)
    support = [t.content for t in turns if t.role == "support" and t.content]
    assert sum(bool(_ANNOUNCES.search(t)) for t in support) <= 1, support


def test_a_record_is_not_announced_beside_a_request_for_its_own_identifier() -> None:
    plan = refund_plan(1, "ORD-10001")
    clerk = Clerk(plan, Desk(DOMAIN.new_state()), [], random.Random(1))
    clerk.found = [("order", "delivered")]
    assert clerk.news(["order_id", "order number"]) == []
    assert clerk.news(["email", "email address"]) == [("order", "delivered")]


def test_the_readers_of_anger_and_of_a_declined_answer_hold_both_ways() -> None:
    from agents.phrasing.acks import declined, heated

    assert heated("This is ridiculous!! Where is it?") and heated("Na toll, das ging ja schnell.")
    assert heated("Love that for me... Can I keep my number? Cannot wait! 😤")
    assert heated("Não é a primeira vez que isso acontece. E os débitos?")
    assert not heated("Hi, could you tell me how long a refund takes?")
    assert declined("I'm afraid I can't tell you more about that from here.")
    assert declined("Me temo que desde aquí no puedo decirle nada más sobre eso.")
    assert not declined("Keep the receipts. Let me know if there's anything else!")


@pytest.mark.parametrize("language", LANGS)
def test_a_customer_does_not_thank_for_an_explanation_that_was_declined(language: str) -> None:
    said_nothing = {
        "en": "I'm afraid I can't tell you more about that from here.",
        "de": "Dazu kann ich Ihnen von hier aus leider nicht mehr sagen.",
        "es": "Me temo que desde aquí no puedo decirle nada más sobre eso.",
        "fr": "Désolé, je ne peux pas vous en dire plus d'ici.",
        "pt": "Infelizmente daqui eu não consigo te dizer mais nada sobre isso.",
    }[language]
    understood = re.compile(
        r"(?i)(makes sense|clears it up|answers my question|keep that in mind|jetzt (ist|verstehe)|"
        r"ergibt sinn|lo entiendo|me queda claro|lo tendré en cuenta|je comprends mieux|"
        r"je vois à présent|agora entendi|faz sentido|ficou claro)"
    )
    for seed in range(150):
        text = realize(
            Utterance(
                role="customer",
                act=a.ACCEPT,
                after=a.ANSWER,
                after_text=said_nothing,
                language=language,
            ),
            None,
            random.Random(seed),
        )
        assert not understood.search(text), text
