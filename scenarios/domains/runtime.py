"""The seam every domain implements: records in SQLite, tools that read and change them.

`Domain` holds a template database built once; `Domain.new_state()` copies it (SQLite's
backup API, in memory) so each conversation works on its own records and the template is
never touched. A domain whose tools all keep their writes inside the conversation's
transaction (`Tool.contained`: SQL tools) lends a copy out inside one and rolls it back when
the conversation closes it, so the next conversation gets the same records in a connection
that has already read the schema and compiled the tools' statements.

A `Tool` is anything with a `spec` (what the agent sees: name, description, JSON-Schema
parameters) and a `run(state, arguments)`; tools declared in YAML (SQL) and
registered Python functions are both `Tool`s, so every support side (scripted, LLM, a bot
under test) calls them the same way through `DomainState.call`.

The end state is compared as canonical JSON per record (`snapshot`), so `5` and `5.0`,
`True` and `1` differ, as they do for tau-bench's data hash.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from scenarios.domains.bounds import (
    MAX_COPY_GROWTH,
    MAX_STEPS,
    MAX_VALUE_BYTES,
    STEP_INTERVAL,
    CallGuard,
    guarded_connection,
)

Snapshot = dict[str, dict[str, str]]
"""table -> primary key (as text) -> canonical JSON of the record."""

# What one tool call may cost (steps, time, one value, the functions that could run for
# minutes in one step): scenarios.domains.bounds.
__all__ = ["MAX_STEPS", "MAX_VALUE_BYTES", "STEP_INTERVAL"]


@dataclass(frozen=True)
class ToolSpec:
    """What an agent is told about a tool (OpenAI function-tool shape)."""

    name: str
    description: str
    parameters: Mapping[str, Any]  # a JSON Schema object
    writes: bool = False  # changes records (for policy checks over the call log)

    def openai(self) -> dict[str, Any]:
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": dict(self.parameters),
            },
        }


@dataclass(frozen=True)
class ToolResult:
    """The text the agent sees, and whether the tool refused (an error leaves records as
    they were, unless a Python tool's semantics say otherwise)."""

    content: str
    error: bool = False


class Tool(Protocol):
    """A tool may say it is `contained` (a class attribute, default False): its statements
    only read and write records, inside the transaction they find, and never commit, change
    the schema or the connection's settings. Copies of a domain whose tools all are can be
    reset by a rollback (see `Domain.new_state`)."""

    @property
    def spec(self) -> ToolSpec: ...

    def run(self, state: DomainState, arguments: Mapping[str, Any]) -> ToolResult: ...


class DomainState:
    """One conversation's copy of a domain's records, with the calls made on it."""

    def __init__(
        self,
        domain: Domain,
        conn: sqlite3.Connection,
        release: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        self.domain = domain
        self.conn = conn
        self._release = release  # takes the connection back on close (a lent copy)
        # conn.total_changes counts since the connection opened: a lent copy starts above 0.
        self._base = conn.total_changes
        self.calls: list[tuple[str, dict[str, Any], ToolResult]] = []
        # The tables the calls may have written (a superset), so a snapshot reads only those
        # and takes the rest as the domain has them; None: unknown (a tool that wrote without
        # saying where, such as a Python tool), so a snapshot reads every table.
        self._written: set[str] | None = set()
        self._accounted = self._base  # conn.total_changes once the last call was accounted for
        self._noted = 0  # note_writes calls, to tell a call that noted its tables
        # Indices in `calls` of the calls that changed rows (a superset: a refused write
        # counts): the others left the records as they found them.
        self._changing: list[int] = []
        # The first call that went past a bound (scenarios.domains.bounds): the domain file's
        # failure, which ends the conversation as an infrastructure error.
        self.fault: str | None = None

    @property
    def domain_file(self) -> str:
        path = getattr(self.domain, "path", None)
        return str(path) if path is not None else ""

    def call(self, name: str, arguments: Mapping[str, Any]) -> ToolResult:
        """Run one tool call; an unknown tool is an error result, never an exception."""
        tool = self.domain.tools.get(name)
        changes, noted = self.conn.total_changes, self._noted
        guard: CallGuard | None = getattr(self.conn, "guard", None)
        if tool is None:
            result = ToolResult(f"Error: unknown tool {name!r}", error=True)
        elif guard is None:  # a connection made elsewhere (not a domain's copy)
            result = tool.run(self, arguments)
        else:
            guard.begin()
            try:
                result = tool.run(self, arguments)
            finally:
                guard.end()
            if guard.breach is not None:  # the tool saw an error and undid what it had begun
                result = ToolResult(f"Error: {name} was stopped: {guard.breach}", error=True)
                if self.fault is None:
                    where = f" ({self.domain_file})" if self.domain_file else ""
                    self.fault = (
                        f"tool {name!r} of domain {self.domain.name!r}{where} was stopped: "
                        f"{guard.breach}; the domain's SQL is at fault, not the agent: fix "
                        "the tool in the domain file"
                    )
        if self.conn.total_changes != changes:
            if self._noted == noted:
                self._written = None  # rows changed, and the tool did not say in which tables
            self._changing.append(len(self.calls))
        self._accounted = self.conn.total_changes
        self.calls.append((name, dict(arguments), result))
        return result

    def changing_calls(self) -> list[tuple[str, dict[str, Any]]] | None:
        """The calls that changed rows, in order: with the domain's records, what the end
        state is a function of (the others read or were refused). None when rows changed
        outside `call`, so the calls do not account for them."""
        if self.conn.total_changes != self._accounted:
            return None
        return [self.calls[i][:2] for i in self._changing]

    def note_writes(self, tables: Iterable[str]) -> None:
        """Tables the running call's statements were compiled to write (a SQL tool's
        authorizer sees every INSERT, UPDATE and DELETE target, see scenarios.domains.sql).
        Nothing noted for a call that changed rows leaves the written tables unknown."""
        found = set(tables)
        if not found:
            return
        self._noted += 1
        if self._written is not None:
            self._written.update(found)

    def snapshot(self) -> Snapshot:
        changes = self.conn.total_changes
        if changes == self._base:  # no row written: the records as the domain has them
            return self.domain.pristine()
        tables, written = self.domain.tables, self._written
        if written is None or changes != self._accounted or not written <= tables.keys():
            return snapshot(self.conn, tables)  # unknown, or written outside call(): read all
        # Tables no statement wrote are as the domain has them: only the written ones are read.
        read = snapshot(self.conn, {t: k for t, k in tables.items() if t in written})
        pristine = self.domain.pristine_view()
        return {t: read[t] if t in written else dict(pristine[t]) for t in sorted(tables)}

    def close(self) -> None:
        release, self._release = self._release, None
        if release is None:
            self.conn.close()
            return
        # Lent: the copy goes back to the domain, and this state can no longer reach it (a
        # use after close fails as on a closed connection, never on another conversation).
        conn, self.conn = self.conn, _CLOSED
        release(conn)


@dataclass
class Domain:
    """A domain: named tables (primary key column per table) in a template database, and
    its tools. Subclasses or loaders fill `template` and `tools`."""

    name: str
    tables: Mapping[str, str]  # table -> primary key column
    template: sqlite3.Connection
    tools: dict[str, Tool] = field(default_factory=dict)
    description: str = ""
    _pristine: Snapshot | None = field(default=None, init=False, repr=False, compare=False)
    # What tools learn once about the domain's schema and keep here (scenarios.domains.sql:
    # which statements the authorizer allows, and the tables they write).
    vetted: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    # Copies back from closed states, rolled back to the template's records (`new_state`).
    _idle: list[sqlite3.Connection] = field(
        default_factory=list, init=False, repr=False, compare=False
    )
    _idle_lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def pristine(self) -> Snapshot:
        """The snapshot of the records before any call (a copy): taken once, as most
        conversations end with some tables, and many with all, as they began."""
        return {table: dict(rows) for table, rows in self.pristine_view().items()}

    def pristine_view(self) -> Snapshot:
        """The records before any call, shared: for readers that do not change it."""
        if self._pristine is None:
            state = self.new_state()
            try:
                self._pristine = snapshot(state.conn, self.tables)
            finally:
                state.close()
        return self._pristine

    def specs(self) -> list[ToolSpec]:
        return [tool.spec for tool in self.tools.values()]

    def new_state(self) -> DomainState:
        """A copy of the records for one conversation. When every tool is `contained`, the
        copy is lent inside a transaction and rolled back on close: rolling back restores
        its pages as they were, so the next conversation sees exactly the template's
        records, while the connection keeps the parsed schema and its compiled statements
        (a fresh copy parsed and compiled them again for every conversation)."""
        if not all(getattr(tool, "contained", False) for tool in self.tools.values()):
            return DomainState(self, self._copy())
        with self._idle_lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._copy()
        conn.execute("BEGIN")
        return DomainState(self, conn, self._take_back)

    def _copy(self) -> sqlite3.Connection:
        conn = guarded_connection()  # its value limit, call guard and bounded functions
        self.template.backup(conn)
        # The copy may grow by MAX_COPY_GROWTH past the records: a write beyond that fails
        # inside SQLite (SQLITE_FULL, the call's bound: scenarios.domains.sql) before it
        # takes the memory, whatever the tools' SQL does.
        pages, size = (
            conn.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_count", "page_size")
        )
        conn.execute(f"PRAGMA max_page_count = {int(pages) + MAX_COPY_GROWTH // int(size)}")
        conn.row_factory = sqlite3.Row
        return conn

    def _take_back(self, conn: sqlite3.Connection) -> None:
        """Roll a lent copy back and keep it for the next conversation; a copy whose
        transaction ended early (something committed) or that cannot roll back is closed."""
        try:
            if not conn.in_transaction or conn.row_factory is not sqlite3.Row:
                raise sqlite3.OperationalError("the copy left its transaction")
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            conn.close()
            return
        with self._idle_lock:
            if len(self._idle) < MAX_IDLE_COPIES:
                self._idle.append(conn)
                return
        conn.close()


MAX_IDLE_COPIES = 64  # per domain: enough for a run's conversations in flight at once


def _closed_connection() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.close()
    return conn


_CLOSED = _closed_connection()  # what a closed state holds instead of the copy it gave back


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False)  # json.dumps's, made once


def snapshot(conn: sqlite3.Connection, tables: Mapping[str, str]) -> Snapshot:
    """Every record of every table as canonical JSON, keyed by its primary key."""
    out: Snapshot = {}
    encode = _CANONICAL.encode
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples
    for table, key in sorted(tables.items()):
        cur.execute(f'SELECT * FROM "{table}" ORDER BY "{key}"')
        columns = [c[0] for c in cur.description]
        rows: dict[str, str] = {}
        for row in cur:
            record = dict(zip(columns, row, strict=True))
            rows[str(record[key])] = encode(record)
        out[table] = rows
    cur.close()
    return out


@dataclass(frozen=True)
class RecordDiff:
    """One record that differs between the expected and the actual end state."""

    table: str
    key: str
    expected: str | None  # canonical JSON, None when the record should not exist
    actual: str | None  # canonical JSON, None when the record is missing


def diff_snapshots(expected: Snapshot, actual: Snapshot) -> list[RecordDiff]:
    diffs: list[RecordDiff] = []
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table, {}), actual.get(table, {})
        for key in sorted(set(want) | set(got)):
            if want.get(key) != got.get(key):
                diffs.append(RecordDiff(table, key, want.get(key), got.get(key)))
    return diffs


ToolFunction = Callable[[DomainState, Mapping[str, Any]], ToolResult]
_REGISTRY: dict[str, ToolFunction] = {}


def register_tool(name: str) -> Callable[[ToolFunction], ToolFunction]:
    """Register a Python tool implementation under `name`, for domain files to refer to
    (`python: name`): the escape hatch for tools SQL cannot express. YAML never holds code."""

    def wrap(fn: ToolFunction) -> ToolFunction:
        if name in _REGISTRY and _REGISTRY[name] is not fn:
            raise ValueError(f"a Python tool named {name!r} is already registered")
        _REGISTRY[name] = fn
        return fn

    return wrap


def registered_tools() -> Sequence[str]:
    return sorted(_REGISTRY)


@dataclass(frozen=True)
class PythonTool:
    spec: ToolSpec
    fn: ToolFunction

    def run(self, state: DomainState, arguments: Mapping[str, Any]) -> ToolResult:
        return self.fn(state, arguments)


def python_tool(spec: ToolSpec, implementation: str) -> PythonTool:
    """The registered function `implementation` as a tool; KeyError names the known ones."""
    try:
        fn = _REGISTRY[implementation]
    except KeyError:
        known = ", ".join(registered_tools()) or "none"
        message = f"no Python tool registered as {implementation!r} (known: {known})"
        raise KeyError(message) from None
    return PythonTool(spec, fn)
