"""The critic's record book holds a domain's records as the domain's own text, not as Python
objects per record (outsider 27 #1: 10 MiB of orders took 230 MB in the book, a set per
column for every record), and a conversation's book copies only the records its calls
changed (copy on write). What the book answers is unchanged: records in the same order with
the same values, the same keys, and the same first other holder of an amount."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path

import yaml

from agents.checks.record_book import record_book
from scenarios.domains.loader import read_domain

DOMAIN = """\
name: shop
description: A shop.
tables:
  orders:
    key: order_id
    columns: {order_id: text, customer: text, product: text, status: text, total: real}
    records: orders.jsonl
tools:
  - name: cancel_order
    description: Cancel an order.
    parameters: {type: object, properties: {order_id: {type: string}}, required: [order_id]}
    effects: ["UPDATE orders SET status = 'cancelled' WHERE order_id = :order_id"]
"""
ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "scenarios" / "library"
PRODUCTS = ["walnut desk", "oak shelf", "pine stool", "cedar chest", "birch lamp", "elm bench"]


def _shop(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "domains"
    folder.mkdir()
    with (folder / "orders.jsonl").open("w") as out:
        for i in range(count):
            row = {
                "order_id": f"Q{500000 + i}",
                "customer": f"K{i % 97:03d}",
                "product": PRODUCTS[i % len(PRODUCTS)],
                "status": ["open", "shipped", "held"][i % 3],
                "total": round(10 + (i * 7.31) % 400, 2),
            }
            out.write(json.dumps(row) + "\n")
    (folder / "shop.yaml").write_text(DOMAIN)
    return folder / "shop.yaml"


def _end(domain_view: dict[str, dict[str, str]], **changes: dict[str, object]) -> dict:
    end = {table: dict(rows) for table, rows in domain_view.items()}
    for key, fields in changes.items():
        row = json.loads(end["orders"].get(key, json.dumps({"order_id": key})))
        row.update(fields)
        end["orders"][key] = json.dumps(row, sort_keys=True)
    return end


def test_the_book_holds_a_fraction_of_what_a_record_per_object_took(tmp_path: Path) -> None:
    domain, problems = read_domain(_shop(tmp_path, 20_000))
    assert domain is not None, problems
    size = (tmp_path / "domains" / "orders.jsonl").stat().st_size
    domain.pristine_view()  # the domain's own snapshot, shared with the tools' checks
    tracemalloc.start()
    try:
        book = record_book(domain)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 3 * size, f"{held / size:.1f}x the records file"  # was 21x: now the keys
    assert len(book.records) == 20_000
    assert book.records[("orders", "Q500007")].values["status"] == {"shipped"}
    assert book.by_key["q500007"] == (("orders", "Q500007"),) or list(book.by_key["q500007"]) == [
        ("orders", "Q500007")
    ]
    assert book.status_columns == {"orders": ["status"]}
    assert book.statuses[("orders", "status")] == {"open", "shipped", "held", "cancelled"}
    assert book.amount_columns == {"orders": ["total"]}
    assert book.item_columns == {"orders": ["product"]}
    assert set(book.items) == set(PRODUCTS)


def test_a_conversations_book_copies_only_the_records_its_calls_changed(tmp_path: Path) -> None:
    domain, _ = read_domain(_shop(tmp_path, 20_000))
    assert domain is not None
    book = record_book(domain)
    tracemalloc.start()
    try:
        changed = book.with_end(_end(domain.pristine_view(), Q500010={"status": "cancelled"}))
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert held < 64_000, held  # the copy of the records' dict alone was 590 KB
    assert changed.records[("orders", "Q500010")].values["status"] == {"shipped", "cancelled"}
    # a record a call made is a record from then on (its key is looked up, too)
    end = _end(domain.pristine_view(), Q500010={"status": "cancelled"}, QX900001={"total": 1.0})
    ended = book.with_end(end)
    assert ended.records[("orders", "Q500010")].values["status"] == {"shipped", "cancelled"}
    assert book.records[("orders", "Q500010")].values["status"] == {"shipped"}  # untouched
    keys = list(ended.records)
    assert len(keys) == len(ended.records) == 20_001
    assert keys[0] == ("orders", "Q500000") and keys[-1] == ("orders", "QX900001")
    assert ended.keys_in("about QX-900001 and q500010") == [
        ("orders", "QX900001"),
        ("orders", "Q500010"),
    ]
    assert ("orders", "QX900001") not in book.records and not book.keys_in("QX900001")


def test_the_first_other_holder_of_an_amount_follows_the_records_order(tmp_path: Path) -> None:
    domain, _ = read_domain(_shop(tmp_path, 300))
    assert domain is not None
    book = record_book(domain)
    totals = {
        key: json.loads(text)["total"] for key, text in domain.pristine_view()["orders"].items()
    }
    amount = f"{float(totals['Q500005']):.2f}"
    holders = [k for k, v in totals.items() if f"{float(v):.2f}" == amount]
    assert book.amount_holder(amount, set()) == ("orders", holders[0])
    skip = {("orders", k) for k in holders}
    assert book.amount_holder(amount, skip) is None
    # a call that changes a later record to the amount makes it a holder at its own place,
    # and a record a call made comes after every record of the domain
    ended = book.with_end(_end(domain.pristine_view(), Q500200={"total": 999.5}))
    assert ended.amount_holder("999.50", set()) == ("orders", "Q500200")
    made = book.with_end(_end(domain.pristine_view(), Q500003={"total": 999.5}, QZ77777={}))
    assert made.amount_holder("999.50", set()) == ("orders", "Q500003")
    assert made.amount_holder("999.50", {("orders", "Q500003")}) is None
    assert book.amount_holder("999.50", set()) is None


def test_a_domain_too_big_for_the_memory_given_is_one_line_before_the_run(tmp_path: Path) -> None:
    """Under a hard cap (`ulimit -v`) the allocation that fails may be a compiled
    extension's, which aborts with no Python error: the data file is refused first."""
    folder = tmp_path / "lib"
    shutil.copytree(LIBRARY, folder)
    spec = yaml.safe_load((folder / "domains" / "ecommerce.yaml").read_text())
    orders = spec["tables"]["orders"]
    with (folder / "domains" / "orders.jsonl").open("w") as out:
        for row in orders["records"]:
            out.write(json.dumps(row) + "\n")
        base = dict(orders["records"][0])
        n = 0
        while out.tell() < 20 << 20:
            out.write(json.dumps({**base, "order_id": f"W{3000000 + n}"}) + "\n")
            n += 1
    orders["records"] = "orders.jsonl"
    (folder / "domains" / "ecommerce.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    cap = 450 << 20  # 20 MiB of records need more than this whole process may have

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    scenario = folder / "ecommerce" / "cancel-pending-order.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "run", str(scenario), "--n", "2", "--out",
         str(tmp_path / "out")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=capped,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    named = [line for line in done.stderr.splitlines() if "orders.jsonl" in line]
    assert len(named) == 1 and "MiB of records needs about" in named[0], done.stderr
    assert "ulimit -v" in named[0]
    assert not (tmp_path / "out").exists()
