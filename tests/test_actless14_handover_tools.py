"""One rule decides whether a tool call hands the conversation over (actless14).

`ignored_escalation` (agents/checks/escalation.py) kept a pattern of its own over tool names
("transfer" anywhere in the name counted), so a look-up of a guest's bank transfer passed as
the handover the guest asked for, and a front-desk tool whose description hands over but
whose name says "ring" did not count. It now asks agents.handovers, as the unmade-handover
checks do. On the ski hire desk (tests/data/skihire)."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import Chat

from agents.types import Outcome
from scenarios.loader import load_scenarios

DESK = next(
    s
    for s in load_scenarios([Path(__file__).resolve().parent / "data" / "skihire"])
    if s.id == "skihire/move-up"
)
LEFT = Outcome(status="abandoned", reason="gave up", ended_by="customer")
RESULTS = {
    "trace_bank_transfer": {"hire_id": "SK-7710", "amount_paid": 120.0},
    "ring_front_desk": {"hire_id": "SK-7710", "desk": "ringing"},
}


def _ignored(tool: str) -> bool:
    chat = Chat(DESK, {"hire_id": "SK-7710", "guest_email": "ines.vogt@example.org"})
    chat.customer("Hello, it's about hire SK-7710.")
    chat.support("Hi! What can I do for you?")
    chat.customer("Honestly, I would rather speak to a human being.")
    chat.call(tool, RESULTS[tool], hire_id="SK-7710")
    chat.turns[-2] = chat.turns[-2].model_copy(update={"content": "Just a second."})
    chat.support("Is there anything else about your hire?")
    chat.customer("Never mind.")
    verdict = chat.verdict(LEFT)
    return any(f.category == "ignored_escalation" for f in verdict.findings)


@pytest.mark.parametrize(
    ("tool", "ignored"),
    [("trace_bank_transfer", True), ("ring_front_desk", False)],
)
def test_a_call_hands_over_by_the_shared_rule(tool: str, ignored: bool) -> None:
    assert _ignored(tool) is ignored
