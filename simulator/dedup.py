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
from collections.abc import Sequence
from dataclasses import dataclass

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
    items: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> list[Duplicate]:
    """Which of `items` (id, text) repeat an earlier one with similarity >= threshold."""
    check_threshold(threshold)
    from datasketch import MinHash, MinHashLSH  # imported here: the CLI starts without it

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    # One set of permutations for all signatures (drawing them per MinHash dominates the cost),
    # and CRC-32 as the shingle hash: deterministic across processes, unlike hash().
    template = MinHash(num_perm=NUM_PERM, seed=1)
    kept: dict[str, tuple[int, frozenset[str]]] = {}
    found: list[Duplicate] = []
    for order, (item_id, text) in enumerate(items):
        grams = shingles(text)
        signature = MinHash(
            num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32,
            permutations=template.permutations, scheme=template.scheme,
        )  # fmt: skip
        signature.update_batch([g.encode("utf-8") for g in sorted(grams)])
        best: tuple[float, int, str] | None = None
        for candidate in lsh.query(signature):
            position, other = kept[candidate]
            similarity = jaccard(grams, other)
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
