"""`convsim run --fork-failures K`: fork every failed conversation where it went wrong.

A failed conversation is one the critic labelled REJECT or REVIEW for the support side (not
ERROR, not one blamed on the simulated customer). It is forked at the turn its first finding
with a turn points to, moved back to the start of that turn's reply when the finding points
into one (a tool result, text after tool calls); one without such a finding is not forked.
A failure is repaired when one of its K continuations there is ACCEPT. Forks are stored and
resumable like any (simulator.forks.fork), so re-running the command adds nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from agents.types import Transcript
from simulator.errors import UserError
from simulator.forks.fork import fork
from simulator.run.runner import Engines
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

FAILED = ("REJECT", "REVIEW")


@dataclass(frozen=True)
class Repairs:
    failures: int
    forked: int  # failures with a turn to fork at
    repaired: int

    def line(self) -> str:
        return (
            f"{self.repaired} of {self.failures} failures repaired "
            f"({self.forked} forked at their first finding's turn)"
        )


def fork_turn(t: Transcript) -> int | None:
    """The first finding's turn, moved back to where its reply starts; None without one."""
    turns = [f.turn for f in (t.verdict.findings if t.verdict else []) if f.turn is not None]
    if not turns:
        return None
    at = min(max(turns[0], 0), len(t.turns) - 1)
    while at > 0 and (
        t.turns[at].role == "tool"
        or (t.turns[at].role == "support" and t.turns[at - 1].role != "customer")
    ):
        at -= 1
    return at


def repair_failures(out: Path, k: int, engines: Engines, n: int) -> Repairs:
    if not 1 <= k <= 1000:
        raise UserError(f"--fork-failures {k}: give the continuations per failure, 1 to 1000")
    with RunStore(out / DB_NAME, readonly=True) as store:
        failed = [
            t
            for t in store.iter_transcripts(below=n)
            if t.verdict is not None
            and t.verdict.label in FAILED
            and t.verdict.blame != "simulator"
        ]
    forked = repaired = 0
    for t in failed:
        at = fork_turn(t)
        if at is None:
            continue
        forked += 1
        _, children = fork(out, t.id, at, k, engines)
        repaired += any(c.label == "ACCEPT" for c in children)
    return Repairs(len(failed), forked, repaired)
