"""`convsim validate`: a run measured against real logs on fidelity, utility, privacy and
diversity, as one list of figures with a gate.

The real data is split once (seeded, stratified by label, 30% held out): the utility
classifiers train on the training part only and are tested on the held-out part; the intent
mix is read on held-out items by the real-trained classifier; the privacy figures compare the
synthetic data with all of the real data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from simulator.validation.copies import privacy
from simulator.validation.diversity import diversity
from simulator.validation.fidelity import fidelity
from simulator.validation.figures import THRESHOLDS, Figure, as_json, judge
from simulator.validation.intents import cluster_openings, opening
from simulator.validation.logs import Dialogue
from simulator.validation.utility import split, utility

AXES = ("fidelity", "utility", "privacy", "diversity")


@dataclass
class Validation:
    figures: list[Figure]
    info: dict[str, Any]
    thresholds: Mapping[str, tuple[float, str]] = field(default_factory=lambda: dict(THRESHOLDS))

    def failures(self) -> list[Figure]:
        """Gated figures that failed or could not be decided."""
        return [f for f in self.figures if judge(f, self.thresholds) in ("fail", "undecided")]

    def to_json(self) -> dict[str, Any]:
        failed = self.failures()
        return {
            **self.info,
            "figures": as_json(self.figures, self.thresholds),
            "gate": {"passed": not failed, "failed": [f.key for f in failed]},
        }


def real_labels(
    real: Sequence[Dialogue], texts: Sequence[str], labelled: bool
) -> tuple[list[str], list[int], list[int], str]:
    """Labels for every real item, the train and test indices, and where labels came from.
    Unlabelled data is clustered on its training split only; held-out items are assigned."""
    if labelled:
        labels = [str(d.label) for d in real]
        train, test = split(labels)
        return labels, train, test, "given (--labels)"
    train, test = split([""] * len(real))
    clustering = cluster_openings([texts[i] for i in train])
    labels = [""] * len(real)
    for i, c in zip(train, clustering.labels, strict=True):
        labels[i] = f"cluster_{c}"
    if clustering.model is not None and test:
        for i, c in zip(test, clustering.model([texts[i] for i in test]), strict=True):
            labels[i] = f"cluster_{c}"
    else:
        for i in test:
            labels[i] = "cluster_0"
    return labels, train, test, f"clusters of the real training split (k={clustering.k})"


def validate(
    synth: Sequence[Dialogue],
    real: Sequence[Dialogue],
    labelled: bool,
    thresholds: Mapping[str, tuple[float, str]] | None = None,
) -> Validation:
    texts_r = [opening(d) for d in real]
    texts_s = [opening(d) for d in synth]
    labels, train, test, source = real_labels(real, texts_r, labelled)
    util = utility(
        texts_s,
        [str(d.label) for d in synth],
        ([texts_r[i] for i in train], [labels[i] for i in train]),
        ([texts_r[i] for i in test], [labels[i] for i in test]),
    )
    if util.real_model is not None:
        synth_intents = [str(p) for p in util.real_model.predict(texts_s)]
        held_intents = [str(p) for p in util.real_model.predict([texts_r[i] for i in test])]
    else:  # one real intent or too little data: no classifier, the mix figures are undecided
        synth_intents, held_intents = [], []
    figures = fidelity(synth, real, synth_intents, held_intents)
    figures += util.figures
    turns_s = [t for d in synth for _, t in d.turns]
    turns_r = [[t for _, t in d.turns] for d in real]
    baseline = (
        [t for i in train for _, t in real[i].turns],
        [t for i in test for _, t in real[i].turns],
    )
    figures += privacy(turns_s, turns_r, baseline)
    figures += diversity(synth, real, synth_intents, labels)
    info = {
        "synthetic_conversations": len(synth),
        "real_conversations": len(real),
        "real_split": {"train": len(train), "test": len(test)},
        "real_labels": source,
        "real_intents": len(set(labels)),
        "synthetic_intents": len({str(d.label) for d in synth}),
    }
    return Validation(figures, info, dict(thresholds or THRESHOLDS))
