"""Measure agents.understanding.support on support text in Spanish, French, German and
Portuguese that the reader's cues were not written from.

    python bench/support_multilingual.py [FILE ...] [--errors N]

Default FILE: bench/data/support_multilingual_heldout.json (hand-written before the
multilingual cues, never used to change them; see its "about"). Each row gives the classes a
correct reading must contain (`required`), those it may also contain (`allowed`), and for an
asking turn the facts it names. Per language it prints the agreement (turns read exactly
right: every required class found, nothing outside required + allowed), how many turns the
reader could not tell (undecided), per-class precision and recall, and fact naming.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.understanding.support import CLASSES, read_support

DEFAULT = Path(__file__).resolve().parent / "data" / "support_multilingual_heldout.json"


def _ratio(a: int, b: int) -> str:
    return f"{a / b:5.2f}" if b else f"{'-':>5}"


def measure(path: Path, errors: int) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    facts: dict[str, str] = data["facts"]
    by_lang: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in data["rows"]:
        by_lang[str(row["lang"])].append(row)
    print(f"{path.name}: {sum(len(v) for v in by_lang.values())} turns")
    print(f"{'lang':<5} {'n':>4} {'agree':>6} {'undecided':>9} {'wrong-decided':>13} "
          f"{'facts P':>8} {'facts R':>8}")  # fmt: skip
    totals: Counter[str] = Counter()
    per_class: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    for lang, rows in sorted(by_lang.items()):
        c: Counter[str] = Counter()
        for row in rows:
            required = set(row["required"])  # type: ignore[call-overload]
            allowed = set(row["allowed"])  # type: ignore[call-overload]
            reading = read_support(str(row["text"]), facts)
            got = set(reading.classes)
            c["n"] += 1
            c["undecided"] += reading.undecided
            right = not (required - got) and not (got - required - allowed)
            c["agree"] += right
            c["wrong_decided"] += not right and not reading.undecided
            for cls in got:
                per_class[cls][
                    "tp" if cls in required else "fp" if cls not in allowed else "ok"
                ] += 1
            for cls in required - got:
                per_class[cls]["fn"] += 1
            if "facts" in row:
                want = set(row["facts"])  # type: ignore[call-overload]
                c["ftp"] += len(want & reading.asks)
                c["ffn"] += len(want - reading.asks)
                c["ffp"] += len(reading.asks - want)
            if not right:
                wrong.append(f"{lang} want {sorted(required)} got {sorted(got)} | {row['text']}")
        totals.update(c)
        print(
            f"{lang:<5} {c['n']:>4} {_ratio(c['agree'], c['n']):>6} "
            f"{_ratio(c['undecided'], c['n']):>9} {_ratio(c['wrong_decided'], c['n']):>13} "
            f"{_ratio(c['ftp'], c['ftp'] + c['ffp']):>8} {_ratio(c['ftp'], c['ftp'] + c['ffn']):>8}"
        )
    print(f"{'all':<5} {totals['n']:>4} {_ratio(totals['agree'], totals['n']):>6} "
          f"{_ratio(totals['undecided'], totals['n']):>9} "
          f"{_ratio(totals['wrong_decided'], totals['n']):>13}")  # fmt: skip
    print(f"{'class':<11} {'P':>5} {'R':>5} {'n':>4}")
    for cls in CLASSES:
        s = per_class[cls]
        print(f"{cls:<11} {_ratio(s['tp'], s['tp'] + s['fp'])} "
              f"{_ratio(s['tp'], s['tp'] + s['fn'])} {s['tp'] + s['fn']:>4}")  # fmt: skip
    for line in wrong[:errors]:
        print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--errors", type=int, default=0, help="print up to N misread turns")
    args = parser.parse_args()
    for path in args.files:
        measure(path, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
