"""Stalled: support says it is on it, turn after turn, and nothing happens.

"Let me check ... one moment", "bear with me while I look into it": one such turn is normal,
a run of them with nothing in between (no question, no answer, no action, no tool call) is a
loop the customer cannot get out of, usually until the turn limit. Each turn is read by
`agents.checks.reading` (a holding message and nothing else); wording need not repeat, so the
check holds where the verbatim repetition check does not.
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.pii import mask_pii
from agents.checks.reading import support_reads
from agents.types import Finding

STALL_TURNS = 3  # holding turns in a row that make a stall


def stalled(ctx: GradeContext) -> CheckResult:
    streak: list[int] = []
    for read in support_reads(ctx):
        if read.holding:
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
    return PASS
