"""The shape of tau-bench's two domains: their tables, the tools the agent is shown (packaged
data: names, descriptions and JSON-Schema parameters, which are the tools' interface), which
tools write, and a `Domain` built straight from tau-bench's data files."""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

from scenarios.domains.documents import document_table
from scenarios.domains.runtime import Domain, Tool, ToolSpec, python_tool

DOMAINS = ("airline", "retail")

TABLES: dict[str, dict[str, str]] = {
    "airline": {"flights": "flight_number", "reservations": "reservation_id", "users": "user_id"},
    "retail": {"orders": "order_id", "products": "product_id", "users": "user_id"},
}
"""domain -> table -> key column; each table is tau-bench's `<table>.json`."""

WRITES: dict[str, frozenset[str]] = {
    "airline": frozenset(
        {
            "book_reservation",
            "cancel_reservation",
            "send_certificate",
            "update_reservation_baggages",
            "update_reservation_flights",
            "update_reservation_passengers",
        }
    ),
    "retail": frozenset(
        {
            "cancel_pending_order",
            "exchange_delivered_order_items",
            "modify_pending_order_address",
            "modify_pending_order_items",
            "modify_pending_order_payment",
            "modify_user_address",
            "return_delivered_order_items",
        }
    ),
}


def implementation(domain: str, tool: str) -> str:
    """The registered name of a tau-bench tool's Python implementation."""
    return f"tau_{domain}.{tool}"


@cache
def _tool_data(domain: str) -> tuple[dict[str, Any], ...]:
    path = Path(__file__).with_name(f"{domain}_tools.yaml")
    return tuple(yaml.safe_load(path.read_text(encoding="utf-8"))["tools"])


def tool_specs(domain: str) -> list[ToolSpec]:
    """What tau-bench shows its agent, in its order."""
    return [
        ToolSpec(
            name=item["name"],
            description=item["description"],
            parameters=item["parameters"],
            writes=item["name"] in WRITES[domain],
        )
        for item in _tool_data(domain)
    ]


def tool_data(domain: str) -> list[dict[str, Any]]:
    """The tool interface as plain data (for writing a domain file)."""
    return [json.loads(json.dumps(item)) for item in _tool_data(domain)]


def build_domain(data_dir: Path, domain: str, name: str | None = None) -> Domain:
    """A Domain over tau-bench's data files in `data_dir` (`<table>.json` each), with its
    tools. The template database is built here, once; conversations copy it."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    for table, key in TABLES[domain].items():
        with (data_dir / f"{table}.json").open(encoding="utf-8") as handle:
            document_table(conn, table, key, json.load(handle))
    tools: dict[str, Tool] = {
        spec.name: cast(Tool, python_tool(spec, implementation(domain, spec.name)))
        for spec in tool_specs(domain)
    }
    return Domain(
        name=name or f"tau_{domain}", tables=dict(TABLES[domain]), template=conn, tools=tools
    )
