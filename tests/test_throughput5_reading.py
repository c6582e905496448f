"""One reading of each support text per conversation (throughput5): the facts a reading names
are made once per conversation, and a reading with them is read_support's. Built on
tests/data/transitpass (a desk of the tests' own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import RESOLVED, Chat

from agents.checks import GradeContext
from agents.checks.reading import read_text
from agents.understanding import read_support
from scenarios.loader import load_scenarios

HERE = Path(__file__).resolve().parent / "data" / "transitpass"
LOST = load_scenarios([HERE])[0]
VARS = {"pass_id": "TP-1001", "holder_email": "noor.h@example.org"}
P1 = {"pass_id": "TP-1001"}


def _context(*support: str) -> GradeContext:
    chat = Chat(LOST, VARS).customer("I lost my pass, TP-1001, please stop it.")
    chat.call("suspend_pass", {"pass_id": "TP-1001", "status": "suspended"}, **P1)
    for text in support:
        chat.support(text).customer("ok")
    return GradeContext(chat.plan, chat.turns, RESOLVED)


@pytest.mark.parametrize(
    "text",
    [
        "What's the pass number and the email on the account?",
        "I've suspended pass TP-1001.",
        "He suspendido el abono TP-1001, ¿me confirma su correo?",
        "Could you give me the email address for the account, please?",
        "I can't refund the balance, but I can post a new pass.",
    ],
)
def test_a_reading_with_the_conversations_facts_is_read_supports(text: str) -> None:
    ctx = _context()
    assert read_text(text, ctx) == read_support(text, ctx.plan)


def test_the_facts_are_made_once_per_conversation() -> None:
    ctx = _context()
    read_text("What's the pass number?", ctx)
    facts = ctx.shared("reading.facts", lambda _: {})
    read_text("And the email on the account?", ctx)
    assert ctx.shared("reading.facts", lambda _: {}) is facts
    assert set(facts) >= {"pass_id"}
