"""Precision and recall of the critic's deterministic checks on the calibration set.

    python bench/critic_eval.py [FOLDER]

Without FOLDER it grades the tuned set (tests/data/calibration: every .jsonl there, with
scenarios/) and then the held-out set (tests/data/calibration/heldout, written after the
checks were final: its figures are the honest ones). Goal: recall at least 0.95 and precision
at least 0.9 on every checkable category of the tuned set; exit 1 when one misses. The held-out
figures are reported, not gated: they are there to be believed, not to be tuned against.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.quality.calibration import CALIBRATION, HELDOUT, Figures, evaluate, table


def report(title: str, folder: Path) -> list[Figures]:
    figures, mistakes, n = evaluate(folder)
    print(f"critic calibration, {title}: {n} labeled conversations in {folder}")
    print(table(figures))
    for m in mistakes:
        print(f"  {m.kind}: {m.id} ({m.category})")
    return figures


def main() -> int:
    if len(sys.argv) > 1:
        figures = report("given set", Path(sys.argv[1]))
    else:
        figures = report("tuned set", CALIBRATION)
        print()
        report("held-out set (reported, not gated)", HELDOUT)
    return 0 if all(f.meets_goal for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
