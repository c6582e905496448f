"""Utility: is a model trained on the synthetic data any good on real data?

An intent classifier (TF-IDF word 1-2 grams + logistic regression) on customer openings is
trained twice and tested on the same held-out real items, which neither model saw:
- TRTR, train real (the training split) / test real: what real data of this size gives;
- TSTR, train synthetic / test real: what the synthetic data gives.
Real labels come from `--labels` or, without it, from clustering the real training split (the
held-out items are then assigned to the nearest cluster, never clustered themselves).
When the synthetic intents are not the real labels' names (a learned draft names its own),
each synthetic intent is mapped to the real label that the TSTR model's predictions on the
real *training* split most often carry: a label mapping read from training data only.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import Pipeline, make_pipeline

from simulator.validation.figures import Figure
from simulator.validation.intents import vectorizer

AXIS = "utility"
TEST_SHARE = 0.3
MIN_TEST = 10
SEED = 7


def split(labels: Sequence[str], seed: int = SEED) -> tuple[list[int], list[int]]:
    """Indices of a seeded train/test split, stratified by label (a label seen once stays in
    training, since it cannot be both learned and tested)."""
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    rng = random.Random(seed)
    train: list[int] = []
    test: list[int] = []
    for label in sorted(by_label):
        items = by_label[label]
        rng.shuffle(items)
        cut = round(len(items) * TEST_SHARE) if len(items) > 1 else 0
        test += items[:cut]
        train += items[cut:]
    return sorted(train), sorted(test)


def classifier() -> Pipeline:
    return make_pipeline(vectorizer(1), LogisticRegression(max_iter=2000))


@dataclass(frozen=True)
class Utility:
    figures: list[Figure]
    real_model: Pipeline | None  # trained on the real training split (reads intent mixes)


def utility(
    synth_texts: Sequence[str],
    synth_labels: Sequence[str],
    real_train: tuple[Sequence[str], Sequence[str]],
    real_test: tuple[Sequence[str], Sequence[str]],
) -> Utility:
    (x_train, y_train), (x_test, y_test) = real_train, real_test
    if len(x_test) < MIN_TEST or len(set(y_train)) < 2:
        note = f"needs {MIN_TEST}+ held-out real items and 2+ real intents"
        return Utility(
            [
                _undecided("trtr_accuracy", note),
                _undecided("tstr_accuracy", note),
                _undecided("tstr_trtr_ratio", note),
            ],
            None,
        )
    real_model = classifier().fit(list(x_train), list(y_train))
    trtr = real_model.predict(list(x_test))
    acc_r = float(accuracy_score(y_test, trtr))
    f1_r = float(f1_score(y_test, trtr, average="macro", zero_division=0))
    figures = [
        Figure(AXIS, "trtr_accuracy", acc_r, "accuracy, train real / test real"),
        Figure(AXIS, "trtr_macro_f1", f1_r, "macro F1, train real / test real"),
    ]
    if len(set(synth_labels)) < 2:
        note = "the synthetic data has fewer than 2 intents"
        figures += [_undecided("tstr_accuracy", note), _undecided("tstr_trtr_ratio", note)]
        return Utility(figures, real_model)
    synth_model = classifier().fit(list(synth_texts), list(synth_labels))
    mapping, how = label_map(synth_model, set(synth_labels), x_train, y_train)
    tstr = [mapping.get(str(p), "") for p in synth_model.predict(list(x_test))]
    acc_s = float(accuracy_score(y_test, tstr))
    f1_s = float(f1_score(y_test, tstr, average="macro", zero_division=0))
    figures += [
        Figure(AXIS, "tstr_accuracy", acc_s, "accuracy, train synthetic / test real", note=how),
        Figure(AXIS, "tstr_macro_f1", f1_s, "macro F1, train synthetic / test real"),
        Figure(
            AXIS,
            "tstr_trtr_ratio",
            acc_s / acc_r if acc_r else None,
            "TSTR accuracy / TRTR accuracy",
        ),
        Figure(
            AXIS,
            "majority_baseline",
            Counter(y_test).most_common(1)[0][1] / len(y_test),
            "accuracy of always answering the commonest real intent",
        ),
    ]
    return Utility(figures, real_model)


def label_map(
    model: Pipeline, synth: set[str], x_train: Sequence[str], y_train: Sequence[str]
) -> tuple[dict[str, str], str]:
    """Synthetic intent -> real label (identity when the synthetic names are real labels)."""
    if synth <= set(y_train):
        return {s: s for s in synth}, "synthetic intents are real labels"
    votes: dict[str, Counter[str]] = {}
    for predicted, truth in zip(model.predict(list(x_train)), y_train, strict=True):
        votes.setdefault(str(predicted), Counter())[truth] += 1
    mapping = {s: c.most_common(1)[0][0] for s, c in votes.items()}
    return mapping, "synthetic intents mapped to real labels by majority on the real train split"


def _undecided(name: str, note: str) -> Figure:
    return Figure(AXIS, name, None, "undecided", note=note)
