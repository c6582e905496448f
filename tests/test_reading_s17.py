"""Text, reading s17 (main 68718c6, run seed 13579, all five languages): the causes fixed where
the text is composed, checked as behaviour on generated conversations in every language.

- a form's label said as-is ("your account role", "your guest surname", "le nom de famille
  du client") or given back as a field ("ACCOUNT ROLE: NOT ON THE ACCOUNT");
- a choice asked with no options outside English ("el tipo de envío de la tarjeta nueva");
- the overshare privacy remark only in English;
- the turn before pasted again behind "Here it is again:" / "To recap:";
- thanks for details after a bare yes, German verb-second after "Wie ich schon schrieb,",
  greetings in the middle of a chat, sign-offs with more of the message after them;
- wrong_identifier customers sending an impossible date, and "let me check" before the same
  value again.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import replace
from typing import Any

import pytest
from persona_fixture import ADA
from test_reading_s10 import LIBRARY
from test_reading_s16 import _plans, _play

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing.labels import spoken
from agents.planner import Planner
from agents.scripted.values import wrong_value
from agents.types import Turn
from scenarios.edge_cases import load_edge_cases

LANGS = ("en", "es", "fr", "de", "pt")


def _texts(turns: list[Turn], role: str) -> list[str]:
    return [t.content for t in turns if t.role == role and t.content]


def _plans_with_edge(scenario_id: str, language: str, edge: str, n: int) -> list[Any]:
    scenario = next(s for s in LIBRARY if s.id == scenario_id)
    planner = Planner(17, [scenario], load_edge_cases())
    out = []
    for i in range(4000):
        plan = planner.plan(i)
        if plan.persona.language == language and edge in [e.id for e in plan.edge_cases]:
            out.append(plan)
        if len(out) >= n:
            break
    return out


# ---- labels ----------------------------------------------------------------------------

_FIELD = {
    "en": re.compile(r"(?i)account role|guest surname"),
    "es": re.compile(r"(?i)apellido del huésped|rol en la cuenta\s*[:=-]|les cuento: titular"),
    "fr": re.compile(r"(?i)nom de famille du client|rôle sur le compte\s*[:=-]"),
    "de": re.compile(r"(?i)Nachname\w* des Gastes|Kontorolle\s*[:=-]|Rolle im Konto\s*[:=-]"),
    "pt": re.compile(r"(?i)sobrenome do hóspede|papel na conta\s*[:=-]"),
}
_LABELLED = (
    "travel/hotel-cancellation",
    "telecom/sim-replacement-lost-phone",
    "saas/data-deletion-request",
)


@pytest.mark.parametrize("language", LANGS)
def test_labels_are_said_as_a_person_says_them(language: str) -> None:
    """Reading s17: "account role" asked 74 times in 2,000 conversations, "guest surname" 50,
    "le nom de famille du client" 10; customers echoed "ACCOUNT ROLE: NOT ON THE ACCOUNT"."""
    import asyncio

    said = []
    for scenario_id in _LABELLED:
        for plan in _plans(scenario_id, language, {}, 8):
            turns = asyncio.run(_play(plan))
            said += [t for t in _texts(turns, "support") + _texts(turns, "customer")]
    assert len(said) > 60
    bad = [t for t in said if _FIELD[language].search(t)]
    assert not bad, bad[:3]


def test_a_label_with_its_owner_is_said_of_the_person() -> None:
    assert spoken("guest surname") == "surname"
    assert spoken("customer email address") == "email address"
    assert spoken("surname of the passenger") == "surname"
    assert spoken("account role") == "role on the account"
    assert spoken("workspace role") == "role in the workspace"
    assert spoken("order number") == "order number"  # not a person's: as it is
    u = Utterance(role="support", act=a.REQUEST_INFO, facts={"role on the account": ""})
    asks = {realize(u, None, random.Random(s)) for s in range(40)}
    assert all("your role on the account" in t for t in asks), asks


# ---- a choice asked with its options ---------------------------------------------------

_DELIVERY = {
    "es": (re.compile(r"(?i)tipo de envío"), re.compile(r"(?i)estándar o urgente")),
    "fr": (re.compile(r"(?i)mode de livraison"), re.compile(r"(?i)standard ou express")),
    "de": (re.compile(r"(?i)Versandart"), re.compile(r"(?i)Standard- oder Expressversand")),
    "pt": (re.compile(r"(?i)tipo de entrega"), re.compile(r"(?i)padrão ou expressa")),
}


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_a_choice_is_asked_with_its_options(language: str) -> None:
    """Reading s17: "¿Me podría decir el tipo de envío de la tarjeta nueva?" with no options
    (the English asks "standard or express")."""
    import asyncio

    label, options = _DELIVERY[language]
    asked = 0
    for plan in _plans("banking/lost-debit-card", language, {}, 10):
        for t in asyncio.run(_play(plan)):
            if t.role == "support" and t.act == a.REQUEST_INFO and "delivery" in t.slots:
                asked += 1
                assert options.search(t.content) and not label.search(t.content), t.content
    assert asked >= 3


# ---- the privacy remark ----------------------------------------------------------------

_PRIVACY = {
    "en": re.compile(r"(?i)privacy|security|data safe"),
    "es": re.compile(r"(?i)por su seguridad|proteger sus datos"),
    "fr": re.compile(r"(?i)pour votre sécurité|protéger vos données"),
    "de": re.compile(r"(?i)zu Ihrer Sicherheit|zum Schutz Ihrer Daten"),
    "pt": re.compile(r"(?i)para a sua segurança|proteger os seus dados"),
}


@pytest.mark.parametrize("language", LANGS)
def test_an_overshare_gets_a_privacy_remark_in_every_language(language: str) -> None:
    """Reading s17: support made a privacy remark in en 56/67 overshare conversations, de
    0/10, es 0/11, fr 1/11, pt 2/10."""
    import asyncio

    plans = _plans_with_edge("saas/duplicate-charge", language, "overshares_personal_data", 6)
    plans += _plans_with_edge("banking/lost-debit-card", language, "overshares_personal_data", 6)
    assert len(plans) >= 8
    noted = sum(
        any(_PRIVACY[language].search(t) for t in _texts(asyncio.run(_play(p)), "support"))
        for p in plans
    )
    assert noted >= 0.8 * len(plans), (noted, len(plans))


# ---- the turn before, pasted -----------------------------------------------------------

_SENT = re.compile(r"[^.!?]+[.!?]*")


def _pasted(text: str, before: str) -> bool:
    sentences = [s.strip() for s in _SENT.findall(before) if len(s.split()) >= 5]
    if len(sentences) < 2:
        return False
    return sum(1 for s in sentences if s.rstrip(".!?") in text) >= (2 * len(sentences) + 2) // 3


@pytest.mark.parametrize("language", LANGS)
def test_an_answer_asked_again_is_never_the_turn_before_pasted(language: str) -> None:
    """Reading s17: "Here it is again: <the turn before>" (11) and "To recap: <the same>" (10)
    after "can you go over that again?"."""
    import asyncio

    checked = 0
    for scenario_id in ("insurance/home-water-damage-claim", "saas/cancel-subscription-refund"):
        for plan in _plans_with_edge(scenario_id, language, "repeats_question", 10):
            turns = [t for t in asyncio.run(_play(plan)) if t.content]
            for before, after in zip(turns, turns[2:], strict=False):
                if before.role == after.role == "support" and after.act == a.ANSWER:
                    checked += 1
                    assert not _pasted(after.content, before.content), after.content
    assert checked >= 5


# ---- acknowledgements, word order, greetings, sign-offs --------------------------------

_THANKS_DETAILS = re.compile(
    r"(?i)^(?:Vielen Dank für die Angaben|Danke für die Informationen|So, ich habe alles|"
    r"Gracias por los datos|Gracias por la información|Merci pour ces informations|Merci pour "
    r"les précisions|Bien, j'ai tout|Obrigado pelos dados|Obrigado pelas informações|Certo, já "
    r"tenho tudo)"
)


@pytest.mark.parametrize("language", ["es", "fr", "de", "pt"])
def test_no_thanks_for_details_after_a_bare_yes(language: str) -> None:
    """Reading s17: "Vielen Dank für die Angaben. Alles erledigt: ..." after "Ja, bitte"."""
    u = Utterance(
        role="support", act=a.RESOLVE, content="Alles erledigt: der Flug ist umgebucht.",
        after=a.ACCEPT, after_text="Ja, bitte.", language=language, turn_index=9,
    )  # fmt: skip
    texts = [realize(u, None, random.Random(s)) for s in range(200)]
    assert not [t for t in texts if _THANKS_DETAILS.search(t)]


def test_german_points_back_with_the_verb_second() -> None:
    """Reading s17: "Wie ich schon schrieb, eine vorläufige Gutschrift sehen Sie ..."."""
    content = "Eine vorläufige Gutschrift sehen Sie innerhalb von 10 Werktagen."
    for act in (a.ANSWER, a.RESOLVE, a.REFUSE):
        u = Utterance(
            role="support", act=act, content=content, edge_case="repeat", language="de",
            after=a.ASK, after_text="Und wann bekomme ich das Geld?", turn_index=9,
        )  # fmt: skip
        for s in range(150):
            text = realize(u, None, random.Random(s))
            assert not re.search(r"(?:schrieb|erwähnt|erklärt|gesagt), [a-zäöü]", text), text


_GREETED = {
    "es": "Hola, quiero cancelar mi pedido, por favor.",
    "fr": "Bonjour, je veux annuler ma commande, s'il vous plaît.",
    "de": "Grüß Gott! Ich möchte eine Bestellung rückgängig machen.",
    "pt": "Olá, quero cancelar o meu pedido, por favor.",
}
_GREETING = re.compile(r"(?i)^\W*(?:hola|bonjour|grüß gott|olá)\b")


@pytest.mark.parametrize("language", list(_GREETED))
def test_no_greeting_in_the_middle_of_a_chat(language: str) -> None:
    """Reading s17: "grüß gott! ich möchte ..." and "Olá, mas ..." after the first turn."""
    persona = ADA.model_copy(update={"language": language})
    u = Utterance(
        role="customer", act=a.OPEN, content=_GREETED[language], language=language,
        after=a.CLARIFY, after_text="?", turn_index=2,
    )  # fmt: skip
    texts = [realize(u, persona, random.Random(s)) for s in range(60)]
    assert not [t for t in texts if _GREETING.search(t)], texts[:3]
    first = [realize(replace(u, turn_index=0), persona, random.Random(s)) for s in range(20)]
    assert any(_GREETING.search(t) for t in first)  # an opening still greets


_SIGNOFF = re.compile(
    r"(?i)(?:Mit freundlichen Grüßen|Viele Grüße|Kind regards|Best regards|Saludos cordiales|"
    r"Un saludo|Cordialement|Atenciosamente|Abraços)[.!,]?\s+\S+"
)


@pytest.mark.parametrize("language", LANGS)
def test_a_sign_off_ends_the_message(language: str) -> None:
    """Reading s17: "Mit freundlichen Grüßen. Die Sendungsverfolgung ... habe ich schon
    geprüft", "Kind regards! My dog is climbing on me ..."."""
    persona = ADA.model_copy(
        update={"language": language, "tone": "polite", "verbosity": "chatty",
                "tech_savviness": "high"}
    )  # fmt: skip
    for plan in _plans("ecommerce/package-marked-delivered-not-received", language, {}, 3):
        plan = plan.model_copy(update={"persona": persona})
        for s in range(40):
            u = Utterance(
                role="customer",
                act=a.OPEN,
                content=plan.scenario.customer.goal,
                language=language,
                domain="ecommerce",
                turn_index=0,
            )
            text = realize(u, persona, random.Random(s))
            assert not _SIGNOFF.search(text), text


# ---- wrong identifiers -----------------------------------------------------------------

_DATE = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})")


def test_a_wrong_date_is_still_a_date() -> None:
    """Reading s17: "04/10/1562", "12.70.1996" sent, then sent again."""
    rng = random.Random(3)
    for value in ("04/10/1962", "12.07.1996", "1990-07-27", "27/07/1990", "1984-12-31"):
        for _ in range(200):
            wrong = wrong_value(value, rng)
            assert wrong != value
            parts = _DATE.fullmatch(wrong)
            assert parts is not None, wrong
            for old, new in zip(
                _DATE.fullmatch(value).group(1, 3, 4),  # type: ignore[union-attr]
                parts.group(1, 3, 4),
                strict=True,
            ):
                if len(old) == 4:
                    assert 1900 <= int(new) <= 2035, wrong
                else:
                    assert 1 <= int(new) <= (12 if int(old) <= 12 else 31), wrong


_LOOK_AGAIN = re.compile(
    r"(?i)let me check|ich schaue noch mal|lo miro otra vez|je revérifie|vou conferir de novo"
)


@pytest.mark.parametrize("language", LANGS)
def test_a_value_sent_again_is_insisted_on_not_looked_up(language: str) -> None:
    """Reading s17: "Ich schaue noch mal. Einmal Geburtsdatum: 12.70.1996." (the same value)."""
    import asyncio

    resent = 0
    for scenario_id in ("banking/overdraft-fee-refund", "ecommerce/refund-damaged-item"):
        for plan in _plans_with_edge(scenario_id, language, "wrong_identifier", 10):
            turns = [t for t in asyncio.run(_play(plan)) if t.content]
            for before, after in itertools.pairwise(turns):
                if before.act != a.VERIFY_FAILED or after.role != "customer":
                    continue
                values = [v for v in before.slots.values() if v]
                if any(v in after.content for v in values):
                    resent += 1
                    assert not _LOOK_AGAIN.search(after.content), after.content
    assert resent >= 2
