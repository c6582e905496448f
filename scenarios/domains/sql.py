"""SQL tools: a domain file's `requires`, `effects` and `returns`, run on one conversation.

Arguments are bound as SQL parameters (`:order_id`), never pasted into the text. An
authorizer lets a statement do only what its place allows: preconditions and results read,
effects read and insert/update/delete; nothing may attach files, change the schema, run
pragmas or draw random numbers (a replay must give the same records). A call checks its
arguments, then its preconditions, then runs its effects and result query inside one
savepoint: a refusal or any SQL error leaves the records exactly as they were (a call
that only reads, through vetted statements, needs none).

The authorizer is consulted as a statement is compiled, and what it decides depends only on
the statement, its place and the schema. A domain whose tools are all SQL keeps its schema
(nothing may change it), so each statement is vetted once per domain: compiled under its
place's authorizer (`EXPLAIN`, which compiles without running), noting the tables it writes.
A call whose statements all passed then runs them without an authorizer, so SQLite keeps
them compiled for the conversation's later calls (installing an authorizer makes it compile
every statement again, each time calling back into Python for every column read). A
statement the authorizer refuses, or a schema that changed, takes the authorizer's path and
fails there as it always did.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from scenarios.domains.bounds import COPY_FULL, MAX_ROWS_WRITTEN, TOO_BIG
from scenarios.domains.params import validate_arguments
from scenarios.domains.runtime import DomainState, ToolResult, ToolSpec
from scenarios.domains.spec import ToolDecl
from scenarios.templates import TemplateError, render

__all__ = ["ColumnKinds", "SqlTool", "authorizer", "bind", "sql_parameters"]

ColumnKinds = Mapping[str, str]
"""column name -> declared type, for columns whose name has one type across the domain:
how result values are read back (0/1 -> true/false, JSON text -> JSON)."""

_READS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    33,
}  # 33: recursive CTE
_WRITES = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}
_NONDETERMINISTIC = {"random", "randomblob", "changes", "total_changes", "last_insert_rowid"}
SAVEPOINT = "convsim_tool"
_VETTED = "sql.vetted"  # Domain.vetted key: (_VETTED, tool name) -> (tool, schema, writes)


def authorizer(writes: bool, wrote: set[str] | None = None) -> Any:
    """An sqlite3 authorizer allowing reads (and inserts/updates/deletes when `writes`);
    the tables it lets statements write are added to `wrote`."""

    def check(action: int, arg1: str | None, arg2: str | None, db: str | None, _: Any) -> int:
        if action == sqlite3.SQLITE_FUNCTION:
            name = (arg2 or "").lower()
            return sqlite3.SQLITE_DENY if name in _NONDETERMINISTIC else sqlite3.SQLITE_OK
        if action in _READS or (writes and action in _WRITES):
            if db not in (None, "main"):
                return sqlite3.SQLITE_DENY
            if wrote is not None and action in _WRITES and arg1 is not None:
                wrote.add(arg1)
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY

    return check


def sql_parameters(sql: str) -> list[str]:
    """The `:name` parameters of a statement, in order, each once; string literals, quoted
    names and comments are skipped. Positional (`?`) and other styles are returned as
    written (`?`, `@x`, `$x`) so the linter can refuse them."""
    return list(_parameters(sql))


@functools.lru_cache(maxsize=4096)
def _parameters(sql: str) -> tuple[str, ...]:
    """Cached: a domain's handful of statements are bound on every tool call."""
    found: list[str] = []
    for token in _tokens(sql):
        if token not in found:
            found.append(token)
    return tuple(found)


def _tokens(sql: str) -> Iterator[str]:
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"`[":
            close = "]" if c == "[" else c
            end = sql.find(close, i + 1)
            while end != -1 and close != "]" and sql.startswith(close * 2, end):
                end = sql.find(close, end + 2)
            i = n if end == -1 else end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = n if end == -1 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = n if end == -1 else end + 2
        elif c in ":@$?":
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            yield sql[i:j] if c != ":" else sql[i + 1 : j]
            i = j
        else:
            i += 1


def bind(sql: str, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """The statement's parameters from the arguments: a missing optional argument is NULL,
    a list or object is bound as canonical JSON text."""
    out: dict[str, Any] = {}
    for name in _parameters(sql):
        value = arguments.get(name)
        if isinstance(value, list | dict):
            value = json.dumps(value, sort_keys=True, ensure_ascii=False)
        out[name] = value
    return out


def read_value(value: Any, kind: str | None) -> Any:
    if kind == "boolean" and isinstance(value, int):
        return bool(value)
    if kind == "json" and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


MAX_RESULT_ROWS = 10_000  # rows a tool's `returns` may give the agent in one result
MAX_RESULT_CHARS = 4_000_000  # characters of text in one result (9,000 rows of 1 MB took 9 GB)


class _Refused(sqlite3.DataError):
    """A result the tool may not give (too many rows, too much text, a blob): the domain's
    SQL is at fault; the call's effects are undone."""


def _rows(cur: sqlite3.Cursor, kinds: ColumnKinds, limit: int) -> list[dict[str, Any]]:
    """The first `limit` rows, read one at a time so a result over its bounds is refused
    before it is all in memory; more than MAX_RESULT_ROWS rows is an error."""
    names = [d[0] for d in cur.description or ()]
    found: list[dict[str, Any]] = []
    size = 0
    for row in cur:
        if len(found) == min(limit, MAX_RESULT_ROWS + 1):
            break
        record: dict[str, Any] = {}
        for name, value in zip(names, row, strict=True):
            if isinstance(value, bytes):
                raise _Refused(
                    f"its returns gave a blob in column {name!r}, which a result cannot "
                    f"carry; return text (hex({name}) or CAST({name} AS TEXT))"
                )
            if isinstance(value, str):
                size += len(value)
            record[name] = read_value(value, kinds.get(name))
        if size > MAX_RESULT_CHARS:
            raise _Refused(
                f"its result went over {MAX_RESULT_CHARS:,} characters; return fewer rows or "
                "shorter values"
            )
        found.append(record)
    if len(found) > MAX_RESULT_ROWS:
        raise _Refused(
            f"the result has more than {MAX_RESULT_ROWS:,} rows; the tool's returns needs a LIMIT"
        )
    return found


def _failed(conn: sqlite3.Connection, e: sqlite3.Error) -> ToolResult:
    """The call's error result; a bound the domain's SQL went past is noted on the guard
    (scenarios.domains.bounds), so the call is the tool's failure, not the agent's."""
    guard = getattr(conn, "guard", None)
    if guard is not None:
        if isinstance(e, _Refused):
            guard.refuse(str(e))
        elif getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_TOOBIG:
            guard.refuse(TOO_BIG)
        elif getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
            guard.refuse(COPY_FULL)  # the copy's max_page_count (Domain._copy)
    return ToolResult(f"Error: {e}", error=True)


def _compile(conn: sqlite3.Connection, sql: str, check: Any) -> None:
    """Compile `sql` under the authorizer `check` without running it: `EXPLAIN` compiles the
    statement as running it would (the same authorizer calls, the same refusals)."""
    conn.set_authorizer(check)
    conn.execute("EXPLAIN " + sql, bind(sql, {}))


def _schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA schema_version").fetchone()[0])


def _error_text(template: str, arguments: Mapping[str, Any]) -> str:
    values = {k: v if isinstance(v, str) else json.dumps(v) for k, v in arguments.items()}
    try:
        return render(template, values)
    except TemplateError:  # an optional argument the call left out
        return template


@dataclass(frozen=True)
class SqlTool:
    """A tool declared in a domain file as SQL."""

    spec: ToolSpec
    decl: ToolDecl
    kinds: ColumnKinds
    # Its statements pass the authorizer (records only: no schema, pragma or transaction
    # control) inside its own savepoint: a domain's copies can be reset by a rollback.
    contained: ClassVar[bool] = True

    def run(self, state: DomainState, arguments: Mapping[str, Any]) -> ToolResult:
        problems = validate_arguments(self.spec.parameters, arguments)
        if problems:
            return ToolResult(f"Error: {'; '.join(problems)}", error=True)
        conn = state.conn
        vetted = self._vetted(state)
        if vetted is not None and not self.decl.effects:
            # Vetted reads only (most calls are lookups): nothing to undo, so no savepoint.
            try:
                return self._run_vetted(conn, arguments, set(), vetted)
            except sqlite3.Error as e:
                return _failed(conn, e)
        conn.execute(f"SAVEPOINT {SAVEPOINT}")
        wrote: set[str] = set()
        changes = conn.total_changes
        try:
            if vetted is not None:
                result = self._run_vetted(conn, arguments, wrote, vetted)
            else:
                result = self._run(conn, arguments, wrote)
            if conn.total_changes - changes > MAX_ROWS_WRITTEN:
                raise _Refused(
                    f"its effects changed more than {MAX_ROWS_WRITTEN:,} rows in one call "
                    "(an UPDATE or DELETE without a WHERE?)"
                )
        except sqlite3.Error as e:
            if vetted is None:
                conn.set_authorizer(None)
            conn.execute(f"ROLLBACK TO {SAVEPOINT}")
            conn.execute(f"RELEASE {SAVEPOINT}")
            return _failed(conn, e)
        finally:
            # Setting an authorizer expires every prepared statement, so each effect was
            # compiled under the one that saw its tables.
            state.note_writes(wrote)
        if vetted is None:  # (setting none expires them too: vetted ones stay compiled)
            conn.set_authorizer(None)
        if result.error:
            conn.execute(f"ROLLBACK TO {SAVEPOINT}")
        conn.execute(f"RELEASE {SAVEPOINT}")
        return result

    def _run(
        self, conn: sqlite3.Connection, arguments: Mapping[str, Any], wrote: set[str]
    ) -> ToolResult:
        conn.set_authorizer(authorizer(writes=False))
        for requirement in self.decl.requires:
            if conn.execute(requirement.sql, bind(requirement.sql, arguments)).fetchone() is None:
                return ToolResult(_error_text(requirement.error, arguments), error=True)
        conn.set_authorizer(authorizer(writes=True, wrote=wrote))
        for statement in self.decl.effects:
            conn.execute(statement, bind(statement, arguments))
        conn.set_authorizer(authorizer(writes=False))
        if self.decl.returns is None:
            return ToolResult("OK")
        cur = conn.execute(self.decl.returns, bind(self.decl.returns, arguments))
        return self._result(cur)

    def _run_vetted(
        self,
        conn: sqlite3.Connection,
        arguments: Mapping[str, Any],
        wrote: set[str],
        writes: Mapping[str, frozenset[str]],
    ) -> ToolResult:
        """`_run` for statements the authorizer passed (`writes`: effect -> its tables)."""
        for requirement in self.decl.requires:
            if conn.execute(requirement.sql, bind(requirement.sql, arguments)).fetchone() is None:
                return ToolResult(_error_text(requirement.error, arguments), error=True)
        for statement in self.decl.effects:
            wrote.update(writes[statement])  # as the authorizer notes them: before it runs
            conn.execute(statement, bind(statement, arguments))
        if self.decl.returns is None:
            return ToolResult("OK")
        return self._result(conn.execute(self.decl.returns, bind(self.decl.returns, arguments)))

    def _vetted(self, state: DomainState) -> Mapping[str, frozenset[str]] | None:
        """The tables each effect writes, when every statement of this tool passed its place's
        authorizer on this domain's schema and the records still have that schema; None: the
        statements run under the authorizer (see the module docstring)."""
        domain = state.domain
        if not all(isinstance(tool, SqlTool) for tool in domain.tools.values()):
            return None  # a Python tool may change the schema
        version = _schema_version(state.conn)
        found = domain.vetted.get((_VETTED, self.spec.name))
        if found is None or found[0] is not self or found[1] != version:
            found = (self, version, self._vet(state.conn))
            domain.vetted[(_VETTED, self.spec.name)] = found
        return found[2]

    def _vet(self, conn: sqlite3.Connection) -> dict[str, frozenset[str]] | None:
        """Each statement compiled under its place's authorizer: the tables each effect
        writes, or None when one is refused."""
        writes: dict[str, frozenset[str]] = {}
        reads = [r.sql for r in self.decl.requires]
        reads += [self.decl.returns] if self.decl.returns is not None else []
        try:
            for statement in reads:
                _compile(conn, statement, authorizer(writes=False))
            for statement in self.decl.effects:
                wrote: set[str] = set()
                _compile(conn, statement, authorizer(writes=True, wrote=wrote))
                writes[statement] = frozenset(wrote)
        except sqlite3.Error:
            return None
        finally:
            conn.set_authorizer(None)
        return writes

    def _result(self, cur: sqlite3.Cursor) -> ToolResult:
        shape = self.decl.returns_as
        rows = _rows(cur, self.kinds, MAX_RESULT_ROWS + 1 if shape == "rows" else 1)
        value: Any
        if shape == "rows":
            value = rows
        elif shape == "row":
            value = rows[0] if rows else None
        else:
            value = next(iter(rows[0].values())) if rows else None
        return ToolResult(json.dumps(value, ensure_ascii=False))
