"""run.db: migrations, one transaction per conversation, ordered streaming reads."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from persona_fixture import ADA

from agents.types import ConversationPlan, Finding, Outcome, Transcript, Turn, Verdict
from scenarios.model import Scenario
from simulator.store.migrations import MIGRATIONS
from simulator.store.rundb import CHECKPOINT_PAGES, PAGE_SIZE, RunStore, StoreError
from simulator.store.rundir import prepare_out

SCENARIO = Scenario.model_validate(
    {
        "id": "test/store",
        "title": "Store test",
        "domain": "test",
        "intent": "store_test",
        "customer": {"goal": "Test the store.", "openings": ["Hello."]},
        "support": {"policy": "Help.", "rules": [{"action": "resolve", "say": ["Done."]}]},
    }
)
PERSONA = ADA


def make(
    index: int, status: str = "resolved", label: str = "ACCEPT", conversation_id: str | None = None
) -> tuple[ConversationPlan, Transcript]:
    plan = ConversationPlan(
        id=f"c{index}",
        run_seed=7,
        index=index,
        seed=100 + index,
        scenario=SCENARIO,
        persona=PERSONA,
        variables={"order_id": "A1"},
    )
    finding = Finding(
        turn=1,
        dimension="policy",
        category="no_verification",
        severity="major",
        evidence="Done.",
        explanation="acted before verifying",
    )
    transcript = Transcript(
        id=conversation_id or plan.id,
        run_id="run-x",
        scenario_id=SCENARIO.id,
        persona=PERSONA,
        edge_cases=[],
        seed=plan.seed,
        variables=plan.variables,
        turns=[
            Turn(role="customer", content="Hello.", act="open"),
            Turn(role="support", content="Done.", act="resolve", slots={"k": "v"}),
        ],
        outcome=Outcome(status=status, reason="because", ended_by="customer"),  # type: ignore[arg-type]
        verdict=Verdict(label=label, scores={"policy": 0.5}, findings=[finding]),  # type: ignore[arg-type]
    )
    return plan, transcript


@pytest.fixture
def store(tmp_path: Path) -> Iterator[RunStore]:
    with RunStore(tmp_path / "run.db") as opened:
        yield opened


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.db") as first:
        assert first.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    with RunStore(tmp_path / "run.db") as again:
        rows = again.db.execute("SELECT name FROM _migrations").fetchall()
    assert sorted(rows) == sorted((m.__name__,) for m in MIGRATIONS)
    assert rows[0] == ("m001_initial",)


def test_a_writer_checkpoints_rarely_and_a_built_run_db_is_a_normal_one(tmp_path: Path) -> None:
    # A checkpoint blocks the event loop on fdatasyncs: a writer makes them every
    # CHECKPOINT_PAGES pages, not SQLite's default 1,000; its pages are PAGE_SIZE bytes, so a
    # conversation's transaction appends fewer bytes to the WAL.
    prepare_out(tmp_path / "run", force=False)  # built with SQLite's syncs off, then fsynced
    with RunStore(tmp_path / "run" / "run.db") as store:
        pragma = {name: store.db.execute(f"PRAGMA {name}").fetchone()[0]
                  for name in ("wal_autocheckpoint", "synchronous", "journal_mode",
                               "page_size")}  # fmt: skip
        assert {r[0] for r in store.db.execute("SELECT name FROM _migrations")} == {
            m.__name__ for m in MIGRATIONS
        }
    assert (CHECKPOINT_PAGES, PAGE_SIZE) == (40_000, 1024)
    assert pragma == {
        "wal_autocheckpoint": 40_000,
        "synchronous": 1,
        "journal_mode": "wal",
        "page_size": 1024,
    }
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["run.db"]


def test_a_db_from_a_newer_convsim_is_refused(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.db") as s:
        s.db.execute("INSERT INTO _migrations (name) VALUES ('m999_future')")
    with pytest.raises(StoreError) as err:
        RunStore(tmp_path / "run.db")
    assert (
        str(err.value)
        == f"{tmp_path / 'run.db'} was made by a newer convsim (migration m999_future)"
    )


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    (tmp_path / "run.db").write_text("hello, not a database\n" * 10)
    with pytest.raises(StoreError, match="is not a convsim run database"):
        RunStore(tmp_path / "run.db")


def test_run_config_round_trip(store: RunStore) -> None:
    assert store.run_config() is None
    store.set_run_config("run-1", "abc", {"seed": 3, "engines": {"customer": "scripted"}})
    assert store.run_config() == ("run-1", "abc", {"seed": 3, "engines": {"customer": "scripted"}})


def test_saved_conversations_stream_in_index_order(store: RunStore) -> None:
    for index, status, label in [
        (2, "escalated", "REVIEW"),
        (0, "resolved", "ACCEPT"),
        (1, "resolved", "REJECT"),
    ]:
        store.save(*make(index, status, label))
    assert list(store.finished_indices()) == [0, 1, 2]
    assert [t.id for t in store.iter_transcripts()] == ["c0", "c1", "c2"]
    assert [json.loads(t)["id"] for t in store.iter_transcript_json(below=2)] == ["c0", "c1"]
    assert store.count() == 3
    assert store.count(below=1) == 1
    assert store.outcome_counts() == {"escalated": 1, "resolved": 2}
    assert store.verdict_counts(below=2) == {"ACCEPT": 1, "REJECT": 1}
    assert store.transcript("c1") == make(1, "resolved", "REJECT")[1]
    assert store.transcript("nope") is None


def test_turns_verdicts_and_plans_are_stored_as_rows(store: RunStore) -> None:
    store.save(*make(0))
    turns = store.db.execute(
        "SELECT position, role, act, content, slots FROM turns ORDER BY position"
    ).fetchall()
    assert turns == [
        (0, "customer", "open", "Hello.", "{}"),
        (1, "support", "resolve", "Done.", '{"k": "v"}'),
    ]
    verdict = store.db.execute("SELECT label, scores, rationale FROM verdicts").fetchone()
    assert verdict == ("ACCEPT", '{"policy": 0.5}', "")
    plan_row = store.db.execute("SELECT id, idx, scenario_id, seed, plan FROM plans").fetchone()
    assert plan_row[:4] == ("c0", 0, "test/store", 100)
    assert json.loads(plan_row[4])["variables"] == {"order_id": "A1"}
    assert "scenario" not in json.loads(plan_row[4])


def test_coverage_is_stored_with_the_conversation_as_the_planner_counts_it(
    store: RunStore,
) -> None:
    """The coverage row is written in the conversation's transaction, equal to what
    `count_stored` reads from the stored plan, so the planner has nothing left to count."""
    from simulator.run.coverage import count_stored, factors_of_plan, uncounted

    store.save(*make(0))
    ((idx, factors),) = store.db.execute("SELECT idx, factors FROM coverage").fetchall()
    (plan,) = store.db.execute("SELECT plan FROM plans").fetchone()
    assert idx == 0
    assert factors == json.dumps(factors_of_plan(json.loads(plan)), sort_keys=True)
    assert json.loads(factors)["scenario"] == ["test/store"]
    assert list(uncounted(store)) == []
    assert count_stored(store) == []
    # A run.db written before (no rows): counted from the stored plans, a span at a time.
    store.save(*make(1))
    store.save(*make(2))
    store.db.execute("DELETE FROM coverage")
    assert [i for i, _, _ in uncounted(store, span=(1, 2))] == [1]
    assert len(count_stored(store, span=(1, 3))) == 2
    assert store.db.execute("SELECT idx FROM coverage ORDER BY idx").fetchall() == [(1,), (2,)]
    assert len(count_stored(store)) == 1
    assert store.db.execute("SELECT factors FROM coverage WHERE idx = 0").fetchone() == (factors,)


def test_a_failed_save_leaves_nothing_behind(store: RunStore) -> None:
    store.save(*make(0))
    plan, transcript = make(1, conversation_id="c0")  # new plan row, duplicate conversation id
    with pytest.raises(sqlite3.IntegrityError):
        store.save(plan, transcript)
    assert store.db.execute("SELECT id FROM plans").fetchall() == [("c0",)]
    assert store.db.execute("SELECT COUNT(*) FROM turns").fetchone() == (2,)
    assert store.db.execute("SELECT idx FROM coverage").fetchall() == [(0,)]
    store.save(*make(1))  # the connection is usable afterwards
    assert list(store.finished_indices()) == [0, 1]


def test_readonly_reads_and_never_writes(tmp_path: Path) -> None:
    with RunStore(tmp_path / "run.db") as writer:
        writer.save(*make(0))
    with RunStore(tmp_path / "run.db", readonly=True) as reader:
        assert [t.id for t in reader.iter_transcripts()] == ["c0"]
        with pytest.raises(sqlite3.OperationalError, match="readonly database"):
            reader.save(*make(1))
    with pytest.raises(StoreError, match="is not a convsim run database"):
        RunStore(tmp_path / "absent.db", readonly=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.db"]
