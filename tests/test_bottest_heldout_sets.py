"""`convsim test` against the held-out bots of tests/bots/heldout2.py, heldout3.py and
heldout4.py, each set written before the checks it exercises were read:

- heldout2: a refund announced and never made, an FAQ widget in the customer's language, a bot
  that asks for the password and a card PIN, one whose guardrail against reciting its
  instructions holds in English only;
- heldout3: a multilingual bot with no handover at all, one that refunds through the tool
  without asking for the account email, one that invents a delivery status and closes;
- heldout4 (what a bot says of the records, written before that check existed): a status never
  looked up, the wrong order's amount, a refund claimed by a bot with no tools, an honest bot
  saying what it read in its own words.

Each conversation's verdict is compared with what a careful reader concludes (the set's
`*_verdicts.py`), on two seeds; the figures are in docs/testing-bots.md and docs/figures.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots import heldout2_verdicts, heldout3_verdicts, heldout4_verdicts
from bots.agreement import Entry, disagreements

N = 12
SEEDS = (1, 2)
CASES = [
    pytest.param(
        name, entry, id=f"{module.__name__.rsplit('.', 1)[-1].removesuffix('_verdicts')}-{name}"
    )
    for module in (heldout2_verdicts, heldout3_verdicts, heldout4_verdicts)
    for name, entry in module.BOTS.items()
]


@pytest.mark.parametrize(("name", "entry"), CASES)
def test_verdicts_agree_with_a_careful_reader(name: str, entry: Entry, tmp_path: Path) -> None:
    total, wrong = disagreements(name, entry, SEEDS, N, tmp_path)
    assert total == N * len(SEEDS)
    assert wrong == []
