"""Does the critic notice garbled support text? One corruption per conversation, graded as a bot's.

    python bench/garble.py RUN_DIR [--seed S] [--limit N] [--dev ecommerce,banking]

Takes a scripted run (`convsim run --n 600 --seed 7 --out RUN_DIR`), removes the support
turns' dialogue acts (so the checks read support from its text, as they read a bot's through
`convsim test` or `convsim grade`), and applies one corruption per conversation, of the kinds
a broken bot or pipeline produces:

- `swap`: a support reply replaced by a support reply of another scenario;
- `truncate`: a reply cut mid-sentence;
- `stuck`: the same reply repeated for the rest of the conversation;
- `shuffle`: the words of a reply in random order;
- `foreign`: a reply in another language than the conversation (the same scenario's);
- `empty`: an empty or whitespace reply;
- `crossed`: the reply another conversation of the same domain got to a question there;
- `echo`: the customer's own message sent back as the reply.

Per kind it prints detected (REVIEW or REJECT with a finding at or after the corrupted turn),
undecided (not detected, but a criterion the clean conversation decided is now undecided) and
passed; then the false alarms (REVIEW/REJECT) of the same conversations uncorrupted. The
scenarios are split in two: the domains named by `--dev` (what the checks were developed on)
and the rest (held out), each measured apart, so a check that only knows our own phrases shows.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents.critic import Critic, undecided_criteria
from agents.types import Turn, Verdict
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.quality.grade_input import Parsed, parse_line

KINDS = ("swap", "truncate", "stuck", "shuffle", "foreign", "empty", "crossed", "echo")


@dataclass(frozen=True)
class Source:
    """A parsed conversation with what the corruptions borrow from it."""

    parsed: Parsed
    language: str
    domain: str

    @property
    def scenario(self) -> str:
        return self.parsed.plan.scenario.id


def plain(turn: Turn) -> Turn:
    """The turn as a bot would give it: no dialogue act, no slots."""
    if turn.role != "support":
        return turn
    return turn.model_copy(update={"act": None, "slots": {}})


def replies(turns: Sequence[Turn]) -> list[int]:
    """Indices of support turns that say something (not a call-only turn)."""
    return [i for i, t in enumerate(turns) if t.role == "support" and t.content.strip()]


def _with(turns: list[Turn], index: int, text: str) -> list[Turn]:
    out = list(turns)
    out[index] = out[index].model_copy(update={"content": text})
    return out


Corrupt = Callable[[list[Turn], Source, Sequence[Source], random.Random], tuple[list[Turn], int]]


def _pick(rng: random.Random, turns: Sequence[Turn], later: int = 0) -> int | None:
    """A support reply with at least `later` support replies after it."""
    found = replies(turns)
    found = found[: len(found) - later] if later else found
    return rng.choice(found) if found else None


def _borrow(rng: random.Random, pool: Sequence[Source], keep: Callable[[Source], bool]) -> str:
    donors = [s for s in pool if keep(s) and replies(s.parsed.turns)]
    donor = rng.choice(donors)
    turns = donor.parsed.turns
    return turns[rng.choice(replies(turns))].content


def swap(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    i = _pick(rng, turns)
    if i is None:
        return turns, -1
    text = _borrow(rng, pool, lambda s: s.scenario != me.scenario and s.language == me.language)
    return _with(turns, i, text), i


def truncate(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    words_of = {i: turns[i].content.split() for i in replies(turns)}
    long = [i for i, w in words_of.items() if len(w) >= 6]
    if not long:
        return turns, -1
    i = rng.choice(long)
    words = words_of[i]
    cut = rng.randint(max(2, len(words) // 4), max(3, (len(words) * 3) // 4))
    return _with(turns, i, " ".join(words[:cut]).rstrip(".,;:!?")), i


def stuck(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    i = _pick(rng, turns, later=2)
    if i is None:
        return turns, -1
    out = list(turns)
    for j in replies(turns):
        if j > i:
            out = _with(out, j, turns[i].content)
    return out, i


def shuffle(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    long = [i for i in replies(turns) if len(turns[i].content.split()) >= 6]
    if not long:
        return turns, -1
    i = rng.choice(long)
    words = turns[i].content.split()
    order = list(words)
    while order == words:
        rng.shuffle(order)
    return _with(turns, i, " ".join(order)), i


def foreign(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    i = _pick(rng, turns)
    if i is None:
        return turns, -1
    text = _borrow(rng, pool, lambda s: s.language != me.language and s.scenario == me.scenario)
    return _with(turns, i, text), i


def empty(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    i = _pick(rng, turns)
    if i is None:
        return turns, -1
    return _with(turns, i, rng.choice(["", " ", "\n", " \t "])), i


def crossed(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    i = _pick(rng, turns)
    if i is None:
        return turns, -1
    answers: list[str] = []
    for s in pool:
        if s.domain != me.domain or s.language != me.language or s is me:
            continue
        other = s.parsed.turns
        for j in replies(other):
            before = [k for k in range(j) if other[k].role == "customer"]
            if before and "?" in other[before[-1]].content and other[j].content != turns[i].content:
                answers.append(other[j].content)
    if not answers:
        return turns, -1
    return _with(turns, i, rng.choice(answers)), i


def echo(
    turns: list[Turn], me: Source, pool: Sequence[Source], rng: random.Random
) -> tuple[list[Turn], int]:
    choices = [
        i
        for i in replies(turns)
        if any(t.role == "customer" and t.content.strip() for t in turns[:i])
    ]
    if not choices:
        return turns, -1
    i = rng.choice(choices)
    said = [t.content for t in turns[:i] if t.role == "customer" and t.content.strip()][-1]
    return _with(turns, i, said), i


CORRUPTIONS: dict[str, Corrupt] = {
    "swap": swap,
    "truncate": truncate,
    "stuck": stuck,
    "shuffle": shuffle,
    "foreign": foreign,
    "empty": empty,
    "crossed": crossed,
    "echo": echo,
}


def flagged(verdict: Verdict, at: int | None = None) -> bool:
    """REVIEW or REJECT; when `at` is given, for a major or critical finding at or after it."""
    if verdict.label not in ("REVIEW", "REJECT"):
        return False
    return at is None or any(
        f.turn is not None and f.turn >= at and f.severity != "minor" for f in verdict.findings
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--dev", default="ecommerce,banking", help="domains developed on")
    parser.add_argument("--examples", type=int, default=0, help="passed examples per kind")
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    scenarios = {s.id: s for s in load_scenarios([builtin_library()])}
    edges = load_edge_cases().by_id()
    critic = Critic()
    lines = (args.run / "transcripts.jsonl").read_text(encoding="utf-8").splitlines()
    lines = lines[: args.limit] if args.limit else lines
    pool: list[Source] = []
    for number, line in enumerate(lines, 1):
        record = json.loads(line)
        parsed = parse_line(record, f"line {number}", scenarios, edges)
        parsed = Parsed(**{**parsed.__dict__, "turns": [plain(t) for t in parsed.turns]})
        language = str(record.get("persona", {}).get("language", "en"))
        pool.append(Source(parsed, language, parsed.plan.scenario.id.split("/")[0]))
    dev = set(args.dev.split(","))
    kinds = args.kinds.split(",")
    counts: dict[tuple[str, str], Counter[str]] = {}
    clean: dict[str, Counter[str]] = {"dev": Counter(), "held": Counter()}
    shown: Counter[str] = Counter()
    for index, source in enumerate(pool):
        part = "dev" if source.domain in dev else "held"
        p = source.parsed
        base = critic.grade(p.plan, p.turns, p.outcome)
        base_open = set(undecided_criteria(base.unjudged))
        clean[part]["n"] += 1
        clean[part]["flagged"] += flagged(base)
        judged_only = {c.id for c in p.plan.scenario.success if c.judge is not None}
        clean[part]["undecided"] += bool(base_open - judged_only)
        rng = random.Random(args.seed * 1_000_003 + index)
        kind = kinds[index % len(kinds)]
        turns, at = CORRUPTIONS[kind](list(p.turns), source, pool, rng)
        if at < 0:
            continue
        verdict = critic.grade(p.plan, turns, p.outcome)
        tally = counts.setdefault((kind, part), Counter())
        tally["n"] += 1
        if flagged(verdict, at):
            tally["detected"] += 1
        elif set(undecided_criteria(verdict.unjudged)) - base_open:
            tally["undecided"] += 1
        else:
            tally["passed"] += 1
            if shown[kind] < args.examples:
                shown[kind] += 1
                print(f"  passed {kind} {p.id} turn {at}: {turns[at].content[:140]!r}")
                print(f"     {verdict.label}: {verdict.rationale[:200]}")
    print(f"garbled support text, graded without acts ({args.run}, corruption seed {args.seed})")
    print(f"dev domains: {', '.join(sorted(dev))}; held out: the rest")
    print(f"{'kind':<10} {'part':<5} {'n':>4} {'detected':>9} {'undecided':>10} {'passed':>7}")
    for kind in kinds:
        for part in ("dev", "held"):
            t = counts.get((kind, part), Counter())
            n = t["n"] or 1
            print(
                f"{kind:<10} {part:<5} {t['n']:>4} {t['detected'] / n:>9.0%} "
                f"{t['undecided'] / n:>10.0%} {t['passed'] / n:>7.0%}"
            )
    for part in ("dev", "held"):
        c = clean[part]
        n = c["n"] or 1
        print(
            f"uncorrupted {part}: {c['n']} conversations, false alarms (REVIEW/REJECT) "
            f"{c['flagged'] / n:.1%}, a check undecided {c['undecided'] / n:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
