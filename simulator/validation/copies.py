"""Privacy: could a real record be recovered from the synthetic data?

- exact copies: synthetic turns of MIN_WORDS+ words whose words equal a real turn's that is
  found in fewer than K_ANON real conversations (a turn many people wrote, "I want to check
  my balance", is a stock phrase, not a record; those are counted in the note);
- long shared n-grams: synthetic turns sharing a run of LONG_N words with a real turn;
- near copies: synthetic turns of MIN_WORDS+ words whose nearest real turn (cosine of TF-IDF
  character 3-5 grams) is at least NEAR similar; the same figure for held-out real turns
  against the other real turns is given beside it, since templated real text is near itself;
- real PII found: emails, phone numbers, card numbers and IBANs (the critic's detectors)
  that occur in the real data and again in the synthetic data.
Turns are sampled (seeded) above SAMPLE per side so the nearest-neighbour search stays cheap.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from agents.checks.pii import find_items
from simulator.export.privacy import mask
from simulator.report.metrics import tokens
from simulator.validation.figures import Figure
from simulator.validation.rewording import K_ANON

AXIS = "privacy"
MIN_WORDS = 6
LONG_N = 10
NEAR = 0.9
SAMPLE = 20_000
CHUNK = 500
SEED = 7


def _sample(texts: Sequence[str], size: int) -> list[str]:
    items = list(texts)
    return random.Random(SEED).sample(items, size) if len(items) > size else items


def nearest_similarity(queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
    """For each query, the cosine similarity of its nearest corpus text."""
    if not queries or not corpus:
        return np.zeros(0)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    base = vec.fit_transform(corpus)
    best = np.zeros(len(queries))
    q = vec.transform(queries)
    for start in range(0, len(queries), CHUNK):
        block = (q[start : start + CHUNK] @ base.T).max(axis=1)
        best[start : start + CHUNK] = block.toarray().ravel()
    return best


def privacy(
    synth: Sequence[str],
    real_by_conversation: Sequence[Sequence[str]],
    baseline: tuple[Sequence[str], Sequence[str]],
) -> list[Figure]:
    """`synth`: turns; `real_by_conversation`: each real conversation's turns; `baseline`
    (train turns, held-out turns) of the real data gives the near-copy figure of real text
    that nobody copied."""
    real = [t for turns in real_by_conversation for t in turns]
    long_s = [t for t in synth if len(tokens(t)) >= MIN_WORDS]
    spread: Counter[str] = Counter()
    for turns in real_by_conversation:
        spread.update({" ".join(tokens(t)) for t in turns if len(tokens(t)) >= MIN_WORDS})
    copied = [spread[" ".join(tokens(t))] for t in long_s if " ".join(tokens(t)) in spread]
    exact = sum(c < K_ANON for c in copied)
    stock = len(copied) - exact
    grams: set[tuple[str, ...]] = set()
    for text in real:
        words = tokens(text)
        grams.update(tuple(words[i : i + LONG_N]) for i in range(len(words) - LONG_N + 1))
    shared = sum(
        any(tuple(w[i : i + LONG_N]) in grams for i in range(len(w) - LONG_N + 1))
        for w in (tokens(t) for t in synth)
    )
    figures = [
        Figure(
            AXIS,
            "exact_copies",
            float(exact),
            f"synthetic turns ({MIN_WORDS}+ words) "
            f"equal to a real turn found in fewer than {K_ANON} real conversations",
            note=f"of {len(long_s)}; {stock} more equal a stock phrase of {K_ANON}+ real "
            "conversations",
        ),
        Figure(
            AXIS,
            "long_ngram_share",
            shared / len(synth) if synth else None,
            f"share of synthetic turns sharing a {LONG_N}-word run with a real turn",
        ),
    ]
    queries = _sample(long_s, SAMPLE // 4)
    corpus = _sample([t for t in real if len(tokens(t)) >= MIN_WORDS // 2], SAMPLE)
    sims = nearest_similarity(queries, corpus)
    held = _sample([t for t in baseline[1] if len(tokens(t)) >= MIN_WORDS], SAMPLE // 4)
    base = nearest_similarity(held, _sample(baseline[0], SAMPLE))
    near = float((sims >= NEAR).mean()) if len(sims) else None
    figures.append(
        Figure(
            AXIS,
            "near_copy_share",
            near,
            f"share of synthetic turns whose nearest real turn has cosine >= {NEAR} "
            "(char 3-5 grams)",
            near,
            float((base >= NEAR).mean()) if len(base) else None,
            "real column: held-out real turns against the other real turns",
        )
    )
    figures.append(
        Figure(
            AXIS,
            "nearest_similarity_median",
            float(np.median(sims)) if len(sims) else None,
            "median cosine to the nearest real turn",
            None,
            float(np.median(base)) if len(base) else None,
        )
    )
    real_pii = {(i.kind, i.key) for t in real for i in find_items(t)}
    found: list[str] = []
    for text in synth:
        for item in find_items(text):
            if (item.kind, item.key) in real_pii:
                found.append(mask(text[item.start : item.end], item.kind))
    note = ", ".join(sorted(set(found))[:5])
    figures.append(
        Figure(
            AXIS,
            "real_pii_found",
            float(len(found)),
            "real emails/phones/cards/IBANs found in the synthetic data",
            note=note,
        )
    )
    return figures
