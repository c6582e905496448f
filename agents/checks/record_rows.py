"""The records a `RecordBook` (agents.checks.record_book) reads: made from the domain's
records as text when asked, never all held at once. A domain's data file may hold 60 MB of
records; held as Python objects with a set per column they took 2 GB, while a conversation
reads the few records it names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from scenarios.domains.runtime import Snapshot

__all__ = ["Record", "Records", "amount_index", "holds_amount", "row_values"]


@dataclass
class Record:
    table: str
    key: str
    values: dict[str, set[Any]] = field(default_factory=dict)  # column -> values it held


class Records(Mapping[tuple[str, str], Record]):
    """(table, key) -> Record for every record of a book, made from the domain's records as
    text when asked, with the records a conversation's calls changed or made laid over them.

    Why not a dict of Records: a Record keeps a set per column, about 2 KB for a record of
    180 bytes, so a domain of 10 MiB of records took 230 MB here, all but a handful never
    read (a conversation reads the records it names). The text is the domain's own shared
    snapshot; only the changed records are held (copy on write), so a conversation's book
    costs what its calls changed. Iterated in the dict's old order: the domain's records in
    snapshot order, then the records calls made, in the order they were laid over."""

    __slots__ = ("_added", "_base", "_made", "_over")

    def __init__(self, base: Snapshot, over: dict[tuple[str, str], Record] | None = None) -> None:
        self._base = base  # shared with the domain and every book of it: never changed
        self._over = over or {}
        self._added = [k for k in self._over if k[1] not in base.get(k[0], ())]
        self._made: dict[tuple[str, str], Record] = {}  # the last records asked for

    def laid_over(self, over: dict[tuple[str, str], Record]) -> Records:
        """These records with `over` replacing or adding some (self is left as it was)."""
        return Records(self._base, {**self._over, **over})

    def __getitem__(self, where: tuple[str, str]) -> Record:
        found = self._over.get(where) or self._made.get(where)
        if found is not None:
            return found
        table, key = where
        text = self._base.get(table, {}).get(key)
        if text is None:
            raise KeyError(where)
        found = Record(table, key, {c: {v} for c, v in row_values(text).items()})
        if len(self._made) >= 256:
            self._made.clear()
        self._made[where] = found
        return found

    def __contains__(self, where: object) -> bool:
        if where in self._over:
            return True
        if not isinstance(where, tuple) or len(where) != 2:
            return False
        return where[1] in self._base.get(where[0], ())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for table, rows in self._base.items():
            for key in rows:
                yield table, key
        yield from self._added

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._base.values()) + len(self._added)

    def changed(self) -> dict[tuple[str, str], Record]:
        """The records laid over the domain's (changed by calls, or made by them)."""
        return self._over

    def position(self, where: tuple[str, str]) -> tuple[int, int]:
        """Where a record comes when iterated (for the first of several in that order)."""
        tables = list(self._base)
        if where[1] in self._base.get(where[0], ()):
            return tables.index(where[0]), list(self._base[where[0]]).index(where[1])
        return len(tables), self._added.index(where)


def row_values(text: str) -> dict[str, Any]:
    """A record's canonical JSON as column -> value (the values of a `doc` column's JSON
    object too), keeping only plain values: text, numbers, None."""
    row = json.loads(text)
    if not isinstance(row, dict):
        return {}
    doc = row.get("doc")
    if isinstance(doc, str) and set(row) - {"doc"}:
        try:
            opened = json.loads(doc)
        except json.JSONDecodeError:
            opened = None
        if isinstance(opened, dict):
            row = {**row, **opened}
    return {k: v for k, v in row.items() if v is None or isinstance(v, str | int | float)}


def _said(value: Any, amount: str) -> bool:
    """Whether a column value is `amount` as the statements give one ('12.50')."""
    if not isinstance(value, int | float):
        return False
    try:
        return f"{float(value):.2f}" == amount
    except OverflowError:  # an integer too large for a float is no amount anyone said
        return False


def holds_amount(record: Record, columns: Mapping[str, list[str]], amount: str) -> bool:
    """Whether one of the record's amount `columns` holds `amount`."""
    return any(
        _said(v, amount)
        for column in columns.get(record.table, ())
        for v in record.values.get(column, ())
    )


def amount_index(
    base: Snapshot, columns: Mapping[str, list[str]]
) -> dict[str, list[tuple[str, str]]]:
    """amount -> the records of `base` holding it in one of their amount `columns`, in
    order ('' marks the index as made, for a domain with no amounts)."""
    index: dict[str, list[tuple[str, str]]] = {"": []}
    for table, rows in base.items():
        wanted = columns.get(table)
        if not wanted:
            continue
        for key, text in rows.items():
            row = row_values(text)
            said: set[str] = set()
            for column in wanted:
                value = row.get(column)
                if isinstance(value, int | float):
                    try:
                        said.add(f"{float(value):.2f}")
                    except OverflowError:
                        continue
            for amount in sorted(said):
                index.setdefault(amount, []).append((table, key))
    return index
