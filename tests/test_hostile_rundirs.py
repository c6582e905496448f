"""Run directories that are not what they seem: another program's SQLite file named run.db,
an empty run.db left by a run killed as it started. Refused in one line, never converted.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from simulator.cli import app


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    folder = tmp_path / "foreign"
    folder.mkdir()
    with sqlite3.connect(folder / "run.db") as db:
        db.execute("CREATE TABLE notes (body TEXT)")
        db.execute("INSERT INTO notes VALUES ('mine')")
    db.close()
    return folder


def _tables(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    finally:
        db.close()


@pytest.mark.parametrize(
    "args",
    [("review", "{dir}"), ("fork", "{dir}", "--id", "x", "--at", "1")],
    ids=["review", "fork"],
)
def test_a_foreign_sqlite_run_db_is_refused_not_converted(
    args: tuple[str, ...], foreign: Path
) -> None:
    before = (foreign / "run.db").read_bytes()
    code, out, err = invoke(*(a.format(dir=foreign) for a in args))
    assert (code, out) == (2, "")
    assert err == (
        f"convsim: error: {foreign}/run.db is not a convsim run database (it holds other "
        "tables: notes)\n"
    )
    assert (foreign / "run.db").read_bytes() == before
    assert _tables(foreign / "run.db") == ["notes"]


def test_resuming_into_a_foreign_run_db_is_refused(foreign: Path) -> None:
    code, _, err = invoke("run", "--n", "1", "--out", foreign, "-q")
    assert code == 2
    assert err == (
        f"convsim: error: --out {foreign}: {foreign}/run.db is not a convsim run database (no "
        "such table: _migrations); use --force to start over or choose another --out\n"
    )
    assert _tables(foreign / "run.db") == ["notes"]


@pytest.mark.parametrize(
    "args",
    [
        ("show", "{dir}"),
        ("review", "{dir}"),
        ("export", "{dir}", "--out", "{dir}/x.jsonl"),
        ("fork", "{dir}", "--id", "x", "--at", "1"),
    ],
    ids=["show", "review", "export", "fork"],
)
def test_an_empty_run_db_is_named_not_filled_in(args: tuple[str, ...], tmp_path: Path) -> None:
    (tmp_path / "run.db").write_bytes(b"")
    code, out, err = invoke(*(a.format(dir=tmp_path) for a in args))
    assert (code, out) == (2, "")
    assert err == (
        f"convsim: error: {tmp_path}: run.db is empty (a run stopped as it started); run "
        "convsim run --out DIR again to make it\n"
    )
    assert (tmp_path / "run.db").stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.db"]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run") / "r"
    code, _, err = invoke("run", "--n", "3", "--seed", "2", "--out", out, "-q")
    assert code == 0, err
    return out


@pytest.mark.parametrize(
    "manifest",
    ["[1, 2]", "null", "{broken", '{"config": [1]}', '{"config": {"paths": 5}}',
     '{"config": {"paths": [null], "edge_cases": 7}}', "[" * 100_000 + "]" * 100_000],
    ids=["list", "null", "not-json", "config-list", "paths-number", "wrong-items", "deep"],
)  # fmt: skip
def test_a_reshaped_manifest_reads_as_none(manifest: str, small_run: Path, tmp_path: Path) -> None:
    """run.db is the source of truth: coverage and plan --run fall back to the built-in
    library as when manifest.json is missing, instead of tripping on a value's type."""
    run = tmp_path / "r"
    run.mkdir()
    (run / "run.db").write_bytes((small_run / "run.db").read_bytes())
    expected = {
        cmd: invoke(*cmd, run)[:2] for cmd in (("coverage",), ("plan", "--n", "2", "--run"))
    }
    (run / "manifest.json").write_text(manifest)
    for cmd, (code, out) in expected.items():
        assert code == 0
        assert invoke(*cmd, run)[:2] == (code, out)


@pytest.mark.parametrize("name", ["run.db", "transcripts.jsonl", "manifest.json"])
@pytest.mark.parametrize("command", ["export", "report"])
def test_out_on_the_runs_own_file_is_refused(
    command: str, name: str, small_run: Path, tmp_path: Path
) -> None:
    run = tmp_path / "r"
    run.mkdir()
    for file in ("run.db", "transcripts.jsonl", "manifest.json"):
        (run / file).write_bytes((small_run / file).read_bytes())
    before = {p.name: p.read_bytes() for p in run.iterdir()}
    code, out, err = invoke(command, run, "--out", run / name)
    assert (code, out) == (2, "")
    assert err == (
        f"convsim: error: --out {run / name}: is the run's own {name}; writing there would "
        "destroy the run; choose another --out\n"
    )
    assert {p.name: p.read_bytes() for p in run.iterdir()} == before


def _made(tmp_path: Path) -> Path:
    from simulator.store.rundb import RunStore

    folder = tmp_path / "run"
    folder.mkdir()
    RunStore(folder / "run.db").close()
    return folder


def test_a_run_db_with_damaged_text_is_one_line(tmp_path: Path) -> None:
    """Damaged bytes inside a page SQLite still reads came out as a 58-line UnicodeDecodeError
    from `show` and `export` (outsider 27 #3)."""
    folder = _made(tmp_path)
    with sqlite3.connect(folder / "run.db") as db:
        db.execute(
            "UPDATE _migrations SET name = CAST(X'418b42' AS TEXT)"
            " WHERE rowid = (SELECT MIN(rowid) FROM _migrations)"
        )
    db.close()
    for args in (("show", folder), ("export", folder, "--out", tmp_path / "x.jsonl")):
        code, out, err = invoke(*args)
        assert (code, out) == (2, ""), args
        assert err == (
            f"convsim: error: {folder}/run.db is damaged (text that is not UTF-8 where convsim "
            "wrote text); restore it from a copy, or start the run again in a new --out folder\n"
        ), args
    assert not (tmp_path / "x.jsonl").exists()


def test_a_run_db_that_is_a_folder_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    (folder / "run.db").mkdir(parents=True)
    code, out, err = invoke("show", folder)
    assert (code, out) == (2, "")
    assert err == (
        f"convsim: error: {folder}/run.db is a folder, not a run database; move it away, or run "
        "convsim run --out DIR to make a run elsewhere\n"
    )
