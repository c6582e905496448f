"""tau-bench's end-state hash, computed from convsim's records (our code; its rule as read).

tau-bench rewards the records by comparing one hash: the SHA-256 of Python's `str()` of the
whole data (table name -> key -> document) turned into nested tuples, every dict as its
items sorted by key, every list as a tuple in its own order. So key order does not count,
list order does, and values count as `repr` writes them (`5` is not `5.0`, `True` is not
`1`). Its result records keep the ground truth's hash (`info.reward_info.info.gt_data_hash`,
for tasks without required outputs), so computing the same hash from the expected end state
checks that the import and the replay are the ones the run was rewarded on, record for
record, down to the data file's version.

The text is streamed into the hash table by table and record by record, and each record's
text is kept per canonical JSON (the records nobody changed are the domain's, so a batch of
tasks formats them once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from scenarios.domains.documents import DOC_COLUMN
from scenarios.domains.runtime import Snapshot


def hashable(value: Any) -> Any:
    """tau-bench's view of a value: dicts as sorted (key, value) tuples, lists as tuples."""
    if isinstance(value, dict):
        return tuple((k, hashable(value[k])) for k in sorted(value))
    if isinstance(value, list):
        return tuple(hashable(v) for v in value)
    return value


@lru_cache(maxsize=65536)
def _record_text(key: str, row_json: str) -> str:
    """A snapshot row is the document table's row as JSON: the document is its `doc` text."""
    doc = json.loads(json.loads(row_json)[DOC_COLUMN])
    return repr((key, hashable(doc)))


def _tuple_text(parts: Iterable[str]) -> Iterable[str]:
    """`str()` of a tuple whose elements' texts are `parts`, in pieces."""
    yield "("
    count = 0
    for part in parts:
        if count:
            yield ", "
        yield part
        count += 1
    yield ",)" if count == 1 else ")"


def _table_text(name: str, rows: Mapping[str, str]) -> Iterable[str]:
    yield "(" + repr(name) + ", "
    yield from _tuple_text(_record_text(k, rows[k]) for k in sorted(rows))
    yield ")"


def data_hash(snapshot: Snapshot) -> str:
    """The hash tau-bench's reward would compute for these records."""
    digest = hashlib.sha256()
    pieces: list[str] = []

    def tables() -> Iterable[str]:
        for name in sorted(snapshot):
            pieces.clear()
            pieces.extend(_table_text(name, snapshot[name]))
            yield "".join(pieces)

    for piece in _tuple_text(tables()):
        digest.update(piece.encode("utf-8"))
    return digest.hexdigest()
