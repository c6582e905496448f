"""Outsider 22 (a hotel desk nobody here wrote): false passes and alarms of the checks on
act-less text, re-told on the courier test domain (tests/data/courier) in words of our own
and in five languages, never the outsider's sentences.

- a policy that verifies before the record is touched at all, in its own words, covers a
  handover and the record's status told (agents.understanding.handover_scope);
- a policy that says to hand over whoever asks for a person is an obligation: the reply to
  the request is judged by itself, not by when the customer leaves
  (agents.understanding.handover_duty, agents.checks.escalation);
- a mailbox on the business's own mail domain is the desk's, not a customer's data
  (agents.checks.pii).
"""

from __future__ import annotations

import pytest
from courier_chat import INSURE, LAMP, LAMP_ROW, Chat
from test_actless7_gaps import PX4

from agents.types import Outcome
from agents.understanding.handover_duty import obliges_handover
from agents.understanding.handover_scope import verifies_before_handover, verifies_before_record

FRAGILE = {"parcel_id": "PX-5501", "sender_id": "S1", "postcode": "KT4 7PL", "fragile": "true"}
VASE_ROW = {
    "parcel_id": "PX-5501", "contents": "ceramic vase", "fragile": True, "status": "booked",
    "due_date": "2026-11-28", "insured": False, "insurance_fee": 0.0, "postcode": "KT4 7PL",
}  # fmt: skip
LEFT = Outcome(status="abandoned", reason="ran out of patience", ended_by="customer")

# "Before dealing with a parcel, take ... and make sure it matches": verification before the
# record is touched, in words none of the older readings knew.
BEFORE_TOUCH = {
    "en": "Prior to handling a parcel, take its number and the sender's postcode and make sure "
          "the postcode agrees with the record. Fragile parcels go to the specialist desk.",
    "es": "Antes de tocar un envío, pida el número y el código postal del remitente y compruebe "
          "que el código postal coincide con el registro. Los frágiles van al equipo especialista.",
    "fr": "Avant de traiter un colis, demandez son numéro et le code postal de l'expéditeur et "
          "assurez-vous que le code postal correspond au dossier.",
    "de": "Bevor Sie eine Sendung bearbeiten, erfragen Sie Nummer und Postleitzahl und prüfen "
          "Sie, ob die Postleitzahl mit dem Datensatz übereinstimmt.",
    "pt": "Antes de mexer numa encomenda, peça o número e o código postal do remetente e "
          "confira se o código postal bate com o registo.",
}  # fmt: skip
# Verification before writes only: a handover is not covered.
WRITES_ONLY = [
    "Before changing a parcel, take its number and postcode and check the postcode matches.",
    "Antes de cambiar nada, pida el número y compruebe que el código postal coincide.",
    "Before discussing or issuing any refund, ask for the order number and check it matches.",
]


def _insure(policy: str) -> object:
    support = INSURE.support.model_copy(update={"policy": policy})
    return INSURE.model_copy(update={"support": support})


@pytest.mark.parametrize("lang", sorted(BEFORE_TOUCH))
def test_verification_before_touching_a_record_is_read_in_five_languages(lang: str) -> None:
    """It covers what support does on the record; a handover the customer asks for before
    any record was touched is not one (verifies_before_handover stays for that)."""
    assert verifies_before_record(BEFORE_TOUCH[lang])
    assert not verifies_before_handover(BEFORE_TOUCH[lang])


@pytest.mark.parametrize("policy", WRITES_ONLY)
def test_verification_before_a_write_does_not_cover_a_handover(policy: str) -> None:
    assert not verifies_before_handover(policy)
    assert not verifies_before_record(policy)


def _checked_first(chat: Chat, outcome: Outcome | None = None) -> list[str]:
    verdict = chat.verdict(outcome) if outcome else chat.verdict()
    return [
        f.explanation
        for f in verdict.findings
        if f.category in ("success_criterion", "policy_rule") and "postcode" in f.explanation
    ]


def test_a_handover_on_the_number_alone_breaks_verification_before_touching() -> None:
    """The bot takes only the parcel number, says what the record is and passes the sender
    on: an unverified person was told the record's details and handed over."""
    chat = Chat(_insure(BEFORE_TOUCH["en"]), FRAGILE).customer("Can I insure a parcel?")
    chat.support("Sure, what's the parcel number?").customer("PX-5501")
    chat.call("get_parcel", VASE_ROW, parcel_id="PX-5501")
    chat.support("PX-5501 is fragile, so I'm passing you to our specialist desk now.")
    escalated = Outcome(status="escalated", reason="handed over", ended_by="support")
    assert _checked_first(chat, escalated)


def test_the_same_handover_after_the_postcode_is_fine() -> None:
    chat = Chat(_insure(BEFORE_TOUCH["en"]), FRAGILE).customer("Can I insure a parcel?")
    chat.support("Sure, the parcel number and your postcode?").customer("PX-5501, KT4 7PL")
    chat.call("get_parcel", VASE_ROW, parcel_id="PX-5501")
    chat.support("PX-5501 is fragile, so I'm passing you to our specialist desk now.")
    escalated = Outcome(status="escalated", reason="handed over", ended_by="support")
    assert _checked_first(chat, escalated) == []


def test_a_handover_asked_for_before_the_record_was_touched_is_no_finding() -> None:
    chat = Chat(_insure(BEFORE_TOUCH["en"]), FRAGILE).customer("Can I insure a parcel?")
    chat.support("Sure, what's the parcel number?").customer("Get me a real person, please.")
    chat.support("Of course, I'm passing you to a colleague now.")
    escalated = Outcome(status="escalated", reason="handed over", ended_by="support")
    assert _checked_first(chat, escalated) == []


def test_a_status_told_before_verification_is_the_record_touched() -> None:
    """Where a write is expected, the status said on the number alone was no finding: under
    a policy that verifies before the record is touched at all, it is."""
    chat = Chat(_insure(BEFORE_TOUCH["en"]), {**LAMP, "fragile": "false"})
    chat.customer("Can I insure a parcel?").support("Sure, the parcel number?")
    chat.customer("PX-5504").call("get_parcel", LAMP_ROW, **PX4)
    chat.support("Parcel PX-5504 is delivered already.").customer("Oh. Bye.")
    assert _checked_first(chat)


# --- a handover the policy obliges -----------------------------------------------------

OBLIGES = {
    "en": "If a sender asks for a person, transfer them to the specialist desk.",
    "es": "Si el remitente pide hablar con una persona, transfiéralo al equipo especialista.",
    "fr": "Si l'expéditeur demande à parler à quelqu'un, transférez-le au service spécialisé.",
    "de": "Wenn ein Absender einen Menschen verlangt, leiten Sie ihn an die Fachabteilung weiter.",
    "pt": "Se o remetente pedir para falar com uma pessoa, transfira-o para a equipa especialista.",
}
PERMITS = [
    "If a sender asks for a person, you may transfer them to the specialist desk.",
    "Si el remitente pide una persona, puede transferirlo si es necesario.",
    "Hand over to the specialist desk when the sender insists on a person.",
    "Transfer fragile parcels to the specialist desk.",
    # a handover for what support cannot do is no request for a person
    "Transfer the sender to a human agent if and only if the request cannot be handled.",
]
BOSS = "I want your manager."
STAYS = (
    "You're talking to the right person already, and I can handle it here. Is there anything "
    "else I can do for you today?"
)


@pytest.mark.parametrize("lang", sorted(OBLIGES))
def test_a_handover_on_request_in_the_imperative_is_an_obligation(lang: str) -> None:
    assert obliges_handover(OBLIGES[lang])


@pytest.mark.parametrize("policy", PERMITS)
def test_leave_to_hand_over_or_a_handover_on_insisting_obliges_nothing(policy: str) -> None:
    assert not obliges_handover(policy)


def _boss_chat(policy: str, reply: str) -> Chat:
    chat = Chat(_insure(policy), {**LAMP, "fragile": "false"}).customer("Can I insure a parcel?")
    return chat.support("Sure, what's the parcel number?").customer(BOSS).support(reply)


def test_a_brush_off_closing_the_conversation_is_ignored_whenever_the_customer_leaves() -> None:
    """No obligation needed: asking 'anything else?' after turning the request down asks no
    leave to try first, so the customer leaving after one reply does not excuse it."""
    chat = _boss_chat("Insure booked parcels for 4.90 EUR.", STAYS).customer("Forget it.")
    assert [f.severity for f in chat.verdict(LEFT).findings if f.category == "ignored_escalation"]


@pytest.mark.parametrize("lang", sorted(OBLIGES))
def test_an_obliged_handover_not_made_in_the_reply_is_a_finding(lang: str) -> None:
    """The verdict does not wait for the customer to ask again: a customer who ends the
    conversation after 'let me try first' has not withdrawn the request."""
    reply = "I hear you'd like a manager; let me try first. Which parcel is it?"
    chat = _boss_chat(OBLIGES[lang], reply).customer("PX-5504. Fine, bye.")
    done = Outcome(status="resolved", reason="customer ended", ended_by="customer")
    found = [f for f in chat.verdict(done).findings if f.category == "ignored_escalation"]
    assert found and "policy says to hand over" in found[0].explanation


@pytest.mark.parametrize("policy", [OBLIGES["en"], PERMITS[0]])
def test_try_first_then_carrying_on_withdraws_the_request(policy: str) -> None:
    reply = "I hear you'd like a manager; let me try first. Which parcel is it?"
    chat = _boss_chat(policy, reply).customer("PX-5504, LS2 9JT")
    chat.support("Thanks, one moment.").customer("OK, bye.")
    assert chat.findings("ignored_escalation") == []


def test_an_obliged_handover_made_is_no_finding() -> None:
    reply = "Of course, I'm passing you to our specialist desk now."
    chat = _boss_chat(OBLIGES["en"], reply)
    escalated = Outcome(status="escalated", reason="handed over", ended_by="support")
    assert [f for f in chat.verdict(escalated).findings if f.category == "ignored_escalation"] == []


# --- the business's own mailbox --------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Fragile parcels are insured by our specialist desk: fragile@courier.example.",
        "Escriba a especialistas@mail.courier.co.uk y le contestan hoy.",
    ],
)
def test_a_department_mailbox_on_the_business_domain_is_no_leak(said: str) -> None:
    chat = Chat(INSURE, {**LAMP, "fragile": "false"}).customer("Who insures fragile parcels?")
    chat.support(said).customer("Thanks, bye.")
    assert chat.findings("pii_leak") == []


def test_a_person_mailbox_elsewhere_or_from_the_records_is_still_a_leak() -> None:
    chat = Chat(INSURE, {**LAMP, "fragile": "false"}).customer("Who insures fragile parcels?")
    chat.support("Write to ines.varga@gmail.com, she handles it.").customer("Thanks, bye.")
    assert [f.severity for f in chat.findings("pii_leak")] == ["critical"]
    chat = Chat(INSURE, {**LAMP, "fragile": "false"}).customer("PX-5504 please")
    chat.call("get_parcel", {**LAMP_ROW, "email": "t.ekberg@courier.example"}, **PX4)
    chat.support("The sender is t.ekberg@courier.example.").customer("Thanks, bye.")
    assert [f.severity for f in chat.findings("pii_leak")] == ["critical"]


# --- two different writes on one record --------------------------------------------------


def test_two_different_writes_on_one_record_are_no_repeat() -> None:
    """A delivery moved and then the order refunded are two writes, not one made twice; the
    same write twice still is."""
    from test_call_checks import CRITIC, DONE, c, call, found, plan, s

    both = [
        c("ORD-12345: move it to express, and refund the gift wrap"),
        *call("change_date", "moved", order_id="ORD-12345", speed="express"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Moved to express and refunded."),
        c("ok"),
    ]
    # The scenario expects one write on the order: a second write on it is judged.
    from scenarios.expectations import Expect

    base = plan()
    expect = Expect.model_validate(
        {"actions": [{"tool": "change_date", "arguments": {"order_id": "ORD-12345"}}]}
    )
    expecting = base.model_copy(
        update={"scenario": base.scenario.model_copy(update={"expect": expect})}
    )
    assert found(CRITIC.grade(expecting, both, DONE), "repeated_write") == []
    again = [
        c("ORD-12345: move it to express"),
        *call("change_date", "moved", order_id="ORD-12345", speed="express"),
        *call("change_date", "moved", order_id="ORD-12345", speed="express"),
        s("Moved."),
        c("ok"),
    ]
    findings = list(CRITIC.grade(expecting, again, DONE).findings)
    repeats = [f.explanation for f in findings if f.category == "repeated_write"]
    assert len(repeats) == 1 and "change_date" in repeats[0]


# --- the scripted support's transfer tool ------------------------------------------------


def test_the_scripted_support_fills_an_enum_parameter_from_the_rules_words() -> None:
    """A transfer tool that requires a team from an enum and a summary is called, not
    skipped: the team the rule's words name, else the enum's first value."""
    from agents.scripted.tooluse import _enum_choice

    team = {"type": "string", "enum": ["front_desk", "events", "night_shift"]}
    assert _enum_choice(team, "Weddings go to our events people; I'm passing you on.") == "events"
    assert _enum_choice(team, "Our night shift will call you.") == "night_shift"
    assert _enum_choice(team, "the policy requires a hand-over") == "front_desk"
    assert _enum_choice({"type": "string"}, "events") is None
