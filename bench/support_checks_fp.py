"""False alarms of the support-side checks on correct scripted conversations.

    python bench/support_checks_fp.py RUN_DIR [--limit N] [--scenarios FOLDER ...]

Re-grades every transcript of a scripted run (`convsim run --n 500 --out RUN_DIR`) twice:
as it is (the support turns carry dialogue acts), and with every act and slot removed, so
the checks read the support side from its text as they read a bot's. The scripted support
follows its scenario's policy, so each finding of these categories is a false alarm; the
script prints the rate per category for both readings, and a few examples.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.critic import Critic
from agents.types import Turn
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.quality.grade_input import parse_line

CATEGORIES = (
    "policy_rule",
    "ignored_escalation",
    "disclosed_instructions",
    "asked_secret",
    "stalled",
    "invented_fact",
    "unfounded_claim",
    "contradicted_claim",
    "unperformed_action",
    "ignored_question",
    "unidentified_record",
    "ungrounded_argument",
    "repeated_write",
    "unconfirmed_write",
)
# Unjudged labels that name no category: what support said of the records, undecided.
EXTRA = ("record_statements",)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument(
        "--scenarios", type=Path, nargs="*", default=[], help="scenario folders (default: library)"
    )
    args = parser.parse_args()
    scenarios = {s.id: s for s in load_scenarios(args.scenarios or [builtin_library()])}
    edges = load_edge_cases().by_id()
    critic = Critic()
    lines = (args.run / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    lines = lines[: args.limit] if args.limit else lines
    hits: dict[str, Counter[str]] = {"acts": Counter(), "text": Counter()}
    unjudged: dict[str, Counter[str]] = {"acts": Counter(), "text": Counter()}
    examples: dict[str, list[str]] = defaultdict(list)
    for number, line in enumerate(lines, 1):
        record = parse_line(line, f"line {number}", scenarios, edges)
        for mode in ("acts", "text"):
            turns = record.turns if mode == "acts" else [_plain(t) for t in record.turns]
            verdict = critic.grade(record.plan, turns, record.outcome)
            found = {f.category: f for f in verdict.findings if f.category in CATEGORIES}
            hits[mode].update(found.keys())
            unjudged[mode].update(u for u in verdict.unjudged if u in CATEGORIES + EXTRA)
            for category, f in found.items():
                if len(examples[f"{mode}:{category}"]) < args.examples:
                    examples[f"{mode}:{category}"].append(
                        f"{record.id} turn {f.turn}: {f.explanation} | {f.evidence}"
                    )
    n = len(lines)
    print(f"support-side checks on {n} correct scripted conversations ({args.run})")
    print(f"{'category':<24} {'with acts':>10} {'text only':>10}  unjudged (text only)")
    for category in CATEGORIES:
        a, t = hits["acts"][category], hits["text"][category]
        print(f"{category:<24} {a / n:>10.1%} {t / n:>10.1%}  {unjudged['text'][category]}")
    for label in EXTRA:
        a, t = unjudged["acts"][label], unjudged["text"][label]
        print(f"{label} undecided: {a / n:.1%} with acts, {t / n:.1%} text only")
    for key, items in sorted(examples.items()):
        for item in items:
            print(f"  {key}: {item}")
    return 0


def _plain(turn: Turn) -> Turn:
    """The turn as a bot would give it: no dialogue act, no slots."""
    if turn.role != "support":
        return turn
    return turn.model_copy(update={"act": None, "slots": {}})


if __name__ == "__main__":
    sys.exit(main())
