"""Count the form-like and stock patterns of a run's text (issue #14, reading s11b).

    convsim run --n 2000 --seed 42 --out /tmp/run
    python bench/text_patterns.py /tmp/run [--top 20] [--language en]

A reader flags a value tagged with its label ("0312 (the last four digits of my card)"), a
field label nobody asked for in an opening ("MEMBERSHIP LEVEL: GOLD."), and support's stock
phrases said where they do not fit. Reading finds them; this counts them over a whole run so
a change can be measured before and after on the same seed. Counts are per persona language.

- `value (label)`: a customer turn where one of its own fact values is followed by a
  parenthesis with words and no digit ("W2041597 (order number)"); a parenthesis elsewhere
  (an aside) is not counted.
- `opening bare label`: an opening message that puts a field label before one of its values
  ("Membership level: Gold", "Shipping destination - the mainland US"); the same with the
  label's determiner ("The reason for cancelling: ...") is counted apart.
- `stock`: support turns holding each phrase of `STOCK`.
- `first clauses`: support turns' first clause (text up to the first , . ! ? ; or :),
  lower-cased, the most frequent `--top` of them with their counts.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

STOCK = (
    "I hear you",
    "To answer your question",
    "the time until you need it",
    "Here's the answer",
    "First things first",
    "Before I can quickly",
    "To quickly check",
)
_PAREN_WORDS = re.compile(r"\s*\(([^()\d]*[^\W\d][^()\d]*)\)")
_FIRST_CLAUSE = re.compile(r"^[^,.!?;:]*")


def conversations(path: Path) -> Iterator[dict[str, Any]]:
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _values(turn: dict[str, Any]) -> list[str]:
    slots = turn.get("slots") or {}
    return [v for v in slots.values() if isinstance(v, str) and len(v) > 1]


def value_label(turn: dict[str, Any]) -> bool:
    """A value of the turn followed by a worded parenthesis: '0312 (last four digits)'."""
    text = turn.get("content") or ""
    low = text.lower()
    for value in _values(turn):
        at = low.find(value.lower())
        while at >= 0:
            if _PAREN_WORDS.match(text, at + len(value)):
                return True
            at = low.find(value.lower(), at + 1)
    return False


_LABEL_BEFORE = re.compile(r"^\s*(?:[^\W\d][\w'-]*\s+){0,5}?[^\W\d][\w'-]*\s*(?::|=|-|–)\s*$")
_SPOKEN = re.compile(r"(?i)^\s*(?:the|my|your|our|as for|for)\b")


def opening_label(turn: dict[str, Any]) -> bool:
    """An opening whose sentence holding a value is a bare field label before it:
    'Membership level: Gold', 'SHIPPING DESTINATION - ALASKA', 'Bag description = ...'. A
    label said with its determiner ('The reason for cancelling: ...') is counted apart."""
    return _label_before(turn) == "bare"


def opening_spoken_label(turn: dict[str, Any]) -> bool:
    return _label_before(turn) == "spoken"


def _label_before(turn: dict[str, Any]) -> str:
    if turn.get("act") != "open":
        return ""
    text = turn.get("content") or ""
    low = text.lower()
    for value in _values(turn):
        at = low.find(value.lower())
        if at <= 0:
            continue
        head = re.split(r"[.!?;]\s+|,\s+|\n", text[:at])[-1]
        if _LABEL_BEFORE.match(head):
            return "spoken" if _SPOKEN.match(head) else "bare"
    return ""


def first_clause(text: str) -> str:
    m = _FIRST_CLAUSE.match(text.strip())
    return (m.group(0) if m else "").strip().lower()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--language", default="en", help="language of the first-clause list")
    args = ap.parse_args(argv)
    counts: dict[str, Counter[str]] = {}
    clauses: Counter[str] = Counter()
    for rec in conversations(args.run):
        lang = (rec.get("persona") or {}).get("language", "en")
        c = counts.setdefault(lang, Counter())
        c["conversations"] += 1
        for turn in rec.get("turns") or []:
            text = turn.get("content") or ""
            if not text:
                continue
            if turn.get("role") == "customer":
                c["customer turns"] += 1
                c["customer value (label)"] += value_label(turn)
                c["customer opening bare label"] += opening_label(turn)
                c["customer opening 'the label:'"] += opening_spoken_label(turn)
            elif turn.get("role") == "support":
                c["support turns"] += 1
                for phrase in STOCK:
                    c[f"support '{phrase}'"] += phrase.lower() in text.lower()
                if lang == args.language:
                    clauses[first_clause(text)] += 1
    keys = sorted({k for c in counts.values() for k in c}, key=_order)
    langs = sorted(counts, key=lambda x: (x != "en", x))
    print("| measure | " + " | ".join(langs) + " |")
    print("|---|" + "---|" * len(langs))
    for key in keys:
        print(f"| {key} | " + " | ".join(str(counts[g][key]) for g in langs) + " |")
    print(f"\nmost frequent first clauses of {args.language} support turns:")
    for clause, n in clauses.most_common(args.top):
        print(f"{n:5d}  {clause}")
    return 0


def _order(key: str) -> tuple[int, str]:
    rank = ("conversations", "customer turns", "support turns")
    return (rank.index(key) if key in rank else len(rank), key)


if __name__ == "__main__":
    raise SystemExit(main())
