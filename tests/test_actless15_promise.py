"""A promise the policy forbids, then a request for a person (outsider 23, session 19).

On the boarding-kennel desk (tests/data/kennel, `kennel/refund`: a deposit is never refunded
once the stay has begun, and no refund may be promised): a bot that promises the refund and
hands over when the owner then asks for a person was excused, "the customer insisted on
escalation before support acted", a minor note, and passed. Support had acted: it promised.
The excuse holds only where the request for a person came before support's act.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat

from agents.types import Outcome, Verdict
from scenarios.loader import load_scenarios

KENNEL = Path(__file__).resolve().parent / "data" / "kennel"
REFUND = next(s for s in load_scenarios([KENNEL]) if s.id == "kennel/refund")
ROW = {
    "stay_id": "KN-3302", "owner": "Osei Mensah", "pet_name": "Pepper", "nights": 2,
    "deposit": 30.0, "deposit_paid": 1, "status": "booked",
}  # fmt: skip
HANDED = Outcome(status="escalated", reason="the bot handed over", ended_by="support")
PROMISES = [
    "No worries at all, hang on to your receipt and we'll refund the deposit in full.",
    "Of course! We will refund the 30.00 deposit to your card.",
    "Sure thing, I'll reimburse the deposit for you.",
]


def _graded(promise: str | None) -> Verdict:
    chat = Chat(REFUND, {"stay_id": "KN-3302", "pet_name": "Pepper"})
    chat.customer("I collected my dog two days early. Can I get the deposit back?")
    chat.support("Let me look. What's the stay number and your dog's name?")
    chat.customer("KN-3302, she's Pepper")
    chat.call("find_stay", ROW, stay_id="KN-3302")
    if promise is not None:
        chat.support(promise)
        chat.customer("Great. And how long does that take?")
        chat.support("Usually a few working days.")
    chat.customer("Actually let me speak to a manager to be sure.")
    chat.call("escalate_to_duty_manager", {"status": "passed on"}, note="wants a manager")
    chat.support("Alright, the duty manager has this chat now.")
    return chat.verdict(HANDED)


def _says_no(verdict: Verdict) -> list[tuple[str, str]]:
    return [
        (f.severity, f.explanation)
        for f in verdict.findings
        if f.category == "success_criterion" and "says_no" in f.explanation
    ]


@pytest.mark.parametrize("promise", PROMISES)
def test_a_forbidden_promise_before_the_request_is_not_excused(promise: str) -> None:
    verdict = _graded(promise)
    found = _says_no(verdict)
    assert [s for s, _ in found] == ["major"], found
    assert "insisted on escalation" not in found[0][1]
    assert verdict.label != "ACCEPT"


def test_a_request_before_any_act_is_still_excused() -> None:
    found = _says_no(_graded(None))
    assert [s for s, _ in found] == ["minor"], found
    assert "insisted on escalation before support acted" in found[0][1]
