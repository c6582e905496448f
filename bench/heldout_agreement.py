"""Agreement of convsim's verdicts with a careful reader's on the held-out bots of
tests/bots/heldout2.py (each bot's expected verdict is written in that module's docstring,
before the bots were first run). Per conversation: does the verdict (and, where the reader
names one, the finding and its turn) match? Run by hand:

    PYTHONPATH=. python bench/heldout_agreement.py [--seeds 1 2] [--n 12] [--show]

Prints `bot seed agree/total` lines and the overall ratio; `--show` lists each disagreement.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bots.heldout2_verdicts import BOTS  # noqa: E402

from simulator.bots.testing import simulate_bot  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--bots", nargs="+", default=list(BOTS))
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the runs in this (new) folder")
    args = parser.parse_args()
    agree = total = 0
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        for name in args.bots:
            bot, scenarios, expect = BOTS[name]
            for seed in args.seeds:
                out = Path(tmp) / f"{name}-{seed}"
                run = simulate_bot(bot, scenarios, n=args.n, seed=seed, out=out, name=name)
                results = {r.id: r for r in run.results}
                wrong = [(t, expect(t, results[t.id])) for t in run.transcripts]
                bad = [(t, why) for t, why in wrong if why]
                agree += len(wrong) - len(bad)
                total += len(wrong)
                print(f"{name} seed {seed}: {len(wrong) - len(bad)}/{len(wrong)}")
                for t, why in bad if args.show else ():
                    print(f"  {t.id[:8]} {t.edge_cases} {why}")
    print(f"all: {agree}/{total} = {agree / max(total, 1):.2f}")


if __name__ == "__main__":
    main()
