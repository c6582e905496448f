"""Support had every fact it needed and did nothing with it (outsider 19, FP-5: after the
ticket number and the email, a bot answered "Gracias por aclararlo, lo he anotado. ¿Le puedo
ayudar en algo más?" three times while the customer asked for the change, and the customer
gave up: a minor `goal_abandoned` and the end state undecided). Re-told on the courier test
domain: the customer's departure is support's doing, `goal_abandoned` is major and the end
state is decided; a proposal, a question or facts never given leave it as before."""

from __future__ import annotations

import pytest
from courier_chat import BOOKS, BOOKS_ROW, INSURE, Chat

from agents.types import Outcome, Verdict

GAVE_UP = Outcome(status="abandoned", reason="ran out of patience", ended_by="customer")
NOTED = {
    "en": "Thanks for clarifying, I've made a note of that. Anything else I can help with?",
    "es": "Gracias por aclararlo, lo he anotado. ¿Le puedo ayudar en algo más?",
    "fr": "Merci pour la précision, c'est noté. Puis-je vous aider pour autre chose ?",
    "de": "Danke für die Klarstellung, ist notiert. Kann ich sonst noch etwas für Sie tun?",
    "pt": "Obrigado por esclarecer, já anotei. Posso ajudar em mais alguma coisa?",
}


def _chat(facts: str, *replies: str) -> Chat:
    chat = (
        Chat(INSURE, BOOKS)
        .customer("Can I add insurance to my parcel?")
        .support("Sure: the parcel number and the sender's postcode, please.")
        .customer(facts)
    )
    for reply in replies:
        chat.support(reply).customer("So can you add the insurance or not?")
    return chat


def _found(verdict: Verdict, category: str) -> list[str]:
    return [f.severity for f in verdict.findings if f.category == category]


@pytest.mark.parametrize("lang", sorted(NOTED))
def test_idle_replies_after_every_fact_make_the_abandonment_supports(lang: str) -> None:
    verdict = _chat("PX-5502, KT4 7PL", NOTED[lang], NOTED[lang]).verdict(GAVE_UP)
    assert _found(verdict, "goal_abandoned") == ["major"]
    assert _found(verdict, "end_state") == ["critical"]
    assert verdict.label == "REJECT"


def test_one_idle_reply_is_not_enough() -> None:
    verdict = _chat("PX-5502, KT4 7PL", NOTED["en"]).verdict(GAVE_UP)
    assert _found(verdict, "goal_abandoned") == ["minor"]
    assert "end_state" in verdict.unjudged


def test_a_proposal_or_a_lookup_after_the_facts_is_support_acting() -> None:
    proposed = _chat(
        "PX-5502, KT4 7PL", NOTED["en"], "Insurance is 4.90 EUR. Shall I add it?"
    ).verdict(GAVE_UP)
    assert _found(proposed, "goal_abandoned") == ["minor"]
    looked = _chat("PX-5502, KT4 7PL").call("get_parcel", BOOKS_ROW, parcel_id="PX-5502")
    looked.support(NOTED["en"]).customer("And?").support(NOTED["en"]).customer("Bye.")
    assert _found(looked.verdict(GAVE_UP), "goal_abandoned") == ["minor"]


def test_facts_never_all_given_leave_the_departure_the_customers() -> None:
    verdict = _chat("PX-5502", NOTED["en"], NOTED["en"]).verdict(GAVE_UP)
    assert _found(verdict, "goal_abandoned") == ["minor"]
    assert "end_state" in verdict.unjudged
