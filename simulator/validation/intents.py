"""Intents found in unlabelled conversations: what each customer came for, by clustering
their openings.

An opening is the customer's first words up to the first turn that brings the total to at
least OPENING_WORDS words: a bare "Hello!" carries no intent, the sentence after it does.
Openings are embedded as TF-IDF (word 1-2 grams, sublinear tf), reduced with truncated SVD
(LSA) and L2-normalised, so k-means on them clusters by cosine similarity. The number of
clusters is chosen, not given: every k from 2 to the rule-of-thumb bound sqrt(n/2) (at most
MAX_K, at least MIN_PER_CLUSTER openings a cluster) is fitted and the k with the highest mean
silhouette (cosine, on a seeded sample) wins: the standard internal criterion, it rewards
clusters that are tight and apart, and it needs no labels. The bound matters: on short texts
silhouette keeps rising as clusters shrink towards near-duplicates.
Everything is seeded, so the same logs give the same intents.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from simulator.report.metrics import tokens
from simulator.validation.logs import CUSTOMER, Dialogue

OPENING_WORDS = 5
MAX_K = 30
MIN_PER_CLUSTER = 5  # k is at most n / MIN_PER_CLUSTER
SVD_DIMS = 100
SILHOUETTE_SAMPLE = 3000
SEED = 7
N_INIT = 4  # k-means restarts per k (the best inertia is kept)


def opening(dialogue: Dialogue) -> str:
    """The customer's first words, as defined in the module docstring."""
    parts: list[str] = []
    words = 0
    for text in dialogue.texts(CUSTOMER):
        parts.append(text.strip())
        words += len(tokens(text))
        if words >= OPENING_WORDS:
            break
    return " ".join(parts)


def vectorizer(min_df: int = 2) -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, min_df=min_df, token_pattern=r"(?u)\b\w[\w']*\b"
    )


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # cluster per opening
    k: int
    silhouette: float  # of the chosen k
    tried: dict[int, float]  # k -> silhouette
    terms: list[list[str]]  # per cluster, its most characteristic terms
    model: Callable[[Sequence[str]], np.ndarray] | None = None  # assigns new texts a cluster


def cluster_openings(texts: Sequence[str], min_df: int = 2) -> Clustering:
    """Cluster `texts`; with too few texts to split, one cluster."""
    n = len(texts)
    if len(set(texts)) < 2:  # one distinct opening: nothing to split (sklearn only warns)
        return Clustering(np.zeros(n, dtype=int), 1, float("nan"), {}, [[]])
    with warnings.catch_warnings():
        # Near-degenerate logs (a few distinct openings, many copies) make SVD divide by a
        # zero variance and KMeans find fewer clusters than asked: what that means is
        # decided below (a k with one cluster is skipped), so the warnings are not the user's.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        return _cluster(texts, min_df)


def _cluster(texts: Sequence[str], min_df: int) -> Clustering:
    n = len(texts)
    vec = vectorizer(min_df if n >= 20 else 1)
    try:
        matrix = vec.fit_transform(texts)
    except ValueError:  # nothing but stop-words or an empty vocabulary
        return Clustering(np.zeros(n, dtype=int), 1, float("nan"), {}, [[]])
    dims = min(SVD_DIMS, matrix.shape[1] - 1, n - 1)
    svd = TruncatedSVD(dims, random_state=SEED) if dims >= 2 else None
    points = normalize(svd.fit_transform(matrix) if svd else matrix.toarray())
    top = min(MAX_K, n // MIN_PER_CLUSTER, int(math.sqrt(n / 2)))
    tried: dict[int, float] = {}
    best: tuple[float, int, np.ndarray, KMeans] | None = None
    for k in range(2, top + 1):
        km = KMeans(k, n_init=N_INIT, random_state=SEED)
        labels = km.fit_predict(points)
        if len(set(labels)) < 2:
            continue
        size = min(SILHOUETTE_SAMPLE, n)
        score = float(
            silhouette_score(points, labels, metric="cosine", sample_size=size, random_state=SEED)
        )
        tried[k] = score
        if best is None or score > best[0]:
            best = (score, k, labels, km)
    if best is None:
        return Clustering(np.zeros(n, dtype=int), 1, float("nan"), tried, [_terms(vec, matrix)])
    score, k, labels, km = best
    terms = [_terms(vec, matrix[labels == c]) for c in range(k)]

    def assign(new: Sequence[str]) -> np.ndarray:
        m = vec.transform(list(new))
        return np.asarray(km.predict(normalize(svd.transform(m) if svd else m.toarray())))

    return Clustering(labels, k, score, tried, terms, assign)


def _terms(vec: TfidfVectorizer, rows: object, count: int = 8) -> list[str]:
    """The terms with the highest mean TF-IDF weight in `rows`."""
    weights = np.asarray(rows.mean(axis=0)).ravel()  # type: ignore[attr-defined]
    names = vec.get_feature_names_out()
    return [str(names[i]) for i in np.argsort(-weights)[:count] if weights[i] > 0]
