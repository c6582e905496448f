"""`convsim lint` on domain files and on scenarios that use them: exact problem lines."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from scenarios.domains.loader import MAX_DOMAIN_FILE_BYTES, load_domain, read_domain
from scenarios.domains.records import matching_rows
from scenarios.domains.runtime import registered_tools
from scenarios.lint import lint
from scenarios.loader import builtin_library, load_scenarios

WORLD = Path(__file__).parent / "data" / "world"

BAD_DOMAIN = """\
name: shop
tables:
  orders:
    key: order_id
    columns: {order_id: text, status: text, total: real}
    records:
      - {order_id: W1, status: pending, total: "x"}
      - {order_id: W1, statos: pending}
  users:
    key: uid
    columns: {user_id: text}
tools:
  - name: cancel_order
    description: Cancel.
    parameters:
      type: object
      properties: {order_id: {type: string}}
      required: [order_id, reason]
    requires:
      - sql: SELECT 1 FROM orderz WHERE order_id = :order_id
        error: "order {order_idd} missing"
      - sql: SELECT 1 FROM orders WHERE orderid = :order_id AND status = :state
        error: "nope"
    effects:
      - UPDATE orders SET status = 'cancelled' WHERE order_id = ?
      - SELECT 1
      - ATTACH DATABASE 'x.db' AS x
    returns: DELETE FROM orders
  - name: cancel_order
    description: dup
    returns: SELECT random()
  - name: calc
    description: x
    python: calculat
    parameters: {type: object, properties: {x: {type: strin, oneOf: []}}}
"""


def lines(paths: list[Path]) -> list[str]:
    return [str(p) for p in lint(paths)]


def write(folder: Path, rel: str, text: str) -> Path:
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_problem_in_a_domain_file_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "domains/shop.yaml", BAD_DOMAIN)
    f = str(path)
    supported = (
        "additionalProperties, const, enum, exclusiveMaximum, exclusiveMinimum, items, "
        "maxItems, maxLength, maximum, minItems, minLength, minimum, pattern, properties, "
        "required, type"
    )
    assert lines([tmp_path]) == [
        f"{f}:7: tables.orders.records[0].total: expected a number, got text 'x'",
        f"{f}:8: tables.orders.records[1].statos: 'statos' is not a column of orders "
        "(did you mean 'status'?)",
        f"{f}:8: tables.orders.records[1].order_id: duplicate key 'W1' (first at record 0)",
        f"{f}:10: tables.users.key: 'uid' is not a column (did you mean 'user_id'?)",
        f"{f}:18: tools[0].parameters.required: 'reason' is required but not under properties",
        f"{f}:20: tools[0].requires[0].sql: no table 'orderz' (did you mean 'orders'?)",
        f"{f}:21: tools[0].requires[0].error: '{{order_idd}}' is not a parameter of this tool "
        "(did you mean 'order_id'?)",
        f"{f}:22: tools[0].requires[1].sql: ':state' is not a parameter of this tool "
        "(parameters: order_id)",
        f"{f}:22: tools[0].requires[1].sql: no column 'orderid' (did you mean 'order_id'?)",
        f"{f}:25: tools[0].effects[0]: '?': write parameters as :name",
        f"{f}:26: tools[0].effects[1]: an effect must INSERT, UPDATE or DELETE; "
        "checks go under requires",
        f"{f}:27: tools[0].effects[2]: only SELECT, INSERT, UPDATE and DELETE on the "
        "domain's tables are allowed",
        f"{f}:28: tools[0].returns: may only read (SELECT); changes to records go under effects",
        f"{f}:29: tools[1].name: duplicate tool name 'cancel_order' (first at tools[0])",
        f"{f}:34: tools[2].python: no Python tool is registered as 'calculat' "
        f"(registered: {', '.join(registered_tools()) or 'none'})",
        f"{f}:35: tools[2].parameters.properties.x.type: unknown type 'strin'; use one of "
        "object, string, integer, number, boolean, array, null",
        f"{f}:35: tools[2].parameters.properties.x.oneOf: unsupported JSON Schema keyword "
        f"'oneOf' (supported: {supported})",
    ]


def test_schema_mistakes_get_did_you_mean_hints(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "domains/bank.yaml",
        """\
        name: bank
        tabels: {}
        tables:
          accounts:
            key: id
            colums: {id: text}
            columns: {id: txt}
        tools:
          - name: get account
            description: x
            returns: SELECT 1
            returns_as: one
          - name: nothing
            description: does nothing
        """,
    )
    f = str(path)
    assert lines([path]) == [
        f"{f}:2: tabels: unknown key 'tabels' (did you mean 'tables'?)",
        f"{f}:6: tables.accounts.colums: unknown key 'colums' (did you mean 'columns'?)",
        f"{f}:7: tables.accounts.columns.id: must be 'text', 'integer', 'real', 'boolean' or "
        "'json', got text 'txt'",
        f"{f}:9: tools[0].name: 'get account' must match ^[A-Za-z_][A-Za-z0-9_-]{{0,63}}$",
        f"{f}:12: tools[0].returns_as: must be 'rows', 'row' or 'value', got text 'one'",
        f"{f}:13: tools[1]: give requires, effects or returns (SQL), or python",
    ]


def test_the_name_must_be_the_file_name_and_data_files_must_exist(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "domains/shop.yaml",
        """\
        name: store
        tables:
          orders: {key: id, columns: {id: text}, records: missing.jsonl}
        """,
    )
    assert lines([path]) == [
        f"{path}:1: name: 'store' must be the file's name (shop): scenarios find it by file",
        f"{tmp_path / 'domains' / 'missing.jsonl'}: no such file; paths are relative to the "
        "domain file",
    ]


def test_records_in_a_jsonl_file_are_reported_with_its_lines(tmp_path: Path) -> None:
    write(
        tmp_path,
        "domains/shop.yaml",
        "name: shop\ntables:\n  orders: {key: id, columns: {id: text, n: integer}, "
        "records: orders.jsonl}\n",
    )
    data = write(tmp_path, "domains/orders.jsonl", '{"id": "a", "n": 1}\n\n{"id": "b", "n": "2"}\n')
    assert lines([tmp_path]) == [
        f"{data}:3: [1].n: expected a whole number, got text '2'",
    ]


def test_a_domain_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "domains" / "big.yaml"
    path.parent.mkdir()
    path.write_text("#" * (MAX_DOMAIN_FILE_BYTES + 1), encoding="utf-8")
    domain, problems = read_domain(path)
    assert domain is None
    assert [str(p) for p in problems] == [
        f"{path}: {MAX_DOMAIN_FILE_BYTES + 1} bytes is more than the 4 MiB limit for a domain "
        "file; put records in a .json/.jsonl file"
    ]


def scenario_folder(tmp_path: Path, body: str) -> Path:
    shutil.copytree(WORLD / "domains", tmp_path / "domains")
    return write(tmp_path, "shop/s.yaml", body)


HEAD = """\
id: shop/s
title: t
domain: ecommerce
intent: cancel
"""
TAIL = """\
customer:
  goal: g
  openings: [hi]
support:
  policy: p
  rules: [{action: resolve, say: [ok]}]
"""


def test_world_references_are_checked_with_hints(tmp_path: Path) -> None:
    path = scenario_folder(
        tmp_path,
        HEAD
        + """\
world: shop
variables:
  order_id: {record: order, where: {status: pending}}
  other: {record: orders, column: totl, where: {stat: "{nothing}"}}
"""
        + TAIL
        + """\
expect:
  actions:
    - tool: cancel_ordr
      arguments: {order_id: "{order_id}"}
    - tool: get_order
      when: {state: {eq: x}}
      arguments: {order_id: "{oder_id}"}
  records:
    - {table: orders, key: "{order_id}", fields: {statu: cancelled}}
    - {table: refund, key: 1}
  outputs: ["{totl}"]
""",
    )
    f = str(path)
    assert lines([path]) == [
        f"{f}:7: variables.order_id.record: world 'shop' has no table 'order' "
        "(did you mean 'orders'?)",
        f"{f}:8: variables.other.column: 'totl' is not a column of orders (did you mean 'total'?)",
        f"{f}:8: variables.other.where.stat: 'stat' is not a column of orders "
        "(did you mean 'status'?)",
        f"{f}:8: variables.other.where.stat: unknown variable 'nothing'; define it under variables",
        f"{f}:17: expect.actions[0].tool: world 'shop' has no tool 'cancel_ordr' "
        "(did you mean 'cancel_order'?)",
        f"{f}:20: expect.actions[1].when.state: 'state' is not a variable; conditions test "
        "the scenario's variables",
        f"{f}:21: expect.actions[1].arguments.order_id: unknown variable 'oder_id' "
        "(did you mean 'order_id'?)",
        f"{f}:23: expect.records[0].fields.statu: 'statu' is not a column of orders "
        "(did you mean 'status'?)",
        f"{f}:24: expect.records[1].table: world 'shop' has no table 'refund' "
        "(did you mean 'refunds'?)",
        f"{f}:25: expect.outputs[0]: unknown variable 'totl'; define it under variables",
    ]


def test_unknown_worlds_and_world_less_expectations(tmp_path: Path) -> None:
    path = scenario_folder(tmp_path, HEAD + "world: shops\n" + TAIL)
    assert lines([path]) == [
        f"{path}:5: world: no domain 'shops' (did you mean 'shop'?); domains are "
        "domains/<name>.yaml files next to your scenario folders"
    ]
    path.write_text(
        HEAD + "variables:\n  order_id: {record: orders}\n" + TAIL + "expect: {outputs: [x]}\n",
        encoding="utf-8",
    )
    assert lines([path]) == [
        f"{path}:6: variables.order_id.record: drawing from records needs a world: add "
        "world: <domain name>",
        f"{path}:13: expect: expect needs a world: add world: <domain name>",
    ]


def test_expected_arguments_are_checked_after_templating(tmp_path: Path) -> None:
    path = scenario_folder(
        tmp_path,
        HEAD
        + """\
world: shop
variables:
  order_id: {record: orders}
  why: {choice: [bored, no longer needed]}
"""
        + TAIL
        + """\
expect:
  actions:
    - tool: cancel_order
      arguments: {order_id: "{order_id}", reason: "{why}", extra: 1}
""",
    )
    f = str(path)
    assert lines([path]) == [
        f"{f}:18: expect.actions[0].arguments: unknown argument 'extra' "
        "(arguments: order_id, reason)",
        f"{f}:18: expect.actions[0].arguments: 'reason' must be one of 'no longer needed', "
        "'ordered by mistake', got 'bored'",
    ]


def test_a_choice_with_no_matching_record_is_found(tmp_path: Path) -> None:
    path = scenario_folder(
        tmp_path,
        HEAD
        + """\
world: shop
variables:
  order_status: {choice: [pending, lost]}
  order_id: {record: orders, where: {status: "{order_status}"}}
"""
        + TAIL,
    )
    assert lines([path]) == [
        f"{path}:8: variables.order_id.where: no record in orders matches where when "
        "order_status=lost"
    ]


@pytest.mark.parametrize(("flag", "drawn"), [("false", "C2"), ("true", "C1"), ("no", "C2")])
def test_a_boolean_column_is_matched_by_true_or_false(
    tmp_path: Path, flag: str, drawn: str
) -> None:
    """`where: {vip: false}` used to be compared as 0 and match no record ("no record in
    customers matches where"); YAML's `no` reads as false too (the loader warns about it)."""
    path = scenario_folder(
        tmp_path,
        HEAD
        + f"""\
world: shop
variables:
  customer_id: {{record: customers, where: {{vip: {flag}}}}}
"""
        + TAIL,
    )
    assert [line for line in lines([path]) if "warning" not in line] == []
    scenario = load_scenarios([path])[0]
    domain = load_domain(tmp_path / "domains" / "shop.yaml")
    var = scenario.variables["customer_id"]
    assert [row["customer_id"] for row in matching_rows(domain, var, {})] == [drawn]


def test_record_variables_that_depend_on_each_other_are_refused(tmp_path: Path) -> None:
    path = scenario_folder(
        tmp_path,
        HEAD
        + """\
world: shop
variables:
  order_id: {record: orders, where: {total: "{total}"}}
  total: {record: orders, column: total, where: {order_id: "{order_id}"}}
"""
        + TAIL,
    )
    assert lines([path]) == [
        f"{path}:6: variables: variables depend on each other: order_id -> total -> order_id"
    ]


def test_the_world_fixture_and_the_library_lint_clean() -> None:
    assert lines([WORLD]) == []
    assert lines([builtin_library()]) == []


@pytest.mark.parametrize("domain", sorted((builtin_library() / "domains").glob("*.yaml")))
def test_every_library_domain_lints_clean(domain: Path) -> None:
    assert lines([domain]) == []


def test_a_domain_file_outside_a_domains_folder_is_pointed_there(tmp_path: Path) -> None:
    path = write(tmp_path, "shop.yaml", "name: shop\ntables: {}\n")
    assert lines([path]) == [
        f"{path}:2: tables: this looks like a domain file: put it in a folder named domains/ "
        "(domains/<name>.yaml)"
    ]
