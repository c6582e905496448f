"""`convsim test` against three more held-out bots (tests/bots/heldout3.py), written before the
act-less checks were read in detail: a multilingual bot with no handover at all (asked for a
person, it re-sends its last message or moves on), one that refunds through the tool without
asking for the account email, and one that invents a delivery status in the customer's
language and closes. Each conversation's verdict is compared with what a careful reader
concludes (tests/bots/heldout3_verdicts.py), on two seeds; the figures are in
docs/testing-bots.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots.agreement import disagreements
from bots.heldout3_verdicts import BOTS

N = 12
SEEDS = (1, 2)


@pytest.mark.parametrize("name", list(BOTS))
def test_verdicts_agree_with_a_careful_reader(name: str, tmp_path: Path) -> None:
    total, wrong = disagreements(name, BOTS[name], SEEDS, N, tmp_path)
    assert total == N * len(SEEDS)
    assert wrong == []
