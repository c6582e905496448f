"""Precision and recall of the critic's deterministic checks on the calibration set.

    python bench/critic_eval.py [FOLDER]

FOLDER defaults to tests/data/calibration (transcripts.jsonl + scenarios/). Goal: recall at
least 0.95 and precision at least 0.9 on every checkable category; exit 1 when one misses.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.calibration import CALIBRATION, evaluate, table


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else CALIBRATION
    figures, mistakes, n = evaluate(folder)
    print(f"critic calibration: {n} labeled conversations in {folder}")
    print(table(figures))
    for m in mistakes:
        print(f"  {m.kind}: {m.id} ({m.category})")
    return 0 if all(f.meets_goal for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
