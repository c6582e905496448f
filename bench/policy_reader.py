"""What the studio's policy reader offers for each sentence of the test policies in
bench/data/studio_policies/ (train*: looked at while the reader was changed; held*: written
at the same time and kept out until the end: train1-5/held1-5 in session 13, train6-10/
held6-10 in session 14), one line per sentence, to grade by hand as right, wrong or not
offered (docs/figures.md, "Studio policy reader"). A prefix picks files (`train`, `held6`;
note `held1` also matches `held10`).

    PYTHONPATH=. python bench/policy_reader.py [held|train|held6|...]
"""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.studio.policy.suggest import policy_lines, suggest

_DATA = Path(__file__).parent / "data" / "studio_policies"


def main(which: str = "") -> None:
    for path in sorted(_DATA.glob(f"{which}*.txt")):
        text = path.read_text(encoding="utf-8")
        found = suggest(text, {})
        read = {s.line for s in found} | {s.more for s in found if s.more}
        print(f"== {path.stem}")
        for s in found:
            what = s.reason if s.action == "asks" else s.when
            offer = f" offers {s.offer!r}" if s.offer else ""
            print(f"  [{s.action}] {what!r}{offer} <- {s.line}")
        for line in policy_lines(text):
            if line not in read:
                print(f"  (not offered) <- {line}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "")
