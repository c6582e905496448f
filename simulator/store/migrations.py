"""The schema of run.db, as append-only named migrations (`m001_initial`, ...).

Kept apart from the store's reads and writes because its rule is different: a shipped
migration is never edited, since run directories made by older convsim versions must still
open. Each migration's name is recorded in `_migrations` once applied (`RunStore` applies
the missing ones in order); a new table or column is a new migration at the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

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
