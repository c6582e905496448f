"""Values derived from an immutable object, remembered by the object's identity.

A scenario or a plan is frozen once made, and the scripted roles and the critic derive the
same things from it on every turn (its languages, the customer's rendered facts). Plans hold
a dict, so they cannot be hashed; equality would compare whole scenarios. So the memo is
keyed by `id(obj)` and each entry keeps its object alive, which stops the id from being
reused while the entry exists; a hit also checks `is`. A copy with an update
(`model_copy(update=...)`) is a new object, so it never sees its original's values.

Entries are few and evicted oldest first: what is derived is small, and a run has a bounded
number of plans in flight.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

_O = TypeVar("_O")
_V = TypeVar("_V")


class Memo(Generic[_O, _V]):
    """`compute(obj)` remembered for the last `size` objects it was asked about."""

    def __init__(self, compute: Callable[[_O], _V], size: int = 256) -> None:
        self._compute = compute
        self._size = size
        self._entries: dict[int, tuple[_O, _V]] = {}

    def __call__(self, obj: _O) -> _V:
        entry = self._entries.get(id(obj))
        if entry is not None and entry[0] is obj:
            return entry[1]
        value = self._compute(obj)
        entries = self._entries
        while len(entries) >= self._size:
            try:  # oldest first; another thread may have evicted it meanwhile
                del entries[next(iter(entries))]
            except (KeyError, RuntimeError, StopIteration):
                break
        entries[id(obj)] = (obj, value)
        return value
