"""Stalled: support says it is on it, turn after turn, and nothing happens.

"Let me check ... one moment", "bear with me while I look into it": one such turn is normal,
a run of them with nothing in between (no question, no answer, no action, no tool call) is a
loop the customer cannot get out of, usually until the turn limit. Each turn is read by
`agents.checks.reading` (a holding message and nothing else); wording need not repeat, so the
check holds where the verbatim repetition check does not. Holding wording the reader does not
know ("hang tight, still pulling that up") is still no progress when the turn says nothing the
support turn before it did not: such a turn and the one it echoes count as holding unless
either asks, claims, refuses, hands over or calls a tool. A run that holds and has turns
the reader could not tell anything in ("Ainda estou vendo aqui" in words it lacks) may be a
stall: it is left undecided, not passed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.pii import mask_pii
from agents.checks.reading import SupportRead, support_reads
from agents.types import Finding

STALL_TURNS = 3  # holding turns in a row that make a stall
UNJUDGED = "stalled"
_WORD = re.compile(r"[^\W\d_]{3,}")


@lru_cache(maxsize=1024)
def _words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _WORD.findall(text))


def _moves(read: SupportRead) -> bool:
    """The turn did something besides talk: asked, acted, refused, handed over, called."""
    r = read.reading
    if read.calls or read.claim or read.handover:
        return True
    if r is None:
        return not read.holding
    return bool(r.asks_info or r.asks or r.claims or r.offers or r.refuses or r.hands_over)


def _customer_words(ctx: GradeContext, start: int, end: int) -> frozenset[str]:
    turns = ctx.turns[start:end]
    return frozenset().union(*(_words(t.content) for t in turns if t.role == "customer"))


def _echoes(ctx: GradeContext, reads: list[SupportRead]) -> set[int]:
    """Turns that add no word to the support turn just before, neither of them moving, while
    the customer said something new in between (an answer repeated to a question repeated is
    the customer's loop, not support's)."""
    found: set[int] = set()
    before: set[str] = set()  # the customer's words in the turns before `upto`: kept running,
    upto = 0  # since reading them from the start for each pair made it quadratic
    for prev, read in pairwise(reads):
        if _moves(prev) or _moves(read):  # first: no words need reading for most pairs
            continue
        now = _words(ctx.turns[read.index].content)
        if not now or not now <= _words(ctx.turns[prev.index].content):
            continue
        said = _customer_words(ctx, prev.index + 1, read.index)
        if said:
            before.update(_customer_words(ctx, upto, prev.index))
            upto = prev.index
            if said <= before:
                continue
        found |= {prev.index, read.index}
    return found


def _cannot_tell(read: SupportRead) -> bool:
    """A turn with text the reader could not tell anything in: it may have held, too."""
    r = read.reading
    return r is not None and r.undecided and not (read.calls or read.claim or read.handover)


def stalled(ctx: GradeContext) -> CheckResult:
    streak: list[int] = []
    # Holding turns in a row with turns the reader could not tell among them: a stall the
    # text cannot decide, left open rather than passed.
    maybe: list[bool] = []  # per turn of the run: it held (True) or could not be told
    open_question = False
    reads = support_reads(ctx)
    echoes = _echoes(ctx, [r for r in reads if ctx.turns[r.index].content.strip()])
    for read in reads:
        holding = read.holding or read.index in echoes
        if holding or (_cannot_tell(read) and ctx.turns[read.index].content.strip()):
            maybe.append(holding)
            open_question |= len(maybe) >= STALL_TURNS and any(maybe)
        elif read.calls or ctx.turns[read.index].content.strip():
            maybe = []
        if holding:
            streak.append(read.index)
        elif read.calls or ctx.turns[read.index].content.strip():
            streak = []
        if len(streak) == STALL_TURNS:
            last = streak[-1]
            finding = Finding(
                turn=last,
                dimension="task_success",
                category="stalled",
                severity="major",
                evidence=mask_pii(ctx.turns[last].content),
                explanation=f"support held the customer for {STALL_TURNS} turns in a row "
                f"without progress (turns {', '.join(map(str, streak))})",
            )
            return CheckResult((finding,))
    return CheckResult((), (UNJUDGED,)) if open_question else PASS
