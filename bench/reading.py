"""Draw turns of a run for a hand reading (issue #14): each shown with the message before it.

    convsim run --n 2000 --seed 2601 --out /tmp/run
    python bench/reading.py /tmp/run --role support --n 200 --seed 14 [--language en]
    python bench/reading.py /tmp/run --whole 30 --seed 14

A reader judges each drawn turn *broken or incoherent* or *fine* (rules in
docs/text-quality.md). Turns are drawn only from conversations whose persona writes the
language asked for, since a reader judges one language at a time; tool-call turns (no text)
are never drawn. Each turn is numbered so a reading can cite it, and shown with its act, the
persona's tone and quirks and the edge case, which say whether an oddity is intended.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def conversations(path: Path, language: str) -> Iterator[dict[str, Any]]:
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if (rec.get("persona") or {}).get("language", "en") == language:
                    yield rec


def _said(turns: list[dict[str, Any]], i: int) -> str:
    """The last message before turn i that has text (tool results are shown as such)."""
    for t in reversed(turns[:i]):
        if t.get("content"):
            return f"{t.get('role')}: {t['content']}"
    return "(start)"


def _who(rec: dict[str, Any]) -> str:
    p = rec.get("persona") or {}
    quirks = ",".join(p.get("quirks") or []) or "-"
    return f"{rec.get('scenario_id')} tone={p.get('tone')} verb={p.get('verbosity')} q={quirks}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path)
    ap.add_argument("--role", choices=["support", "customer"], default="support")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--language", default="en")
    ap.add_argument("--whole", type=int, default=0, help="print this many whole conversations")
    args = ap.parse_args(argv)
    recs = list(conversations(args.run, args.language))
    rng = random.Random(args.seed)
    if args.whole:
        for rec in rng.sample(recs, min(args.whole, len(recs))):
            print(f"=== {rec['id']} {_who(rec)} edges={rec.get('edge_cases')}")
            for t in rec.get("turns", []):
                text = t.get("content") or f"[tools {len(t.get('tool_calls') or [])}]"
                print(f"  {t.get('role')[:4]} {t.get('act') or '-'}: {text}")
        return 0
    pool = [
        (rec, i)
        for rec in recs
        for i, t in enumerate(rec.get("turns", []))
        if t.get("role") == args.role and t.get("content")
    ]
    for k, (rec, i) in enumerate(rng.sample(pool, min(args.n, len(pool))), 1):
        t = rec["turns"][i]
        print(f"[{k}] {_who(rec)} act={t.get('act')} edge={t.get('edge_case')}")
        print(f"    < {_said(rec['turns'], i)}")
        print(f"    > {t['content']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
