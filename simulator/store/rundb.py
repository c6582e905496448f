"""The run store: run.db, the source of truth of a run directory.

SQLite in WAL mode. A finished conversation is written in one transaction (plan, transcript,
turns, verdict), so a crash leaves each conversation stored whole or not at all, and resume
only has to ask which plan indices are done. The schema is `simulator.store.migrations`;
opening a run.db applies the ones it lacks, each in its own transaction.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from agents.llm.budget import Spent
from agents.scrub import known_secrets
from agents.types import ConversationPlan, Transcript
from simulator.errors import LOCKED, disk_trouble
from simulator.store.migrations import MIGRATIONS
from simulator.store.rows import Rows, conversation_rows, without_secrets


class StoreError(Exception):
    """run.db cannot be used (not a convsim database, or from a newer convsim)."""


class RunBusy(StoreError):
    """Another process is writing this run.db (a second `run` on the same --out)."""


# The page size of a run.db convsim builds (SQLite's default is 4,096). A conversation's
# transaction changes a page in each of four indexes on random text ids (plans, conversations,
# turns, verdicts) besides the pages its rows fill, and WAL mode appends every changed page
# whole: 63 KB per conversation with 4 KB pages, 26 KB with 1 KB pages, at about 15% less CPU
# per write (300 stored conversations of the library written again into a fresh run.db).
# Reading a record back takes a few more overflow pages (about 2 us per conversation). A run.db
# made before keeps its page size.
PAGE_SIZE = 1024

# WAL pages between automatic checkpoints (SQLite's default is 1,000). With SQLite's 4 KB
# pages the default checkpointed every 30 or so conversations, and each checkpoint blocks the
# event loop on two fdatasyncs (1-15 ms each on a busy disk): about 8% of a scripted run's wall
# clock that neither its CPU time nor an instruction count shows. A conversation appends about
# 26 KB (PAGE_SIZE), so this checkpoints every 1,500 or so; a checkpoint then also writes each
# table's last page once instead of once per conversation. The WAL file grows to about 40 MB
# at most and is removed when the run closes the database.
CHECKPOINT_PAGES = 40_000

_ANY_ERROR = "SELECT 1 FROM conversations WHERE status = 'error' LIMIT 1"
_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"


class RunStore:
    """One open run.db. Writes happen on the caller's thread, one transaction each."""

    def __init__(self, path: Path, readonly: bool = False, scratch: bool = False) -> None:
        """Open (and migrate) run.db; `readonly` only reads, for checks and `convsim show`.
        `scratch` builds one under another name that its builder fsyncs whole before linking
        it into place (simulator.store.rundir): SQLite's own syncs on the way (about ten,
        1-15 ms each on a busy disk, at the start of every run) would buy nothing."""
        self.path = path
        if readonly and not path.is_file():
            raise StoreError(f"{path} is not a convsim run database (no such file)")
        self._lock: int | None = None
        if not readonly:  # one writer per run directory, released on close (or process end)
            self._lock = _exclusive(path)
        # Not `mode=ro`: a read-only connection to a WAL database leaves -wal/-shm files behind,
        # while a normal one removes them on close. `query_only` refuses writes instead.
        self.db = sqlite3.connect(path, isolation_level=None)
        try:
            if readonly:
                self.db.execute("PRAGMA query_only=ON")
            else:
                self._refuse_foreign()
                if scratch:  # before the switch to WAL, which is itself a synced commit
                    self.db.execute("PRAGMA synchronous=OFF")
                    self.db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # before any table
                self.db.execute("PRAGMA journal_mode=WAL")
                if not scratch:
                    self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
                self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate(readonly)
            # Whether a conversation that ended in error may be stored: only then does `write`
            # look for one to replace (every write of a fresh run would ask SQLite in vain).
            self._errors = self.db.execute(_ANY_ERROR).fetchone() is not None
        except sqlite3.DatabaseError as exc:
            self.close()
            why = disk_trouble(exc)
            if why is not None and why.startswith(LOCKED):  # another program's transaction
                raise StoreError(f"{path}: cannot open it: {why}") from exc
            if why is not None:  # the disk refused, not the file
                raise StoreError(
                    f"{path}: cannot open it ({exc}); SQLite writes its -wal and -shm files "
                    "beside it: free space on that disk and make the folder writable"
                ) from exc
            if "decode" in str(exc):  # sqlite3's own word for text that is not UTF-8
                raise StoreError(_damaged(path)) from exc
            raise StoreError(f"{path} is not a convsim run database ({exc})") from exc
        except UnicodeDecodeError as exc:  # damaged bytes inside a page SQLite still reads
            self.close()
            raise StoreError(_damaged(path)) from exc
        except StoreError:
            self.close()
            raise

    def _refuse_foreign(self) -> None:
        """Some other program's SQLite file named run.db is refused before anything touches
        it (even the journal mode): only a database convsim made, or an empty one, gets the
        run tables."""
        tables = {row[0] for row in self.db.execute(_TABLES)}
        if tables and "_migrations" not in tables:
            raise StoreError(
                f"{self.path} is not a convsim run database (it holds other tables: "
                f"{', '.join(sorted(tables)[:3])})"
            )

    def _migrate(self, readonly: bool) -> None:
        if not readonly:
            self.db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY)")
        done = {row[0] for row in self.db.execute("SELECT name FROM _migrations")}
        known = {m.__name__ for m in MIGRATIONS}
        if unknown := sorted(done - known):
            raise StoreError(f"{self.path} was made by a newer convsim (migration {unknown[0]})")
        if readonly:
            if missing := [m.__name__ for m in MIGRATIONS if m.__name__ not in done]:
                raise StoreError(f"{self.path} needs migration {missing[0]}; run convsim run on it")
            return
        for step in MIGRATIONS:
            if step.__name__ in done:
                continue
            self.db.execute("BEGIN IMMEDIATE")
            try:
                step(self.db)
                self.db.execute("INSERT INTO _migrations (name) VALUES (?)", (step.__name__,))
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    @staticmethod
    def check_idle(path: Path) -> None:
        """RunBusy if a process is writing `path` (before --force deletes it)."""
        fd = _exclusive(path)
        if fd is not None:
            lock_path(path).unlink(missing_ok=True)
            os.close(fd)

    def close(self) -> None:
        self.db.close()
        if self._lock is not None:  # no file left behind: removed while still held
            lock_path(self.path).unlink(missing_ok=True)
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the run's identity -------------------------------------------------------------
    def run_config(self) -> tuple[str, str, dict[str, Any]] | None:
        """(run id, fingerprint, config) of the run stored here, or None for a fresh db."""
        row = self.db.execute("SELECT id, fingerprint, config FROM runs").fetchone()
        return None if row is None else (row[0], row[1], json.loads(row[2]))

    def set_run_config(self, run_id: str, fingerprint: str, config: dict[str, Any]) -> None:
        text = json.dumps(config, sort_keys=True)
        self.db.execute(
            "INSERT INTO runs (id, fingerprint, config) VALUES (?, ?, ?)",
            (run_id, fingerprint, text),
        )

    # --- conversations ------------------------------------------------------------------
    def save(self, plan: ConversationPlan, transcript: Transcript) -> None:
        """Store one finished conversation, whole, in one transaction (see `write`)."""
        self.write(conversation_rows(plan, transcript))

    def write(self, rows: Rows) -> None:
        """Store one finished conversation's rows, whole, in one transaction. A conversation
        stored at the same index that ended in error is replaced in that transaction
        (--retry-errors); any other stored one makes this fail: a plan is never stored twice."""
        rows = without_secrets(rows, known_secrets())
        db = self.db
        db.execute("BEGIN")
        try:
            if self._errors:
                self._drop_error(rows.index)
            db.execute(
                "INSERT INTO plans (id, idx, scenario_id, seed, plan) VALUES (?, ?, ?, ?, ?)",
                rows.plan,
            )
            db.execute(
                "INSERT INTO conversations (id, idx, scenario_id, status, label, n_turns,"
                " transcript) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.conversation,
            )
            db.executemany(
                "INSERT INTO turns (conversation_id, position, role, act, content, slots,"
                " edge_case) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows.turns,
            )
            if rows.verdict is not None:
                db.execute(
                    "INSERT INTO verdicts (conversation_id, label, scores, findings, rationale)"
                    " VALUES (?, ?, ?, ?, ?)",
                    rows.verdict,
                )
            if rows.coverage is not None:  # counted as it is stored: one transaction
                db.execute(
                    "INSERT INTO coverage (idx, factors) VALUES (?, ?)", (rows.index, rows.coverage)
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
        if rows.conversation[3] == "error":
            self._errors = True

    def _drop_error(self, index: int) -> None:
        row = self.db.execute(
            "SELECT id FROM conversations WHERE idx = ? AND status = 'error'", (index,)
        ).fetchone()
        if row is None:
            return
        for table, key in _CONVERSATION_ROWS:
            self.db.execute(f"DELETE FROM {table} WHERE {key} = ?", (row[0],))
        # Coverage counts what ran: the replacement is counted afresh.
        self.db.execute("DELETE FROM coverage WHERE idx = ?", (index,))

    def error_indices(self, below: int | None = None) -> list[int]:
        """Indices of stored conversations that ended in an infrastructure error."""
        sql = "SELECT idx FROM conversations WHERE status = 'error' AND idx < ? ORDER BY idx"
        limit = below if below is not None else 2**63 - 1
        return [idx for (idx,) in self.db.execute(sql, (limit,))]

    def finished_indices(self) -> Iterator[int]:
        """Indices of stored conversations, ascending, streamed (resume merges against it)."""
        for (idx,) in self.db.execute("SELECT idx FROM conversations ORDER BY idx"):
            yield idx

    def count(self, below: int | None = None) -> int:
        sql, args = _below("SELECT COUNT(*) FROM conversations", below)
        (n,) = self.db.execute(sql, args).fetchone()
        return int(n)

    def iter_transcript_json(self, below: int | None = None) -> Iterator[str]:
        """Transcript records as stored JSON text, in plan-index order, one row at a time."""
        sql, args = _below("SELECT transcript FROM conversations", below)
        for (text,) in self.db.execute(sql + " ORDER BY idx", args):
            yield text

    def iter_transcripts(self, below: int | None = None) -> Iterator[Transcript]:
        for text in self.iter_transcript_json(below):
            yield Transcript.model_validate_json(text)

    def transcript(self, conversation_id: str) -> Transcript | None:
        row = self.db.execute(
            "SELECT transcript FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        return None if row is None else Transcript.model_validate_json(row[0])

    def llm_spent(self) -> Spent:
        """Model usage every stored conversation records (its transcript's `usage` block), for
        a budget that spans sessions. All indices: what the directory spent, whatever --n."""
        row = self.db.execute(
            "SELECT COUNT(*), SUM((SELECT SUM(json_extract(value, '$.calls')) FROM"
            " json_each(u, '$.llm'))), SUM((SELECT SUM(json_extract(value, '$.cached')) FROM"
            " json_each(u, '$.llm'))), SUM(json_extract(u, '$.prompt_tokens')),"
            " SUM(json_extract(u, '$.completion_tokens')), SUM(json_extract(u, '$.cost_usd'))"
            " FROM (SELECT json_extract(transcript, '$.usage') AS u FROM conversations)"
        ).fetchone()
        n, calls, cached, prompt, completion, cost = (v or 0 for v in row)
        extra = self.db.execute(
            "SELECT SUM(calls), SUM(prompt_tokens), SUM(completion_tokens), SUM(cost_usd)"
            " FROM unrecorded_spend"
        ).fetchone()
        x_calls, x_prompt, x_completion, x_cost = (v or 0 for v in extra)
        return Spent(
            int(n),
            int(calls + x_calls),
            int(cached),
            int(prompt + x_prompt),
            int(completion + x_completion),
            float(cost + x_cost),
        )

    def add_unrecorded(self, spent: Spent) -> None:
        """Spending of this session that no stored record shows (table unrecorded_spend, m005)."""
        self.db.execute(
            "INSERT INTO unrecorded_spend (calls, prompt_tokens, completion_tokens, cost_usd)"
            " VALUES (?, ?, ?, ?)",
            (spent.calls, spent.prompt_tokens, spent.completion_tokens, spent.cost_usd),
        )

    def outcome_counts(self, below: int | None = None) -> dict[str, int]:
        return self._group("status", below)

    def verdict_counts(self, below: int | None = None) -> dict[str, int]:
        return self._group("COALESCE(label, 'none')", below)

    def _group(self, column: str, below: int | None) -> dict[str, int]:
        sql, args = _below(f"SELECT {column}, COUNT(*) FROM conversations", below)
        rows = self.db.execute(sql + " GROUP BY 1 ORDER BY 1", args)
        return {str(key): int(n) for key, n in rows}


# What a stored conversation is made of, children first (foreign keys).
_CONVERSATION_ROWS = (
    ("turns", "conversation_id"),
    ("verdicts", "conversation_id"),
    ("reviews", "conversation_id"),
    ("conversations", "id"),
    ("plans", "id"),
)


def lock_path(db: Path) -> Path:
    """The file a writer of `db` holds an flock on (`.run.db.lock`)."""
    return db.with_name(f".{db.name}.lock")


def _exclusive(path: Path) -> int | None:
    """An exclusive flock on `path` (created if missing), or RunBusy. None where there is no
    flock (not POSIX): there, two writers are not kept apart."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return None
    # A file of its own: closing a descriptor of run.db itself would drop the POSIX locks
    # SQLite holds on it in this process.
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise RunBusy(f"{path.parent}: another convsim process is writing this run") from None
    return fd


def _damaged(path: Path) -> str:
    """Bytes changed inside a page SQLite still reads (a bad disk, a bad copy): outsider 27."""
    return (
        f"{path} is damaged (text that is not UTF-8 where convsim wrote text); restore it from "
        "a copy, or start the run again in a new --out folder"
    )


def read_snapshot(path: Path) -> RunStore:
    """run.db at `path`, read-only, inside one read transaction (a WAL snapshot): everything
    read through it is the run as it was when it was opened, though another process is still
    writing it (an export that counted in one pass and wrote in the next said "exported 83 of
    65"; `show --limit` and `show --id` disagreed). Raises StoreError."""
    store = RunStore(path, readonly=True)
    try:
        store.db.execute("BEGIN")
        store.db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the snapshot starts
    except sqlite3.Error as exc:
        store.close()
        raise StoreError(f"{path}: cannot read it ({exc})") from exc
    return store


def writer_active(path: Path) -> bool:
    """Whether a convsim process is writing the run of `path` now (it holds the lock file
    `_exclusive` takes). Probed with a shared lock, released at once; no file is made."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(lock_path(path), os.O_RDONLY)
    except OSError:  # no lock file: no writer (a writer removes it as it finishes)
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # drops the shared lock, if it was taken
    return False


def _below(sql: str, below: int | None) -> tuple[str, tuple[int, ...]]:
    return (sql, ()) if below is None else (sql + " WHERE idx < ?", (below,))
