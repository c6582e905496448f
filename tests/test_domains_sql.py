"""SQL tools from a domain file: arguments checked, preconditions refuse with their text and
change nothing, effects run in one transaction, results are JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.domains import (
    DomainState,
    ToolResult,
    load_domain,
    register_tool,
    validate_arguments,
)
from scenarios.domains.loader import read_domain
from scenarios.domains.sql import sql_parameters

SHOP = Path(__file__).parent / "data" / "world" / "domains" / "shop.yaml"


@pytest.fixture
def state() -> DomainState:
    return load_domain(SHOP).new_state()


def test_a_lookup_returns_the_row_as_json(state: DomainState) -> None:
    result = state.call("get_order", {"order_id": "W1"})
    assert not result.error
    assert json.loads(result.content) == {"order_id": "W1", "status": "pending", "total": 10.5}


def test_results_read_booleans_and_json_columns_back(state: DomainState) -> None:
    result = state.call("find_customer", {"email": "ana@example.com"})
    assert json.loads(result.content) == [{"customer_id": "C1", "vip": True, "tags": ["early"]}]
    assert state.call("find_customer", {"email": "nobody@example.com"}).content == "[]"


def test_a_failed_precondition_refuses_with_its_text_and_changes_nothing(
    state: DomainState,
) -> None:
    before = state.snapshot()
    result = state.call("cancel_order", {"order_id": "W2", "reason": "no longer needed"})
    assert result.error
    assert result.content == "Error: order W2 is not pending"
    missing = state.call("cancel_order", {"order_id": "W9", "reason": "no longer needed"})
    assert missing.content == "Error: order W9 not found"
    assert state.snapshot() == before


def test_effects_change_the_records_and_the_result_is_read_after_them(
    state: DomainState,
) -> None:
    result = state.call("cancel_order", {"order_id": "W1", "reason": "ordered by mistake"})
    assert (result.content, result.error) == ('"cancelled"', False)
    order = json.loads(state.snapshot()["orders"]["W1"])
    assert (order["status"], order["reason"]) == ("cancelled", "ordered by mistake")
    assert json.loads(state.snapshot()["refunds"]["1"]) == {
        "refund_id": 1,
        "order_id": "W1",
        "amount": 10.5,
    }


def test_an_sql_error_in_a_later_effect_rolls_back_the_earlier_ones(state: DomainState) -> None:
    before = state.snapshot()
    result = state.call("flag_order", {"order_id": "W1", "flag": "yes"})
    assert result.error
    assert result.content == "Error: cannot store TEXT value in INTEGER column customers.vip"
    assert state.snapshot() == before
    assert state.call("flag_order", {"order_id": "W1", "flag": True}).content == '"flagged"'
    assert state.snapshot() != before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "Error: missing required argument 'order_id'; missing required argument 'reason'"),
        (
            {"order_id": 7, "reason": "no longer needed"},
            "Error: 'order_id' must be string, got integer",
        ),
        (
            {"order_id": "W1", "reason": "bored"},
            "Error: 'reason' must be one of 'no longer needed', 'ordered by mistake', got 'bored'",
        ),
        (
            {"order_id": "W1", "reason": "no longer needed", "note": "x"},
            "Error: unknown argument 'note' (arguments: order_id, reason)",
        ),
        (["W1"], "Error: the arguments must be an object, got array"),
    ],
)
def test_bad_arguments_are_an_error_result_and_change_nothing(
    state: DomainState, arguments: object, message: str
) -> None:
    before = state.snapshot()
    result = state.call("cancel_order", arguments)  # type: ignore[arg-type]
    assert (result.content, result.error) == (message, True)
    assert state.snapshot() == before


def test_arguments_are_bound_never_pasted_into_the_sql(state: DomainState) -> None:
    before = state.snapshot()
    result = state.call("get_order", {"order_id": "W1' OR '1'='1"})
    assert result.content == "Error: order W1' OR '1'='1 not found"
    assert state.snapshot() == before


def test_each_conversation_has_its_own_copy_of_the_records() -> None:
    domain = load_domain(SHOP)
    first, second = domain.new_state(), domain.new_state()
    first.call("cancel_order", {"order_id": "W1", "reason": "no longer needed"})
    assert json.loads(second.snapshot()["orders"]["W1"])["status"] == "pending"
    assert json.loads(domain.new_state().snapshot()["orders"]["W1"])["status"] == "pending"
    assert [name for name, _, _ in first.calls] == ["cancel_order"]


def test_the_call_log_and_specs_show_what_writes() -> None:
    domain = load_domain(SHOP)
    writes = {spec.name: spec.writes for spec in domain.specs()}
    assert writes == {
        "get_order": False,
        "find_customer": False,
        "cancel_order": True,
        "flag_order": True,
    }
    assert domain.tools["get_order"].spec.openai()["function"]["parameters"]["required"] == [
        "order_id"
    ]


def test_document_tables_hold_canonical_json(state: DomainState) -> None:
    assert state.snapshot()["notes"] == {
        "N1": json.dumps(
            {"doc": '{"by": "C1", "text": "call back"}', "note_id": "N1"}, sort_keys=True
        )
    }


def test_sql_parameters_skip_literals_and_comments() -> None:
    sql = "SELECT ':no', \"a:b\" FROM t -- :comment\nWHERE x = :x AND y = :y /* :z */ OR x = :x"
    assert sql_parameters(sql) == ["x", "y"]
    assert sql_parameters("SELECT ? , @a, $b") == ["?", "@a", "$b"]


def test_the_argument_validator_handles_nested_schemas() -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {"type": "object", "properties": {"n": {"type": "integer"}}},
            },
            "code": {"type": "string", "pattern": "^[A-Z]{3}$"},
        },
        "required": ["items"],
    }
    assert validate_arguments(schema, {"items": [{"n": 1}], "code": "ABC"}) == []
    assert validate_arguments(schema, {"items": [{"n": 1.5}], "code": "ab"}) == [
        "'items[0].n' must be integer, got number",
        "'code' must match ^[A-Z]{3}$, got 'ab'",
    ]
    assert validate_arguments(schema, {"items": []}) == ["'items' must have at least 1 items"]


def test_common_table_expressions_read_like_any_select(tmp_path: Path) -> None:
    path = tmp_path / "domains" / "cte.yaml"
    path.parent.mkdir()
    path.write_text(
        """\
name: cte
tables:
  t: {key: k, columns: {k: text, n: integer}, records: [{k: a, n: 1}, {k: b, n: 5}]}
tools:
  - name: big
    description: Rows above a bound, and the numbers 1 to 3 counted recursively.
    parameters: {type: object, properties: {bound: {type: integer}}, required: [bound]}
    requires:
      - sql: WITH big AS (SELECT k FROM t WHERE n > :bound) SELECT 1 FROM big
        error: "nothing above {bound}"
    returns: >-
      WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3)
      SELECT (SELECT count(*) FROM r) AS counted, group_concat(k) AS keys
      FROM t WHERE n > :bound
    returns_as: row
""",
        encoding="utf-8",
    )
    state = load_domain(path).new_state()
    assert json.loads(state.call("big", {"bound": 2}).content) == {"counted": 3, "keys": "b"}
    assert state.call("big", {"bound": 9}).content == "nothing above 9"


def _note_count(state: DomainState, arguments: object) -> ToolResult:
    """A registered Python tool: what a domain file names with `python:`."""
    count = state.conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    return ToolResult(json.dumps({"notes": count, "arguments": arguments}))


register_tool("tests.domains.note_count")(_note_count)  # type: ignore[arg-type]


def test_a_python_tool_is_declared_by_name_and_gets_the_raw_arguments(tmp_path: Path) -> None:
    path = tmp_path / "domains" / "py.yaml"
    path.parent.mkdir()
    path.write_text(
        """\
name: py
tables:
  notes: {key: id, columns: {id: text}, records: [{id: a}, {id: b}]}
tools:
  - name: count_notes
    description: How many notes there are.
    python: tests.domains.note_count
    writes: false
    parameters: {type: object, properties: {x: {type: integer}}}
  - name: bad
    description: SQL and python at once.
    python: tests.domains.note_count
    returns: SELECT 1
""",
        encoding="utf-8",
    )
    domain, problems = read_domain(path)
    assert [str(p) for p in problems] == [
        f"{path}:10: tools[1]: a python tool takes no SQL (returns)"
    ]
    path.write_text(path.read_text(encoding="utf-8").split("  - name: bad")[0], encoding="utf-8")
    domain = load_domain(path)
    state = domain.new_state()
    result = state.call("count_notes", {"x": "not checked by convsim"})
    assert json.loads(result.content) == {"notes": 2, "arguments": {"x": "not checked by convsim"}}
    assert domain.tools["count_notes"].spec.writes is False
