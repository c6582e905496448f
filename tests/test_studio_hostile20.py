"""The studio against outsider 20's hostile inputs: a review decided while another process
writes the run, and file names longer than the file system takes. Each answers one clear
line (never a 500 and a traceback) and loses nothing."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.run.runner import RunRequest, run
from simulator.store.rundb import RunStore
from simulator.studio.pages.app import create_app
from simulator.studio.trying import reviews

LOCAL = "http://127.0.0.1:8765"
TEMPLATE = "ecommerce/refund-damaged-item.yaml"


def _review_run(client: TestClient, tmp_path: Path) -> tuple[Path, str]:
    res = client.post(
        "/new",
        data={"template": TEMPLATE, "path": "scenarios/mine.yaml", "id": "mine/refund"},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    out = tmp_path / "runs" / "r"
    run(RunRequest(paths=(tmp_path / "scenarios/mine.yaml",), n=2, seed=5, out=out))
    db = sqlite3.connect(out / "run.db")
    with db:
        (cid,) = db.execute("SELECT id FROM conversations ORDER BY idx LIMIT 1").fetchone()
        db.execute("UPDATE conversations SET label = 'REVIEW' WHERE id = ?", (cid,))
    db.close()
    return out, cid


def test_a_decision_while_another_process_writes_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)
    out, cid = _review_run(client, tmp_path)
    monkeypatch.setattr(reviews, "BUSY_WAIT_S", 0.2)
    form = {"run": "runs/r", "id": cid, "decision": "accept", "note": "fine"}
    with RunStore(out / "run.db"):  # holds the writer lock, as `convsim review` would
        res = client.post("/review", data=form, follow_redirects=False)
        page = client.get("/review", params={"run": "runs/r"})
    assert res.status_code == 409, res.text
    assert "another convsim process is writing this run; try again" in res.text
    assert page.status_code == 409 and "try again" in page.text
    assert "<b>undecided</b>" in client.get("/review", params={"run": "runs/r"}).text
    # A writer that lets go within the wait: the decision is taken, not refused.
    monkeypatch.setattr(reviews, "BUSY_WAIT_S", 10.0)
    held = threading.Event()

    def writer() -> None:  # opens and closes the store in its own thread, as SQLite wants
        with RunStore(out / "run.db"):
            held.set()
            time.sleep(0.3)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert held.wait(30)
        res = client.post("/review", data=form, follow_redirects=False)
    finally:
        thread.join()
    assert res.status_code == 303, res.text
    assert "decided: accept (fine)" in client.get("/review", params={"run": "runs/r"}).text


@pytest.mark.parametrize("where", ["save", "edit", "report", "review"])
def test_a_file_name_too_long_is_one_clear_line(tmp_path: Path, where: str) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL, raise_server_exceptions=False)
    name = "a" * 300
    if where == "save":
        res = client.post("/api/save", json={"path": f"scenarios/{name}.yaml", "text": "id: x\n"})
    elif where == "edit":
        res = client.get("/edit", params={"path": f"scenarios/{name}.yaml"})
    else:
        res = client.get(f"/{where}", params={"run": f"runs/{name}"})
    assert res.status_code == 400, res.text
    assert "file name too long" in res.text and "give a shorter name" in res.text
    assert not (tmp_path / "scenarios").exists() or not any((tmp_path / "scenarios").iterdir())


@pytest.mark.parametrize("size", [1_100_000, 6_000_000])
def test_an_oversized_save_is_refused_and_nothing_written(tmp_path: Path, size: int) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)
    text = "id: big/one\n# " + "x" * size + "\n"
    res = client.post("/api/save", json={"path": "scenarios/big.yaml", "text": text})
    assert res.status_code == 413, res.text[:300]
    assert "larger than 1 MB, the limit for a YAML file convsim reads" in res.text
    assert not (tmp_path / "scenarios").exists()  # nothing written, no temp file left
    small = client.post("/api/save", json={"path": "scenarios/ok.yaml", "text": "id: a/b\n"})
    assert small.status_code == 200 and (tmp_path / "scenarios/ok.yaml").is_file()


def test_an_oversized_file_in_the_workspace_is_not_opened(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url=LOCAL)
    big = tmp_path / "scenarios" / "big.yaml"
    big.parent.mkdir()
    big.write_text("id: big/one\n# " + "x" * 3_000_000 + "\n", encoding="utf-8")
    res = client.get("/edit", params={"path": "scenarios/big.yaml"})
    assert res.status_code == 400 and len(res.content) < 20_000
    assert (
        "scenarios/big.yaml: larger than 1 MB, the limit for a YAML file convsim reads; "
        "split it into smaller files" in res.text
    )
