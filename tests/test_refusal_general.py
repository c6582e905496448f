"""A refusal in the passive or at one remove is read whatever the verb, in five languages; the
same shape said as doubt, retry, reassurance, condition or comparison refuses nothing."""

from __future__ import annotations

import pytest
from critic_fixture import LEFT, c, s, verdict_for

from agents.understanding.support import read_support


@pytest.mark.parametrize(
    "text",
    [
        "Deposits can't be paid over chat.",
        "Seat upgrades cannot be purchased through this channel.",
        "Unused legs of a trip can't be credited back.",
        "Sadly the voucher couldn't be applied to this basket.",
        "The insurance add-on won't be reinstated by us.",
        "Pet fees cannot be legally waived.",
        "Split payments can't be set up on this kind of booking.",
        "That isn't something we can do.",
        "That's not something I'm allowed to arrange.",
        "A partial refund isn't an option on this fare.",
        "There's no way for us to move the pickup date.",
        "It isn't possible to swap the tickets.",
        "Your claim is not able to be processed.",
        "Mileage can't be transferred and the ticket can't be split.",
    ],
)
def test_a_passive_or_indirect_refusal_is_a_refusal(text: str) -> None:
    assert read_support(text).refuses, text


@pytest.mark.parametrize(
    "text",
    [
        "I can't be sure about the delivery slot yet.",
        "We cannot be certain when the courier arrives.",
        "The depot can't be reached at the moment, I'll try again in a minute.",
        "Our payment system couldn't be contacted, let me retry.",
        "It can't be simpler: tap the link and pick a seat.",
        "You won't be billed for the second night.",
        "Nothing in your plan will be affected, and you can't be charged twice.",
        "Your parcel won't be collected before Thursday.",
        "Can't the deposit be settled over chat?",
        "That can't be right, one moment.",
        "I won't be a second.",
    ],
)
def test_the_same_shape_said_otherwise_is_no_refusal(text: str) -> None:
    assert not read_support(text).refuses, text


@pytest.mark.parametrize(
    "text",
    [
        "No se puede abonar por chat.",
        "Esto no es algo que podamos gestionar por aquí.",
        "Cette réservation ne peut pas être modifiée.",
        "Ce n'est pas quelque chose que je peux faire par chat.",
        "Das Ticket kann leider nicht erstattet werden.",
        "A taxa não pode ser devolvida.",
        "Infelizmente isso não é algo que possamos resolver por aqui.",
        "Ese paquete ya salió del almacén, así que no puedo asegurarlo.",
    ],
)
def test_a_passive_or_indirect_refusal_is_read_in_four_other_languages(text: str) -> None:
    assert read_support(text).refuses, text


@pytest.mark.parametrize(
    "text",
    [
        "No puedo estar segura de la hora exacta.",
        "No puedo asegurarle que llegue antes del viernes, depende del transportista.",
        "Je ne peux pas être certain de l'heure de passage.",
        "Wann der Kurier kommt, kann ich nicht genau sagen.",
        "Não posso ter certeza do horário da entrega.",
    ],
)
def test_doubt_in_four_other_languages_is_no_refusal(text: str) -> None:
    assert not read_support(text).refuses, text


def test_a_passive_refusal_the_customer_walks_away_from_is_not_passed() -> None:
    """Outsider 24's pattern: a bot that refuses what it should do, in a verb no list named;
    the customer leaves; "left before support acted" excused it and the run passed."""
    turns = [
        c("My headphones arrived broken, I'd like a refund.", "open"),
        s("Could you give me your order number?"),
        c("Sure, it's ord 12345."),
        s("Thanks. Money for returns can't be paid out over chat."),
        c("Fine, whatever, bye."),
    ]
    v = verdict_for(turns, success=[{"id": "refunded", "check": {"support_action": "resolve"}}],
                    outcome=LEFT)  # fmt: skip
    unmet = [f for f in v.findings if f.category == "success_criterion"]
    assert v.label != "ACCEPT"
    assert [f.severity for f in unmet] == ["major"]
    assert "support refused" in unmet[0].explanation
