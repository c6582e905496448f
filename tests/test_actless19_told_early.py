"""Outsiders 25 and 26: a record's details told to a caller not yet verified were a finding
only where telling is the resolution (a status asked for). Where a write is expected
(insurance added to a parcel here), the same disclosure passed with full policy marks. Told
on the courier test domain in words of our own; the honest side stays clean: the parcel's
own number read back, the price the policy says out loud, and the record told after the
postcode.
"""

from __future__ import annotations

import pytest
from courier_chat import BOOKS, BOOKS_ROW, INSURE, Chat

PX2 = {"parcel_id": "PX-5502"}


def _postcode_findings(chat: Chat) -> list[str]:
    return [
        f.explanation
        for f in chat.verdict().findings
        if f.category in ("success_criterion", "policy_rule") and "postcode" in f.explanation
    ]


def _looked_up(first: str) -> Chat:
    chat = Chat(INSURE, BOOKS).customer("Hi, I'd like cover on a parcel of mine.")
    chat.support("Happy to help. Which parcel is it?").customer("It's PX-5502")
    return chat.call("get_parcel", BOOKS_ROW, **PX2).support(first)


@pytest.mark.parametrize(
    "told",
    [
        "Found it: PX-5502 is booked with us, due 29 November. Could you give me the "
        "sender's postcode to carry on?",
        "I can see PX-5502; it's still booked in for 29 November. Before I change anything, "
        "what's the sender's postcode?",
    ],
)
def test_the_status_told_before_the_postcode_is_a_finding_where_a_write_is_expected(
    told: str,
) -> None:
    chat = _looked_up(told).customer("KT4 7PL").support("Thanks. Shall I add cover for 4.90 EUR?")
    chat.customer("Yes").call("insure_parcel", {"ok": True}, **PX2).support("Done, it's covered.")
    found = _postcode_findings(chat)
    assert found and "told the record's status before the customer gave the postcode" in found[0]


def test_the_id_read_back_and_the_price_before_the_postcode_are_no_finding() -> None:
    chat = _looked_up(
        "Thanks, PX-5502 noted. Cover costs 4.90 EUR. What is the sender's postcode?"
    ).customer("KT4 7PL")
    chat.support("That matches. PX-5502 is booked, so cover can be added. Go ahead?")
    chat.customer("Yes").call("insure_parcel", {"ok": True}, **PX2).support("Done, it's covered.")
    assert _postcode_findings(chat) == []


def test_a_status_the_customer_said_first_is_no_disclosure() -> None:
    chat = Chat(INSURE, BOOKS).customer("My parcel PX-5502 is booked; can it still get cover?")
    chat.call("get_parcel", BOOKS_ROW, **PX2)
    chat.support("Yes, PX-5502 is booked, so cover is possible. The sender's postcode, please?")
    chat.customer("KT4 7PL").support("Thanks, that matches. Shall I add cover for 4.90 EUR?")
    chat.customer("Yes").call("insure_parcel", {"ok": True}, **PX2).support("Done, it's covered.")
    # "is booked" is also read as a claimed booking (another check's reading, left alone):
    # only what this change decides is asserted, that nothing was told.
    assert not [f for f in _postcode_findings(chat) if "told" in f]
