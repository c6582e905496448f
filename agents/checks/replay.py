"""Replaying a conversation's tool calls on a fresh copy of its domain, and the end states
that replaying leads to, kept small enough to cache per task.

`agents.checks.actions` grades with these; forks (`simulator.forks`) and the tau-bench
replay bench use them alone. A conversation graded where it was simulated still has its own
records, as its tools left them: the graph grades inside `live_world(state)`, and those
records stand in for the replay when they are the domain's and their call log is the
transcript's, call for call.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from agents.checks.record_diff import VALUE_LIMIT
from agents.types import INVALID_ARGUMENTS, Turn
from scenarios.domains.runtime import Domain, DomainState, Snapshot
from scenarios.domains.tau.common import TERMINATE_TOOLS


@dataclass(frozen=True)
class Call:
    tool: str
    arguments: Mapping[str, Any]


def transcript_calls(turns: Iterable[Turn]) -> list[Call]:
    """The tool calls support made, in order."""
    return [
        Call(call.name, call.arguments)
        for turn in turns
        if turn.role == "support" and turn.tool_calls
        for call in turn.tool_calls
    ]


def replay(domain: Domain, calls: Iterable[Call]) -> DomainState:
    """A fresh copy of the records with `calls` made on it in order; a call whose arguments
    were unreadable is logged as refused and changes nothing."""
    from scenarios.domains.runtime import ToolResult

    state = domain.new_state()
    for call in calls:
        if INVALID_ARGUMENTS in call.arguments:
            raw = str(call.arguments[INVALID_ARGUMENTS])[:VALUE_LIMIT]
            refused = ToolResult(f"Error: arguments are not a JSON object: {raw}", error=True)
            state.calls.append((call.tool, dict(call.arguments), refused))
            continue
        state.call(call.tool, call.arguments)
    return state


_LIVE: ContextVar[DomainState | None] = ContextVar("convsim_live_world", default=None)


@contextmanager
def live_world(state: DomainState) -> Iterator[None]:
    """Grade (in this context) with `state`, the conversation's own records, instead of
    replaying its calls on a fresh copy: the same end state, without redoing the work."""
    token = _LIVE.set(state)
    try:
        yield
    finally:
        _LIVE.reset(token)


def live_state(domain: Domain, calls: Sequence[Call]) -> DomainState | None:
    """The live records, when they are exactly what replaying `calls` would build."""
    live = _LIVE.get()
    if live is None or live.domain is not domain or len(live.calls) != len(calls):
        return None
    for (name, arguments, _), call in zip(live.calls, calls, strict=True):
        if name != call.tool or arguments != call.arguments:
            return None
    return live


def end_snapshot(domain: Domain, calls: Iterable[Call]) -> Snapshot:
    state = replay(domain, calls)
    try:
        return state.snapshot()
    finally:
        state.close()


Fingerprint = dict[str, dict[str, bytes]]
"""table -> key -> a digest of the record: an end state small enough to keep per task."""


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(snap: Snapshot, domain: Domain | None = None) -> Fingerprint:
    """Each record's digest; a table still as `domain` has it reuses the domain's digests
    (most tables of most end states), which are hashed once per domain."""
    pristine = _pristine_fingerprint(domain) if domain is not None else None
    return {
        table: (
            pristine[1][table]
            if pristine is not None and rows == pristine[0].get(table)
            else _digests(rows)
        )
        for table, rows in snap.items()
    }


def _digests(rows: Mapping[str, str]) -> dict[str, bytes]:
    return {
        key: hashlib.blake2b(text.encode(), digest_size=16).digest() for key, text in rows.items()
    }


_PRISTINE: dict[int, tuple[Domain, Snapshot, Fingerprint]] = {}  # id -> (domain kept alive, ...)
_PRISTINE_KEPT = 64


def _pristine_fingerprint(domain: Domain) -> tuple[Snapshot, Fingerprint]:
    found = _PRISTINE.get(id(domain))
    if found is None or found[0] is not domain:
        view = domain.pristine_view()
        found = (domain, view, {table: _digests(rows) for table, rows in view.items()})
        if len(_PRISTINE) >= _PRISTINE_KEPT:  # domains reloaded (the studio): start afresh
            _PRISTINE.clear()
        _PRISTINE[id(domain)] = found
    return found[1], found[2]


def expected_calls_kept(calls: Sequence[Call]) -> list[Call]:
    """The expected actions that make the expected end state: terminate tools left out."""
    return [c for c in calls if c.tool not in TERMINATE_TOOLS]


def expected_snapshot(domain: Domain, calls: Sequence[Call]) -> Snapshot:
    """The end state `calls` lead to, terminate tools left out."""
    return end_snapshot(domain, expected_calls_kept(calls))


def expected_fingerprint(domain: Domain, calls: Sequence[Call]) -> Fingerprint:
    """The expected end state's fingerprint (cached: a batch grades many conversations of
    each task; the records themselves are rebuilt only to show a difference)."""
    return expected_end(domain, calls).fingerprint()


@dataclass
class ExpectedEnd:
    """A task's expected end state, kept per task: `changes`, the key of the calls that
    changed rows on the way there (`changes_key`), and the records' fingerprint, worked out
    on first use: a conversation that made the same changing calls holds the same records,
    so most conversations are graded by the key alone and never need the fingerprint."""

    domain: Domain
    calls: tuple[Call, ...]  # terminate tools left out
    changes: str | None
    _fingerprint: Fingerprint | None = None

    def fingerprint(self) -> Fingerprint:
        if self._fingerprint is None:  # replayed again: tools are deterministic by contract
            self._fingerprint = fingerprint(end_snapshot(self.domain, self.calls), self.domain)
        return self._fingerprint


_EXPECTED: OrderedDict[tuple[int, str], ExpectedEnd] = OrderedDict()
_EXPECTED_CACHE = 256  # tasks; a fingerprint of tau-bench's airline records is ~0.2 MB


def expected_end(domain: Domain, calls: Sequence[Call]) -> ExpectedEnd:
    """The expected end state of `calls` on `domain`, cached per task."""
    kept = tuple(expected_calls_kept(calls))
    key = (id(domain), _digest([[c.tool, c.arguments] for c in kept]))
    found = _EXPECTED.get(key)
    if found is not None and found.domain is domain:
        _EXPECTED.move_to_end(key)
        return found
    state = replay(domain, kept)
    try:
        found = ExpectedEnd(domain, kept, changes_key(state))
        if found.changes is None:  # only the records tell: read them while they are here
            found._fingerprint = fingerprint(state.snapshot(), domain)
    finally:
        state.close()
    _EXPECTED[key] = found
    while len(_EXPECTED) > _EXPECTED_CACHE:
        _EXPECTED.popitem(last=False)
    return found


def changes_key(state: DomainState) -> str | None:
    """The calls that changed rows, in order, as canonical JSON: the records are a function
    of the domain and these calls alone (the others read or were refused, and a tool's effect
    depends only on the records and its arguments, which is what replaying calls to grade
    them already rests on). Two states of one domain with the same key hold the same records.
    None when it cannot be told: rows changed outside a call, or an argument that JSON does
    not tell apart from another (a key that is not a string, a tuple, an object)."""
    changing = state.changing_calls()
    if changing is None or not all(plain(arguments) for _, arguments in changing):
        return None
    return json.dumps([[name, arguments] for name, arguments in changing], sort_keys=True)


def plain(value: Any) -> bool:
    """A JSON value that only its own JSON text stands for."""
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return True
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    return False
