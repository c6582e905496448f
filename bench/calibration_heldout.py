"""Writes the held-out part of the critic's calibration set.

    python bench/calibration_heldout.py     # rewrites tests/data/calibration/heldout/

Written after the customer-behaviour checks (ended early, rescued support, verbosity and
quirk drift) were final and not changed afterwards, with a scenario the checks never saw
(heldout/scenarios/double-charge.yaml, which has a knowledge answer), new personas and new
wording, so `bench/critic_eval.py` reports honest figures for them next to the tuned set's.
A few records of the older categories are included too. Labels are a person's reading of
each conversation, every checkable category it has. The records are written by category in
bench/calibration_heldout_leaving.py, _style.py and _older.py, with the helpers of
bench/calibration_heldout_records.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.calibration_heldout_leaving import ended_early, rescued
from bench.calibration_heldout_older import older
from bench.calibration_heldout_records import Held
from bench.calibration_heldout_style import quirks, verbosity
from bench.calibration_records import write

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "calibration" / "heldout"


def build() -> list[dict[str, Any]]:
    h = Held()
    ended_early(h)
    rescued(h)
    verbosity(h)
    quirks(h)
    older(h)
    return h.records


if __name__ == "__main__":
    records = build()
    write(records, OUT / "transcripts.jsonl")
    print(f"wrote {len(records)} records to {OUT / 'transcripts.jsonl'}")
