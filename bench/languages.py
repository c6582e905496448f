"""Is a conversation in its persona's language? Measured with a standard detector (langdetect).

For every conversation of a non-English persona, the customer's turns (all of them joined,
leaving out the turns that enact the language-switch edge case and empty ones) and the support
turns (tool turns left out) are each detected as one text; a conversation counts when the
detected language is the persona's. Also per turn, for turns long enough to tell (5+ words).
Run by hand, never by pytest:

    python bench/languages.py RUN_DIR/transcripts.jsonl
    python bench/languages.py --n 2000 --seed 42      # a fresh run of the built-in library

langdetect is seeded (DetectorFactory.seed = 0), so the figures repeat. It is a dev/bench
dependency: pip install -e ".[bench]".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SWITCH = "switch_language"
MIN_WORDS = 5


def detector() -> Any:
    try:
        from langdetect import DetectorFactory, detect
    except ImportError:
        print('error: langdetect is not installed; pip install -e ".[bench]"', file=sys.stderr)
        raise SystemExit(2) from None
    DetectorFactory.seed = 0
    return detect


def _language(detect: Any, text: str) -> str:
    """langdetect's profiles are lower-case n-grams: text in capitals (a persona quirk) is
    read as noise, so it is lower-cased first."""
    try:
        return str(detect(text.lower()))
    except Exception:  # langdetect raises on text without letters (LangDetectException)
        return "?"


def _switch_ids(record: dict[str, Any]) -> set[str]:
    """Edge-case ids of the record whose turns switch language (the library id and behavior)."""
    return {e for e in record.get("edge_cases", []) if "language" in e}


def texts(record: dict[str, Any], role: str) -> list[str]:
    switching = _switch_ids(record)
    out = []
    for turn in record.get("turns", []):
        if turn.get("role") != role or not str(turn.get("content", "")).strip():
            continue
        if role == "customer" and turn.get("edge_case") in switching:
            continue
        out.append(str(turn["content"]))
    return out


def measure(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Counter[str]]]:
    """language -> {"customer"|"support"|"customer turns"|"support turns": Counter(ok, all)}."""
    detect = detector()
    out: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for record in records:
        language = str(record.get("persona", {}).get("language", "en"))
        for role in ("customer", "support"):
            said = texts(record, role)
            if not said:
                continue
            found = _language(detect, "\n".join(said))
            out[language][role]["all"] += 1
            out[language][role]["ok"] += found == language
            if found != language:
                out[language][role][f"as {found}"] += 1
            for text in said:
                if len(text.split()) >= MIN_WORDS:
                    out[language][f"{role} turns"]["all"] += 1
                    out[language][f"{role} turns"]["ok"] += _language(detect, text) == language
    return out


def fresh_run(n: int, seed: int) -> Path:
    out = Path(tempfile.mkdtemp(prefix="convsim-languages-")) / "run"
    cmd = [sys.executable, "-m", "simulator", "run", "--n", str(n), "--seed", str(seed)]
    subprocess.run([*cmd, "--out", str(out), "--quiet"], check=True, cwd=ROOT)
    return out / "transcripts.jsonl"


def report(results: dict[str, dict[str, Counter[str]]]) -> None:
    print(f"{'language':<10}{'convs':>7}{'customer':>10}{'support':>10}{'cust turns':>12}"
          f"{'supp turns':>12}  misread as")  # fmt: skip
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    for language in sorted(results):
        row = results[language]
        cells = []
        for key in ("customer", "support", "customer turns", "support turns"):
            c = row[key]
            cells.append(f"{c['ok'] / c['all']:.1%}" if c["all"] else "-")
            if language != "en":
                totals[key].update({"ok": c["ok"], "all": c["all"]})
        wrong = Counter(
            {k: v for key in ("customer", "support") for k, v in row[key].items() if k[:3] == "as "}
        )
        misread = ", ".join(f"{k[3:]} {v}" for k, v in wrong.most_common(3))
        print(f"{language:<10}{row['customer']['all']:>7}{cells[0]:>10}{cells[1]:>10}"
              f"{cells[2]:>12}{cells[3]:>12}  {misread}")  # fmt: skip
    cells = [
        f"{totals[k]['ok'] / totals[k]['all']:.1%}" if totals[k]["all"] else "-"
        for k in ("customer", "support", "customer turns", "support turns")
    ]
    all_convs = totals["customer"]["all"]
    print(f"{'non-en':<10}{all_convs:>7}{cells[0]:>10}{cells[1]:>10}{cells[2]:>12}{cells[3]:>12}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("transcripts", nargs="?", type=Path, help="RUN_DIR/transcripts.jsonl")
    ap.add_argument("--n", type=int, default=2000, help="conversations of a fresh run")
    ap.add_argument("--seed", type=int, default=42, help="seed of a fresh run")
    args = ap.parse_args(argv)
    path = args.transcripts or fresh_run(args.n, args.seed)
    if not path.is_file():
        print(f"error: {path}: no such file; give RUN_DIR/transcripts.jsonl", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    print(f"{path}: {len(records)} conversations")
    report(measure(records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
