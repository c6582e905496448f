"""A snapshot reads only the tables the calls wrote, and is still every record as it is.

`DomainState.snapshot` takes the tables no statement wrote from the domain's pristine
records; each case here compares it with a full read of the connection, including writes the
state was not told about (a Python tool, a statement run on the connection directly).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from agents.checks.replay import Call, end_snapshot, fingerprint
from scenarios.domains import DomainState, ToolResult, load_domain, register_tool
from scenarios.domains.runtime import ToolSpec, snapshot
from scenarios.domains.spec import Requirement, ToolDecl
from scenarios.domains.sql import SqlTool

SHOP = Path(__file__).parent / "data" / "world" / "domains" / "shop.yaml"


def full(state: DomainState) -> dict[str, dict[str, str]]:
    return snapshot(state.conn, state.domain.tables)


def test_a_sql_write_reads_its_tables_and_keeps_the_others_as_they_began() -> None:
    state = load_domain(SHOP).new_state()
    state.call("get_order", {"order_id": "W1"})
    state.call("cancel_order", {"order_id": "W1", "reason": "ordered by mistake"})
    assert state._written == {"orders", "refunds"}
    snap = state.snapshot()
    assert snap == full(state) and list(snap) == list(full(state))
    assert json.loads(snap["refunds"]["1"]) == {"refund_id": 1, "order_id": "W1", "amount": 10.5}


def test_a_refused_or_failing_effect_leaves_the_snapshot_whole() -> None:
    state = load_domain(SHOP).new_state()
    assert state.call("cancel_order", {"order_id": "W2", "reason": "no longer needed"}).error
    assert state.call("flag_order", {"order_id": "W1", "flag": "yes"}).error  # 2nd effect fails
    assert state.snapshot() == full(state) == state.domain.pristine()


def test_a_write_the_state_was_not_told_about_reads_every_table() -> None:
    state = load_domain(SHOP).new_state()
    state.call("cancel_order", {"order_id": "W1", "reason": "ordered by mistake"})
    state.conn.execute("UPDATE customers SET email = 'x@example.com' WHERE customer_id = 'C1'")
    snap = state.snapshot()
    assert json.loads(snap["customers"]["C1"])["email"] == "x@example.com"
    assert snap == full(state)


def _vip(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    state.conn.execute("UPDATE customers SET vip = 1 WHERE customer_id = ?", (args["id"],))
    return ToolResult("OK")


register_tool("tests.snapshot.vip")(_vip)


def test_a_python_tool_that_writes_makes_the_tables_unknown(tmp_path: Path) -> None:
    text = SHOP.read_text(encoding="utf-8").replace(
        "tools:\n",
        "tools:\n  - name: make_vip\n    description: Make a customer a VIP.\n"
        "    parameters: {type: object, properties: {id: {type: string}}}\n"
        "    python: tests.snapshot.vip\n",
        1,
    )
    for name in ("orders.jsonl", "notes.json"):
        (tmp_path / name).write_bytes((SHOP.parent / name).read_bytes())
    path = tmp_path / "shop.yaml"
    path.write_text(text, encoding="utf-8")
    state = load_domain(path).new_state()
    state.call("cancel_order", {"order_id": "W1", "reason": "ordered by mistake"})
    state.call("make_vip", {"id": "C2"})
    assert state._written is None
    snap = state.snapshot()
    assert json.loads(snap["customers"]["C2"])["vip"] == 1 and snap == full(state)


def test_fingerprints_with_the_domains_digests_equal_fresh_ones() -> None:
    domain = load_domain(SHOP)
    snap = end_snapshot(
        domain, [Call("cancel_order", {"order_id": "W1", "reason": "ordered by mistake"})]
    )
    assert fingerprint(snap, domain) == fingerprint(snap)
    assert fingerprint(domain.pristine(), domain) == fingerprint(domain.pristine())
    assert fingerprint(snap, domain) != fingerprint(domain.pristine(), domain)


def test_the_authorizer_sees_an_effect_after_its_statement_was_cached() -> None:
    """A statement is vetted once per domain and keeps the tables the authorizer saw it write:
    the second run of a cached UPDATE, on this state or a fresh one, notes them again."""
    domain = load_domain(SHOP)
    for _ in range(2):
        state = domain.new_state()
        state.call("flag_order", {"order_id": "W2", "flag": True})
        state.call("flag_order", {"order_id": "W2", "flag": True})
        assert state._written == {"orders", "customers"}
        assert state.snapshot() == full(state)
        state.close()
    assert isinstance(domain.template, sqlite3.Connection)


def test_a_schema_changed_under_the_tools_vets_their_statements_again() -> None:
    """A trigger added on the records (not through a tool) makes an effect write one more
    table: the statements are compiled under the authorizer again, which sees it."""
    domain = load_domain(SHOP)
    state = domain.new_state()
    state.call("flag_order", {"order_id": "W2", "flag": True})
    assert state._written == {"orders", "customers"}
    state.conn.execute(
        "CREATE TRIGGER log AFTER UPDATE ON orders BEGIN "
        "INSERT INTO refunds (order_id, amount) VALUES (new.order_id, 0); END"
    )
    state.call("flag_order", {"order_id": "W1", "flag": True})
    assert state._written == {"orders", "customers", "refunds"}
    assert len(full(state)["refunds"]) == 1
    fresh = domain.new_state()  # the domain's own schema: vetted again, without the trigger
    fresh.call("flag_order", {"order_id": "W2", "flag": True})
    assert fresh._written == {"orders", "customers"}
    state.close()
    fresh.close()


def test_a_statement_the_authorizer_refuses_is_refused_on_every_call() -> None:
    """The loader refuses such a tool; one built in Python still gets the authorizer's no."""
    domain = load_domain(SHOP)
    decl = ToolDecl(
        name="sneaky",
        description="Reads, then writes where only reads may run.",
        parameters={"type": "object", "properties": {"id": {"type": "string"}}},
        requires=[Requirement(sql="SELECT 1 FROM orders WHERE order_id = :id", error="none")],
        returns="UPDATE orders SET status = 'gone' WHERE order_id = :id",
    )
    sneaky = SqlTool(ToolSpec("sneaky", decl.description, decl.parameters), decl, {})
    domain = dataclasses.replace(domain, tools={**domain.tools, "sneaky": sneaky})
    for _ in range(2):
        state = domain.new_state()
        assert state.call("get_order", {"order_id": "W1"}).error is False
        for _ in range(2):
            result = state.call("sneaky", {"id": "W1"})
            assert (result.content, result.error) == ("Error: not authorized", True)
        assert state.snapshot() == full(state) == domain.pristine()
        assert state.call("get_order", {"order_id": "W1"}).content.startswith('{"order_id"')
        state.close()
