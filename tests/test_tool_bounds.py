"""A domain tool's SQL bounded in time as well as steps (scenarios.domains.bounds).

Before: `printf('%.*c', 900000000, 'x')` held the event loop 4-9 s inside one step (the
progress handler never ran), `instr`/`replace` of 16 MB against 60 KB 17 s each, two-argument
`ltrim`, `like` and `glob` over a minute, a `returns` of 9,000 rows of 1 MB took 9 GB, a blob
in a result raised TypeError out of the tool. And a tool that went past a bound was graded as
the support side's conversation. Now the built-ins answer as SQLite does in bounded time or
refuse, and a call past a bound ends the conversation as a `domain_tool` infrastructure error.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from bots import loopback
from test_target_tools_cli import convsim

from scenarios.domains.bounds import MAX_VALUE_BYTES, guarded_connection
from scenarios.domains.loader import LoadedDomain, check_domain
from scenarios.schema.source import read_yaml

ROOT = Path(__file__).resolve().parent.parent
BIG = "printf('%.*c', 16000000, 'a')"
TOOLS = {
    "printf_star": "SELECT length(printf('%.*c', :n, 'x'))",
    "instr": f"SELECT instr({BIG}, printf('%.*c', 60000, 'a') || 'b')",
    "replace": f"SELECT length(replace({BIG}, printf('%.*c', 60000, 'a') || 'b', 'c'))",
    "ltrim": f"SELECT length(ltrim({BIG}, printf('%.*c', 60000, 'b') || 'a'))",
    "like": f"SELECT {BIG} LIKE '%' || printf('%.*c', 40000, 'a') || 'b'",
    "glob": f"SELECT {BIG} GLOB '*' || printf('%.*c', 40000, 'a') || 'b'",
    "hexrows": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 2000) "
    "SELECT count(*) FROM c WHERE length(hex(zeroblob(8000000 + x))) > 0",
    "bigrows": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 9000) "
    "SELECT printf('%.*c', 1000000, 'x') AS v FROM c",
    "blob": "SELECT x'00ff' AS v",
    "grow": f"SELECT length(replace({BIG}, 'a', 'aa'))",
}


def hostile(tmp_path: Path) -> LoadedDomain:
    lines = ["name: hostile", "description: Hostile SQL.", "tables:", "  orders:",
             "    key: order_id", "    columns: {order_id: text}", "    records:",
             "      - {order_id: W1}", "tools:"]  # fmt: skip
    for name, sql in TOOLS.items():
        lines += [
            f"  - name: {name}",
            "    description: x",
            "    parameters: {type: object, properties: {n: {type: integer}}}",
            "    returns: " + json.dumps(sql),
            "    returns_as: " + ("rows" if name == "bigrows" else "value"),
        ]
    path = tmp_path / "hostile.yaml"
    path.write_text("\n".join(lines) + "\n")
    domain, problems = check_domain(read_yaml(path, str(path)), tmp_path)
    assert domain is not None and not problems, problems
    return domain


@pytest.mark.parametrize(
    ("tool", "error", "content"),
    [
        ("printf_star", False, "null"),  # SQLite's answer (too big: NULL), without the loop
        ("instr", False, "0"),
        ("replace", False, "16000000"),
        ("ltrim", False, "0"),
        ("like", True, "like() was given 40,002 and 16,000,000 characters to compare"),
        ("glob", True, "glob() was given 40,002 and 16,000,000 characters to compare"),
        ("hexrows", True, "ran past 2 s of CPU time"),
        ("bigrows", True, "its result went over 4,000,000 characters"),
        ("blob", True, "its returns gave a blob in column 'v'"),
        ("grow", True, "a value went over 16 MB"),
    ],
)
def test_each_call_answers_or_stops_within_its_bounds(
    tmp_path: Path, tool: str, error: bool, content: str
) -> None:
    domain = hostile(tmp_path)
    state = domain.new_state()
    started = time.monotonic()
    result = state.call(tool, {"n": 900_000_000})
    assert time.monotonic() - started < 30  # each took 9 s to minutes (or GBs) before
    assert result.error is error
    if error:
        assert result.content.startswith(f"Error: {tool} was stopped: ")
        assert content in result.content
        assert state.fault is not None and f"tool {tool!r} of domain 'hostile'" in state.fault
        assert "hostile.yaml" in state.fault and "fix the tool in the domain file" in state.fault
    else:
        assert result.content == content
        assert state.fault is None
    state.close()


def test_printf_with_a_huge_precision_takes_no_time(tmp_path: Path) -> None:
    state = hostile(tmp_path).new_state()
    cpu = time.process_time()
    assert state.call("printf_star", {"n": 900_000_000}).content == "null"
    assert time.process_time() - cpu < 0.5  # 4 s of CPU before
    state.close()


# Each replaced built-in gives SQLite's own answer: the same queries on a guarded connection
# and on a plain one.
VALUES: list[Any] = [None, 0, 7, -3, 1.5, 1e20, "", "abc", "aXbXc", "  pad  ", "ñandú ñ",
                     "日本語", "a\x00b", b"", b"ab\x00", b"\xc3\xb1", "%", "_a%",
                     "x*y?"]  # fmt: skip
CALLS = [
    "instr(?, ?)",
    "replace(?, ?, 'Z')",
    "replace('aXbXc', ?, ?)",
    "trim(?, ?)",
    "ltrim(?, ?)",
    "rtrim(?, ?)",
    "like(?, ?)",
    "? LIKE ? ESCAPE '!'",
    "glob(?, ?)",
    "printf(?, ?)",
    "format(?, ?)",
]
FORMATS = ["%d", "%5.2f", "%.*c", "%*c", "%c", "%s|%q|%Q", "%%", "%y%.*c", "%!.3g", "%,d",
           "%-8s|", "%.3s", "%.4294967297c", "%n%c", "%", "%lld", "%.*s"]  # fmt: skip


def test_the_replaced_functions_answer_as_sqlite_does() -> None:
    guarded, plain = guarded_connection(), sqlite3.connect(":memory:")
    plain.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    for conn in (guarded, plain):  # results that are not UTF-8 compare as their bytes
        conn.text_factory = bytes
    pairs = [(a, b) for a in VALUES for b in VALUES]
    pairs += [(f, v) for f in FORMATS for v in (*VALUES, 3, -5, 2**40 + 3, "12abc")]
    pairs += [("%.17000000c", "x"), ("%.*c", 17_000_000)]  # just over the limit: NULL
    checked = 0
    for call in CALLS:
        for a, b in pairs:
            sql = f"SELECT {call}, typeof({call})"
            want = plain.execute(sql, (a, b, a, b)[: sql.count("?")]).fetchone()
            got = guarded.execute(sql, (a, b, a, b)[: sql.count("?")]).fetchone()
            assert got == want, (call, a, b)
            checked += 1
    assert checked > 3000


FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"


def _world_with_a_hostile_lookup(tmp_path: Path) -> Path:
    folder = tmp_path / "world"
    shutil.copytree(ROOT / "tests" / "data" / "world", folder)
    shop = folder / "domains" / "shop.yaml"
    text = shop.read_text()
    lookup = "    returns: SELECT order_id, status, total FROM orders WHERE order_id = :order_id"
    assert lookup in text
    shop.write_text(text.replace(lookup, f"    returns: {FOREVER} SELECT count(*) AS n FROM c"))
    return folder


def _asks_for_the_order(body: dict[str, Any], headers: Any, path: str) -> dict[str, Any]:
    import httpx

    url = headers.get("X-Convsim-Tools-Url")
    if not url:  # the preflight's greeting
        return {"reply": "Hello, how can I help?"}
    call = {"name": "get_order", "arguments": {"order_id": "W1"}}
    found = httpx.post(f"{url}/call", json=call, timeout=60).json()
    return {"reply": "Let me look." if found["error"] else "Found it."}


def test_a_tool_past_its_bounds_is_the_domains_error_not_the_bots(tmp_path: Path) -> None:
    folder = _world_with_a_hostile_lookup(tmp_path)
    with loopback.serve(_asks_for_the_order) as url:
        target = tmp_path / "bot.yaml"
        target.write_text(f"kind: http\nurl: {url}\nbody:\n  message: '{{message}}'\n")
        out = tmp_path / "run"
        done = convsim("test", str(folder), "--target", str(target), "--n", "2", "--seed",
                       "3", "--out", str(out), "--quiet", "--no-judge")  # fmt: skip
    assert "Traceback" not in done.stderr
    made = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert len(made) == 2
    for record in made:
        assert record["outcome"]["status"] == "error"
        assert record["outcome"]["reason"].startswith("domain tool failed: DomainToolError: ")
        assert "tool 'get_order' of domain 'shop'" in record["outcome"]["reason"]
        assert record["verdict"]["label"] == "ERROR"  # never graded as the bot failing
        tools = [t for t in record["turns"] if t["role"] == "tool"]
        assert tools[0]["content"].startswith("Error: get_order was stopped: its SQL ran past")
    summary = json.loads((out / "report.json").read_text())
    assert "domain_tool" in json.dumps(summary)
    assert "domain_tool" in done.stdout + done.stderr
