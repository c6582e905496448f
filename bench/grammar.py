"""How often generated sentences fail a grammar parser and the structural checks.

Run by hand after every change to phrasing (never by pytest; tests/test_text_quality.py
holds the parser-free part):

    convsim run --n 2000 --seed 42 --out /tmp/run
    python bench/grammar.py /tmp/run [--sample 3000] [--seed 7]

The parser is link-grammar (Debian: `apt-get install python3-link-grammar`; it installs for
the system Python, and this script adds /usr/lib/python3/dist-packages to the path when the
module is not importable otherwise). A sentence is *rejected* when the parser finds no
complete linkage (no null words) within one second; a parse that runs out of time is
counted as undecided, never as passed. link-grammar is permissive about word order (it
links "pull up it") and strict about interjection fragments ("Hmm, sorry about that!"), so
its rate is a trend to watch, not a verdict: the structural checks (agents.phrasing.lint)
and reading samples cover what it cannot see.

Sentences are drawn from three groups: support turns; customer turns of personas without
quirks and without a wording edge case ("plain customers"); and the rest ("customers with
quirks"), whose typos, missing punctuation or all caps are intended, reported apart.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.phrasing.lint import findings, sentences

_NON_TEXT = re.compile(r"[^\x00-\x7F\u00C0-\u024F\u2019\u2026]+")  # emoji and symbols
_WORDY_EDGES = frozenset(
    {"heavy_typos", "switch_language", "silence", "prompt_injection", "off_topic", "vague"}
)


def _parser() -> Any:
    try:
        import linkgrammar  # type: ignore[import-not-found]
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        try:
            import linkgrammar
        except ImportError:
            return None
    linkgrammar.Dictionary  # noqa: B018 - fail early if the module is a stub
    return linkgrammar


class Parser:
    def __init__(self, lg: Any) -> None:
        self.lg = lg
        self.dictionary = lg.Dictionary("en")
        self.options = lg.ParseOptions(min_null_count=0, max_null_count=0, verbosity=0)
        self.options.max_parse_time = 1

    def verdict(self, sentence: str) -> str:
        """'ok', 'rejected' or 'undecided' (the parser ran out of time)."""
        s = self.lg.Sentence(sentence, self.dictionary, self.options)
        try:
            linkages = s.parse()
        except self.lg.LG_TimerExhausted:
            return "undecided"
        return "ok" if len(linkages) > 0 else "rejected"


def turns(path: Path, language: str = "en") -> Iterator[tuple[str, str, list[str], str | None]]:
    """(group, text, quirks, edge case) for every customer and support turn of a run's
    conversations whose persona writes `language` (an English parser on German text would
    reject every sentence; runs are in five languages)."""
    file = path / "transcripts.jsonl" if path.is_dir() else path
    with file.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if (rec.get("persona") or {}).get("language", "en") != language:
                continue
            quirks = list((rec.get("persona") or {}).get("quirks") or [])
            for t in rec.get("turns", []):
                role, text = t.get("role"), t.get("content") or ""
                if role == "support" and t.get("tool_calls") and not text:
                    continue  # a tool call, not a message
                if role == "support":
                    yield "support", text, [], None
                elif role == "customer":
                    edge = t.get("edge_case")
                    plain = not quirks and edge is None
                    yield ("customer" if plain else "customer_quirks"), text, quirks, edge


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("run", type=Path, help="a run directory or its transcripts.jsonl")
    ap.add_argument("--sample", type=int, default=3000, help="sentences per group")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--show", type=int, default=12, help="rejected sentences to print")
    ap.add_argument("--language", default="en", help="persona language to measure (en)")
    args = ap.parse_args(argv)

    groups: dict[str, list[str]] = {"support": [], "customer": [], "customer_quirks": []}
    flagged: dict[str, Counter[str]] = {g: Counter() for g in groups}
    turn_count: Counter[str] = Counter()
    flagged_turns: Counter[str] = Counter()
    examples: dict[str, list[str]] = {g: [] for g in groups}
    for group, text, quirks, edge in turns(args.run, args.language):
        turn_count[group] += 1
        found = findings(text, "support" if group == "support" else "customer", quirks, edge)
        if found:
            flagged_turns[group] += 1
            for f in found:
                flagged[group][f.split(":")[0]] += 1
            if len(examples[group]) < args.show:
                examples[group].append(f"{found[0]} <- {text[:160]!r}")
        if edge in _WORDY_EDGES:
            continue
        groups[group].extend(sentences(_NON_TEXT.sub(" ", text)))

    print(f"structural checks (agents.phrasing.lint) over every turn of {args.run}")
    for g in groups:
        n = turn_count[g] or 1
        print(
            f"  {g:16s} {flagged_turns[g]:6d} / {turn_count[g]:6d} turns = "
            f"{flagged_turns[g] / n:.2%}"
        )
        for name, c in flagged[g].most_common(6):
            print(f"      {name}: {c}")
        for ex in examples[g][: args.show // 2]:
            print(f"      e.g. {ex}")

    lg = _parser()
    if lg is None:
        print(
            "link-grammar: not installed (apt-get install python3-link-grammar); "
            "parser rate undecided"
        )
        return 0
    parser = Parser(lg)
    print(
        f"\nlink-grammar {lg.__version__ if hasattr(lg, '__version__') else ''}: "
        f"sentences with no complete parse, {args.sample} drawn per group (seed {args.seed})"
    )
    for g, pool in groups.items():
        rng = random.Random(args.seed)
        picked = rng.sample(pool, min(args.sample, len(pool)))
        verdicts = Counter()
        rejected: list[str] = []
        for s in picked:
            v = parser.verdict(s)
            verdicts[v] += 1
            if v == "rejected" and len(rejected) < args.show:
                rejected.append(s)
        n = len(picked) or 1
        print(
            f"  {g:16s} rejected {verdicts['rejected']:5d} / {len(picked)} = "
            f"{verdicts['rejected'] / n:.2%}  (undecided {verdicts['undecided']})"
        )
        for s in rejected:
            print(f"      x {s[:150]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
