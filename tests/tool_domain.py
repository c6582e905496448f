"""A small orders domain for tests of tool use: one lookup, two actions, Python tools.

Built with the runtime seam directly (scenarios.domains.runtime), so the tests do not depend
on the domain file format.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from persona_fixture import ADA

from agents.types import ConversationPlan
from scenarios.domains import Domain, DomainState, ToolResult, ToolSpec, python_tool, register_tool
from scenarios.edge_case_model import EdgeCase
from scenarios.model import Scenario

ORDERS = [
    ("ORD-10001", "ada@example.com", "delivered", 59.0),
    ("ORD-10002", "ada@example.com", "pending", 120.0),
    ("ORD-20001", "bob@example.com", "shipped", 15.5),
]


def _order(state: DomainState, order_id: str) -> dict[str, Any] | None:
    row = state.conn.execute("SELECT * FROM orders WHERE order_id = ?", (order_id,)).fetchone()
    return dict(row) if row is not None else None


@register_tool("tests.get_order")
def get_order(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    order = _order(state, str(args.get("order_id", "")))
    if order is None:
        return ToolResult(f"Error: order {args.get('order_id')} not found", error=True)
    return ToolResult(json.dumps(order, sort_keys=True))


@register_tool("tests.refund_order")
def refund_order(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    order = _order(state, str(args.get("order_id", "")))
    if order is None:
        return ToolResult(f"Error: order {args.get('order_id')} not found", error=True)
    if order["status"] != "delivered":
        return ToolResult(
            f"Error: only delivered orders can be refunded (status {order['status']})", error=True
        )
    state.conn.execute(
        "UPDATE orders SET status = 'refunded' WHERE order_id = ?", (order["order_id"],)
    )
    return ToolResult(json.dumps({**order, "status": "refunded"}, sort_keys=True))


@register_tool("tests.cancel_order")
def cancel_order(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    order = _order(state, str(args.get("order_id", "")))
    if order is None:
        return ToolResult(f"Error: order {args.get('order_id')} not found", error=True)
    if order["status"] != "pending":
        return ToolResult(
            f"Error: only pending orders can be cancelled (status {order['status']})", error=True
        )
    state.conn.execute(
        "UPDATE orders SET status = 'cancelled' WHERE order_id = ?", (order["order_id"],)
    )
    return ToolResult(json.dumps({**order, "status": "cancelled"}, sort_keys=True))


@register_tool("tests.check_warehouse")
def check_warehouse(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    return ToolResult('{"stock": "in stock"}')


@register_tool("tests.transfer_to_human_agents")
def transfer(state: DomainState, args: Mapping[str, Any]) -> ToolResult:
    return ToolResult("Transfer successful")


_SUMMARY = {
    "type": "object",
    "properties": {"summary": {"type": "string"}},
    "required": ["summary"],
}
_ORDER_ID = {
    "type": "object",
    "properties": {"order_id": {"type": "string", "description": "e.g. ORD-12345"}},
    "required": ["order_id"],
}


def orders_domain(extras: bool = False) -> Domain:
    template = sqlite3.connect(":memory:", check_same_thread=False)
    template.execute(
        "CREATE TABLE orders (order_id TEXT PRIMARY KEY, email TEXT, status TEXT, total REAL)"
    )
    template.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)", ORDERS)
    template.commit()
    specs = [
        ToolSpec("get_order", "Look up an order by its id.", _ORDER_ID),
        ToolSpec("refund_order", "Refund a delivered order in full.", _ORDER_ID, writes=True),
        ToolSpec("cancel_order", "Cancel an order that has not shipped.", _ORDER_ID, writes=True),
    ]
    if extras:  # a read-only diagnostic and a hand-over tool, for the scripted agent's tests
        specs.append(ToolSpec("check_warehouse", "Stock of the order's item.", _ORDER_ID))
        specs.append(ToolSpec("transfer_to_human_agents", "Hand over to a person.", _SUMMARY))
    tools = {s.name: python_tool(s, f"tests.{s.name}") for s in specs}
    return Domain(
        name="orders", tables={"orders": "order_id"}, template=template, tools=dict(tools)
    )


REFUND = Scenario.model_validate(
    {
        "id": "test/refund-order",
        "title": "Refund an order",
        "domain": "ecommerce",
        "intent": "refund_request",
        "world": "orders",
        "variables": {"order_id": {"choice": ["ORD-10001", "ORD-10002"]}},
        "customer": {
            "goal": "Get a refund for order {order_id}.",
            "knows": {"order_id": "{order_id}", "email": "ada@example.com"},
            "reveal_only_when_asked": ["order_id", "email"],
            "labels": {"order_id": "order number", "email": "email address"},
            "openings": [
                "My order arrived broken and I want a refund.",
                "hi, I'd like my money back for a broken order",
            ],
        },
        "support": {
            "policy": "Verify the order number and the account email, then refund the order.",
            "verify": ["order_id", "email"],
            "rules": [{"action": "resolve", "say": ["I've refunded order {order_id} in full."]}],
        },
        "expect": {"actions": [{"tool": "refund_order", "arguments": {"order_id": "{order_id}"}}]},
        "edge_cases": ["wrong_identifier", "demands_manager", "overshares_personal_data"],
        "max_turns": 8,
    }
)


def refund_plan(
    seed: int, order_id: str, edge_cases: tuple[EdgeCase, ...] = ()
) -> ConversationPlan:
    variables = {"order_id": order_id, "email": "ada@example.com", "customer_name": "Ada Byron"}
    return ConversationPlan(
        id=f"refund-{seed}-{order_id}",
        run_seed=1,
        index=seed,
        seed=seed,
        scenario=REFUND,
        persona=ADA,
        edge_cases=edge_cases,
        variables=variables,
    )
