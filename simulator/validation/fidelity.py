"""Fidelity: how far the synthetic data is from the real data, one named distance a figure.

- turn lengths (words, per role) and customer turns per conversation: Wasserstein-1 (how
  many words, on average, the mass has to move), and for customer turns also W1 divided by
  the real mean (`_rel`, unit-free, what the gate reads);
- vocabulary: Jensen-Shannon divergence (base 2, 0 = same, 1 = disjoint) between the
  customer unigram distributions;
- distinct-2: the absolute difference, both sides on the same token budget;
- intent mix: Jensen-Shannon divergence between the intent distributions, both sides read by
  one classifier trained on the real training split (so both are labelled the same way);
- persona statistics: the mean absolute difference of the per-conversation style shares
  (typos, lowercase, emoji, politeness ...), and each share's difference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

from simulator.report.metrics import distinct_n, tokens
from simulator.validation import style as st
from simulator.validation.figures import Figure
from simulator.validation.logs import CUSTOMER, SUPPORT, Dialogue

AXIS = "fidelity"


def js_divergence(p: Counter[str], q: Counter[str]) -> float | None:
    """Jensen-Shannon divergence, base 2 (scipy gives its square root, the JS distance);
    None when a side is empty."""
    keys = sorted(set(p) | set(q))
    a = np.array([p[k] for k in keys], dtype=float)
    b = np.array([q[k] for k in keys], dtype=float)
    if not keys or a.sum() == 0 or b.sum() == 0:
        return None
    return float(jensenshannon(a / a.sum(), b / b.sum(), base=2) ** 2)


def _lengths(dialogues: Sequence[Dialogue], role: str) -> np.ndarray:
    return np.array([len(tokens(t)) for d in dialogues for t in d.texts(role)], dtype=float)


def _w1(name: str, a: np.ndarray, b: np.ndarray, unit: str) -> Figure:
    if len(a) == 0 or len(b) == 0:
        return Figure(AXIS, name, None, f"Wasserstein-1 ({unit})", note="no data on one side")
    return Figure(
        AXIS,
        name,
        float(wasserstein_distance(a, b)),
        f"Wasserstein-1 ({unit})",
        float(a.mean()),
        float(b.mean()),
        "synthetic/real columns: means",
    )


def fidelity(
    synth: Sequence[Dialogue],
    real: Sequence[Dialogue],
    synth_intents: Sequence[str],
    real_intents: Sequence[str],
) -> list[Figure]:
    figures: list[Figure] = []
    cust_s, cust_r = _lengths(synth, CUSTOMER), _lengths(real, CUSTOMER)
    words = _w1("customer_words_w1", cust_s, cust_r, "words")
    figures.append(words)
    rel = words.value / words.real if words.value is not None and words.real else None
    figures.append(Figure(AXIS, "customer_words_w1_rel", rel, "Wasserstein-1 / real mean"))
    figures.append(
        _w1("support_words_w1", _lengths(synth, SUPPORT), _lengths(real, SUPPORT), "words")
    )
    turns_s = np.array([len(d.texts(CUSTOMER)) for d in synth], dtype=float)
    turns_r = np.array([len(d.texts(CUSTOMER)) for d in real], dtype=float)
    figures.append(_w1("customer_turns_w1", turns_s, turns_r, "turns per conversation"))
    vocab_s = Counter(w for d in synth for t in d.texts(CUSTOMER) for w in tokens(t))
    vocab_r = Counter(w for d in real for t in d.texts(CUSTOMER) for w in tokens(t))
    figures.append(
        Figure(
            AXIS,
            "vocabulary_js",
            js_divergence(vocab_s, vocab_r),
            "Jensen-Shannon divergence (customer unigrams)",
        )
    )
    texts_s = [t for d in synth for t in d.texts(CUSTOMER)]
    texts_r = [t for d in real for t in d.texts(CUSTOMER)]
    budget = min(20_000, sum(len(tokens(t)) for t in texts_s), sum(len(tokens(t)) for t in texts_r))
    d2s, d2r = distinct_n(texts_s, 2, budget), distinct_n(texts_r, 2, budget)
    figures.append(
        Figure(
            AXIS,
            "distinct_2_diff",
            abs(d2s - d2r),
            f"|distinct-2 difference| ({budget} tokens each)",
            d2s,
            d2r,
        )
    )
    figures.append(
        Figure(
            AXIS,
            "intent_mix_js",
            js_divergence(Counter(synth_intents), Counter(real_intents)),
            "Jensen-Shannon divergence (intents, real-trained classifier)",
        )
    )
    share_s, share_r = st.shares(st.styles(synth)), st.shares(st.styles(real))
    diffs = {k: abs(share_s[k] - share_r[k]) for k in st.FLAGS}
    figures.append(
        Figure(
            AXIS,
            "persona_mad",
            float(np.mean(list(diffs.values()))),
            "mean |share difference| over persona statistics",
        )
    )
    for flag in st.FLAGS:
        figures.append(
            Figure(
                AXIS,
                f"persona_{flag}",
                diffs[flag],
                "|share difference|",
                share_s[flag],
                share_r[flag],
            )
        )
    return figures
