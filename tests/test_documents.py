"""Document tables: canonical JSON keeps types apart, order is the data file's."""

from __future__ import annotations

import sqlite3

import pytest

from scenarios.domains.documents import (
    canonical,
    delete_doc,
    doc_keys,
    document_table,
    get_doc,
    iter_docs,
    put_doc,
)
from scenarios.domains.runtime import Domain


def _domain() -> Domain:
    conn = sqlite3.connect(":memory:")
    document_table(conn, "users", "user_id", {"b": {"n": 1}, "a": {"n": 2.0, "ok": True}})
    return Domain(name="d", tables={"users": "user_id"}, template=conn)


def test_canonical_keeps_int_float_and_bool_distinct() -> None:
    assert canonical({"b": 5, "a": "é"}) == '{"a": "é", "b": 5}'
    assert canonical(5) != canonical(5.0)
    assert canonical(True) != canonical(1)


def test_get_put_iter_delete_keep_file_order() -> None:
    state = _domain().new_state()
    assert get_doc(state, "users", "a") == {"n": 2.0, "ok": True}
    assert get_doc(state, "users", "zz") is None
    put_doc(state, "users", "b", {"n": 3})
    put_doc(state, "users", "c", {"n": 4})
    assert [k for k, _ in iter_docs(state, "users")] == ["b", "a", "c"]
    assert doc_keys(state, "users") == ["b", "a", "c"]
    assert get_doc(state, "users", "b") == {"n": 3}
    assert delete_doc(state, "users", "a") is True
    assert delete_doc(state, "users", "a") is False
    assert doc_keys(state, "users") == ["b", "c"]


def test_state_is_a_copy_and_snapshot_tells_types_apart() -> None:
    domain = _domain()
    one, two = domain.new_state(), domain.new_state()
    put_doc(one, "users", "b", {"n": 1.0})
    assert get_doc(two, "users", "b") == {"n": 1}
    assert one.snapshot() != two.snapshot()


def test_unknown_table_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="has no table 'orders' \\(known: users\\)"):
        get_doc(_domain().new_state(), "orders", "x")
