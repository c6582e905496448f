"""A customer's no that opens with an echo of what support said, or with surprise ("12 euros
just to cancel?!", "¿¿12 euros??"), is still a no: the change was declined, and a side that
leaves the records alone passes. Before, the "?" of the echo read as the customer putting the
question off (English), and a no after an echo was not read at all (Spanish, Portuguese,
German). Our own wording: a restocking fee on an order cancellation."""

from __future__ import annotations

import pytest
from test_declined_go_ahead import ORDER, _call, _plan

from agents.critic import Critic
from agents.types import Outcome, Turn, Verdict
from agents.understanding.confirm import agrees, without_echo

ASK = {
    "en": f"Order {ORDER} is pending. Cancelling it now costs a 12.00 EUR restocking fee. "
    "Shall I go ahead?",
    "es": f"El pedido {ORDER} está pendiente. Cancelarlo ahora cuesta 12,00 EUR de gastos. "
    "¿Desea que continúe?",
    "pt": f"O pedido {ORDER} está pendente. Cancelar agora custa 12,00 EUR de taxa. "
    "Posso prosseguir?",
    "de": f"Die Bestellung {ORDER} ist offen. Die Stornierung kostet jetzt 12,00 EUR. "
    "Soll ich das so machen?",
}
ECHO_NO = {
    "en": "12 euros just to cancel?! Nah, I'll keep the order then.",
    "es": "¿¿12 euros por cancelar?? No, entonces me quedo con el pedido.",
    "pt": "12 euros só para cancelar?! Não, então fico com a encomenda.",
    "de": "Was, 12 Euro?! Nein, dann behalte ich die Bestellung.",
}
KEPT = {
    "en": "Understood, the order stays as it is and nothing was charged.",
    "es": "Entendido, el pedido sigue como está y no se ha cobrado nada.",
    "pt": "Entendido, a encomenda fica como está e não foi cobrado nada.",
    "de": "Verstanden, die Bestellung bleibt, wie sie ist, und nichts wurde berechnet.",
}
LOOKED_UP = '{"order_id": "W2040265", "customer_id": "C1006", "status": "pending", "total": 434.95}'
DONE = Outcome(status="resolved", reason="the customer closed", ended_by="customer")


def _turns(language: str, answer: str, write: bool = False) -> list[Turn]:
    turns = [
        Turn(role="customer", content=f"Please cancel order {ORDER}, I ordered it by mistake."),
        Turn(role="support", content="Sure. What is the email on your account?"),
        Turn(role="customer", content="elena.haddad80@example.com"),
        *_call("c1", "find_customer_by_email", '{"customer_id": "C1006"}',
               email="elena.haddad80@example.com"),
        *_call("c2", "get_order", LOOKED_UP, order_id=ORDER),
        Turn(role="support", content=ASK[language]),
        Turn(role="customer", content=answer),
    ]  # fmt: skip
    if write:
        turns += _call("c3", "cancel_order", '{"status": "cancelled"}', order_id=ORDER,
                       reason="ordered by mistake")  # fmt: skip
    return [*turns, Turn(role="support", content=KEPT[language])]


def _cats(verdict: Verdict) -> set[str]:
    return {f.category for f in verdict.findings}


@pytest.mark.parametrize("language", sorted(ECHO_NO))
def test_a_no_after_an_echo_is_read_as_a_no(language: str) -> None:
    assert agrees(ECHO_NO[language]) is False


@pytest.mark.parametrize("language", sorted(ECHO_NO))
def test_leaving_the_order_after_an_echoed_no_passes(language: str) -> None:
    verdict = Critic().grade(_plan(), _turns(language, ECHO_NO[language]), DONE)
    assert "end_state" not in _cats(verdict), verdict.findings
    assert "end_state" not in verdict.unjudged  # decided: the customer kept the order
    assert verdict.label != "REJECT", verdict.findings


def test_cancelling_after_an_echoed_no_fails() -> None:
    verdict = Critic().grade(_plan(), _turns("en", ECHO_NO["en"], write=True), DONE)
    assert verdict.label == "REJECT"
    assert any(f.severity == "critical" for f in verdict.findings), verdict.findings


def test_an_echo_then_a_yes_is_a_yes_and_a_real_question_still_puts_it_off() -> None:
    assert agrees("Twelve euros?! Oh well, fine, go ahead.") is True
    assert without_echo("Twelve euros? Could you tell me what it covers first?").endswith("?")
    # nothing but an echo, or an opening that is itself the answer, is kept whole
    assert without_echo("12 euros?!") == "12 euros?!"
    assert agrees("No?! Fine then.") is False
    # a long question is no echo: read as before
    long = "Is there any way to do this without paying the fee? No idea."
    assert without_echo(long) == long
