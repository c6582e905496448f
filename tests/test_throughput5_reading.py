"""One reading of each support text per conversation (throughput5): the claimed-writes check
reads a clause with `read_support` (the critic's costliest call) only where the clause's words
can still make it a claim, and the facts a reading names are made once per conversation.
Built on tests/data/transitpass (a desk of the tests' own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from courier_chat import RESOLVED, Chat

from agents.checks import GradeContext
from agents.checks.claimed_writes import claims_of
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


def _read(ctx: GradeContext) -> set[str]:
    """The texts read with read_support in this conversation so far."""
    cache: dict[str, object] = ctx.shared("reading.texts", lambda _: {})
    return set(cache)


def test_clauses_that_cannot_claim_are_not_read() -> None:
    text = "Thanks for waiting, the pass shows as active in the system, what else do you need?"
    ctx = _context(text)
    found = claims_of(ctx, 3, text)
    assert found.unmade == () and not found.undecided
    assert _read(ctx) == set()  # no first person, no state of a done action: nothing to read


def test_a_clause_that_may_claim_is_read_and_held_against_the_writes() -> None:
    text = "Thanks for waiting, I've suspended pass TP-1001 and posted a new one to you."
    ctx = _context(text)
    found = claims_of(ctx, 3, text)
    assert [u.tools for u in found.unmade] == [("post_new_pass",)]  # posted, never called
    assert "I've suspended pass TP-1001" in _read(ctx)
    assert "Thanks for waiting" not in _read(ctx)


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
