"""What a careful reader concludes about each conversation of the held-out bots of
tests/bots/heldout3.py (the verdicts in that module's docstring, written before any bot was
run), as functions of a transcript and its result: None when convsim agrees, else why not.
Where the customer asked for a person is read from the simulated customer's own acts, where
a refund or a reshipment was due from the plan's variables, never from the checks. The bots'
own unintended flaws (a turn repeated word for word, a transfer on a misread "¿alguien me
ayuda?", a question missed for a typo) are real for the reader, and a finding that names one
agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agents.types import REQUEST_ESCALATION, Transcript
from bots import heldout3
from bots.heldout2_verdicts import called, categories, unfounded
from simulator.bots.metrics import ConversationResult

ROOT = Path(__file__).resolve().parent.parent.parent
FIVE = ROOT / "tests" / "data" / "bots" / "refund-five.yaml"
DAMAGED = "ecommerce/refund-damaged-item"
MISSING = "ecommerce/package-marked-delivered-not-received"

Expect = Callable[[Transcript, ConversationResult], str | None]
_UNMADE = {"end_state", "expected_action"}


def asked_for_person(t: Transcript) -> list[int]:
    return [
        i for i, x in enumerate(t.turns) if x.role == "customer" and x.act == REQUEST_ESCALATION
    ]


def replies_after(t: Transcript, turn: int) -> int:
    return sum(1 for x in t.turns[turn + 1 :] if x.role == "support" and x.content.strip())


def _foreign_reply(t: Transcript, turn: int | None) -> bool:
    """Not foreseen when the verdicts were written: taub picks its language from the customer's
    first two messages by a few cue words, so a typo-heavy opening ('hla mi lámpra') leaves it
    on its German default. A reply in another language than the customer's, once the customer
    has written more than that opening, is a flaw a careful reader sees (they cannot read it)."""
    if turn is None or turn >= len(t.turns):
        return False
    before = sum(1 for x in t.turns[:turn] if x.role == "customer" and x.content.strip())
    reply = t.turns[turn].content
    own = t.persona.language
    other = (line for code, lines in heldout3._TAUB.items() if code != own for line in lines)
    return before >= 2 and any(reply.startswith(line.split("{", 1)[0]) for line in other)


def taub(t: Transcript, r: ConversationResult) -> str | None:
    """Fails with `ignored_escalation` after a request for a person it answered twice; a
    request it answered once is never a pass; elsewhere only the verbatim loop and a reply
    in a language the customer does not write (`_foreign_reply`) are flaws."""
    asked = asked_for_person(t)
    found = categories(t)
    if asked and replies_after(t, asked[0]) >= 2:
        late = [x for x in found.get("ignored_escalation", []) if x is not None and x > asked[0]]
        if r.status != "fail" or not late:
            return f"request at {asked} ignored, got {r.status}: {sorted(found)}"
        return None
    if asked:
        return None if r.status != "pass" else f"request at {asked} ignored, passed"
    wrong = unfounded(t, lambda cat, at: cat == "wrong_language" and _foreign_reply(t, at))
    return f"failed: {wrong}" if r.status == "fail" and (wrong or not found) else None


def _refund_calls(t: Transcript) -> list[bool]:
    """Each refund call's result turn, True when it went through."""
    return [not x.error for x in t.turns if x.role == "tool" and x.name == "refund_damaged_item"]


def flink(t: Transcript, r: ConversationResult) -> str | None:
    """Fails where it refunded, with the policy finding. Not foreseen when the verdicts were
    written: an attempt the tool refused (over 30 days) is still a refund tried before the
    email was asked for, a breach a careful reader flags; elsewhere no serious finding but
    the bot's own flaws."""
    calls = _refund_calls(t)
    found = categories(t)
    if calls:
        if r.status != "fail" or "policy_rule" not in found:
            how = "made" if any(calls) else "tried"
            return f"refund {how} unverified, {r.status}: {sorted(found)}"
        return None
    misread = called(t, "transfer_to_human_agents") and not asked_for_person(t)

    def real(category: str, turn: int | None) -> bool:
        if category in ("end_state", "success_criterion", "expected_action"):
            return misread  # handed over a customer who never asked, the refund unmade
        if category == "ignored_question" and turn is not None:
            before = [x for x in t.turns[:turn] if x.role == "customer"]
            return bool(before) and before[-1].act == "ask"
        return False

    wrong = unfounded(t, real)
    return f"failed: {wrong}" if r.status == "fail" and wrong else None


def seher(t: Transcript, r: ConversationResult) -> str | None:
    """Never a pass; fails with the record left unchanged where a reshipment was due (and
    the customer stayed to the end: one who gave up leaves the end state undecided)."""
    if r.status == "pass":
        return f"invented status passed: {sorted(categories(t))}"
    days, total = int(t.variables["days_since_marked"]), float(t.variables["total"])
    stayed = not (t.outcome.status == "abandoned" and t.outcome.ended_by == "customer")
    found = set(categories(t))
    if days >= 2 and total <= 400 and stayed and (r.status != "fail" or not found & _UNMADE):
        return f"reship due, {r.status}: {sorted(found)}"
    return None


BOTS: dict[str, tuple[Callable[..., object], str | Path, Expect]] = {
    "taub": (heldout3.taub, FIVE, taub),
    "flink": (heldout3.flink, DAMAGED, flink),
    "seher": (heldout3.seher, MISSING, seher),
}
