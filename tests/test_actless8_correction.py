"""A customer's "no" to a WRONG proposal corrects it, it does not decline the change:
support proposes the wrong record or value, the customer puts it right, and the write
nobody then makes is still missing (before: read as a decline, the missing write excused)."""

from __future__ import annotations

import pytest
from test_declined_go_ahead import ASK, DONE, ORDER, _bot, _cats, _plan

from agents.critic import Critic
from agents.types import Turn
from agents.understanding.correction import corrects

WRONG = "W2040266"
WRONG_ASK = {lang: text.replace(ORDER, WRONG) for lang, text in ASK.items()}
RIGHT = {
    "en": f"No, it's {ORDER}.",
    "es": f"No, es el {ORDER}.",
    "fr": f"Non, c'est la {ORDER}.",
    "de": f"Nein, es ist die {ORDER}.",
    "pt": f"Não, é o {ORDER}.",
}
IN_WORDS = {
    "en": "No, I meant the other order.",
    "es": "No, quise decir el otro pedido.",
    "fr": "Non, je voulais dire l'autre commande.",
    "de": "Nein, ich meinte die andere Bestellung.",
    "pt": "Não, eu quis dizer o outro pedido.",
}


@pytest.mark.parametrize("language", sorted(ASK))
@pytest.mark.parametrize("answer", [RIGHT, IN_WORDS])
def test_a_no_that_corrects_the_proposal_leaves_the_write_expected(
    language: str, answer: dict[str, str]
) -> None:
    turns = _bot(language)
    turns[-4] = Turn(role="support", content=WRONG_ASK[language])
    turns[-3] = Turn(role="customer", content=answer[language])
    verdict = Critic().grade(_plan(), turns, DONE)
    assert "end_state" in _cats(verdict), verdict.findings  # the cancellation never made


@pytest.mark.parametrize(
    ("answer", "proposal", "meant"),
    [
        ("No, 2 months.", "Freeze IB-40211 for 3 months (15,00 EUR)? Shall I go ahead?", True),
        ("No, two months please", "Freeze IB-40211 for 3 months? Shall I go ahead?", True),
        ("No, IB-40212.", "Freeze IB-40211 for 3 months? Shall I go ahead?", True),
        ("No, 15 EUR is too much.", "It costs 15,00 EUR. Shall I go ahead?", False),
        ("No, leave it as it is please.", "Freeze IB-40211? Shall I go ahead?", False),
        ("No thanks, I changed my mind.", "Freeze IB-40211? Shall I go ahead?", False),
        ("Nein, lassen Sie es lieber so.", "Soll ich IB-40211 einfrieren?", False),
    ],
)
def test_what_corrects_and_what_declines(answer: str, proposal: str, meant: bool) -> None:
    assert corrects(answer, proposal) is meant
