"""Diversity: is the synthetic data varied, and does it reach the real data's long tail?

- distinct-1/2 of customer turns on one token budget for both sides, and the ratio
  synthetic / real of distinct-2 (what the gate reads: a collapsing generator repeats itself);
- self-similarity: mean Jaccard similarity of word 3-gram shingles over seeded pairs of
  conversations (the report's measure; lower is more varied), both sides;
- rare intents reached: of the real intents holding less than RARE_INTENT of the real data,
  the share that at least one synthetic conversation is read as (real-trained classifier);
- rare phrasings reached: of the word bigrams found in at least 2 and at most RARE_PHRASE of
  the real conversations' customer turns, the share the synthetic customer turns use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from simulator.report.metrics import distinct_n, self_similarity, tokens
from simulator.validation.figures import Figure
from simulator.validation.logs import CUSTOMER, Dialogue

AXIS = "diversity"
RARE_INTENT = 0.05
RARE_PHRASE = 0.01


def _bigrams(d: Dialogue) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for text in d.texts(CUSTOMER):
        words = tokens(text)
        out.update(pairwise(words))
    return out


def diversity(
    synth: Sequence[Dialogue],
    real: Sequence[Dialogue],
    synth_intents: Sequence[str],
    real_intents: Sequence[str],
) -> list[Figure]:
    texts_s = [t for d in synth for t in d.texts(CUSTOMER)]
    texts_r = [t for d in real for t in d.texts(CUSTOMER)]
    budget = min(20_000, sum(len(tokens(t)) for t in texts_s), sum(len(tokens(t)) for t in texts_r))
    figures: list[Figure] = []
    d = {
        (n, side): distinct_n(texts, n, budget)
        for n in (1, 2)
        for side, texts in (("s", texts_s), ("r", texts_r))
    }
    for n in (1, 2):
        figures.append(
            Figure(
                AXIS,
                f"distinct_{n}",
                d[n, "s"],
                f"distinct-{n}, customer turns ({budget} tokens)",
                d[n, "s"],
                d[n, "r"],
            )
        )
    ratio = d[2, "s"] / d[2, "r"] if d[2, "r"] else None
    figures.append(Figure(AXIS, "distinct_2_ratio", ratio, "distinct-2 synthetic / real"))
    conv_s = ["\n".join(t for _, t in x.turns) for x in synth]
    conv_r = ["\n".join(t for _, t in x.turns) for x in real]
    sim_s, sim_r = self_similarity(conv_s), self_similarity(conv_r)
    figures.append(
        Figure(
            AXIS,
            "self_similarity",
            sim_s,
            "mean Jaccard of word 3-gram shingles over conversation pairs",
            sim_s,
            sim_r,
        )
    )
    counts = Counter(real_intents)
    rare = {i for i, c in counts.items() if c / max(1, len(real_intents)) < RARE_INTENT}
    reached = rare & set(synth_intents)
    figures.append(
        Figure(
            AXIS,
            "rare_intents_reached",
            len(reached) / len(rare) if rare and synth_intents else None,
            f"share of real intents under {RARE_INTENT:.0%} of the data that the synthetic reaches",
            note=(
                "no intent classifier (too little real data)"
                if not synth_intents
                else f"{len(reached)} of {len(rare)}"
                if rare
                else "no rare intents in the real data"
            ),
        )
    )
    df: Counter[tuple[str, str]] = Counter()
    for x in real:
        df.update(_bigrams(x))
    top = max(2, int(RARE_PHRASE * len(real)))
    rare_phrases = {g for g, c in df.items() if 2 <= c <= top}
    used: set[tuple[str, str]] = set()
    for x in synth:
        used |= _bigrams(x)
    figures.append(
        Figure(
            AXIS,
            "rare_phrasings_reached",
            len(rare_phrases & used) / len(rare_phrases) if rare_phrases else None,
            f"share of real bigrams in 2..{top} conversations that the synthetic uses",
            note=f"{len(rare_phrases & used)} of {len(rare_phrases)}",
        )
    )
    return figures
