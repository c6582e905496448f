"""A differing record shown to a person: `path: expected X, got Y` for each field that differs.

Apart from the task's grading (`agents.checks.actions`) because it decides nothing: it turns
two snapshot rows into the words of an `end_state` finding and of a graded record's `task`
block, where a reader has to see which field went wrong without reading two JSON documents.
"""

from __future__ import annotations

import json
from typing import Any

from scenarios.domains.runtime import RecordDiff

SHOWN_FIELDS = 6
VALUE_LIMIT = 60


def _record(text: str | None) -> Any:
    """A snapshot row as data; a document table's `doc` column is opened up."""
    if text is None:
        return None
    row = json.loads(text)
    if isinstance(row, dict) and set(row) - {"doc"} and isinstance(row.get("doc"), str):
        try:
            return json.loads(row["doc"])
        except json.JSONDecodeError:
            return row
    return row


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


_MISSING = object()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _paths(want: Any, got: Any, prefix: str, out: list[str]) -> None:
    """`path: expected X, got Y` for each differing leaf (type-strict: 5 is not 5.0)."""
    if isinstance(want, dict) and isinstance(got, dict):
        for key in sorted(set(want) | set(got)):
            _paths(want.get(key, _MISSING), got.get(key, _MISSING), f"{prefix}.{key}", out)
        return
    if isinstance(want, list) and isinstance(got, list):
        for i in range(max(len(want), len(got))):
            w = want[i] if i < len(want) else _MISSING
            g = got[i] if i < len(got) else _MISSING
            _paths(w, g, f"{prefix}[{i}]", out)
        return
    if want is not _MISSING and got is not _MISSING and _canonical(want) == _canonical(got):
        return
    shown_want = "(absent)" if want is _MISSING else _short(want)
    shown_got = "(absent)" if got is _MISSING else _short(got)
    out.append(f"{prefix.lstrip('.')}: expected {shown_want}, got {shown_got}")


def differing_fields(diff: RecordDiff) -> list[str]:
    want, got = _record(diff.expected), _record(diff.actual)
    if want is None:
        return ["the record should not exist"]
    if got is None:
        return ["the record is missing"]
    out: list[str] = []
    _paths(want, got, "", out)
    return out


def describe(diff: RecordDiff) -> str:
    fields = differing_fields(diff)
    more = f"; and {len(fields) - SHOWN_FIELDS} more" if len(fields) > SHOWN_FIELDS else ""
    return f"{diff.table} {diff.key}: " + "; ".join(fields[:SHOWN_FIELDS]) + more
