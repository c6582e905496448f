"""One figure of a validation, its threshold, and the gate over all of them.

A figure that could not be computed (too little data, one class only) is `undecided`: it is
never passed, and `--gate` fails on an undecided gated figure as on a crossed one, because a
pipeline cannot tell bad data from data nobody measured.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.errors import UserError

# name -> (bound, "max" or "min"): the gate's defaults, documented in docs/validate.md.
THRESHOLDS: dict[str, tuple[float, str]] = {
    "privacy.exact_copies": (0, "max"),
    "privacy.near_copy_share": (0.01, "max"),
    "privacy.long_ngram_share": (0.02, "max"),
    "privacy.real_pii_found": (0, "max"),
    "utility.tstr_trtr_ratio": (0.5, "min"),
    "fidelity.intent_mix_js": (0.25, "max"),
    "fidelity.customer_words_w1_rel": (0.5, "max"),
    "diversity.distinct_2_ratio": (0.5, "min"),
}


@dataclass(frozen=True)
class Figure:
    axis: str  # fidelity | utility | privacy | diversity
    name: str  # short id, e.g. intent_mix_js
    value: float | None  # None: undecided
    measure: str  # what the number is (the named distance or statistic)
    synthetic: float | None = None  # the raw figure on each side, when it has two
    real: float | None = None
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.axis}.{self.name}"


def judge(figure: Figure, thresholds: Mapping[str, tuple[float, str]]) -> str:
    """pass | fail | undecided for a gated figure, "" for one without a threshold."""
    bound = thresholds.get(figure.key)
    if bound is None:
        return ""
    if figure.value is None or math.isnan(figure.value):
        return "undecided"
    limit, kind = bound
    ok = figure.value <= limit if kind == "max" else figure.value >= limit
    return "pass" if ok else "fail"


def parse_thresholds(items: Sequence[str]) -> dict[str, tuple[float, str]]:
    """The defaults with `--threshold NAME=VALUE` overrides."""
    out = dict(THRESHOLDS)
    for item in items:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or name not in THRESHOLDS:
            known = ", ".join(THRESHOLDS)
            raise UserError(f"--threshold {item}: give NAME=VALUE with NAME one of {known}")
        try:
            value = float(raw)
        except ValueError:
            raise UserError(f"--threshold {item}: {raw!r} is not a number") from None
        out[name] = (value, THRESHOLDS[name][1])
    return out


def as_json(
    figures: Sequence[Figure], thresholds: Mapping[str, tuple[float, str]]
) -> list[dict[str, Any]]:
    rows = []
    for f in figures:
        bound = thresholds.get(f.key)
        rows.append(
            {
                "key": f.key,
                "measure": f.measure,
                "value": _num(f.value),
                "synthetic": _num(f.synthetic),
                "real": _num(f.real),
                "threshold": None if bound is None else {bound[1]: bound[0]},
                "status": judge(f, thresholds) or None,
                "note": f.note or None,
            }
        )
    return rows


def _num(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return round(float(value), 4)
