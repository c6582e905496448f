"""An amount support tells of the write it has just made that is not the write's: the refund
went through for 60.00 (the charge less the handling fee) and support says 64.50, the whole
charge, or the figure the customer asked for (outsider 25's H09 and B07 passed). Told on a
tool-hire desk in words of our own, in English and Spanish; the honest side stays clean:
the write's own figure, the charge said beside it, the fee, and what the charge was. A date
told of a move just made is read the same way."""

from __future__ import annotations

import json

import pytest
from hire_fixture import CHARGES, HIRER_ROW, REFUNDED, hire_chat

ID = {"hirer_id": "TH-3301"}


def _refunded(report: str, asked: str = "Can I have my 64.50 back?") -> object:
    chat = hire_chat().customer(f"Charged twice on TH-3301, born 4 June 1979. {asked}")
    chat.call("get_hirer", HIRER_ROW, **ID).call("list_charges", CHARGES, **ID)
    chat.support("Thanks. A refund is less the 4.50 EUR handling fee. Shall I refund CH-802?")
    chat.customer("Yes please").call("refund_charge", REFUNDED, charge_id="CH-802")
    return chat.support(report)


def _contradicted(chat: object) -> list[str]:
    return [f.explanation for f in chat.findings("contradicted_claim")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "report",
    [
        "All done: CH-802 is refunded and you'll get 64.50 EUR back, the whole charge.",
        "Your refund for CH-802 comes to 64.50 EUR and should land in 3 days.",
        "Listo: recibirá 64,50 EUR en su cuenta en unos días.",
    ],
)
def test_an_amount_other_than_the_refund_made_is_a_finding(report: str) -> None:
    found = _contradicted(_refunded(report))
    assert found and "refund_charge it has just made" in found[0] and "60" in found[0]


def test_the_customers_own_figure_told_as_the_refund_is_a_finding() -> None:
    chat = _refunded("Refund CH-802 is through for 70.00 EUR.", "I want 70 EUR for the bother.")
    assert _contradicted(chat)


@pytest.mark.parametrize(
    "report",
    [
        "Done: 60.00 EUR back for CH-802, that's the 64.50 EUR charge less the 4.50 EUR fee.",
        "Done: CH-802 is refunded. You were charged 64.50 EUR twice on 17 November.",
        "Hecho: le devolvemos 60,00 EUR por CH-802.",
    ],
)
def test_the_writes_own_figure_and_the_charge_beside_it_are_no_finding(report: str) -> None:
    assert _contradicted(_refunded(report)) == []


@pytest.mark.parametrize(
    ("report", "wrong"),
    [
        ("Done: the mixer for CH-801 will be collected on 24 November.", True),
        ("Hecho: la recogida queda cambiada al 24 de noviembre de 2026.", True),
        ("Done: collection moved from 24 November to 26 November.", False),
    ],
)
def test_a_date_other_than_the_move_made(report: str, wrong: bool) -> None:
    chat = hire_chat().customer("TH-3301, born 4 June 1979: collect the mixer on the 26th?")
    chat.call("get_hirer", HIRER_ROW, **ID).call("list_charges", CHARGES, **ID)
    moved = {"charge_id": "CH-801", "collect_on": "2026-11-26"}
    chat.call("move_collection", moved, charge_id="CH-801", collect_on="2026-11-26")
    assert bool(_contradicted(chat.support(report))) is wrong


def test_a_write_returned_whole_with_its_items_is_not_read() -> None:
    chat = hire_chat().customer("Charged twice on TH-3301, born 4 June 1979.")
    chat.call("get_hirer", HIRER_ROW, **ID).call("list_charges", CHARGES, **ID)
    whole = {"hirer_id": "TH-3301", "charges": [REFUNDED, {"charge_id": "CH-801", "fee": 4.5}]}
    chat.call("refund_charge", whole, charge_id="CH-802")
    assert _contradicted(chat.support("Done: 64.50 EUR goes back to you for CH-802.")) == []
    flat = {**REFUNDED, "fee": 4.5}
    chat = _refunded("Done: 64.50 EUR goes back to you for CH-802.")
    chat.turns[-2] = chat.turns[-2].model_copy(update={"content": json.dumps(flat)})
    assert _contradicted(chat)
