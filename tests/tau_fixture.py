"""Shared helpers for the tau-bench tests: the tiny fixture domains in tests/data/tau."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scenarios.domains import DomainState
from scenarios.domains.documents import get_doc
from scenarios.domains.runtime import Domain
from scenarios.domains.tau import build_domain

DATA = Path(__file__).parent / "data" / "tau"
_DOMAINS: dict[str, Domain] = {}


def domain(name: str) -> Domain:
    if name not in _DOMAINS:
        _DOMAINS[name] = build_domain(DATA / name, name)
    return _DOMAINS[name]


def state(name: str) -> DomainState:
    return domain(name).new_state()


def doc(st: DomainState, table: str, key: str) -> Any:
    return get_doc(st, table, key)


def call(st: DomainState, tool: str, **arguments: Any) -> str:
    return st.call(tool, arguments).content


def unchanged(st: DomainState, name: str) -> bool:
    fresh = state(name)
    try:
        return st.snapshot() == fresh.snapshot()
    finally:
        fresh.close()


def loads(text: str) -> Any:
    return json.loads(text)
