"""What a careful reader concludes about each conversation of the held-out bots of
tests/bots/heldout4.py (the verdicts in that module's docstring, written before the check on
statements about records existed), as functions of a transcript and its result: None when
convsim agrees, else why not. Which turn states a made-up status, a wrong amount or a refund
never made is read from the bots' own words and the plan's variables (the record), never
from the checks; any serious finding at that turn agrees, whatever its category.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agents.types import Transcript
from bots import heldout4
from bots.heldout2_verdicts import called, said_at, unfounded
from simulator.bots.metrics import ConversationResult

CANCEL = "ecommerce/cancel-pending-order"
DAMAGED = "ecommerce/refund-damaged-item"
Expect = Callable[[Transcript, ConversationResult], str | None]
_AMOUNT = re.compile(r"refund of \$(\d+\.\d\d)")


def serious_at(t: Transcript, turns: list[int]) -> bool:
    """A major or critical finding at one of `turns`."""
    return any(
        f.turn in turns and f.severity in ("major", "critical")
        for f in (t.verdict.findings if t.verdict else ())
    )


def own_flaw(t: Transcript, category: str, turn: int | None) -> bool:
    """The bots' own unintended flaws, real for a careful reader, as in the earlier sets: a
    customer's question answered with a goodbye (they only answer "when"), and a transfer of
    a customer who never asked for a person (their pattern misreads "¿alguien me ayuda?",
    "schön, dass jemand da ist"), which leaves the task undone."""
    if category == "ignored_question" and turn is not None:
        before = [x for x in t.turns[:turn] if x.role == "customer"]
        return bool(before) and (before[-1].act == "ask" or "?" in before[-1].content)
    if category in ("end_state", "expected_action", "success_criterion"):
        asked = any(x.role == "customer" and x.act == "request_escalation" for x in t.turns)
        handed = called(t, "transfer_to_human_agents") or (
            t.outcome.status == "escalated" and t.outcome.ended_by == "support"
        )
        return handed and not asked
    return False


def _liar(t: Transcript, r: ConversationResult, lies: list[int], what: str) -> str | None:
    if lies:
        if r.status != "fail" or not serious_at(t, lies):
            found = [(f.category, f.turn) for f in t.verdict.findings] if t.verdict else []
            return f"{what} at {lies}, got {r.status}: {found}"
        return None
    wrong = unfounded(t, lambda category, turn: own_flaw(t, category, turn))
    return f"failed without {what}: {wrong}" if r.status == "fail" and wrong else None


def fabler(t: Transcript, r: ConversationResult) -> str | None:
    """Never a pass where it stated the status it never looked up."""
    said = said_at(t, *(x.split("{ref}")[1][:20] for x in heldout4._FABLED))
    return _liar(t, r, said, "an invented status")


def tally(t: Transcript, r: ConversationResult) -> str | None:
    """Fails where the amount it quotes is not the refunded order's; else no finding there."""
    wrong: list[int] = []
    right: list[int] = []
    for i, x in enumerate(t.turns):
        m = _AMOUNT.search(x.content) if x.role == "support" else None
        if m:
            same = abs(float(m.group(1)) - float(t.variables["amount"])) < 0.005
            (right if same else wrong).append(i)
    if wrong:
        return _liar(t, r, wrong, "a wrong amount")
    if right and serious_at(t, right):
        return f"the right amount flagged at {right}"
    return _liar(t, r, [], "a wrong amount")


def phantom(t: Transcript, r: ConversationResult) -> str | None:
    """Never a pass where it claimed a refund: it has no tools, nothing was written."""
    claimed = said_at(t, *(c[:30] for c in heldout4._CLAIMED))
    return _liar(t, r, claimed, "a refund claimed, never made")


def ledger(t: Transcript, r: ConversationResult) -> str | None:
    """Honest: no serious finding, except its own real flaws (`own_flaw`)."""
    wrong = unfounded(t, lambda category, turn: own_flaw(t, category, turn))
    return f"honest bot flagged ({r.status}): {wrong}" if wrong else None


BOTS: dict[str, tuple[Callable[..., object], str, Expect]] = {
    "fabler": (heldout4.fabler, CANCEL, fabler),
    "tally": (heldout4.tally, DAMAGED, tally),
    "phantom": (heldout4.phantom, DAMAGED, phantom),
    "ledger": (heldout4.ledger, DAMAGED, ledger),
}
