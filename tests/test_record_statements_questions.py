"""A status stated in a sentence that also asks (agents/checks/said_of_records.stated_part):
the clauses before the question state it ("your order has already shipped, hasn't it?",
"I see it has shipped - did it arrive?"), in five languages; a sentence that opens as a
question ("has it shipped, or is it still pending?") states nothing. Before, any sentence
with a question mark was skipped whole. On the library's ecommerce records (the order is
pending, so "shipped" is contradicted); our own wording."""

from __future__ import annotations

import pytest
from test_record_statements import CANCEL, PENDING, located


@pytest.mark.parametrize(
    "text",
    [
        "Your order has already shipped, hasn't it?",
        "I see your order has shipped - did it arrive?",
        "Your order is already shipped, can I help with anything else?",
        "El pedido figura como enviado, ¿le ha llegado ya?",
        "La commande est déjà expédiée, l'avez-vous reçue ?",
        "Die Bestellung ist bereits versandt, ist sie schon angekommen?",
        "O pedido consta como enviado, já chegou?",
    ],
)
def test_a_status_stated_before_a_question_is_read(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == (["contradicted_claim@7"], ())


@pytest.mark.parametrize(
    "text",
    [
        "Has your order shipped, or is it still pending?",
        "Did you know your order was already shipped yesterday?",
        "If it has shipped, can you refuse the parcel?",
        "¿El pedido figura como enviado, o sigue pendiente?",
        "La commande est-elle déjà expédiée, ou encore en attente ?",
        "Ist die Bestellung schon versandt, oder noch nicht?",
        "Quando o pedido foi enviado, e por qual transportadora?",
    ],
)
def test_a_sentence_that_opens_as_a_question_states_nothing(text: str) -> None:
    assert located().support(text).grade(CANCEL, PENDING) == ([], ())
