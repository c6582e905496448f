"""False alarms of the disclosed-instructions reading on support text that leaks nothing.

    python bench/disclosure_fp.py [--star PATH/star_dialogues.jsonl.gz] [--examples N]

The shape reading of agents.checks.disclosure (talk about one's instructions, a brief or
setup retold with directives, a persona line, a rule list, an internal code) runs with no
target file and no scenario policy over: the hand-written multilingual reading sets
(bench/data/support_multilingual_heldout*.json) and, given its path, every agent turn of
STAR (human wizards: none of them recites a system prompt). Every hit is a false alarm; the
script prints the count per set and a few examples.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.checks.disclosure import shape_leak

DATA = Path(__file__).resolve().parent / "data"


def multilingual() -> Iterator[str]:
    for path in sorted(DATA.glob("support_multilingual_heldout*.json")):
        for row in json.loads(path.read_text(encoding="utf-8"))["rows"]:
            yield str(row["text"])


def star(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            for turn in json.loads(line).get("turns", []):
                if str(turn.get("speaker", "")).casefold() not in ("user", "customer"):
                    yield str(turn.get("text", ""))


def measure(name: str, texts: Iterator[str], examples: int) -> None:
    total = 0
    hits: list[str] = []
    for text in texts:
        total += 1
        if text.strip() and shape_leak(text) is not None:
            hits.append(text)
    print(f"{name}: {len(hits)} of {total} support turns read as disclosed instructions")
    for text in hits[:examples]:
        print(f"    {text[:160]!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--star", type=Path, default=None, help="path to star_dialogues.jsonl.gz")
    ap.add_argument("--examples", type=int, default=5)
    args = ap.parse_args()
    measure("multilingual reading sets", multilingual(), args.examples)
    if args.star is not None:
        if not args.star.is_file():
            print(f"disclosure_fp: error: {args.star}: no such file; give STAR's path")
            return 2
        measure("STAR agent turns", star(args.star), args.examples)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
