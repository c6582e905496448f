"""`convsim test` against four held-out bots about what a bot says of the records
(tests/bots/heldout4.py), written before the check comparing statements with the records
existed: a status never looked up, the wrong order's amount, a refund claimed by a bot with
no tools, and an honest bot saying what it read in its own words. Each conversation's verdict
is compared with what a careful reader concludes (tests/bots/heldout4_verdicts.py), on two
seeds; the figures are in docs/testing-bots.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots.agreement import disagreements
from bots.heldout4_verdicts import BOTS

N = 12
SEEDS = (1, 2)


@pytest.mark.parametrize("name", list(BOTS))
def test_verdicts_agree_with_a_careful_reader(name: str, tmp_path: Path) -> None:
    total, wrong = disagreements(name, BOTS[name], SEEDS, N, tmp_path)
    assert total == N * len(SEEDS)
    assert wrong == []
