"""The studio keeps to its workspace in what it writes and reads for itself, not only in what a
request names (outsider 29 #2, #3, #9, #10): a `.studio` or `runs` folder that is a symlink out,
a domain whose records file lies elsewhere, deeply nested input and a symlinked report or
transcripts file. Each is refused in one line, nothing is written or read outside, and a refused
review decision is not stored."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from starlette.testclient import TestClient

import scenarios
from scenarios.domains.loader import read_domain
from simulator.run.runner import RunRequest, run
from simulator.studio.pages.app import create_app

LOCAL = "http://127.0.0.1:8765"
LIBRARY = Path(scenarios.__file__).resolve().parent / "library"
SCENARIO = "scenarios/parcel.yaml"
SECRET = "Quillon Vantablack"


def _workspace(tmp_path: Path) -> tuple[Path, Path, TestClient]:
    """A workspace with the shop domain, its customers in a records file, a scenario using it,
    and a folder beside the workspace that the studio must never touch."""
    ws, outside = tmp_path / "ws", tmp_path / "elsewhere"
    (ws / "domains").mkdir(parents=True)
    (ws / "scenarios").mkdir()
    outside.mkdir()
    domain = yaml.safe_load((LIBRARY / "domains" / "ecommerce.yaml").read_text(encoding="utf-8"))
    rows = domain["tables"]["customers"]["records"]
    (ws / "domains" / "customers.json").write_text(json.dumps(rows), encoding="utf-8")
    domain["tables"]["customers"]["records"] = "customers.json"
    (ws / "domains" / "ecommerce.yaml").write_text(yaml.safe_dump(domain), encoding="utf-8")
    leaked = [{**row, "name": SECRET, "email": "vault@internal.test"} for row in rows]
    (outside / "customers.json").write_text(json.dumps(leaked), encoding="utf-8")
    text = (LIBRARY / "ecommerce" / "package-marked-delivered-not-received.yaml").read_text(
        encoding="utf-8"
    )
    (ws / SCENARIO).write_text(text, encoding="utf-8")
    return ws, outside, TestClient(create_app(ws), base_url=LOCAL)


def _body(ws: Path) -> dict[str, str]:
    return {"path": SCENARIO, "text": (ws / SCENARIO).read_text(encoding="utf-8")}


def _everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_studio_folder_linked_out_takes_neither_settings_nor_try_nor_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, outside, client = _workspace(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-unused")
    assert client.post("/api/try", json=_body(ws)).json()["html"]  # tried inside: fine
    before = _everything(outside)
    for name in (".studio", "runs"):
        (outside / name).mkdir()
        if (ws / name).exists():
            os.rmdir(ws / name)  # left empty by the Try above
        (ws / name).symlink_to(outside / name, target_is_directory=True)
    form = {
        "model": "gpt-x",
        "base_url": "http://127.0.0.1:9/v1",
        "key_env": "OPENAI_API_KEY",
        "plays": "judge",
        "do": "save",
    }
    saved = client.post("/settings", data=form)
    assert saved.status_code == 400 and "outside the workspace" in saved.text
    tried = client.post("/api/try", json=_body(ws))
    assert tried.status_code == 403 and "outside the workspace" in tried.text
    kept = client.post("/api/keep", json=_body(ws))
    assert kept.status_code == 403 and "outside the workspace" in kept.text
    assert "Traceback" not in tried.text + kept.text + saved.text
    assert _everything(outside) == sorted([*before, ".studio", "runs"])  # nothing written there
    # A models.json kept outside is not read either: the page says no model is set.
    (outside / ".studio" / "models.json").write_text(
        json.dumps({"model": "m", "base_url": "", "key_env": "OPENAI_API_KEY", "plays": "judge"})
    )
    assert "Now: no AI model." in client.get("/settings").text


@pytest.mark.parametrize("where", ["relative", "absolute", "symlink"])
def test_a_records_file_outside_the_workspace_is_refused_at_its_field(
    tmp_path: Path, where: str
) -> None:
    ws, outside, client = _workspace(tmp_path)
    domain_file = ws / "domains" / "ecommerce.yaml"
    ref = {
        "relative": "../../elsewhere/customers.json",
        "absolute": str(outside / "customers.json"),
        "symlink": "linked.json",
    }[where]
    (ws / "domains" / "linked.json").symlink_to(outside / "customers.json")
    domain_file.write_text(
        domain_file.read_text(encoding="utf-8").replace(
            "records: customers.json", f"records: {ref}"
        )
    )
    checked = client.post("/api/check", json=_body(ws))
    assert checked.status_code == 200
    problems = checked.json()["problems"]
    assert [(p["field"], p["warning"]) for p in problems] == [("tables.customers.records", False)]
    line = problems[0]["text"]
    assert line.startswith("domains/ecommerce.yaml:") and "outside the workspace" in line
    tried = client.post("/api/try", json=_body(ws)).json()
    assert tried["status"] == "fix the problems first"
    kept = client.post("/api/keep", json=_body(ws)).json()
    assert kept["status"] == "fix the problems first"
    for answer in (checked.text, json.dumps(tried), json.dumps(kept)):
        assert SECRET not in answer and "vault@internal.test" not in answer
    assert not (ws / "runs").exists()


def test_a_records_file_edited_while_the_studio_runs_is_read_again(tmp_path: Path) -> None:
    ws, _outside, client = _workspace(tmp_path)
    domain_file = ws / "domains" / "ecommerce.yaml"
    records = ws / "domains" / "customers.json"
    first, problems = read_domain(domain_file)
    assert first is not None and not problems
    assert SECRET not in {r["name"] for r in first.rows("customers")}
    rows = json.loads(records.read_text(encoding="utf-8"))
    rows[0]["name"] = SECRET
    records.write_text(json.dumps(rows) + "\n", encoding="utf-8")  # the domain file unchanged
    again, problems = read_domain(domain_file)
    assert again is not None and not problems
    assert SECRET in {r["name"] for r in again.rows("customers")}
    # Broken records are reported on the next check, not hidden behind the old copy.
    records.write_text("[{", encoding="utf-8")
    checked = client.post("/api/check", json=_body(ws)).json()
    assert any("customers.json" in p["text"] for p in checked["problems"])


def test_deep_nesting_and_a_symlinked_report_answer_one_line(tmp_path: Path) -> None:
    ws, outside, client = _workspace(tmp_path)
    deep_yaml = {"path": "scenarios/deep.yaml", "text": "a: " + "[" * 3000 + "]" * 3000}
    res = client.post("/api/check", json=deep_yaml)
    assert res.status_code == 400 and "nest" in res.text and "Traceback" not in res.text
    deep_json = '{"path": "scenarios/x.yaml", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    res = client.post("/api/check", content=deep_json, headers={"Content-Type": "application/json"})
    assert res.status_code == 400 and "nested too deeply" in res.text
    assert "Traceback" not in res.text and "RecursionError" not in res.text
    out = ws / "runs" / "r"
    run(RunRequest(paths=(ws / SCENARIO,), n=1, seed=3, out=out))
    (outside / "pwn.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (out / "report.html").symlink_to(outside / "pwn.html")
    res = client.get("/report", params={"run": "runs/r"})
    assert res.status_code == 400 and "symbolic link" in res.text and "alert" not in res.text
    assert (outside / "pwn.html").read_text(encoding="utf-8") == "<script>alert(1)</script>"


def test_a_refused_review_decision_is_not_stored(tmp_path: Path) -> None:
    ws, outside, client = _workspace(tmp_path)
    out = ws / "runs" / "r"
    run(RunRequest(paths=(ws / SCENARIO,), n=2, seed=5, out=out))
    db = sqlite3.connect(out / "run.db")
    with db:
        (cid,) = db.execute("SELECT id FROM conversations ORDER BY idx LIMIT 1").fetchone()
        db.execute("UPDATE conversations SET label = 'REVIEW' WHERE id = ?", (cid,))
    db.close()
    (outside / "tx.jsonl").write_text("", encoding="utf-8")
    (out / "transcripts.jsonl").unlink()
    (out / "transcripts.jsonl").symlink_to(outside / "tx.jsonl")
    form = {"run": "runs/r", "id": cid, "decision": "reject", "note": "x"}
    res = client.post("/review", data=form, follow_redirects=False)
    assert res.status_code == 400 and "symbolic link" in res.text and "no decision" in res.text
    db = sqlite3.connect(out / "run.db")
    stored = db.execute("SELECT count(*) FROM reviews").fetchone()[0]
    db.close()
    assert stored == 0
    assert (outside / "tx.jsonl").read_text(encoding="utf-8") == ""
