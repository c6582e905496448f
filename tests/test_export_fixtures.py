"""Shared helpers for the export, dedup, privacy and report tests (no tests here).

Runs are made with the real runner (scripted engine), then edited in run.db where a test needs
something the scripted engine never produces: a near-copy of a conversation, a stranger's
email address, token usage and latency.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simulator.run.runner import RunRequest, run

Record = dict[str, Any]


def make_run(out: Path, n: int = 40, seed: int = 11) -> Path:
    run(RunRequest((), n, seed, out, concurrency=4))
    return out


def records(run_dir: Path) -> list[Record]:
    with sqlite3.connect(run_dir / "run.db") as db:
        rows = db.execute("SELECT transcript FROM conversations ORDER BY idx").fetchall()
    return [json.loads(text) for (text,) in rows]


def edit(run_dir: Path, conversation_id: str, change: Callable[[Record], None]) -> None:
    """Change one stored transcript record in place (the conversations table is what's read)."""
    db = sqlite3.connect(run_dir / "run.db")
    try:
        (text,) = db.execute(
            "SELECT transcript FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        record = json.loads(text)
        change(record)
        label = (record.get("verdict") or {}).get("label")
        db.execute(
            "UPDATE conversations SET transcript = ?, label = ? WHERE id = ?",
            (json.dumps(record), label, conversation_id),
        )
        db.commit()
    finally:
        db.close()


def accepted(run_dir: Path) -> list[Record]:
    return [r for r in records(run_dir) if r["verdict"]["label"] == "ACCEPT"]
