"""A domain whose tools are all SQL lends its copies of the records and rolls them back on
close: the next conversation sees exactly the template's records, through a connection that
has already compiled the tools' statements. Anything that would make the reset unsafe (a
Python tool, a copy whose transaction was committed) falls back to a fresh copy."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from tool_domain import orders_domain

from agents.tools import Desk
from scenarios.domains import Domain, DomainState, ToolResult, ToolSpec, python_tool, register_tool
from scenarios.domains.loader import LoadedDomain, check_domain
from scenarios.schema.source import read_yaml

SHOP = Path(__file__).parent / "data" / "world" / "domains" / "shop.yaml"
CANCEL = {"order_id": "W1", "reason": "no longer needed"}


def shop() -> LoadedDomain:
    """A domain object of its own (load_domain shares one per file and process)."""
    domain, problems = check_domain(read_yaml(SHOP, str(SHOP)), SHOP.parent)
    assert domain is not None and not problems
    return domain


def test_a_closed_copy_is_lent_again_with_the_records_as_they_began() -> None:
    domain = shop()
    pristine = domain.pristine()
    first = domain.new_state()
    conn = first.conn
    assert first.call("cancel_order", CANCEL).content == '"cancelled"'
    written = first.snapshot()
    assert json.loads(written["refunds"]["1"])["order_id"] == "W1"
    first.close()

    second = domain.new_state()
    assert second.conn is conn  # the same connection, rolled back
    assert second.snapshot() == pristine
    assert second.changing_calls() == []
    # The same call gives the same rows, down to the refund's generated key.
    assert second.call("cancel_order", CANCEL).content == '"cancelled"'
    assert second.snapshot() == written
    assert second.changing_calls() == [("cancel_order", CANCEL)]
    second.close()


def test_copies_in_use_at_once_are_apart_and_a_closed_state_reaches_none() -> None:
    domain = shop()
    first, second = domain.new_state(), domain.new_state()
    assert first.conn is not second.conn
    first.call("cancel_order", CANCEL)
    assert json.loads(second.snapshot()["orders"]["W1"])["status"] == "pending"
    first.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.conn.execute("SELECT 1")
    first.close()  # closing again gives nothing back twice
    third, fourth = domain.new_state(), domain.new_state()
    assert fourth.conn is not third.conn
    for state in (second, third, fourth):
        state.close()


def test_a_copy_whose_transaction_was_committed_is_not_lent_again() -> None:
    domain = shop()
    state = domain.new_state()
    conn = state.conn
    state.call("cancel_order", CANCEL)
    conn.commit()  # not what a SQL tool does: the copy cannot be reset any more
    state.close()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")  # closed, not lent
    again = domain.new_state()
    assert again.conn is not conn
    assert again.snapshot() == domain.pristine()
    again.close()


def test_a_domain_with_a_python_tool_gets_a_fresh_copy_each_time() -> None:
    domain = orders_domain()
    state = domain.new_state()
    conn = state.conn
    state.call("refund_order", {"order_id": "ORD-10001"})
    state.close()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    again = domain.new_state()
    assert again.conn is not conn
    assert again.snapshot() == domain.pristine()
    again.close()


def _blocking(state: DomainState, arguments: Mapping[str, Any]) -> ToolResult:
    _ENTERED.set()
    _RELEASE.wait(10)
    return ToolResult("done")


_ENTERED, _RELEASE = threading.Event(), threading.Event()
register_tool("tests.copies_blocking")(_blocking)


def test_a_desk_closes_only_after_a_call_in_flight_on_another_thread() -> None:
    """A bot's tool endpoint calls from its own thread: closing the desk waits for that call,
    so a copy is never lent on while a call still runs on it."""
    template = sqlite3.connect(":memory:", check_same_thread=False)
    template.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")
    spec = ToolSpec("block", "Blocks until released.", {"type": "object", "properties": {}})
    domain = Domain("blocking", {"t": "k"}, template,
                    {"block": python_tool(spec, "tests.copies_blocking")})  # fmt: skip
    desk = Desk(domain.new_state())
    caller = threading.Thread(target=desk.run_sync, args=("block", {}))
    caller.start()
    assert _ENTERED.wait(10)
    closer = threading.Thread(target=desk.close)
    closer.start()
    closer.join(0.2)
    assert closer.is_alive()  # waiting for the call
    _RELEASE.set()
    caller.join(10)
    closer.join(10)
    assert not closer.is_alive()
    with pytest.raises(sqlite3.ProgrammingError):
        desk.state.conn.execute("SELECT 1")
