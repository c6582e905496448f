"""docs/scenarios.md's key table names exactly the checks and conditions the schema has."""

from __future__ import annotations

import re
from pathlib import Path

from scenarios.conditions import Condition
from scenarios.success import Check

DOC = (Path(__file__).resolve().parent.parent / "docs" / "scenarios.md").read_text(encoding="utf-8")


def row(key: str) -> str:
    match = re.search(rf"^\| `{re.escape(key)}` \|(.*)\|$", DOC, flags=re.M)
    assert match, f"docs/scenarios.md has no row for {key}"
    return match.group(1)


def test_success_row_lists_every_check_kind() -> None:
    named = set(re.findall(r"`([a-z_]+)`", row("success").split("Checks:", 1)[1]))
    assert set(Check.model_fields) <= named


def test_rules_row_lists_every_condition() -> None:
    text = row("support.rules").split("`when` tests variables:", 1)[1].split(".", 1)[0]
    names = set(re.findall(r"`([a-z_]+)`", text))
    fields = {f.alias or name for name, f in Condition.model_fields.items()}
    assert names == fields
