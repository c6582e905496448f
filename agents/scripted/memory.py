"""A scripted role's bookkeeping as its reply's memory, and back.

A role keeps what it derived from earlier turns in a plain dataclass; the graph carries it
between turns as the reply's `memory` dict. These two conversions run on every turn of both
roles, so they copy only what a turn may change in place (the list and dict fields).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, fields
from typing import Any, TypeVar

# What a role's bookkeeping copies: a tuple, not `list | dict`, which builds a union type at
# every test (twice as slow, over every field of every turn's state).
CONTAINERS = (list, dict)


def memory_of(state: Any) -> dict[str, Any]:
    """A role's bookkeeping dataclass as its reply's memory: `dataclasses.asdict` without its
    deep copy, which cost a role a fifth of its time. The memory shares the state's lists and
    dicts: a role makes it last, from a state it then drops, and `load_state` copies them
    before the next turn changes any. So the state must not be changed after this."""
    return dict(vars(state))


_State = TypeVar("_State")


def load_state(cls: type[_State], memory: Mapping[str, Any]) -> _State:
    """A role's bookkeeping dataclass from its memory (`memory_of`'s inverse): the fields
    the memory has, its lists and dicts copied (the state is changed in place); other keys
    are ignored. A memory with every field (each turn's but the first) is taken as the
    instance dict without running the dataclass's `__init__`, whose defaults it replaces."""
    if memory.keys() == _names(cls):
        st = object.__new__(cls)
        fields = vars(st)
        fields.update(memory)
    else:
        st = cls()
        fields = vars(st)  # a plain dataclass: its fields are its instance dict
        if fields.keys() >= memory.keys():
            fields.update(memory)
        else:
            fields.update({k: v for k, v in memory.items() if k in fields})
    for name in _containers(cls):
        if name in memory:
            value = fields[name]
            if isinstance(value, CONTAINERS):
                fields[name] = type(value)(value)
    return st


def _names(cls: type) -> frozenset[str]:
    """A bookkeeping dataclass's field names."""
    found = _FIELD_NAMES.get(cls)
    if found is None:
        found = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))
    return found


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def _containers(cls: type) -> tuple[str, ...]:
    """A bookkeeping dataclass's fields that hold a list or a dict (made by a default
    factory; the others hold strings, numbers and booleans): the only ones to copy."""
    found = _CONTAINER_FIELDS.get(cls)
    if found is None:
        found = tuple(f.name for f in fields(cls) if f.default_factory is not MISSING)
        _CONTAINER_FIELDS[cls] = found
    return found


_CONTAINER_FIELDS: dict[type, tuple[str, ...]] = {}
