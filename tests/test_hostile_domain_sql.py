"""Domain files are data from anyone, and their tools' SQL runs inside the run: a recursive
query that never ends held the event loop forever, `zeroblob(400000000)` took 2 GB, and a
`returns` without a LIMIT could hand the agent millions of rows. Each is now that call's
`Error:` result (its effects undone, the records as they were), and the run goes on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from scenarios.domains.loader import LoadedDomain, check_domain
from scenarios.schema.source import read_yaml

ROOT = Path(__file__).resolve().parent.parent
FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
DOMAIN = f"""\
name: hostile
description: Tools whose SQL is hostile.
tables:
  orders:
    key: order_id
    columns: {{order_id: text, status: text}}
    records:
      - {{order_id: W1, status: delivered}}
tools:
  - name: loop
    description: Never ends.
    parameters: {{type: object, properties: {{}}}}
    returns: {FOREVER} SELECT count(*) FROM c
    returns_as: value
  - name: blob
    description: A 400 MB value.
    parameters: {{type: object, properties: {{}}}}
    returns: SELECT length(hex(zeroblob(400000000)))
    returns_as: value
  - name: flood
    description: Writes, then returns 20,000 rows.
    parameters: {{type: object, properties: {{}}}}
    effects:
      - UPDATE orders SET status = 'flooded'
    returns: {FOREVER} SELECT x FROM c LIMIT 20000
    returns_as: rows
  - name: first
    description: The first of 20,000 rows.
    parameters: {{type: object, properties: {{}}}}
    returns: {FOREVER} SELECT x FROM c LIMIT 20000
    returns_as: row
"""


def hostile(tmp_path: Path) -> LoadedDomain:
    path = tmp_path / "hostile.yaml"
    path.write_text(DOMAIN)
    domain, problems = check_domain(read_yaml(path, str(path)), tmp_path)
    assert domain is not None and not problems, problems
    return domain


def test_each_hostile_query_is_its_calls_error_and_leaves_the_records(tmp_path: Path) -> None:
    domain = hostile(tmp_path)
    state = domain.new_state()
    results = {name: state.call(name, {}) for name in ("loop", "blob", "flood", "first")}
    assert {k: (r.error, r.content) for k, r in results.items()} == {
        "loop": (True, "Error: loop was stopped: its SQL ran past 20,000,000 steps (a query "
                 "that never ends or reads too much)"),
        "blob": (True, "Error: blob was stopped: a value went over 16 MB (string or blob too "
                 "big)"),
        "flood": (True, "Error: flood was stopped: the result has more than 10,000 rows; the "
                  "tool's returns needs a LIMIT"),
        "first": (False, '{"x": 1}'),
    }  # fmt: skip
    assert state.snapshot() == domain.pristine()  # the flood's update was undone
    state.close()


def test_a_run_on_a_domain_whose_tool_never_ends_finishes(tmp_path: Path) -> None:
    # The tool-use fixture with its lookup replaced by a query that never ends: the scripted
    # support agent calls it, reads the error, and the conversations are stored.
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "tests" / "data" / "tooluse", folder)
    desk = folder / "domains" / "desk.yaml"
    text = desk.read_text()
    lookup = "    returns: SELECT order_id, status, total FROM orders WHERE order_id = :order_id"
    assert lookup in text
    desk.write_text(text.replace(lookup, f"    returns: {FOREVER} SELECT count(*) AS n FROM c"))
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "run", str(folder), "--n", "2", "--seed", "3",
         "--out", str(out), "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # every conversation ended on the domain's fault (an infrastructure error, not graded):
    # exit 1 and one line naming the domain file and the fix
    assert done.returncode == 1, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "domain tool failed: DomainToolError: tool 'get_order' of domain 'desk'" in done.stderr
    assert "fix the tool in the domain file" in done.stderr
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert len(records) == 2
    assert all(r["outcome"]["status"] == "error" for r in records)
    assert all(r["verdict"]["label"] == "ERROR" for r in records)
    stopped = [
        t["content"]
        for r in records
        for t in r["turns"]
        if t["role"] == "tool" and t["name"] == "get_order" and "stopped" in t["content"]
    ]
    assert stopped and all(s.startswith("Error: get_order was stopped") for s in stopped)
