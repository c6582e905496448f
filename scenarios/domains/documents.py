"""Document tables: records that are whole JSON documents (tau-bench's users, flights, orders).

A document table has two columns, `<key> TEXT PRIMARY KEY` and `doc TEXT`, the document as
canonical JSON. Canonical JSON (sorted keys, no ASCII escaping) makes two documents equal
exactly when their content is: key order does not matter, but `5` and `5.0`, `True` and `1`
stay distinct, as they do in tau-bench's end-state hash (which hashes `str()` of the values).

Rows are read in insertion order (rowid), so iterating a table visits documents in the order
of the data file, and a new document comes last, as in a Python dict: tools that return "the
first match" stay faithful to the source they re-implement.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from scenarios.domains.runtime import DomainState

DOC_COLUMN = "doc"


def canonical(doc: Any) -> str:
    """The one text form of a document: equal text iff equal content and types."""
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _key_column(state: DomainState, table: str) -> str:
    try:
        return state.domain.tables[table]
    except KeyError:
        known = ", ".join(sorted(state.domain.tables)) or "none"
        raise KeyError(
            f"domain {state.domain.name!r} has no table {table!r} (known: {known})"
        ) from None


def document_table(
    conn: sqlite3.Connection, table: str, key: str, mapping: Mapping[str, Any]
) -> None:
    """Create `table` as a document table keyed by `key` and fill it from `mapping`
    (key -> document), in the mapping's order."""
    conn.execute(
        f"CREATE TABLE {_quote(table)} ({_quote(key)} TEXT PRIMARY KEY, {DOC_COLUMN} TEXT NOT NULL)"
    )
    conn.executemany(
        f"INSERT INTO {_quote(table)} ({_quote(key)}, {DOC_COLUMN}) VALUES (?, ?)",
        ((str(k), canonical(doc)) for k, doc in mapping.items()),
    )
    conn.commit()


def get_doc(state: DomainState, table: str, key: str) -> Any | None:
    """The document stored under `key`, or None when there is none."""
    column = _key_column(state, table)
    row = state.conn.execute(
        f"SELECT {DOC_COLUMN} FROM {_quote(table)} WHERE {_quote(column)} = ?", (key,)
    ).fetchone()
    return None if row is None else json.loads(row[0])


def get_doc_text(state: DomainState, table: str, key: str) -> str | None:
    """The stored text (canonical JSON) of the document under `key`, or None."""
    column = _key_column(state, table)
    row = state.conn.execute(
        f"SELECT {DOC_COLUMN} FROM {_quote(table)} WHERE {_quote(column)} = ?", (key,)
    ).fetchone()
    return None if row is None else str(row[0])


def put_doc(state: DomainState, table: str, key: str, doc: Any) -> None:
    """Store `doc` under `key`: replaces the document in place (keeping its position in the
    table's order) or appends a new one."""
    column = _key_column(state, table)
    text = canonical(doc)
    cur = state.conn.execute(
        f"UPDATE {_quote(table)} SET {DOC_COLUMN} = ? WHERE {_quote(column)} = ?", (text, key)
    )
    if cur.rowcount == 0:
        state.conn.execute(
            f"INSERT INTO {_quote(table)} ({_quote(column)}, {DOC_COLUMN}) VALUES (?, ?)",
            (key, text),
        )


def delete_doc(state: DomainState, table: str, key: str) -> bool:
    """Remove the document under `key`; False when there was none."""
    column = _key_column(state, table)
    cur = state.conn.execute(f"DELETE FROM {_quote(table)} WHERE {_quote(column)} = ?", (key,))
    return cur.rowcount > 0


def iter_docs(state: DomainState, table: str) -> Iterator[tuple[str, Any]]:
    """(key, document) pairs in insertion order."""
    column = _key_column(state, table)
    cur = state.conn.execute(
        f"SELECT {_quote(column)}, {DOC_COLUMN} FROM {_quote(table)} ORDER BY rowid"
    )
    for key, text in cur:
        yield key, json.loads(text)


def iter_doc_texts(state: DomainState, table: str) -> Iterator[tuple[str, str]]:
    """(key, stored text) pairs in insertion order: a reader that keeps the text to tell
    later whether the document changed need not format it again."""
    column = _key_column(state, table)
    cur = state.conn.execute(
        f"SELECT {_quote(column)}, {DOC_COLUMN} FROM {_quote(table)} ORDER BY rowid"
    )
    yield from cur


def doc_keys(state: DomainState, table: str) -> list[str]:
    """The keys of a document table, in insertion order."""
    column = _key_column(state, table)
    cur = state.conn.execute(f"SELECT {_quote(column)} FROM {_quote(table)} ORDER BY rowid")
    return [row[0] for row in cur]
