"""The response cache: SQLite, keyed by a hash of the whole request.

The key covers everything that shapes the answer (endpoint, model, messages, schema,
temperature, max tokens, seed), so a hit is exactly the reply the same request got before; a
re-run of the same seed costs nothing. Keys never include the API key.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from agents.llm.errors import LLMConfigError


def request_key(request: dict[str, Any]) -> str:
    text = json.dumps(request, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, reply TEXT NOT NULL)"
            )
        except (OSError, sqlite3.Error) as exc:
            raise LLMConfigError(f"--cache {path}: cannot open the response cache ({exc})") from exc
        self.path = path
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute("SELECT reply FROM responses WHERE key = ?", (key,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put(self, key: str, reply: dict[str, Any]) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (key, reply) VALUES (?, ?)",
                (key, json.dumps(reply, sort_keys=True)),
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


_OPEN: dict[Path, ResponseCache] = {}


def open_cache(path: Path) -> ResponseCache:
    """One connection per cache file per process, shared by every client using it."""
    resolved = path.resolve()
    if resolved not in _OPEN:
        _OPEN[resolved] = ResponseCache(resolved)
    return _OPEN[resolved]
