"""A fact the customer gave in the turn just before, asked for again before any call used
it, is the same fault as one asked for after a lookup (docs/critic.md, `asked_again`): the
customer has to say it twice for nothing. Told on a tool-hire desk in words of our own, in
English and Spanish; the honest re-asks stay clean: after a failed lookup, a value the
customer changed, a value that is not the account's, and a write read back for a yes."""

from __future__ import annotations

import pytest
from hire_fixture import CHARGES, HIRER_ROW, REFUNDED, hire_chat

ID = {"hirer_id": "TH-3301"}


def _asked_again(chat: object) -> list[str]:
    return [f.evidence for f in chat.findings("asked_again")]  # type: ignore[attr-defined]


def _finish(chat: object) -> object:
    chat.call("get_hirer", HIRER_ROW, **ID).call("list_charges", CHARGES, **ID)  # type: ignore[attr-defined]
    chat.support("Thanks. A refund is less the 4.50 EUR handling fee. Shall I refund CH-802?")  # type: ignore[attr-defined]
    chat.customer("yes").call("refund_charge", REFUNDED, charge_id="CH-802")  # type: ignore[attr-defined]
    return chat.support("Done: CH-802 is refunded.")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("ask", "reask"),
    [
        (
            "Sorry to hear that. What's the hire account number, and your date of birth?",
            "Cheers. And just to be sure, what was the hire account number again?",
        ),
        (
            "Lo siento. ¿Cuál es el número de cuenta de alquiler y su fecha de nacimiento?",
            "Gracias. ¿Me vuelve a indicar su fecha de nacimiento, por favor?",
        ),
    ],
)
def test_a_fact_given_just_before_asked_for_again_before_any_call(ask: str, reask: str) -> None:
    chat = hire_chat().customer("You've taken money twice for my hire.").support(ask)
    chat.customer("TH-3301, born 4 June 1979").support(reask).customer("TH-3301!")
    found = _asked_again(_finish(chat))
    assert found and reask.split()[-1] in found[0]


def test_a_spanish_re_ask_after_the_lookup_went_through() -> None:
    chat = hire_chat().customer("Me han cobrado dos veces el alquiler.")
    chat.support("¿Cuál es el número de cuenta y su fecha de nacimiento?")
    chat.customer("Es TH-3301, nací el 04/06/1979").call("get_hirer", HIRER_ROW, **ID)
    chat.support("¿Me puede confirmar otra vez su fecha de nacimiento, por favor?")
    chat.customer("04/06/1979")
    assert _asked_again(_finish(chat))


def test_honest_re_asks_are_no_finding() -> None:
    # a lookup that failed: asking again is the way on
    failed = hire_chat().customer("You've taken money twice for my hire.")
    failed.support("What's the hire account number, please?").customer("TH-3031")
    failed.call("get_hirer", "Error: no hire account TH-3031", hirer_id="TH-3031")
    failed.support("I can't find that one. Could you give me the account number again?")
    failed.customer("Sorry, TH-3301").support("Thanks, and your date of birth?")
    assert _asked_again(_finish(failed.customer("4 June 1979"))) == []
    # the customer changed the number: which one is meant is a fair question
    changed = hire_chat().customer("Charged twice. Account TH-3310.")
    changed.support("Thanks. Your date of birth?").customer("4/6/1979, and it's TH-3301, sorry")
    changed.support("No problem. Which account number should I use?").customer("TH-3301")
    assert _asked_again(_finish(changed)) == []
    # what is still missing restated with what was given asks nothing again
    needs = hire_chat().customer("Charged twice. Account TH-3301; no idea of the contract.")
    needs.support("I need both the hire account number and the contract reference to go on.")
    needs.customer("I told you I don't have it.").support("Fine. What is your date of birth?")
    assert _asked_again(_finish(needs.customer("Born 4 June 1979."))) == []
    # a write read back for a yes asks for no fact
    chat = hire_chat().customer("Charged twice on TH-3301, born 4 June 1979.")
    chat.call("get_hirer", HIRER_ROW, **ID).call("list_charges", CHARGES, **ID)
    chat.support("So that's 60.00 EUR back for CH-802 on account TH-3301; shall I go ahead?")
    chat.customer("yes").call("refund_charge", REFUNDED, charge_id="CH-802")
    chat.support("Done: CH-802 is refunded.")
    assert _asked_again(chat) == []
