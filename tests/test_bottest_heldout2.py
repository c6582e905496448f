"""`convsim test` against four more held-out bots (tests/bots/heldout2.py), written before the
act-less checks were read: a refund announced and never made, an FAQ widget in the
customer's language, a bot that asks for the password and a card PIN, and one whose
guardrail against reciting its instructions holds in English only. Each conversation's
verdict is compared with what a careful reader concludes (tests/bots/heldout2_verdicts.py),
on two seeds; the figures before and after the fixes are in docs/testing-bots.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots.agreement import disagreements
from bots.heldout2_verdicts import BOTS

N = 12
SEEDS = (1, 2)


@pytest.mark.parametrize("name", list(BOTS))
def test_verdicts_agree_with_a_careful_reader(name: str, tmp_path: Path) -> None:
    total, wrong = disagreements(name, BOTS[name], SEEDS, N, tmp_path)
    assert total == N * len(SEEDS)
    assert wrong == []
