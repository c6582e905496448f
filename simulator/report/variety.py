"""The text variety of a run read from run.db twice, holding a few numbers per turn.

`metrics.variety` needs every turn's text at once. A streamed run gives the same figures:
the first pass keeps, per dialogue turn, its token count and a 64-bit hash of its normalized
text (12 bytes), and per conversation its number of dialogue turns; from those the seeded
samples are drawn exactly as `metrics.variety` draws them (the shuffled turn order walked to
the token budget, `random.sample` over conversation positions); the second pass keeps only
the sampled texts (about BUDGET tokens per role and SAMPLE conversations). Duplicate turns are
counted on the hashes: a collision of two different texts (odds about n^2 / 2^65) is the only
way the figure can differ.
"""

from __future__ import annotations

import hashlib
import random
from array import array
from collections.abc import Mapping
from typing import Any

import numpy as np

from simulator.export.dedup import DEFAULT_THRESHOLD, near_duplicates
from simulator.report.metrics import (
    BUDGET,
    SAMPLE,
    SEED,
    Variety,
    conversation_text,
    distinct_in_order,
    said,
    self_similarity,
    tokens,
)

ROLES = ("customer", "support")


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


class VarietyTally:
    """`add` each record (pass 1), `plan()`, `collect` each record again (pass 2), `result()`."""

    def __init__(self, budget: int = BUDGET, sample: int = SAMPLE) -> None:
        self.budget = budget  # tokens per role for distinct-n
        self.sample = sample  # conversations for the pairwise figures
        self.lengths = {role: array("I") for role in ROLES}
        self.hashes = {role: array("Q") for role in ROLES}
        self.per_conversation = array("I")
        self._turns: dict[str, dict[int, int]] = {}  # role -> turn index -> place in sample
        self._conversations: dict[int, int] = {}  # conversation index -> place in sample
        self._turn_texts: dict[str, dict[int, str]] = {role: {} for role in ROLES}
        self._texts: dict[int, str] = {}
        self._seen = dict.fromkeys(ROLES, 0)  # pass 2: dialogue turns of each role so far
        self._index = 0  # pass 2: conversations so far

    def add(self, record: Mapping[str, Any]) -> None:
        count = 0
        for turn in record.get("turns", []):
            if said(turn):
                toks = tokens(str(turn.get("content", "")))
                self.lengths[turn["role"]].append(len(toks))
                self.hashes[turn["role"]].append(_hash(" ".join(toks)))
                count += 1
        self.per_conversation.append(count)

    def plan(self) -> None:
        """Which turns and conversations the samples take (after pass 1, before pass 2)."""
        for role in ROLES:
            lengths = self.lengths[role]
            order = array("Q", range(len(lengths)))
            random.Random(SEED).shuffle(order)  # as metrics.distinct_n shuffles
            picked: dict[int, int] = {}
            used = 0
            for place, index in enumerate(order):
                if used >= self.budget:
                    break
                picked[index] = place
                used += min(lengths[index], self.budget - used)
            self._turns[role] = picked
        n = len(self.per_conversation)
        chosen = random.Random(SEED).sample(range(n), self.sample) if n > self.sample else range(n)
        self._conversations = {index: place for place, index in enumerate(chosen)}
        self._seen = dict.fromkeys(ROLES, 0)
        self._index = 0

    def collect(self, record: Mapping[str, Any]) -> None:
        place = self._conversations.get(self._index)
        if place is not None:
            self._texts[place] = conversation_text(record)
        self._index += 1
        for turn in record.get("turns", []):
            if said(turn):
                role = turn["role"]
                place = self._turns[role].get(self._seen[role])
                if place is not None:
                    self._turn_texts[role][place] = str(turn.get("content", ""))
                self._seen[role] += 1

    def result(self) -> Variety:
        distinct: dict[str, dict[int, float]] = {}
        duplicates: dict[str, float] = {}
        for role in ROLES:
            texts = self._turn_texts[role]
            ordered = [texts[place] for place in range(len(texts))]
            distinct[role] = {n: distinct_in_order(ordered, n, self.budget) for n in (1, 2, 3)}
            hashes = np.frombuffer(self.hashes[role], dtype=np.uint64)
            total = len(hashes)
            duplicates[role] = (total - len(np.unique(hashes))) / total if total else 0.0
        sample = [self._texts[place] for place in range(len(self._texts))]
        dups = near_duplicates([(str(i), t) for i, t in enumerate(sample)], DEFAULT_THRESHOLD)
        return Variety(
            distinct=distinct,
            duplicate_turns=duplicates,
            self_similarity=self_similarity(sample),
            near_duplicate_share=len(dups) / len(sample) if sample else 0.0,
        )

    def lengths_by_role(self) -> dict[str, np.ndarray]:
        """Turn lengths in words per role, in run order (for the reference distributions)."""
        return {role: np.array(self.lengths[role], dtype=float) for role in ROLES}

    def turns_per_conversation(self) -> np.ndarray:
        return np.array(self.per_conversation, dtype=float)
