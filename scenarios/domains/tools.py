"""A domain file's tools: checked against the tables they touch, then built.

Every SQL statement is compiled by SQLite itself (`EXPLAIN`) against the domain's template
database, under the same authorizer it runs with, so lint catches what a call would hit:
an unknown table or column, a precondition that writes, a forbidden statement. Parameters
must be `:name`s the tool declares; error texts may only use those names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from scenarios.domains.params import schema_problems
from scenarios.domains.runtime import Tool, ToolSpec, python_tool, registered_tools
from scenarios.domains.spec import ToolDecl
from scenarios.domains.sql import ColumnKinds, SqlTool, authorizer, sql_parameters
from scenarios.schema.problems import Loc, Problem, did_you_mean
from scenarios.schema.source import Source
from scenarios.templates import scan

__all__ = ["build_tools", "column_kinds"]

_WRITE_ACTIONS = {sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE}


def column_kinds(columns: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """column name -> type, for names that have one type in every table that has them."""
    seen: dict[str, set[str]] = {}
    for table_columns in columns.values():
        for name, kind in table_columns.items():
            seen.setdefault(name, set()).add(kind)
    return {name: kinds.pop() for name, kinds in seen.items() if len(kinds) == 1}


def _guess(word: str, candidates: Any) -> str:
    guess = did_you_mean(word, candidates)
    return f" (did you mean '{guess}'?)" if guess else ""


def _sqlite_message(error: str, columns: Mapping[str, Mapping[str, str]]) -> str:
    if error.startswith("no such table: "):
        name = error.removeprefix("no such table: ")
        tail = _guess(name, columns) or f" (tables: {', '.join(columns)})"
        return f"no table '{name}'{tail}"
    if error.startswith("no such column: "):
        name = error.removeprefix("no such column: ")
        table, _, column = name.rpartition(".")
        pool = columns.get(table) if table else None
        names = pool or {c for cols in columns.values() for c in cols}
        return f"no column '{name}'{_guess(column, names)}"
    if "one statement at a time" in error:
        return "holds more than one statement; give one statement per entry"
    return f"SQL error: {error}"


def _compile(
    conn: sqlite3.Connection, sql: str, writes: bool, columns: Mapping[str, Mapping[str, str]]
) -> str | None:
    """Why SQLite will not run `sql` in its place (None when it compiles and fits)."""
    denied: list[int] = []
    wrote: list[int] = []
    allow = authorizer(writes)

    def watch(action: int, *args: Any) -> int:
        verdict: int = allow(action, *args)
        if verdict != sqlite3.SQLITE_OK:
            denied.append(action)
        elif action in _WRITE_ACTIONS:
            wrote.append(action)
        return verdict

    conn.set_authorizer(watch)
    try:
        conn.execute("EXPLAIN " + sql, dict.fromkeys(sql_parameters(sql))).fetchall()
    except sqlite3.Error as e:
        if not denied:
            return _sqlite_message(str(e), columns)
    finally:
        conn.set_authorizer(None)
    if denied:
        if not writes and denied[0] in _WRITE_ACTIONS:
            return "may only read (SELECT); changes to records go under effects"
        if denied[0] == sqlite3.SQLITE_FUNCTION:
            return "random numbers would make a replay differ; not allowed"
        return "only SELECT, INSERT, UPDATE and DELETE on the domain's tables are allowed"
    if writes and not wrote:
        return "an effect must INSERT, UPDATE or DELETE; checks go under requires"
    return None


def _statements(decl: ToolDecl) -> Iterator[tuple[Loc, str, bool]]:
    for j, requirement in enumerate(decl.requires):
        yield ("requires", j, "sql"), requirement.sql, False
    for j, statement in enumerate(decl.effects):
        yield ("effects", j), statement, True
    if decl.returns is not None:
        yield ("returns",), decl.returns, False


def _declared(decl: ToolDecl) -> list[str]:
    props = decl.parameters.get("properties")
    return list(props) if isinstance(props, dict) else []


def _check_tool(
    src: Source,
    i: int,
    decl: ToolDecl,
    conn: sqlite3.Connection,
    columns: Mapping[str, Mapping[str, str]],
) -> Iterator[Problem]:
    for path, message in schema_problems(decl.parameters):
        yield src.problem(("tools", i, *path.split(".")), message)
    if decl.python is not None:
        known = registered_tools()
        if decl.python not in known:
            tail = _guess(decl.python, known) or f" (registered: {', '.join(known) or 'none'})"
            message = f"no Python tool is registered as '{decl.python}'{tail}"
            yield src.problem(("tools", i, "python"), message)
        return
    params = _declared(decl)
    for where, sql, writes in _statements(decl):
        loc: Loc = ("tools", i, *where)
        styled = True
        for name in sql_parameters(sql):
            if name[:1] in ("?", "@", "$"):
                styled = False
                yield src.problem(loc, f"'{name}': write parameters as :name")
            elif name not in params:
                tail = _guess(name, params) or f" (parameters: {', '.join(params) or 'none'})"
                yield src.problem(loc, f"':{name}' is not a parameter of this tool{tail}")
        reason = _compile(conn, sql, writes, columns) if styled else None
        if reason:
            yield src.problem(loc, reason)
    for j, requirement in enumerate(decl.requires):
        loc = ("tools", i, "requires", j, "error")
        names, malformed = scan(requirement.error)
        for message in malformed:
            yield src.problem(loc, message)
        for name in names:
            if name not in params:
                tail = _guess(name, params) or "; error texts may use the tool's parameters"
                yield src.problem(loc, f"'{{{name}}}' is not a parameter of this tool{tail}")


def build_tools(
    src: Source,
    decls: list[ToolDecl],
    conn: sqlite3.Connection,
    columns: Mapping[str, Mapping[str, str]],
) -> tuple[dict[str, Tool], list[Problem]]:
    """The domain's tools by name, and every problem in their declarations."""
    tools: dict[str, Tool] = {}
    problems: list[Problem] = []
    first: dict[str, int] = {}
    kinds: ColumnKinds = column_kinds(columns)
    for i, decl in enumerate(decls):
        if decl.name in first:
            message = f"duplicate tool name '{decl.name}' (first at tools[{first[decl.name]}])"
            problems.append(src.problem(("tools", i, "name"), message))
            continue
        first[decl.name] = i
        found = list(_check_tool(src, i, decl, conn, columns))
        problems += found
        if found:
            continue
        spec = ToolSpec(decl.name, decl.description, decl.parameters, writes=decl.is_write)
        if decl.python is not None:
            tools[decl.name] = python_tool(spec, decl.python)
        else:
            tools[decl.name] = SqlTool(spec, decl, kinds)
    return tools, problems
