"""Forks of forks: the lineage restore, the nested tree in `convsim show`, the manifest list."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from agents.types import Transcript
from simulator.forks.fork import check_fork_point, continue_from, fork
from simulator.forks.forktree import fork_transcript, lineage
from simulator.run.graph import build_graph
from simulator.run.runner import RunRequest, run, scripted_engines
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
TOOLUSE = ROOT / "tests" / "data" / "tooluse"


def convsim(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "simulator", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def points(t: Transcript, after: int) -> list[int]:
    out = []
    for at in range(after + 1, len(t.turns)):
        try:
            check_fork_point(t, at)
        except Exception:
            continue
        out.append(at)
    return out


def make_tree(out: Path, paths: tuple[Path, ...] = (TOOLUSE,)) -> tuple[Transcript, Transcript]:
    """A run, a fork of its first conversation, and that fork's own fork: (root, child)."""
    run(RunRequest(paths, 2, 7, out, concurrency=2))
    with RunStore(out / "run.db", readonly=True) as store:
        root = next(store.iter_transcripts())
    engines = scripted_engines()
    fork(out, root.id, 2, 2, engines)
    with RunStore(out / "run.db", readonly=True) as store:
        child = fork_transcript(store, f"{root.id}-f2-1")
    assert child is not None
    return root, child


def test_a_fork_of_a_fork_restores_each_turn_under_the_seed_that_wrote_it(tmp_path: Path) -> None:
    """The child continued with its own seed from any of its own turns is the child again:
    the turns before 2 are restored under the root's seed, the rest under the child's."""
    out = tmp_path / "run"
    root, child = make_tree(out)
    engines = scripted_engines()
    graph = build_graph(engines.customer, engines.support, engines.grade)
    with RunStore(out / "run.db", readonly=True) as store:
        line = lineage(store, out, child)
    assert [(start, p.id) for start, p in line.segments] == [(0, root.id), (2, child.id)]
    assert line.leaf.seed == child.seed != root.seed
    checked = 0
    for at in points(child, 2):
        turns, outcome, _ = asyncio.run(
            continue_from(graph, line, line.leaf, child.turns[:at], engines)
        )
        assert [t.model_dump_json() for t in turns] == [t.model_dump_json() for t in child.turns], (
            at
        )
        assert outcome == child.outcome
        checked += 1
    assert checked >= 3


def test_forks_of_forks_are_stored_shown_as_a_tree_and_listed(tmp_path: Path) -> None:
    out = tmp_path / "run"
    root, child = make_tree(out)
    at = points(child, 2)[0]
    done = convsim("fork", str(out), "--id", child.id, "--at", str(at), "--n", "2")
    assert done.returncode == 0, done.stderr
    grandchildren = [f"{child.id}-f{at}-0", f"{child.id}-f{at}-1"]
    assert [line.split()[0] for line in done.stdout.splitlines()[1:]] == grandchildren
    with RunStore(out / "run.db", readonly=True) as store:
        stored = [fork_transcript(store, g) for g in grandchildren]
    for g in stored:
        assert g is not None
        assert [t.model_dump_json() for t in g.turns[:at]] == [
            t.model_dump_json() for t in child.turns[:at]
        ]

    shown = convsim("show", str(out), "--id", root.id).stdout
    tree = [
        f"forks of {root.id}: 2 continuations at 1 turn, 2 more forked from them",
        "└─ turn 2",
        f"   ├─ {root.id}-f2-0",
        f"   └─ {child.id}",
        f"      └─ turn {at}",
        f"         ├─ {grandchildren[0]}",
        f"         └─ {grandchildren[1]}",
    ]
    lines = shown.splitlines()
    start = lines.index(tree[0])
    got = lines[start : start + 7]
    assert got[:2] == tree[:2] and got[4] == tree[4]
    for line, want in zip(got, tree, strict=True):  # then status, label, score
        assert line == want or line.startswith(want + "  "), (line, want)
    assert shown.count(f"fork of {child.id} from turn {at}:") == 2
    own = convsim("show", str(out), "--id", child.id).stdout
    assert f"forks of {child.id}: 2 continuations at 1 turn\n" in own

    manifest = json.loads((out / "manifest.json").read_text())
    listed = [(f["id"], f["parent_id"], f["fork_turn"], f["k"]) for f in manifest["forks"]]
    assert sorted(listed) == sorted(
        [
            (f"{root.id}-f2-0", root.id, 2, 0),
            (child.id, root.id, 2, 1),
            (grandchildren[0], child.id, at, 0),
            (grandchildren[1], child.id, at, 1),
        ]
    )
    first = manifest["forks"][0]
    assert set(first) == {
        "id", "parent_id", "fork_turn", "k", "seed", "engines", "status", "label", "score"
    }  # fmt: skip
    assert first["engines"] == {"critic": "rules", "customer": "scripted", "support": "scripted"}

    # A later session of the run rewrites manifest.json and keeps the list.
    run(RunRequest((TOOLUSE,), 2, 7, out, concurrency=2))
    assert json.loads((out / "manifest.json").read_text())["forks"] == manifest["forks"]


def test_a_fork_before_its_own_turns_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "run"
    root, child = make_tree(out, ())
    for at in (1, 2):
        done = convsim("fork", str(out), "--id", child.id, "--at", str(at))
        assert (done.returncode, done.stdout) == (2, "")
        assert done.stderr == (
            f"convsim: error: --at {at}: {child.id} was forked from {root.id} at turn 2, so "
            f"its own turns start after that; fork it at a turn from 3 on, or fork {root.id} "
            f"at {at}\n"
        )


def test_m007_keeps_the_forks_of_an_older_run_db(tmp_path: Path) -> None:
    """A run.db forked before m007 (parent_id referencing conversations) keeps its rows and
    takes forks of forks after the migration."""
    out = tmp_path / "run"
    run(RunRequest((), 1, 7, out, concurrency=1))
    with RunStore(out / "run.db", readonly=True) as store:
        root = next(store.iter_transcripts())
    fork(out, root.id, 2, 1, scripted_engines())
    db = sqlite3.connect(out / "run.db", isolation_level=None)
    before = db.execute("SELECT * FROM forks").fetchall()
    db.execute("ALTER TABLE forks RENAME TO forks_m007")
    db.execute("DROP INDEX forks_parent")
    db.execute(
        "CREATE TABLE forks (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL"
        " REFERENCES conversations(id), fork_turn INTEGER NOT NULL, k INTEGER NOT NULL,"
        " seed INTEGER NOT NULL, engines TEXT NOT NULL, status TEXT NOT NULL, label TEXT,"
        " score REAL, transcript TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX forks_parent ON forks (parent_id, fork_turn, k)")
    db.execute("INSERT INTO forks SELECT * FROM forks_m007")
    db.execute("DROP TABLE forks_m007")
    db.execute("DELETE FROM _migrations WHERE name = 'm007_fork_tree'")
    db.close()
    child = f"{root.id}-f2-0"
    with RunStore(out / "run.db") as store:  # a writer migrates (read-only opens refuse)
        t = fork_transcript(store, child)
    assert t is not None
    _, made = fork(out, child, len(t.turns) - 1, 1, scripted_engines())
    db = sqlite3.connect(out / "run.db")
    assert db.execute("SELECT * FROM forks WHERE id = ?", (child,)).fetchall() == before
    assert db.execute("SELECT parent_id FROM forks WHERE id = ?", (made[0].id,)).fetchone() == (
        child,
    )
    db.close()


def test_a_fork_of_a_fork_is_a_fork_point_of_the_preference_export(tmp_path: Path) -> None:
    """Its siblings and its parent (a fork) share its prefix: the export reads that point too."""
    out = tmp_path / "run"
    _, child = make_tree(out)
    fork(out, child.id, points(child, 2)[0], 2, scripted_engines())
    done = convsim("export", str(out), "--format", "dpo", "--out", str(out / "dpo.jsonl"),
                   "--keep-undecided")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert " from 2 fork points to " in done.stdout.splitlines()[0], done.stdout
