"""The scripted support fills a lookup's parameter from the customer's fact it is named for
(`name` from `reader_name`), the way the critic already reads such a call as checking the fact.

Outsider 30's card desk had `find_customer(name, date_of_birth)` and a fact `customer_name`:
the scripted support never called the lookup (it matched parameters to facts by the exact
name only), so convsim's own support failed its own critic in 9 of 10 conversations on a
lint-clean scenario ("... without checking the customer name against the records").
Told here with a library's fines desk.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

DOMAIN = {
    "name": "finesdesk",
    "description": "A city library's fines desk.",
    "tables": {
        "readers": {
            "key": "reader_id",
            "columns": {"reader_id": "text", "name": "text", "postcode": "text"},
            "records": [
                {"reader_id": "R1", "name": "Ines Moreau", "postcode": "LS6 2AB"},
                {"reader_id": "R2", "name": "Tomas Lind", "postcode": "YO1 7HH"},
            ],
        },
        "fines": {
            "key": "fine_id",
            "columns": {
                "fine_id": "text",
                "reader_id": "text",
                "amount": "real",
                "waived": "boolean",
            },
            "records": [
                {"fine_id": "F10", "reader_id": "R1", "amount": 2.4, "waived": False},
                {"fine_id": "F11", "reader_id": "R2", "amount": 5.1, "waived": False},
            ],
        },
    },
    "tools": [
        {
            "name": "find_reader",
            "description": "A reader by full name and postcode; refuses when they do not match.",
            "parameters": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "postcode": {"type": "string"}},
                "required": ["name", "postcode"],
            },
            "requires": [
                {
                    "sql": "SELECT 1 FROM readers WHERE lower(name) = lower(:name) "
                    "AND postcode = :postcode",
                    "error": "Error: no reader matches that name and postcode",
                }
            ],
            "returns": "SELECT reader_id, name FROM readers WHERE lower(name) = lower(:name) "
            "AND postcode = :postcode",
            "returns_as": "row",
        },
        {
            "name": "list_fines",
            "description": "A reader's fines.",
            "parameters": {
                "type": "object",
                "properties": {"reader_id": {"type": "string"}},
                "required": ["reader_id"],
            },
            "returns": "SELECT fine_id, amount, waived FROM fines WHERE reader_id = :reader_id",
        },
        {
            "name": "waive_fine",
            "description": "Waive a reader's fine.",
            "parameters": {
                "type": "object",
                "properties": {"fine_id": {"type": "string"}},
                "required": ["fine_id"],
            },
            "requires": [
                {
                    "sql": "SELECT 1 FROM fines WHERE fine_id = :fine_id AND waived = 0",
                    "error": "Error: fine {fine_id} is already waived",
                }
            ],
            "effects": ["UPDATE fines SET waived = 1 WHERE fine_id = :fine_id"],
            "returns": "SELECT fine_id, waived FROM fines WHERE fine_id = :fine_id",
            "returns_as": "row",
        },
    ],
}

THIS_READER = {"reader_id": "{reader_id}"}

SCENARIO = {
    "id": "fines/waive-first-fine",
    "title": "Waive a first late-return fine",
    "domain": "library",
    "intent": "fine_waiver",
    "world": "finesdesk",
    "variables": {
        "reader_id": {"record": "readers"},
        "reader_name": {"record": "readers", "column": "name", "where": THIS_READER},
        "postcode": {"record": "readers", "column": "postcode", "where": THIS_READER},
        "fine_id": {"record": "fines", "column": "fine_id", "where": THIS_READER},
    },
    "customer": {
        "goal": "My first ever late fine should be waived, as the library promises.",
        "knows": {"reader_name": "{reader_name}", "postcode": "{postcode}"},
        "reveal_only_when_asked": ["reader_name", "postcode"],
        "openings": {"en": ["Hello, I got a late fine for the first time. Can you waive it?"]},
    },
    "support": {
        "policy": "Check the reader's full name and postcode against the records (find_reader) "
        "before waiving anything. A first fine is waived.",
        "verify": ["reader_name", "postcode"],
        "rules": [{"action": "resolve", "say": {"en": ["Done: your fine is waived."]}}],
    },
    "expect": {"actions": [{"tool": "waive_fine", "arguments": {"fine_id": "{fine_id}"}}]},
    "max_turns": 12,
}

ARGS = ["--n", "4", "--seed", "5", "--quiet", "--languages", "en", "--out"]


def test_the_scripted_support_looks_the_reader_up_by_the_fact_named_for_the_parameter(
    tmp_path: Path,
) -> None:
    (tmp_path / "desk" / "domains").mkdir(parents=True)
    (tmp_path / "desk" / "domains" / "finesdesk.yaml").write_text(yaml.safe_dump(DOMAIN))
    (tmp_path / "desk" / "waive.yaml").write_text(yaml.safe_dump(SCENARIO))
    out = tmp_path / "run"
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "run", str(tmp_path / "desk"), *ARGS, str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]
    assert len(records) == 4
    for record in records:
        calls = [c for t in record["turns"] for c in t.get("tool_calls") or []]
        lookups = [c for c in calls if c["name"] == "find_reader"]
        assert lookups, record["id"]
        assert set(lookups[0]["arguments"]) == {"name", "postcode"}
        findings = [f["category"] for f in record["verdict"]["findings"]]
        assert findings == [], (record["id"], findings)
        assert record["verdict"]["label"] == "ACCEPT", record["id"]
