"""A domain file's tables: records read (inline or from a data file), checked, and stored.

Records are checked against the declared columns before anything is stored, and every
mistake is reported with where it is: the domain file's line for inline records, the data
file and the record's position (its line for JSONL) otherwise. Tables are created STRICT
where SQLite supports it, so an effect that writes text into an integer column fails (and
is rolled back) instead of quietly storing it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scenarios import jsondata
from scenarios.domains.documents import DOC_COLUMN, canonical, document_table
from scenarios.domains.memory import too_big_for_memory
from scenarios.domains.spec import IDENT_PATTERN, TableSpec
from scenarios.schema.problems import Loc, Problem, did_you_mean
from scenarios.schema.source import Source
from scenarios.schema.validate import describe, quote_hint

__all__ = ["MAX_DATA_FILE_BYTES", "Loaded", "build_tables", "quote"]

MAX_DATA_FILE_BYTES = 64 * 1024 * 1024
_SQL_TYPES = {"text": "TEXT", "integer": "INTEGER", "real": "REAL", "boolean": "INTEGER"}
_STRICT = " STRICT" if sqlite3.sqlite_version_info >= (3, 37) else ""
_IDENT = re.compile(IDENT_PATTERN)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Loaded:
    """What the tables of a domain file became: table -> key, table -> column -> type."""

    keys: dict[str, str]
    columns: dict[str, dict[str, str]]


def _type_problem(kind: str, value: Any) -> str | None:
    if value is None or kind == "json":
        return None
    ok = {
        "text": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "real": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
    }[kind]
    if ok:
        return None
    hint = quote_hint(value) if kind == "text" else ""
    words = {"text": "text", "integer": "a whole number", "real": "a number"}
    return f"expected {words.get(kind, 'true/false')}, got {describe(value)}{hint}"


def _stored(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "json":
        return canonical(value)
    if kind == "boolean":
        return int(bool(value))
    return value


class _Where:
    """Names problems in a record: a line of the domain file, or a data file and index."""

    def __init__(self, src: Source, loc: Loc, data_file: Path | None) -> None:
        self.src, self.loc, self.data_file = src, loc, data_file
        self.lines: dict[int, int] = {}  # record index -> line in a JSONL file

    def __call__(self, index: int, column: str | None, message: str) -> Problem:
        if self.data_file is None:
            loc: Loc = (*self.loc, index) if column is None else (*self.loc, index, column)
            return self.src.problem(loc, message)
        field = f"[{index}]" + (f".{column}" if column is not None else "")
        return Problem(str(self.data_file), self.lines.get(index, 0), field, message)


def _read_data(path: Path, where: _Where) -> tuple[Any, list[Problem]]:
    """A JSON or JSONL data file, or the problems reading it."""
    name = str(path)
    if not path.is_file():
        return None, [Problem(name, 0, "", "no such file; paths are relative to the domain file")]
    size = path.stat().st_size
    if size > MAX_DATA_FILE_BYTES:
        limit = MAX_DATA_FILE_BYTES // (1024 * 1024)
        return None, [Problem(name, 0, "", f"{size} bytes is more than the {limit} MiB limit")]
    short = too_big_for_memory(size)
    if short is not None:
        return None, [Problem(name, 0, "", short, refused=True)]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return None, [Problem(name, 0, "", f"cannot read: {e}")]
    if path.suffix == ".jsonl":
        records: list[Any] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(jsondata.parse(line))
            except ValueError as e:
                return None, [Problem(name, number, "", f"invalid JSON: {e}")]
            where.lines[len(records) - 1] = number
        return records, []
    if path.suffix != ".json":
        return None, [Problem(name, 0, "", "records come from a .json or .jsonl file")]
    try:
        return jsondata.parse(text), []
    except ValueError as e:
        return None, [Problem(name, getattr(e, "lineno", 0), "", f"invalid JSON: {e}")]


def _records(
    src: Source, table: str, spec: TableSpec, base: Path
) -> tuple[list[Any], _Where, list[Problem]]:
    loc: Loc = ("tables", table, "records")
    if isinstance(spec.records, str):
        path = base / spec.records
        where = _Where(src, loc, path)
        data, problems = _read_data(path, where)
        if problems:
            return [], where, problems
        if isinstance(data, dict):  # key -> record, like tau-bench's files
            data = [{spec.key: k, **v} if isinstance(v, dict) else v for k, v in data.items()]
        if not isinstance(data, list):
            message = "expected a list of records, or an object key -> record"
            return [], where, [Problem(str(path), 0, "", message)]
        return data, where, []
    return list(spec.records or []), _Where(src, loc, None), []


def _check_records(
    table: str, spec: TableSpec, records: list[Any], where: _Where
) -> Iterator[Problem]:
    seen: dict[Any, int] = {}
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            yield where(i, None, f"expected a record (column: value), got {describe(record)}")
            continue
        for column, value in record.items():
            kind = spec.columns.get(column)
            if kind is None:
                guess = did_you_mean(column, spec.columns)
                tail = f" (did you mean '{guess}'?)" if guess else ""
                yield where(i, column, f"'{column}' is not a column of {table}{tail}")
                continue
            problem = _type_problem(kind, value)
            if problem:
                yield where(i, column, problem)
        key = record.get(spec.key)
        if key is None:
            yield where(i, None, f"the key column '{spec.key}' is missing")
        elif key in seen:
            yield where(i, spec.key, f"duplicate key {key!r} (first at record {seen[key]})")
        else:
            seen[key] = i


def _check_names(
    src: Source, table: str, spec: TableSpec, conn: sqlite3.Connection
) -> Iterator[Problem]:
    if not _IDENT.match(table):
        yield src.problem(("tables", table), f"'{table}' is not a valid table name: {_RULE}")
    elif table.lower().startswith("sqlite_"):  # SQLite's own tables (sqlite_sequence ...)
        message = f"'{table}': names starting with 'sqlite_' are SQLite's own; rename the table"
        yield src.problem(("tables", table), message)
    most = conn.getlimit(sqlite3.SQLITE_LIMIT_COLUMN)
    if len(spec.columns) > most:
        message = (
            f"{len(spec.columns):,} columns; a table holds at most {most:,} (SQLite's limit): "
            "split it into tables that share its key"
        )
        yield src.problem(("tables", table, "columns"), message)
        return
    for column in spec.columns:
        if not _IDENT.match(column):
            loc = ("tables", table, "columns", column)
            yield src.problem(loc, f"'{column}' is not a valid column name: {_RULE}")
    if spec.documents is None and spec.key not in spec.columns:
        guess = did_you_mean(spec.key, spec.columns)
        tail = f" (did you mean '{guess}'?)" if guess else ""
        yield src.problem(("tables", table, "key"), f"'{spec.key}' is not a column{tail}")


_RULE = "use letters, digits and '_', starting with a letter or '_'"


def _create(conn: sqlite3.Connection, table: str, spec: TableSpec) -> None:
    columns = ", ".join(
        f"{quote(c)} {_SQL_TYPES.get(k, 'TEXT')}" + (" NOT NULL" if c == spec.key else "")
        for c, k in spec.columns.items()
    )
    conn.execute(
        f"CREATE TABLE {quote(table)} ({columns}, PRIMARY KEY ({quote(spec.key)})){_STRICT}"
    )


def _documents(src: Source, table: str, spec: TableSpec, base: Path) -> tuple[Any, list[Problem]]:
    if isinstance(spec.documents, dict):
        return spec.documents, []
    path = base / str(spec.documents)
    if path.suffix != ".json":
        return None, [src.problem(("tables", table, "documents"), "give a .json file")]
    data, problems = _read_data(path, _Where(src, ("tables", table), path))
    if not problems and not isinstance(data, dict):
        problems = [Problem(str(path), 0, "", "expected a JSON object: key -> document")]
    return data, problems


def build_tables(
    src: Source, tables: dict[str, TableSpec], base: Path, conn: sqlite3.Connection
) -> tuple[Loaded, list[Problem]]:
    """Create and fill every table in `conn`; the problems found on the way."""
    loaded = Loaded({}, {})
    problems: list[Problem] = []
    for table, spec in tables.items():
        names = list(_check_names(src, table, spec, conn))
        problems += names
        if names:
            continue
        # A table whose records have problems is still created (empty), so the tools that
        # use it are checked too, instead of every statement failing on a missing table.
        loaded.keys[table] = spec.key
        if spec.documents is not None:
            docs, found = _documents(src, table, spec, base)
            problems += found
            document_table(conn, table, spec.key, {} if found else docs)
            loaded.columns[table] = {spec.key: "text", DOC_COLUMN: "json"}
            continue
        records, where, found = _records(src, table, spec, base)
        found += list(_check_records(table, spec, records, where))
        problems += found
        try:
            _create(conn, table, spec)
        except sqlite3.Error as exc:  # a limit or a name SQLite refuses that no check knew
            del loaded.keys[table]
            problems.append(src.problem(("tables", table), f"SQLite refuses this table: {exc}"))
            continue
        loaded.columns[table] = dict(spec.columns)
        if found:
            continue
        columns = list(spec.columns)
        placeholders = ", ".join("?" for _ in columns)
        conn.executemany(
            f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
            f"VALUES ({placeholders})",
            (tuple(_stored(spec.columns[c], r.get(c)) for c in columns) for r in records),
        )
    conn.commit()
    return loaded, problems
