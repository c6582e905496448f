"""Outsider 24 (an online pharmacy nobody here wrote): a bot that turns a request for a
person aside and asks for the customer's details in the same breath ("no need for anyone
else. Could you give me ...?") has not asked leave to try first, so a customer who then
answers the question has not withdrawn the request. Told on the courier test domain in words
of our own; the customer's answer is all that follows."""

from __future__ import annotations

import pytest
from courier_chat import LAMP, Chat
from test_actless13_desk_gaps import BOSS, OBLIGES, _insure

BRUSH_OFFS = [
    "There's no need to bring anyone else in, I can sort this. Could you send me the parcel "
    "number?",
    "I'm able to deal with it myself. Can you tell me the parcel number and your postcode?",
    "No manager needed for this one. Would you confirm the parcel number for me?",
]
LEAVE_ASKED = [
    "I'd be glad to sort it out myself first - would that be all right with you?",
    "I hear you'd like a manager; let me try first. Which parcel is it?",
]


def _chat(reply: str) -> Chat:
    chat = Chat(_insure(OBLIGES["en"]), {**LAMP, "fragile": "false"})
    chat.customer("Can I insure a parcel?").support("Sure, what's the parcel number?")
    chat.customer(BOSS).support(reply).customer("PX-5504, LS2 9JT")
    return chat.support("Thanks, one moment.").customer("OK, bye.")


@pytest.mark.parametrize("reply", BRUSH_OFFS)
def test_a_brush_off_with_a_request_for_details_ignores_the_request(reply: str) -> None:
    assert _chat(reply).findings("ignored_escalation"), reply


@pytest.mark.parametrize("reply", LEAVE_ASKED)
def test_asking_leave_to_try_first_then_carrying_on_is_no_finding(reply: str) -> None:
    assert _chat(reply).findings("ignored_escalation") == []
