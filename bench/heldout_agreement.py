"""Agreement of convsim's verdicts with a careful reader's on a set of held-out bots
(tests/bots/heldout<SET>.py, 2 to 4; each bot's expected verdict is written in that module's
docstring, before the bots were first run). Per conversation: does the verdict (and, where
the reader names one, the finding and its turn) match? Run by hand:

    PYTHONPATH=. python bench/heldout_agreement.py [--set 4] [--seeds 1 2] [--n 12] [--show]

Prints `bot seed agree/total` lines and the overall ratio; `--show` lists each disagreement.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import importlib  # noqa: E402

from bots.agreement import disagreements  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=int, default=2, choices=(2, 3, 4))
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--bots", nargs="+", default=None)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the runs in this (new) folder")
    args = parser.parse_args()
    bots = importlib.import_module(f"bots.heldout{args.set}_verdicts").BOTS
    agree = total = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        for name in args.bots or list(bots):
            for seed in args.seeds:
                count, bad = disagreements(name, bots[name], [seed], args.n, Path(tmp) / name)
                agree += count - len(bad)
                total += count
                print(f"{name} seed {seed}: {count - len(bad)}/{count}")
                for why in bad if args.show else ():
                    print(f"  {why[:300]}")
    print(f"all: {agree}/{total} = {agree / max(total, 1):.2f}")


if __name__ == "__main__":
    main()
