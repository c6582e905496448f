"""The run store: run.db, the source of truth of a run directory.

SQLite in WAL mode. A finished conversation is written in one transaction (plan, transcript,
turns, verdict), so a crash leaves each conversation stored whole or not at all, and resume
only has to ask which plan indices are done. The schema grows by append-only named migrations
(`m001_initial`, ...), recorded in `_migrations`; a shipped migration is never edited.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from agents.llm.budget import Spent
from agents.types import ConversationPlan, Transcript

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_initial(db: sqlite3.Connection) -> None:
    # Statement by statement: executescript() would commit the migration's transaction.
    script = """
        CREATE TABLE runs (
            id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            config TEXT NOT NULL
        );
        CREATE TABLE plans (
            id TEXT PRIMARY KEY,
            idx INTEGER NOT NULL UNIQUE,
            scenario_id TEXT NOT NULL,
            seed INTEGER NOT NULL,
            plan TEXT NOT NULL
        );
        CREATE TABLE conversations (
            id TEXT PRIMARY KEY REFERENCES plans(id),
            idx INTEGER NOT NULL UNIQUE,
            scenario_id TEXT NOT NULL,
            status TEXT NOT NULL,
            label TEXT,
            n_turns INTEGER NOT NULL,
            transcript TEXT NOT NULL
        );
        CREATE TABLE turns (
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            position INTEGER NOT NULL,
            role TEXT NOT NULL,
            act TEXT,
            content TEXT NOT NULL,
            slots TEXT NOT NULL,
            edge_case TEXT,
            PRIMARY KEY (conversation_id, position)
        );
        CREATE TABLE verdicts (
            conversation_id TEXT PRIMARY KEY REFERENCES conversations(id),
            label TEXT NOT NULL,
            scores TEXT NOT NULL,
            findings TEXT NOT NULL,
            rationale TEXT NOT NULL
        );
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@migration
def m004_coverage(db: sqlite3.Connection) -> None:
    # The planner's mini-batches, stored before they run (resume re-uses them), and the factor
    # values of every conversation that ran (coverage counts what ran).
    # See simulator/run/coverage.py.
    db.execute("CREATE TABLE planned (idx INTEGER PRIMARY KEY, batch INTEGER NOT NULL, spec TEXT)")
    db.execute("CREATE TABLE coverage (idx INTEGER PRIMARY KEY, factors TEXT NOT NULL)")


@migration
def m003_reviews(db: sqlite3.Connection) -> None:
    # Human review decisions (`convsim review`); they win over the critic's label in exports.
    # See simulator/quality/review.py. `seq` orders decisions; a later one replaces an earlier one.
    db.execute(
        "CREATE TABLE reviews (conversation_id TEXT PRIMARY KEY REFERENCES conversations(id),"
        " decision TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', critic_label TEXT,"
        " seq INTEGER NOT NULL)"
    )


@migration
def m005_unrecorded_spend(db: sqlite3.Connection) -> None:
    # Model spending no stored record shows (conversations a budget cut short, failed judge
    # calls), one row per session that ended normally, so a budget counts it on resume.
    db.execute(
        "CREATE TABLE unrecorded_spend (seq INTEGER PRIMARY KEY, calls INTEGER NOT NULL,"
        " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
        " cost_usd REAL NOT NULL)"
    )


@migration
def m006_forks(db: sqlite3.Connection) -> None:
    # Continuations of a stored conversation (`convsim fork`, simulator/forks/fork.py): a tree of
    # children, each with its parent's id, the turn it forked at and its number k there. Kept
    # apart from `conversations` so a run's counts, resume and exports stay those of its plans.
    db.execute(
        "CREATE TABLE forks (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL"
        " REFERENCES conversations(id), fork_turn INTEGER NOT NULL, k INTEGER NOT NULL,"
        " seed INTEGER NOT NULL, engines TEXT NOT NULL, status TEXT NOT NULL, label TEXT,"
        " score REAL, transcript TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX forks_parent ON forks (parent_id, fork_turn, k)")


@migration
def m007_fork_tree(db: sqlite3.Connection) -> None:
    # A fork's parent may be another fork (a fork of a fork, simulator.forks.forktree), so parent_id
    # no longer references `conversations`; the table is rebuilt without that key.
    db.execute(
        "CREATE TABLE forks_tree (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL,"
        " fork_turn INTEGER NOT NULL, k INTEGER NOT NULL, seed INTEGER NOT NULL,"
        " engines TEXT NOT NULL, status TEXT NOT NULL, label TEXT, score REAL,"
        " transcript TEXT NOT NULL)"
    )
    db.execute(
        "INSERT INTO forks_tree (id, parent_id, fork_turn, k, seed, engines, status, label,"
        " score, transcript) SELECT id, parent_id, fork_turn, k, seed, engines, status, label,"
        " score, transcript FROM forks"
    )
    db.execute("DROP TABLE forks")
    db.execute("ALTER TABLE forks_tree RENAME TO forks")
    db.execute("CREATE INDEX forks_parent ON forks (parent_id, fork_turn, k)")


class StoreError(Exception):
    """run.db cannot be used (not a convsim database, or from a newer convsim)."""


class RunBusy(StoreError):
    """Another process is writing this run.db (a second `run` on the same --out)."""


class RunStore:
    """One open run.db. Writes happen on the caller's thread, one transaction each."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        """Open (and migrate) run.db; `readonly` only reads, for checks and `convsim show`."""
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
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate(readonly)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{path} is not a convsim run database ({exc})") from exc
        except StoreError:
            self.close()
            raise

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
        """Store one finished conversation, whole, in one transaction. A conversation stored
        at the same index that ended in error is replaced in that transaction (--retry-errors);
        any other stored one makes this fail: a plan is never stored twice."""
        db = self.db
        verdict = transcript.verdict
        db.execute("BEGIN")
        try:
            self._drop_error(plan.index)
            db.execute(
                "INSERT INTO plans (id, idx, scenario_id, seed, plan) VALUES (?, ?, ?, ?, ?)",
                (plan.id, plan.index, plan.scenario.id, plan.seed, _plan_json(plan)),
            )
            db.execute(
                "INSERT INTO conversations (id, idx, scenario_id, status, label, n_turns,"
                " transcript) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    transcript.id,
                    plan.index,
                    transcript.scenario_id,
                    transcript.outcome.status,
                    verdict.label if verdict else None,
                    len(transcript.turns),
                    transcript.model_dump_json(),
                ),
            )
            db.executemany(
                "INSERT INTO turns (conversation_id, position, role, act, content, slots,"
                " edge_case) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        transcript.id,
                        i,
                        t.role,
                        t.act,
                        t.content,
                        json.dumps(t.slots, sort_keys=True),
                        t.edge_case,
                    )
                    for i, t in enumerate(transcript.turns)
                ],
            )
            if verdict is not None:
                db.execute(
                    "INSERT INTO verdicts (conversation_id, label, scores, findings, rationale)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (
                        transcript.id,
                        verdict.label,
                        json.dumps(verdict.scores, sort_keys=True),
                        json.dumps([f.model_dump(mode="json") for f in verdict.findings]),
                        verdict.rationale,
                    ),
                )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

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
        """Spending of this session that no stored record shows (see m005)."""
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


def _below(sql: str, below: int | None) -> tuple[str, tuple[int, ...]]:
    return (sql, ()) if below is None else (sql + " WHERE idx < ?", (below,))


def _plan_json(plan: ConversationPlan) -> str:
    """The plan without the scenario body (stored once per run via the fingerprint)."""
    data = plan.model_dump(mode="json", exclude={"scenario"})
    data["scenario_id"] = plan.scenario.id
    return json.dumps(data, sort_keys=True, ensure_ascii=False)
