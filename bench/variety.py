"""Lexical variety of simulated turns against real users and agents (STAR).

Distinct-n grows with less text, so corpora are compared at an equal token budget: turns are
drawn in a seeded random order until the budget is reached, and the figures are averaged over
several draws. Run by hand, never by pytest:

    python bench/variety.py RUN_DIR/transcripts.jsonl --star PATH/star_dialogues.jsonl.gz
    python bench/variety.py --synthetic 4000 --star PATH/star_dialogues.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scenarios.loader import ScenarioError

TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
STAR_ROLES = {"user": "customer", "agent": "support", "wizard": "support"}


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def load_run(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"customer": [], "support": []}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            for turn in json.loads(line).get("turns", []):
                if turn.get("role") in out and (turn.get("content") or not turn.get("tool_calls")):
                    # a support turn that only calls tools says nothing: not a repeat
                    out[turn["role"]].append(turn.get("content", ""))
    return out


def load_run_by_language(path: Path) -> dict[str, dict[str, list[str]]]:
    """The run's turns per persona language: each language's text is measured apart (one
    language's words are not another's, so pooling them would inflate distinct-n)."""
    out: dict[str, dict[str, list[str]]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            language = str(record.get("persona", {}).get("language", "en"))
            roles = out.setdefault(language, {"customer": [], "support": []})
            for turn in record.get("turns", []):
                if turn.get("role") in roles and (
                    turn.get("content") or not turn.get("tool_calls")
                ):  # as in load_run: a turn that only calls tools says nothing
                    roles[turn["role"]].append(turn.get("content", ""))
    return out


def load_star(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"customer": [], "support": []}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for turn in json.loads(line).get("turns", []):
                role = STAR_ROLES.get(str(turn.get("speaker", "")).lower())
                if role:
                    out[role].append(turn.get("text", ""))
    return out


def sample(turns: Sequence[list[str]], budget: int, seed: int) -> list[list[str]]:
    """Whole turns in random order until `budget` tokens; the last one is cut to fit."""
    order = list(range(len(turns)))
    random.Random(seed).shuffle(order)
    picked: list[list[str]] = []
    used = 0
    for i in order:
        if used >= budget:
            break
        toks = turns[i][: budget - used]
        picked.append(toks)
        used += len(toks)
    return picked


def distinct(turns: Sequence[list[str]], n: int) -> float:
    grams = [tuple(t[i : i + n]) for t in turns for i in range(len(t) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def repeat_share(texts: Sequence[str]) -> float:
    """Share of turns whose exact (stripped) text already occurred earlier in the sample."""
    seen: set[str] = set()
    repeats = 0
    for text in texts:
        key = text.strip()
        if key in seen:
            repeats += 1
        seen.add(key)
    return repeats / len(texts) if texts else 0.0


def measure(texts: list[str], budget: int, samples: int) -> dict[str, float]:
    toks = [tokens(t) for t in texts]
    d1 = d2 = rep = 0.0
    for seed in range(samples):
        picked = sample(toks, budget, seed)
        d1 += distinct(picked, 1)
        d2 += distinct(picked, 2)
        order = list(range(len(texts)))
        random.Random(seed).shuffle(order)
        rep += repeat_share([texts[i] for i in order[: len(picked)]])
    words = sum(len(t) for t in toks)
    return {
        "turns": float(len(texts)),
        "distinct-1": d1 / samples,
        "distinct-2": d2 / samples,
        "repeats": rep / samples,
        "words/turn": words / len(texts) if texts else 0.0,
    }


# ---- synthetic mode: realize utterances without a simulator ---------------------------

CUSTOMER_ACTS = {
    "open": 14,
    "inform": 24,
    "ask": 11,
    "accept": 8,
    "push_back": 6,
    "request_escalation": 3,
    "correct": 2,
    "chitchat": 2,
    "thank": 12,
    "give_up": 3,
}
SUPPORT_ACTS = {
    "greet": 12,
    "request_info": 20,
    "verify_failed": 5,
    "answer": 15,
    "resolve": 12,
    "refuse": 6,
    "escalate": 3,
    "redirect": 4,
    "check_in": 2,
    "clarify": 5,
    "close": 12,
}
EDGE_CASES = (
    "wrong_identifier",
    "demand_manager",
    "multi_issue",
    "switch_language",
    "silence",
    "off_topic",
    "give_up_early",
    "prompt_injection",
    "overshare",
    "self_correct",
    "return_to_issue",
    "against_policy",
    "impatient",
    "sarcastic",
    "heavy_typos",
    "withhold",
    "vague",
    "repeat_question",
)


class Source:
    """Scenario-authored text for synthetic turns: the built-in library, drawn per conversation."""

    def __init__(self, seed: int) -> None:
        from scenarios.loader import builtin_library, load_scenarios

        self.scenarios = load_scenarios([builtin_library()])
        self.seed = seed

    def conversation(self, index: int) -> dict[str, object]:
        from personas.sampler import sample_persona
        from scenarios.templates import render
        from scenarios.variables import draw_variables

        rng = random.Random(self.seed * 7919 + index)
        sc = rng.choice(self.scenarios)
        persona = sample_persona(rng.getrandbits(32))
        ident = persona.identity
        values = draw_variables(sc, rng.getrandbits(32), ident.locale)
        values.update(
            customer_name=ident.name,
            first_name=ident.first_name,
            last_name=ident.last_name,
            email=ident.email,
            phone=ident.phone,
            address=ident.address,
            city=ident.city,
        )
        cust = sc.customer
        facts = {cust.labels.get(k, k): render(v, values) for k, v in cust.knows.items()}
        answers = [render(a, values) for k in sc.support.knowledge for a in k.answer]
        says = {r.action: [render(x, values) for x in r.say] for r in sc.support.rules}
        beats = [render(x, values) for b in sc.flow for x in b.say]
        return {
            "persona": persona,
            "facts": facts,
            "beats": beats,
            "answers": answers,
            "says": says,
            "openings": [render(o, values) for o in cust.openings],
            "verify": [cust.labels.get(k, k) for k in sc.support.verify],
            "edges": list(sc.edge_cases),
        }


def _weighted(table: dict[str, int], rng: random.Random) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _pick(rng: random.Random, pool: Sequence[str]) -> str | None:
    return rng.choice(pool) if pool else None


def synthetic(n: int, seed: int) -> dict[str, list[str]]:
    """N turns (half customer, half support) over conversations drawn from the library."""
    from agents.phrasing import Utterance, realize

    source = Source(seed)
    rng = random.Random(seed)
    out: dict[str, list[str]] = {"customer": [], "support": []}
    conv: dict[str, object] = {}
    for i in range(n):
        if i % 16 == 0:  # a conversation of about 8 customer and 8 support turns
            conv = source.conversation(i // 16)
        facts: dict[str, str] = dict(conv["facts"])  # type: ignore[call-overload]
        keys = rng.sample(list(facts), min(len(facts), rng.choice((1, 1, 1, 2, 2, 3))))
        role = "customer" if i % 2 == 0 else "support"
        first = i % 16 < 2
        act = _weighted(CUSTOMER_ACTS if role == "customer" else SUPPORT_ACTS, rng)
        if first:
            act = "open" if role == "customer" else "greet"
        content: str | None = None
        edge = rng.choice(EDGE_CASES) if role == "customer" and rng.random() < 0.12 else None
        chosen = {k: facts[k] for k in keys}
        if role == "customer":
            if act == "open":
                content = _pick(rng, conv["openings"])  # type: ignore[arg-type]
            elif act in ("ask", "push_back", "accept") and rng.random() < 0.7:
                content = _pick(rng, conv["beats"])  # type: ignore[arg-type]
            if act not in ("inform", "correct") and rng.random() < 0.9:
                chosen = {}
        else:
            verify = list(conv["verify"]) or keys  # type: ignore[call-overload]
            if act == "request_info":
                chosen = {k: "" for k in verify}
            elif act == "verify_failed":
                chosen = {k: facts.get(k, "") for k in verify[:1]}
            else:
                chosen = {}
            says: dict[str, list[str]] = conv["says"]  # type: ignore[assignment]
            if act == "answer":
                content = _pick(rng, conv["answers"])  # type: ignore[arg-type]
            elif act in ("resolve", "refuse", "escalate"):
                content = _pick(rng, says.get(act, []))
        u = Utterance(role, act, chosen, content, edge, i // 2 % 8)
        text = realize(u, conv["persona"], random.Random(rng.getrandbits(64)))  # type: ignore[arg-type]
        out[role].append(text)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("transcripts", nargs="?", type=Path, help="RUN_DIR/transcripts.jsonl")
    ap.add_argument("--star", type=Path, help="star_dialogues.jsonl.gz to compare against")
    ap.add_argument("--synthetic", type=int, metavar="N", help="realize N random utterances")
    ap.add_argument("--seed", type=int, default=0, help="seed for --synthetic")
    ap.add_argument("--budget", type=int, default=20000, help="token budget per sample")
    ap.add_argument("--samples", type=int, default=5, help="samples to average")
    ap.add_argument(
        "--language-budget",
        type=int,
        metavar="N",
        help="token budget per language (default: what the smallest language has); fix it "
        "to compare runs whose languages have different amounts of text",
    )
    ap.add_argument("--show", type=int, default=0, metavar="K", help="print K example turns")
    args = ap.parse_args(argv)
    if (args.transcripts is None) == (args.synthetic is None):
        print("error: give a transcripts.jsonl path or --synthetic N (not both)", file=sys.stderr)
        return 2
    for path in (args.transcripts, args.star):
        if path is not None and not path.is_file():
            print(f"error: {path}: no such file; check the path", file=sys.stderr)
            return 2
    try:
        if args.transcripts:
            ours = load_run(args.transcripts)
        else:
            ours = synthetic(args.synthetic, args.seed)
    except (ValueError, OSError, ScenarioError) as e:  # bad run file; library does not load
        print(f"error: {e}", file=sys.stderr)
        return 2
    star = load_star(args.star) if args.star else {"customer": [], "support": []}
    corpora = {"sim": ours, "star": star}
    budget = args.budget
    for c in corpora.values():
        for texts in c.values():
            if texts:
                budget = min(budget, sum(len(tokens(t)) for t in texts))
    print(f"token budget {budget}, {args.samples} samples")
    print(f"{'corpus':<18}{'turns':>8}{'dist-1':>9}{'dist-2':>9}{'repeats':>9}{'words':>8}")
    names = {"customer": "STAR users", "support": "STAR agents"}
    for role in ("customer", "support"):
        rows = [(f"sim {role}", ours[role]), (names[role], star[role])]
        for label, texts in rows:
            if not texts:
                continue
            m = measure(texts, budget, args.samples)
            print(
                f"{label:<18}{int(m['turns']):>8}{m['distinct-1']:>9.3f}{m['distinct-2']:>9.3f}"
                f"{m['repeats']:>9.3f}{m['words/turn']:>8.1f}"
            )
    if args.transcripts:
        by_language = load_run_by_language(args.transcripts)
        # Per language at the budget the smallest language allows (figures compare across
        # languages only at one budget); STAR at that budget for reference.
        small = min(
            sum(len(tokens(t)) for t in texts)
            for roles in by_language.values()
            for texts in roles.values()
            if texts
        )
        if args.language_budget:
            small = min(small, args.language_budget)
        print(f"\nper persona language, token budget {small}")
        print(f"{'corpus':<18}{'turns':>8}{'dist-1':>9}{'dist-2':>9}{'repeats':>9}{'words':>8}")
        for role in ("customer", "support"):
            rows = [(f"{role} [{lang}]", by_language[lang][role]) for lang in sorted(by_language)]
            rows.append((names[role], star[role]))
            for label, texts in rows:
                if not texts:
                    continue
                m = measure(texts, small, args.samples)
                print(
                    f"{label:<18}{int(m['turns']):>8}{m['distinct-1']:>9.3f}"
                    f"{m['distinct-2']:>9.3f}{m['repeats']:>9.3f}{m['words/turn']:>8.1f}"
                )
    if args.show:
        rng = random.Random(args.seed)
        for role in ("customer", "support"):
            for text in rng.sample(ours[role], min(args.show, len(ours[role]))):
                print(f"[{role}] {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
