"""`convsim test` against four more held-out bots (tests/bots/heldout2.py), written before the
act-less checks were read: a refund announced and never made, an FAQ widget in the
customer's language, a bot that asks for the password and a card PIN, and one whose
guardrail against reciting its instructions holds in English only. Each conversation's
verdict is compared with what a careful reader concludes (tests/bots/heldout2_verdicts.py),
on two seeds; the figures before and after the fixes are in docs/testing-bots.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots.heldout2_verdicts import BOTS

from simulator.bots.testing import simulate_bot

N = 12
SEEDS = (1, 2)


@pytest.mark.parametrize("name", list(BOTS))
def test_verdicts_agree_with_a_careful_reader(name: str, tmp_path: Path) -> None:
    bot, scenarios, expect = BOTS[name]
    disagreements: list[str] = []
    for seed in SEEDS:
        run = simulate_bot(bot, scenarios, n=N, seed=seed, out=tmp_path / str(seed), name=name)
        results = {r.id: r for r in run.results}
        assert len(run.transcripts) == N
        for t in run.transcripts:
            why = expect(t, results[t.id])
            if why:
                disagreements.append(f"{seed}:{t.id} {why}")
    assert disagreements == []
