"""Near-duplicate transcripts: MinHash signatures, LSH candidates, exact Jaccard to decide.

A fine-tuning set that holds the same conversation twice (or twenty times, with a different
order number) teaches the model that wording, so exports drop near-duplicates. LSH (datasketch)
finds candidate pairs without comparing all pairs; the exact Jaccard similarity of the two
shingle sets then decides, so LSH's false positives never drop a record. Records are taken in
the order given and the first of a group is kept, which makes the result deterministic.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT_THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 3  # words per shingle
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@dataclass(frozen=True)
class Duplicate:
    id: str
    of: str  # the kept record it duplicates
    similarity: float  # Jaccard similarity of their word shingles


def shingles(text: str, size: int = SHINGLE) -> frozenset[str]:
    """Word n-grams of the lower-cased text; a text shorter than n words is one shingle."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def check_threshold(threshold: float) -> None:
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold {threshold}: give a similarity above 0 and at most 1")


def near_duplicates(
    items: Iterable[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> list[Duplicate]:
    """Which of `items` (id, text) repeat an earlier one with similarity >= threshold.

    `items` is consumed once, as it comes (a stream from run.db). A kept record's shingles are
    held as a sorted array of 64-bit hashes (8 bytes each, not a set of strings), which keeps
    an export of 20,000 conversations in tens of MB; two distinct shingles colliding in 64
    bits is too rare to move a similarity.
    """
    check_threshold(threshold)
    import numpy as np
    from datasketch import MinHash, MinHashLSH  # imported here: the CLI starts without it

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    # One set of permutations for all signatures (drawing them per MinHash dominates the cost),
    # and CRC-32 as the shingle hash: deterministic across processes, unlike hash().
    template = MinHash(num_perm=NUM_PERM, seed=1)
    kept: dict[str, tuple[int, Any]] = {}
    found: list[Duplicate] = []
    for order, (item_id, text) in enumerate(items):
        encoded = [g.encode("utf-8") for g in sorted(shingles(text))]
        grams = np.unique(np.array([_hash64(g) for g in encoded], dtype=np.uint64))
        signature = MinHash(
            num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32,
            permutations=template.permutations, scheme=template.scheme,
        )  # fmt: skip
        signature.update_batch(encoded)
        best: tuple[float, int, str] | None = None
        for candidate in lsh.query(signature):
            position, other = kept[candidate]
            similarity = _jaccard_sorted(grams, other)
            if similarity >= threshold and (
                best is None or (-similarity, position) < (-best[0], best[1])
            ):
                best = (similarity, position, candidate)
        if best is not None:
            found.append(Duplicate(item_id, best[2], round(best[0], 4)))
            continue
        lsh.insert(item_id, signature)
        kept[item_id] = (order, grams)
    return found


def _hash64(data: bytes) -> int:
    """A deterministic 64-bit shingle hash (two independent 32-bit checksums)."""
    return (zlib.crc32(data) << 32) | zlib.adler32(data)


def _jaccard_sorted(a: Any, b: Any) -> float:
    """Jaccard similarity of two sorted arrays of unique hashes."""
    import numpy as np

    union = a.size + b.size
    if union == 0:
        return 1.0
    common = int(np.intersect1d(a, b, assume_unique=True).size)
    return common / (union - common)
