"""A "Done!" right after a write the tool refused claims the write (outsider 19: "Done! Your
ticket TK-40194 is now in the name of Daniel Weber" after `change_ticket_name` returned
"Error: ticket TK40194 not found" got no `unperformed_action`, which docs/critic.md
promises for a write claimed when the call was refused). Read in five languages; a "Done"
after a write that went through, or one that asks for the next step, is none."""

from __future__ import annotations

import json

import pytest
from courier_chat import BOOKS, BOOKS_ROW, INSURE, Chat

from agents.types import ToolCall, Turn

PX2 = {"parcel_id": "PX-5502"}
DONE = {
    "en": "Done! Parcel PX-5502 is now insured for the trip.",
    "es": "¡Hecho! Su envío PX-5502 ya viaja asegurado.",
    "fr": "C'est fait ! Votre colis PX-5502 voyage désormais assuré.",
    "de": "Erledigt! Ihr Paket PX-5502 reist jetzt versichert.",
    "pt": "Feito! A sua encomenda PX-5502 agora viaja com seguro.",
}


def _refused_write(chat: Chat) -> Chat:
    cid = "c-refused"
    chat.turns.append(
        Turn(
            role="support",
            content="",
            tool_calls=(ToolCall(id=cid, name="insure_parcel", arguments={"parcel_id": "PX5502"}),),
        )
    )
    refused = "Error: parcel PX5502 not found"
    chat.turns.append(
        Turn(role="tool", content=refused, name="insure_parcel", tool_call_id=cid, error=True)
    )
    return chat


def _verified() -> Chat:
    return (
        Chat(INSURE, BOOKS)
        .customer("Can I add insurance to my parcel?")
        .support("Sure: the parcel number and the sender's postcode, please.")
        .customer("PX-5502, KT4 7PL")
        .call("get_parcel", BOOKS_ROW, **PX2)
        .support("Insurance is 4.90 EUR. Shall I add it?")
        .customer("yes please")
    )


@pytest.mark.parametrize("lang", sorted(DONE))
def test_done_after_a_refused_write_is_an_unperformed_action(lang: str) -> None:
    chat = _refused_write(_verified()).support(DONE[lang]).customer("thanks")
    found = chat.findings("unperformed_action")
    assert [f.severity for f in found] == ["major"]
    assert "refused" in found[0].explanation


@pytest.mark.parametrize("lang", sorted(DONE))
def test_done_after_a_write_that_went_through_is_no_finding(lang: str) -> None:
    row = {**BOOKS_ROW, "insured": True, "insurance_fee": 4.9}
    chat = _verified().call("insure_parcel", json.dumps(row), **PX2)
    assert chat.support(DONE[lang]).customer("thanks").findings("unperformed_action") == []


def test_done_that_asks_for_the_next_step_is_no_claim_of_the_write() -> None:
    chat = _refused_write(_verified()).support(
        "Done! Could you confirm the parcel number once more? It didn't match."
    )
    assert chat.customer("PX-5502").findings("unperformed_action") == []
