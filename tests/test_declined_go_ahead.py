"""A customer who says no when support asks for the go-ahead chose not to have the change
made: the expected end state is then no write from that question on, so a side that does
not write after the no passes, and one that writes after it fails (outsider 15: convsim's own
scripted support, whose simulated customer declined the 7.50 EUR fee, got a critical
`end_state` for records it rightly left alone).
"""

from __future__ import annotations

from functools import lru_cache

import pytest
from test_scripted_dialogue import make_persona

from agents import types as a
from agents.critic import Critic
from agents.types import ConversationPlan, Outcome, ToolCall, Turn, Verdict
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario

CANCEL = "ecommerce/cancel-pending-order"
ORDER = "W2040265"  # pending in the library's ecommerce domain, customer C1006


@lru_cache(maxsize=1)
def _scenario() -> Scenario:
    return {s.id: s for s in load_scenarios([builtin_library()])}[CANCEL]


def _plan(scenario: Scenario | None = None) -> ConversationPlan:
    variables = {
        "order_status": "pending", "order_id": ORDER, "product": "12-piece knife set",
        "payment_method": "gift card", "total": "434.95", "customer_id": "C1006",
        "account_email": "elena.haddad80@example.com", "reason": "ordered by mistake",
    }  # fmt: skip
    return ConversationPlan(
        id="declined", run_seed=1, index=0, seed=0, scenario=scenario or _scenario(),
        persona=make_persona(), edge_cases=(), variables=variables,
    )  # fmt: skip


def _call(cid: str, name: str, result: str, **arguments: str) -> list[Turn]:
    return [
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name=name, arguments=dict(arguments)),),
        ),
        Turn(role="tool", content=result, name=name, tool_call_id=cid),
    ]


ASK = {
    "en": f"Order {ORDER} is pending. Cancelling can't be undone. Shall I go ahead?",
    "es": f"El pedido {ORDER} está pendiente. No se puede deshacer. ¿Desea que continúe?",
    "fr": f"La commande {ORDER} est en attente. C'est définitif. Voulez-vous que je continue ?",
    "de": f"Die Bestellung {ORDER} ist offen. Das ist endgültig. Soll ich das so machen?",
    "pt": f"O pedido {ORDER} está pendente. Não pode ser desfeito. Posso prosseguir?",
}
NO = {
    "en": "No, leave it as it is please.",
    "es": "No, mejor déjelo como está.",
    "fr": "Non, laissez-la comme elle est.",
    "de": "Nein, lassen Sie es lieber so.",
    "pt": "Não, deixe como está.",
}
LEFT = {
    "en": "Alright, I've left the order as it is.",
    "es": "De acuerdo, dejo el pedido como está.",
    "fr": "Très bien, je laisse la commande telle quelle.",
    "de": "In Ordnung, die Bestellung bleibt, wie sie ist.",
    "pt": "Tudo bem, o pedido fica como está.",
}
BYE = {"en": "Thanks, bye.", "es": "Gracias.", "fr": "Merci.", "de": "Danke.", "pt": "Obrigado."}
LOOKED_UP = '{"order_id": "W2040265", "customer_id": "C1006", "status": "pending", "total": 434.95}'


def _bot(language: str, write_after_no: bool = False) -> list[Turn]:
    turns = [
        Turn(role="customer", content=f"Please cancel order {ORDER}, I ordered it by mistake."),
        Turn(role="support", content="Sure. What is the email on your account?"),
        Turn(role="customer", content="elena.haddad80@example.com"),
        *_call("c1", "find_customer_by_email", '{"customer_id": "C1006"}',
               email="elena.haddad80@example.com"),
        *_call("c2", "get_order", LOOKED_UP, order_id=ORDER),
        Turn(role="support", content=ASK[language]),
        Turn(role="customer", content=NO[language]),
    ]  # fmt: skip
    if write_after_no:
        turns += _call("c3", "cancel_order", '{"status": "cancelled"}', order_id=ORDER,
                       reason="ordered by mistake")  # fmt: skip
    turns.append(Turn(role="support", content=LEFT[language]))
    return [*turns, Turn(role="customer", content=BYE[language])]


DONE = Outcome(status="resolved", reason="the customer closed", ended_by="customer")


def _cats(verdict: Verdict) -> set[str]:
    return {f.category for f in verdict.findings}


@pytest.mark.parametrize("language", sorted(ASK))
def test_a_bot_that_does_not_write_after_the_customers_no_passes(language: str) -> None:
    verdict = Critic().grade(_plan(), _bot(language), DONE)
    assert "end_state" not in _cats(verdict), verdict.findings
    assert "end_state" not in verdict.unjudged  # decided: nothing was to change
    assert verdict.label != "REJECT", verdict.findings  # no critical finding on support


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_write_after_the_no_is_a_wrong_end_state(language: str) -> None:
    verdict = Critic().grade(_plan(), _bot(language, write_after_no=True), DONE)
    (end,) = [f for f in verdict.findings if f.category == "end_state"]
    assert end.severity == "critical" and "said no at turn" in end.explanation
    assert verdict.label == "REJECT"


def test_a_go_ahead_after_the_no_makes_the_write_expected_again() -> None:
    turns = _bot("en")[:-2]
    turns += [
        Turn(role="support", content="Understood. Anything else?"),
        Turn(role="customer", content="Actually, yes, go ahead and cancel it."),
    ]
    verdict = Critic().grade(_plan(), turns, DONE)
    assert "end_state" in _cats(verdict)  # the write was wanted after all and never made


def test_a_hesitation_that_asks_back_is_no_decline() -> None:
    """tau-bench's gpt-4o airline run, task 46: "I appreciate that, but I'm not sure. Could
    you tell me more about my last reservation?" puts the go-ahead off; the agent never came
    back to it, and the write the task wanted is still missing."""
    turns = _bot("en")
    turns[-3] = Turn(
        role="customer",
        content="I appreciate that, but I'm not sure. Could you tell me more about it first?",
    )
    verdict = Critic().grade(_plan(), turns, DONE)
    assert "end_state" in _cats(verdict)


def test_never_mind_to_a_request_for_details_is_no_decline() -> None:
    """tau-bench's gpt-4o airline run, task 46 again: a turn asking for details, with a
    choice ("economy, or business?"), answered "Actually, never mind": the customer left
    the task, declining no proposal; the write wanted before it is still missing."""
    turns = _bot("en")
    turns[-4] = Turn(
        role="support",
        content="Please provide the reason. Would you like a refund to the card, or a gift card?",
    )
    turns[-3] = Turn(role="customer", content="Actually, never mind. That's all for now.")
    verdict = Critic().grade(_plan(), turns, DONE)
    assert "end_state" in _cats(verdict)


def test_the_scripted_support_closing_after_a_declined_confirm_rule_passes() -> None:
    """A rule's `confirm:` line (act `confirm`), the customer's push-back act, support closes
    without acting: the conversation ends abandoned by support and no write is expected."""
    scenario = _scenario()
    rules = [
        r.model_copy(update={"confirm": ["Cancelling can't be undone. Shall I go ahead?"]})
        if r.action == "resolve"
        else r
        for r in scenario.support.rules
    ]
    asking = scenario.model_copy(
        update={"support": scenario.support.model_copy(update={"rules": rules})}
    )
    turns = [
        Turn(role="customer", content=f"Cancel order {ORDER} please.", act=a.OPEN),
        Turn(role="support", content="What is the email on your account?", act=a.REQUEST_INFO),
        Turn(role="customer", content="elena.haddad80@example.com", act=a.INFORM),
        *_call("c1", "find_customer_by_email", '{"customer_id": "C1006"}',
               email="elena.haddad80@example.com"),
        *_call("c2", "get_order", LOOKED_UP, order_id=ORDER),
        Turn(role="support", content="It can't be undone. Shall I go ahead?", act=a.CONFIRM),
        Turn(role="customer", content="Hmm, leave it as it is.", act=a.PUSH_BACK),
        Turn(role="support", content="No problem. Nothing has been changed.", act=a.CLOSE),
    ]  # fmt: skip
    stop = Outcome(
        status="abandoned", reason="the customer declined when asked to confirm", ended_by="support"
    )
    verdict = Critic().grade(_plan(asking), turns, stop)
    assert "end_state" not in _cats(verdict) and "end_state" not in verdict.unjudged
    assert not any(f.severity == "critical" for f in verdict.findings), verdict.findings
