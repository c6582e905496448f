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
    deep copy, which cost a role a fifth of its time. The fields hold strings, numbers and
    flat lists and dicts of them, so copying the containers copies everything mutable."""
    out = dict(vars(state))
    for name in _containers(type(state)):
        value = out[name]
        if isinstance(value, CONTAINERS):
            out[name] = value.copy()
    return out


_State = TypeVar("_State")


def load_state(cls: type[_State], memory: Mapping[str, Any]) -> _State:
    """A role's bookkeeping dataclass from its memory (`memory_of`'s inverse): the fields
    the memory has, its lists and dicts copied (the state is changed in place); other keys
    are ignored."""
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


def _containers(cls: type) -> tuple[str, ...]:
    """A bookkeeping dataclass's fields that hold a list or a dict (made by a default
    factory; the others hold strings, numbers and booleans): the only ones to copy."""
    found = _CONTAINER_FIELDS.get(cls)
    if found is None:
        found = tuple(f.name for f in fields(cls) if f.default_factory is not MISSING)
        _CONTAINER_FIELDS[cls] = found
    return found


_CONTAINER_FIELDS: dict[type, tuple[str, ...]] = {}
