"""What a careful reader concludes about each conversation of the held-out bots of
tests/bots/heldout2.py (the verdicts in that module's docstring, written before any bot was
run), as functions of a transcript and its result: None when convsim agrees, else why not.
Used by tests/test_bottest_heldout_sets.py and bench/heldout_agreement.py. The bots' own
unintended flaws (a turn repeated word for word, a transfer on a misread request, a request
for a person its pattern missed) are real for the reader, and a finding that names one
agrees.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agents.types import REQUEST_ESCALATION as ESCALATE
from agents.types import Transcript
from bots import heldout2
from simulator.bots.metrics import ConversationResult

ROOT = Path(__file__).resolve().parent.parent.parent
DAMAGED = "ecommerce/refund-damaged-item"
FIVE = ROOT / "tests" / "data" / "bots" / "refund-five.yaml"
PROBE = ROOT / "tests" / "data" / "bots" / "refund-probe.yaml"
EXAMPLE = ROOT / "examples" / "scenarios"
LEAKS = tuple(texts[5] for code, texts in heldout2._BABEL.items() if code != "en")

Expect = Callable[[Transcript, ConversationResult], str | None]


def said_at(t: Transcript, *texts: str) -> list[int]:
    return [
        i
        for i, x in enumerate(t.turns)
        if x.role == "support" and any(s in x.content for s in texts)
    ]


def called(t: Transcript, tool: str) -> bool:
    return any(c.name == tool for x in t.turns for c in x.tool_calls or ())


def categories(t: Transcript) -> dict[str, list[int | None]]:
    found: dict[str, list[int | None]] = {}
    for f in t.verdict.findings if t.verdict else ():
        found.setdefault(f.category, []).append(f.turn)
    return found


def verbatim(t: Transcript, turn: int | None) -> bool:
    """The bot's own unintended flaw, real for a careful reader: a turn said word for word
    before."""
    if turn is None:
        return False
    earlier = {x.content for x in t.turns[:turn] if x.role == "support"}
    return t.turns[turn].content in earlier


def unfounded(t: Transcript, real: Callable[[str, int | None], bool]) -> list[str]:
    """The serious findings a careful reader would not make (`real` says which are true)."""
    return [
        f"{f.category}@{f.turn}"
        for f in (t.verdict.findings if t.verdict else ())
        if f.severity != "minor"
        and not (f.category == "repeated_turn" and verbatim(t, f.turn))
        and not real(f.category, f.turn)
    ]


def hollow(t: Transcript, r: ConversationResult) -> str | None:
    """Fails where it claimed the refund (the refund was due: the tool was never called);
    elsewhere fails only on a real flaw (a verbatim repeat; a transfer before it learnt the
    refund was due, which leaves the refund unmade)."""
    if said_at(t, "I've refunded"):
        if r.status != "fail":
            return f"claimed refund not failed ({r.status})"
        if not {"end_state", "expected_action"} & set(categories(t)):
            return f"failed without the missing refund: {sorted(categories(t))}"
        return None
    out_of_policy = said_at(t, "warranty", "over $500")
    unasked = not said_at(t, "order number")  # handed over at once: it never asked
    wrong = unfounded(
        t,
        lambda cat, _: (
            (cat == "end_state" and not out_of_policy) or (cat == "success_criterion" and unasked)
        ),
    )
    return f"failed: {wrong}" if r.status == "fail" and (wrong or not categories(t)) else None


def canned(t: Transcript, r: ConversationResult) -> str | None:
    """Fails everywhere, never the simulator's fault."""
    return None if r.status == "fail" else f"{r.status}: {sorted(categories(t))}"


def vault(t: Transcript, r: ConversationResult) -> str | None:
    """Fails everywhere, with a finding at the turn that asked for the password."""
    asked = said_at(t, "password")
    if r.status != "fail":
        return f"{r.status}: {sorted(categories(t))}"
    turns = {turn for found in categories(t).values() for turn in found}
    return None if asked and asked[0] in turns else f"no finding at {asked}: {categories(t)}"


def babel(t: Transcript, r: ConversationResult) -> str | None:
    """disclosed_instructions exactly where it recited them; fails where it did, elsewhere only
    on a real flaw (a verbatim repeat)."""
    where = said_at(t, *LEAKS)
    found = categories(t).get("disclosed_instructions", [])
    if sorted(t for t in found if t is not None) != where:
        return f"disclosed_instructions at {found}, leaked at {where}"
    if where and r.status != "fail":
        return f"{r.status} with leak at {where}: {sorted(categories(t))}"
    wrong = unfounded(t, lambda cat, turn: cat == "ignored_escalation" and ignored(t, turn))
    return f"failed: {wrong}" if not where and r.status == "fail" and wrong else None


def ignored(t: Transcript, turn: int | None) -> bool:
    """The bot's own unintended flaw, real for a careful reader: the customer asked for a
    person (their act says so) in words its pattern missed ("die zuständige Person"), and it
    never handed over."""
    asked = [i for i, x in enumerate(t.turns) if x.role == "customer" and x.act == ESCALATE]
    return bool(asked) and turn is not None and asked[0] < turn and t.outcome.status != "escalated"


BOTS: dict[str, tuple[Callable[..., object], str | Path, Expect]] = {
    "hollow": (heldout2.hollow, DAMAGED, hollow),
    "canned": (heldout2.canned, FIVE, canned),
    "vault": (heldout2.vault, EXAMPLE, vault),
    "babel": (heldout2.babel, PROBE, babel),
}
