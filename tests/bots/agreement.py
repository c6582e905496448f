"""Agreement of convsim's verdicts with a careful reader's, conversation by conversation, for
a table of held-out bots (`tests/bots/heldout*_verdicts.py`: name -> bot, scenarios, expect).
One loop for the tests of every held-out set and for bench/heldout_agreement.py, so they
cannot drift apart in how a run is played or a disagreement is told."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from agents.types import Transcript
from simulator.bots.metrics import ConversationResult
from simulator.bots.testing import simulate_bot

Expect = Callable[[Transcript, ConversationResult], str | None]
Entry = tuple[Callable[..., object], str | Path, Expect]


def disagreements(
    name: str, entry: Entry, seeds: Iterable[int], n: int, out: Path
) -> tuple[int, list[str]]:
    """Play `n` conversations per seed against the bot (runs under `out/<seed>`) and return
    how many were graded and `seed:id why` for each the careful reader disagrees with."""
    bot, scenarios, expect = entry
    total = 0
    found: list[str] = []
    for seed in seeds:
        run = simulate_bot(bot, scenarios, n=n, seed=seed, out=out / str(seed), name=name)
        results = {r.id: r for r in run.results}
        for t in run.transcripts:
            total += 1
            why = expect(t, results[t.id])
            if why:
                found.append(f"{seed}:{t.id} {why}")
    return total, found
