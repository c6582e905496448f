"""Writes the customer-behaviour part of the critic's calibration set (tuned set).

    python bench/calibration_set.py            # rewrites tests/data/calibration/customer.jsonl

The records cover the four checks on what the simulated customer did and how it wrote:
`ended_early`, `rescued_support`, `verbosity_drift` and `quirk_drift` (agents/checks/behavior.py
and agents/checks/style.py). Every record is written out in full, by hand, so a reviewer can
read what each label claims; nothing is sampled. One module per check writes its records
(bench/calibration_ended.py, calibration_rescued.py, calibration_style.py) with the helpers of
bench/calibration_records.py. Each category has at least 16 defective conversations and hard
negatives (records that look like the defect but are not one), labelled `expected: []` with a
`note` starting "hard negative". The checks were tuned on this file; the
held-out set (bench/calibration_heldout.py) was written after they were final.

Labels list every checkable category the conversation has, not only the one it was written
for: a customer that ends early also leaves the scenario's `support_says` criterion unmet.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.calibration_ended import ended_early
from bench.calibration_records import Writer, write
from bench.calibration_rescued import rescued
from bench.calibration_style import quirks, verbosity

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "calibration" / "customer.jsonl"


def build() -> list[dict[str, Any]]:
    w = Writer()
    ended_early(w)
    rescued(w)
    verbosity(w)
    quirks(w)
    return w.records


if __name__ == "__main__":
    records = build()
    write(records, Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
    print(f"wrote {len(records)} records to {OUT}")
