"""A fidelity target (`convsim run --match LOGS`): the share of conversations each scenario
should get and the weights persona traits should be drawn with, measured on real logs.

The target steers only part of a run: a share COVER of each coverage batch is planned as
without a target, so scenarios, trait values and edge cases the logs never show are still
reached; the steered plans fix their scenario and the targeted traits by weighted draws and
leave the rest (edge cases among it) to the coverage greedy.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

COVER = 0.25  # share of a steered batch's plans chosen by coverage alone


@dataclass(frozen=True)
class MatchTarget:
    scenarios: dict[str, float]  # scenario id -> share of the real conversations (sum 1)
    traits: dict[str, dict[str, float]] = field(default_factory=dict)  # trait -> value -> w

    def settings(self) -> dict[str, Any]:
        """The target's part of a run's fingerprint: a resume must steer the same way."""
        return {
            "scenarios": {k: round(v, 6) for k, v in sorted(self.scenarios.items())},
            "traits": self.traits,
        }


def weighted(rng: random.Random, options: Sequence[str], weights: Mapping[str, float]) -> int:
    """Index of an option drawn by weight; -1 when no option has weight."""
    ws = [max(weights.get(o, 0.0), 0.0) for o in options]
    total = sum(ws)
    if total <= 0:
        return -1
    x = rng.random() * total
    for i, w in enumerate(ws):
        x -= w
        if x < 0 and w > 0:
            return i
    return max(i for i, w in enumerate(ws) if w > 0)
