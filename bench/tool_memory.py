"""Peak memory of a run whose domain tool rewrites every row of a large table.

    python bench/tool_memory.py                          # 150,000 rows, 2,000 characters added
    python bench/tool_memory.py --rows 50000 --pad 0 --n 4 --concurrency 1

Writes a domain of its own (an `orders` table of `--rows` rows, a `cancel_order` tool whose
effect has no WHERE: it rewrites every row, appending `--pad` characters to a text column)
and a scenario that calls it, then runs `convsim run` on them in a child process and prints
the child's peak RSS and CPU time (from `wait4`). Nothing in the domain goes past a
per-call bound (steps, value size), so what it measures is what the run keeps per
conversation: the copy of the records, what is read back from it, and what the transcript
carries.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DOMAIN = """name: store
description: A store's orders, for a memory bench.
tables:
  orders:
    key: order_id
    columns: {{order_id: text, email: text, status: text, total: real, note: text}}
    records: orders.jsonl
tools:
  - name: find_order
    description: Look up an order by its id.
    parameters:
      type: object
      properties:
        order_id: {{type: string}}
      required: [order_id]
    requires:
      - sql: SELECT 1 FROM orders WHERE order_id = :order_id
        error: "Error: no order {{order_id}}"
    returns: SELECT order_id, status, total FROM orders WHERE order_id = :order_id
    returns_as: row
  - name: cancel_order
    description: Cancel an open order.
    parameters:
      type: object
      properties:
        order_id: {{type: string}}
        reason: {{type: string, enum: [not needed, wrong item]}}
      required: [order_id, reason]
    requires:
      - sql: SELECT 1 FROM orders WHERE order_id = :order_id AND status = 'open'
        error: "Error: order {{order_id}} is not open"
    effects:
      - UPDATE orders SET status = 'cancelled', note = coalesce(note, '') || printf('%.*c', {pad}, 'z') || :reason
    returns: {returns}
    returns_as: {returns_as}
"""  # noqa: E501 (one SQL line of the bench world, as a tool file holds it)

SCENARIO = """id: store/cancel
title: Cancel an order
domain: ecommerce
intent: order_cancellation
world: store
variables:
  order_id: {record: orders, where: {status: open}}
  account_email: {record: orders, column: email, where: {order_id: "{order_id}"}}
  reason: {choice: [not needed, wrong item]}
customer:
  goal: Cancel order {order_id}, {reason}.
  knows: {order_id: "{order_id}", email: "{account_email}", reason: "{reason}"}
  openings: ["Hello, I need to cancel an order."]
support:
  policy: Find the order. Only open orders can be cancelled.
  verify: [order_id]
  rules:
    - action: resolve
      say: ["Order {order_id} is cancelled."]
expect:
  actions:
    - tool: cancel_order
      arguments: {order_id: "{order_id}", reason: "{reason}"}
"""


def write_case(folder: Path, rows: int, pad: int, returns_all: bool) -> Path:
    domains = folder / "domains"
    domains.mkdir(parents=True)
    with (domains / "orders.jsonl").open("w") as out:
        for i in range(rows):
            record = {
                "order_id": f"Q{i:07d}",
                "email": f"buyer{i}@example.org",
                "status": "open" if i % 3 else "shipped",
                "total": round(5 + (i % 997) * 0.37, 2),
            }
            out.write(json.dumps(record) + "\n")
    returns = (
        "SELECT order_id, status, note FROM orders"
        if returns_all
        else "SELECT order_id, status FROM orders WHERE order_id = :order_id"
    )
    (domains / "store.yaml").write_text(
        DOMAIN.format(pad=pad, returns=returns, returns_as="rows" if returns_all else "row")
    )
    (folder / "cases").mkdir()
    (folder / "cases" / "cancel.yaml").write_text(SCENARIO)
    return folder / "cases"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--pad", type=int, default=2000, help="characters each row gains")
    parser.add_argument("--n", type=int, default=4, help="conversations")
    parser.add_argument("--concurrency", type=int, default=None)
    parser.add_argument(
        "--returns-all", action="store_true", help="the tool returns every row it changed"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tool_memory") as tmp:
        folder = Path(tmp)
        cases = write_case(folder, args.rows, args.pad, args.returns_all)
        cmd = [sys.executable, "-m", "simulator", "run", str(cases), "--n", str(args.n)]
        cmd += ["--seed", "3", "--out", str(folder / "run")]
        if args.concurrency is not None:
            cmd += ["--concurrency", str(args.concurrency)]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        text = proc.stdout.read().decode() if proc.stdout else ""
        if proc.stdout:
            proc.stdout.close()
        code = os.waitstatus_to_exitcode(status)
        verdicts = next((line for line in text.splitlines() if "verdicts" in line), "")
        size = (folder / "run" / "transcripts.jsonl").stat().st_size if code == 0 else 0
        print(
            f"rows {args.rows}, pad {args.pad}, n {args.n}, concurrency "
            f"{args.concurrency or 'default'}: exit {code}, peak RSS "
            f"{usage.ru_maxrss / 1024:.0f} MB, CPU {usage.ru_utime + usage.ru_stime:.1f} s, "
            f"transcripts.jsonl {size / 1e6:.1f} MB"
        )
        if verdicts:
            print(verdicts.strip())
        if code != 0:
            print(text[-2000:])


if __name__ == "__main__":
    main()
