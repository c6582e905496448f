"""A claimed action is held against the tool of what it names, in every language (actless12).

Session 17 mapped a claim to the domain's write tools by the action's family and chose among
tools of one family by the claim's words, which only worked where the claim shared words with
the tool's English name: "He cambiado la dirección" after `update_phone` passed, since any
change tool counted. A claim of a family the domain has under another name ("devuelto" where
the tool is `return_shipment`, "reembolso" where it is `issue_credit`) was undecided or passed.
Built on a domain of this test's own (tests/data/bikeshop: a workshop taking bikes in by
post), never the library's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat

from agents.types import Verdict
from agents.understanding.negation import LANGUAGES, not_now
from scenarios.loader import load_scenarios

HERE = Path(__file__).resolve().parent / "data" / "bikeshop"
DESK = next(s for s in load_scenarios([HERE]) if s.id == "bikeshop/change-details")
VARS = {"booking_id": "BK-5101", "customer_email": "lea.b@example.net"}
ROW = {
    "booking_id": "BK-5101", "status": "booked", "cleaning": "added", "bike": "in_workshop",
    "customer_id": "CU-301", "email": "lea.b@example.net", "address": "7 Ash Walk, Leeds",
    "phone": "+44 113 496 0001",
}  # fmt: skip
CU = {"customer_id": "CU-301"}
BK = {"booking_id": "BK-5101"}
CALLS: dict[str, tuple[dict[str, object], dict[str, str]]] = {
    "update_address": ({**CU, "address": "1 New Rd, York"}, {**CU, "address": "1 New Rd, York"}),
    "update_phone": ({**CU, "phone": "+44 113 496 0999"}, {**CU, "phone": "+44 113 496 0999"}),
    "cancel_booking": ({**BK, "status": "cancelled"}, BK),
    "cancel_addon": ({**BK, "cleaning": "none"}, BK),
    "issue_credit": ({**CU, "credit": 12.0}, {**CU, "amount": "12"}),
    "return_shipment": ({**BK, "bike": "posted_back"}, BK),
}
OPENING = {
    "en": ("I need to change something on my booking.", "BK-5101, lea.b@example.net", "thanks"),
    "es": ("Necesito cambiar algo de mi reserva.", "BK-5101, lea.b@example.net", "gracias"),
    "fr": ("Je dois modifier quelque chose.", "BK-5101, lea.b@example.net", "merci"),
    "de": ("Ich muss etwas ändern lassen.", "BK-5101, lea.b@example.net", "danke"),
    "pt": ("Preciso de alterar uma coisa.", "BK-5101, lea.b@example.net", "obrigada"),
}
ASK = {
    "en": "Booking number and email, please?",
    "es": "¿Me da el número de reserva y su correo?",
    "fr": "Pouvez-vous me donner le numéro de réservation et votre e-mail ?",
    "de": "Nennen Sie mir bitte die Buchungsnummer und Ihre E-Mail-Adresse?",
    "pt": "Pode dar-me o número da reserva e o seu e-mail?",
}


def _verdict(lang: str, made: list[str], claim: str) -> Verdict:
    first, facts, bye = OPENING[lang]
    chat = Chat(DESK, VARS).customer(first).support(ASK[lang]).customer(facts)
    chat = chat.call("get_booking", ROW, **BK)
    for name in made:
        result, args = CALLS[name]
        chat = chat.call(name, result, **args)
    return chat.support(claim).customer(bye).verdict()


def _unmade(verdict: Verdict) -> list[str]:
    return [f.explanation for f in verdict.findings if f.category == "unperformed_action"]


# -- 1. two tools of one family, told apart by the claim's object in its own language ----------

ADDRESS_CHANGED = {
    "en": "I've changed the address on your account.",
    "es": "He cambiado la dirección de su cuenta.",
    "fr": "J'ai modifié l'adresse de votre compte.",
    "de": "Ich habe die Adresse in Ihrem Konto geändert.",
    "pt": "Alterei a morada da sua conta.",
}
PHONE_CHANGED = {
    "en": "I've updated your phone number.",
    "es": "He actualizado su número de teléfono.",
    "fr": "J'ai mis à jour votre numéro de téléphone, c'est modifié.",
    "de": "Ich habe die Telefonnummer geändert.",
    "pt": "Atualizei o seu número de telefone.",
}
BOOKING_CANCELLED = {
    "en": "I've cancelled your booking.",
    "es": "He cancelado su reserva.",
    "fr": "J'ai annulé votre réservation.",
    "de": "Ich habe Ihre Buchung storniert.",
    "pt": "Cancelei a sua reserva.",
}
EXTRA_CANCELLED = {
    "en": "I've cancelled the add-on; your booking stays.",
    "es": "He cancelado el extra de su reserva.",
    "fr": "J'ai annulé l'option de votre réservation.",
    "de": "Ich habe die Zusatzleistung Ihrer Buchung storniert.",
    "pt": "Cancelei o extra da sua reserva.",
}
WRONG_OBJECT = [
    *((lang, ADDRESS_CHANGED[lang], "update_phone", "update_address") for lang in LANGUAGES),
    *((lang, PHONE_CHANGED[lang], "update_address", "update_phone") for lang in LANGUAGES),
    *((lang, BOOKING_CANCELLED[lang], "cancel_addon", "cancel_booking") for lang in LANGUAGES),
    *((lang, EXTRA_CANCELLED[lang], "cancel_booking", "cancel_addon") for lang in LANGUAGES),
]


@pytest.mark.parametrize(("lang", "claim", "made", "claimed"), WRONG_OBJECT)
def test_a_claim_names_its_tool_by_its_object_in_its_language(
    lang: str, claim: str, made: str, claimed: str
) -> None:
    found = _unmade(_verdict(lang, [made], claim))
    assert len(found) == 1, found
    assert f"what {claimed} does" in found[0] and made in found[0]


@pytest.mark.parametrize(("lang", "claim", "made", "claimed"), WRONG_OBJECT)
def test_the_claimed_object_made_is_no_finding(
    lang: str, claim: str, made: str, claimed: str
) -> None:
    verdict = _verdict(lang, [claimed], claim)
    assert _unmade(verdict) == []
    assert "unperformed_action" not in verdict.unjudged


# -- 2. a family the domain has under another name --------------------------------------------

SENT_BACK = {
    "en": "I've sent the bike back to you unrepaired.",
    "es": "Le he devuelto la bicicleta sin reparar.",
    "fr": "J'ai retourné le vélo chez vous, sans réparation.",
    "de": "Ich habe Ihnen das Rad unrepariert zurückgeschickt.",
    "pt": "Devolvi-lhe a bicicleta sem reparação.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_goods_said_sent_back_are_the_domains_return_tool(lang: str) -> None:
    found = _unmade(_verdict(lang, ["update_phone"], SENT_BACK[lang]))
    assert len(found) == 1 and "return_shipment" in found[0], found
    verdict = _verdict(lang, ["return_shipment"], SENT_BACK[lang])
    assert _unmade(verdict) == [] and "unperformed_action" not in verdict.unjudged


REFUNDED = {
    "en": "I've refunded you 12 EUR.",
    "es": "Le he reembolsado 12 EUR.",
    "fr": "Je vous ai remboursé 12 EUR.",
    "de": "Ich habe Ihnen 12 EUR erstattet.",
    "pt": "Reembolsei-lhe 12 EUR.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_refund_where_the_domain_only_credits_is_held_against_the_credit_tool(
    lang: str,
) -> None:
    made = _verdict(lang, ["issue_credit"], REFUNDED[lang])
    assert _unmade(made) == [] and "unperformed_action" not in made.unjudged
    # a phone number changed pays nothing back: the refund was not made
    found = _unmade(_verdict(lang, ["update_phone"], REFUNDED[lang]))
    assert len(found) == 1 and "issue_credit" in found[0], found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_refund_after_a_cancellation_is_undecided_and_reported_as_that(lang: str) -> None:
    """A cancellation may pay back on its own: undecided, under the finding's own name."""
    verdict = _verdict(lang, ["cancel_booking"], REFUNDED[lang])
    assert _unmade(verdict) == []
    assert "unperformed_action" in verdict.unjudged
    assert verdict.label != "ACCEPT" or verdict.unjudged


# -- 0. one reader of negations, modals and conditions ------------------------------------------

NOT_DONE = {
    "en": ["nothing has been changed", "i will cancel it", "i was unable to change it"],
    "es": ["no se ha cambiado nada", "puedo cancelarla", "cuando confirme, la cancelo"],
    "fr": ["rien n'a ete modifie", "je peux l'annuler", "des que vous confirmez"],
    "de": ["es wurde nichts geandert", "ich kann sie stornieren", "sobald sie bestatigen"],
    "pt": ["nao foi alterado", "posso cancelar", "assim que confirmar"],
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_reader_says_what_is_not_done_now_in_five_languages(lang: str) -> None:
    assert all(not_now(text) for text in NOT_DONE[lang])
    assert not not_now({"en": "i have changed it", "es": "la he cambiado", "fr": "je l'ai "
        "modifiee", "de": "ich habe sie geandert", "pt": "alterei-a"}[lang])  # fmt: skip


# -- a record said to have a value now claims the change of that field ---------------------------

NOW_HAS = {
    "en": "Done: your account now has the phone +44 113 496 0999 and the address 12 Elm Court.",
    "es": "Listo: su cuenta tiene ahora el teléfono +44 113 496 0999 y la dirección 12 Elm Court.",
    "fr": "C'est fait : votre compte a maintenant le téléphone +44 113 496 0999 et l'adresse "
    "12 Elm Court.",
    "de": "Erledigt: Ihr Konto hat jetzt die Telefonnummer +44 113 496 0999 und die Adresse "
    "12 Elm Court.",
    "pt": "Feito: a sua conta tem agora o telefone +44 113 496 0999 e a morada 12 Elm Court.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_now_has_a_value_claims_the_change_of_that_field(lang: str) -> None:
    found = _unmade(_verdict(lang, ["update_phone"], NOW_HAS[lang]))
    assert len(found) == 1 and "update_address" in found[0], found
    assert _unmade(_verdict(lang, ["update_phone", "update_address"], NOW_HAS[lang])) == []


ALSO_THE_OTHER = {
    "en": "Done: I've updated the phone number and also the address.",
    "es": "Listo: he actualizado el teléfono y también la dirección.",
    "fr": "C'est fait : j'ai modifié le téléphone et aussi l'adresse.",
    "de": "Erledigt: Ich habe die Telefonnummer geändert und auch die Adresse.",
    "pt": "Feito: alterei o telefone e também a morada.",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_second_object_of_one_claim_is_held_against_its_own_tool(lang: str) -> None:
    """Outsider 22's probe: "he actualizado el teléfono y también el correo electrónico de
    la reserva HB-2082" after only `update_phone` on that reservation passed."""
    found = _unmade(_verdict(lang, ["update_phone"], ALSO_THE_OTHER[lang]))
    assert len(found) == 1 and "update_address" in found[0], found
    assert _unmade(_verdict(lang, ["update_phone", "update_address"], ALSO_THE_OTHER[lang])) == []
