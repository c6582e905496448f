"""Count support turns that state or act on a customer-side fact nobody gave (a run's file).

    python bench/unsaid_facts.py RUN/transcripts.jsonl [--examples N] [--language en]

Reads the built-in library for the scenarios (records of other scenarios are skipped and
counted), rebuilds each conversation's plan from its record and runs
agents.scripted.unsaid.unsaid_facts on it. Prints the flagged turns by scenario, kind
("stated": the value is in the text; "decided": the rule's decision turns on it) and fact,
then up to N examples with the customer turn before them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.scripted.unsaid import Unsaid, unsaid_facts
from agents.types import ConversationPlan, Turn
from personas.model import Persona
from scenarios.loader import builtin_library, load_scenarios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transcripts", type=Path)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--language", default="", help="only personas of this language")
    args = parser.parse_args()
    library = {s.id: s for s in load_scenarios([builtin_library()])}
    counts: Counter[tuple[str, str, str]] = Counter()
    examples: list[tuple[str, list[Turn], Unsaid]] = []
    convs = support_turns = skipped = 0
    turns_flagged: set[tuple[str, int]] = set()
    with args.transcripts.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            scenario = library.get(rec["scenario_id"])
            if scenario is None:
                skipped += 1
                continue
            persona = Persona.model_validate(rec["persona"])
            if args.language and persona.language != args.language:
                continue
            plan = ConversationPlan(
                id=rec["id"], run_seed=0, index=0, seed=rec["seed"], scenario=scenario,
                persona=persona, variables=rec["variables"],
            )  # fmt: skip
            turns = [Turn.model_validate(t) for t in rec["turns"]]
            convs += 1
            support_turns += sum(t.role == "support" and bool(t.content) for t in turns)
            for u in unsaid_facts(plan, turns):
                counts[(scenario.id, u.kind, u.fact)] += 1
                turns_flagged.add((rec["id"], u.turn))
                examples.append((rec["id"], turns, u))
    total = sum(counts.values())
    print(
        f"{convs} conversations, {support_turns} support turns; {len(turns_flagged)} turns "
        f"flagged ({total} turn-fact pairs)"
    )
    if skipped:
        print(f"({skipped} records of scenarios outside the built-in library skipped)")
    for (sid, kind, fact), n in counts.most_common():
        print(f"{n:5d}  {kind:8s} {sid}  {fact}")
    for cid, turns, u in examples[: args.examples]:
        before = next((t for t in reversed(turns[: u.turn]) if t.role == "customer"), None)
        print(f"\n{cid} turn {u.turn} {u.kind} {u.fact}={u.value!r}")
        if before is not None:
            print(f"  customer: {before.content}")
        print(f"  support:  {turns[u.turn].content}")


if __name__ == "__main__":
    main()
