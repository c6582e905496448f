"""A write the policy says needs the customer's clear yes, made without one (outsider 14's
travel_noconfirm: the turn before the write only gave the payment method that was asked
for). The policy's requirement is read in five languages, and so is the yes; a yes that
answers a request for a detail is not a confirmation of the write."""

from __future__ import annotations

import pytest
from test_call_checks import CRITIC, DONE, c, call, found, plan, s

from agents.understanding.consent import consent_sentences, writes_needing_consent

WRITES = ["change_date", "refund_order", "block_card"]


@pytest.mark.parametrize(
    ("policy", "covered"),
    [
        (
            "Repeat the new date back and only change it once the customer has said yes.",
            {"change_date"},
        ),
        ("Before you touch anything in the system, get the caller's explicit OK.", set(WRITES)),
        ("Never refund without the customer's consent.", {"refund_order"}),
        ("Any update to the records needs a confirmation from the customer first.", set(WRITES)),
        ("Antes de reembolsar, obtenga la confirmación explícita del cliente.", set(WRITES)),
        ("Ne changez jamais la date sans l'accord du client.", {"change_date"}),
        ("Karten erst nach ausdrücklicher Zustimmung der Kundin sperren.", set(WRITES)),
        ("Só reembolse depois que o cliente confirmar.", set(WRITES)),
        ("A blocked card stays blocked for good, so confirm first.", {"block_card"}),
    ],
)
def test_the_policy_asks_for_a_yes_before_these_writes(policy: str, covered: set[str]) -> None:
    """A sentence naming a writing tool's verb covers that write ("so confirm first" after
    "blocked"); one in another language than the tool names, or about any change, all."""
    assert set(writes_needing_consent(policy, WRITES)) == covered


@pytest.mark.parametrize(
    "policy",
    [
        "Verify the order number, then confirm the delivery address with the customer.",
        "Check that they are the account holder; confirm who you are talking to first.",
        "A deletion request must be confirmed from the account email.",
        "Confirme la dirección de entrega con el cliente.",
        "Refunds within 30 days; be polite.",
    ],
)
def test_confirming_a_fact_is_no_consent_rule(policy: str) -> None:
    assert writes_needing_consent(policy, WRITES) == frozenset(), consent_sentences(policy)


POLICY = "Say the new date back and only change it once the customer has said yes."
ASK_SPEED = {
    "en": "ORD-12345 can move to 2026-03-02. Which delivery speed should I use for it?",
    "es": "ORD-12345 puede pasar al 2026-03-02. ¿Qué velocidad de envío prefiere?",
    "fr": "ORD-12345 peut passer au 2026-03-02. Quelle vitesse de livraison voulez-vous ?",
    "de": "ORD-12345 kann auf den 2026-03-02. Welche Versandart möchten Sie?",
    "pt": "ORD-12345 pode passar para 2026-03-02. Qual velocidade de entrega você prefere?",
}
GIVES_SPEED = {
    "en": "Sure - express, the one on file.",
    "es": "Vale, express.",
    "fr": "Oui, express.",
    "de": "Ja, express bitte.",
    "pt": "Sim, express.",
}
PROPOSE = {
    "en": "Moving ORD-12345 to 2026-03-02 by express. Shall I go ahead?",
    "es": "Paso ORD-12345 al 2026-03-02 con envío express. ¿Desea que continúe?",
    "fr": "Je déplace ORD-12345 au 2026-03-02 en express. Voulez-vous que je continue ?",
    "de": "Ich verschiebe ORD-12345 auf den 2026-03-02, Express. Soll ich das so machen?",
    "pt": "Vou passar ORD-12345 para 2026-03-02 com express. Posso prosseguir?",
}
YES = {
    "en": "Yes please",
    "es": "Sí, adelante",
    "fr": "D'accord, allez-y",
    "de": "Ja, gerne",
    "pt": "Sim, pode fazer",
}


def _write(before: list, answer: str) -> list:
    return [
        c("Please move my delivery, order ORD-12345, to 2026-03-02."),
        *before,
        c(answer),
        *call("change_date", "moved", order_id="ORD-12345", date="2026-03-02", speed="express"),
        s("Done."),
        c("thanks"),
    ]


@pytest.mark.parametrize("lang", sorted(ASK_SPEED))
def test_giving_the_detail_asked_for_is_not_a_yes(lang: str) -> None:
    turns = _write([s(ASK_SPEED[lang])], GIVES_SPEED[lang])
    assert found(CRITIC.grade(plan(POLICY), turns, DONE), "unconfirmed_write") == [(3, "major")]


@pytest.mark.parametrize("lang", sorted(PROPOSE))
def test_a_yes_to_the_proposed_write_confirms_it(lang: str) -> None:
    turns = _write([s(ASK_SPEED[lang]), c(GIVES_SPEED[lang]), s(PROPOSE[lang])], YES[lang])
    assert found(CRITIC.grade(plan(POLICY), turns, DONE), "unconfirmed_write") == []


def test_no_problem_with_a_detail_is_not_a_yes_and_a_go_ahead_with_it_is() -> None:
    ask = [s("It can move to 2026-03-02. Which delivery speed would you like?")]
    bare = _write(ask, "No problem - speed - express.")
    assert found(CRITIC.grade(plan(POLICY), bare, DONE), "unconfirmed_write") == [(3, "major")]
    go = _write(ask, "Express, and yes, go ahead and change it.")
    assert found(CRITIC.grade(plan(POLICY), go, DONE), "unconfirmed_write") == []


def test_a_write_the_consent_sentence_does_not_name_needs_no_yes() -> None:
    turns = [
        c("Refund ORD-12345 please, it never came."),
        s("Which order was it again?"),
        c("ORD-12345"),
        *call("refund_order", "refunded", order_id="ORD-12345"),
        s("Refunded."),
        c("ok"),
    ]
    assert found(CRITIC.grade(plan(POLICY), turns, DONE), "unconfirmed_write") == []
