"""The studio's endpoints through Starlette's TestClient, and `convsim studio` as a process."""

from __future__ import annotations

import html
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from scenarios.lint import lint
from scenarios.loader import load_scenarios
from simulator.run.runner import RunRequest, run
from simulator.studio.pages.app import create_app
from simulator.studio.trying.runs import facets, option_words, read_records

TEMPLATE = "ecommerce/refund-damaged-item.yaml"
LOCAL = "http://127.0.0.1:8765"  # the guard answers loopback host names only


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url=LOCAL)


def _create(client: TestClient, rel: str = "scenarios/mine.yaml") -> str:
    res = client.post(
        "/new",
        data={"template": TEMPLATE, "path": rel, "id": "mine/refund"},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    assert res.headers["location"] == f"/edit?path={rel}"
    return rel


def test_create_from_template_lists_and_edits(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    text = (tmp_path / rel).read_text(encoding="utf-8")
    assert "\nid: mine/refund\n" in text and text.startswith("# yaml-language-server")
    assert rel in client.get("/").text
    page = client.get("/edit", params={"path": rel}).text
    assert "mine/refund" in page and "wrong_identifier" in page  # edge cases listed
    again = client.post("/new", data={"template": TEMPLATE, "path": rel, "id": "x/y"})
    assert again.status_code == 400 and "already exists; pick another name" in again.text


def test_check_reports_lint_wording_with_the_file_name(client: TestClient) -> None:
    rel = _create(client)
    text = client.get("/edit", params={"path": rel}).text  # sanity: page renders
    assert '<textarea id="yaml"' in text or "id='yaml'" in text
    bad = "id: a/b\ntitle: T\ndomain: d\nintent: i\ncustomer:\n\tgoal: g\n"
    res = client.post("/api/check", json={"path": rel, "text": bad}).json()
    assert [p["text"] for p in res["problems"]] == [
        f"{rel}:6: this line is indented with a tab; YAML indents with spaces only: "
        "replace the tab with spaces"
    ]


def test_problem_at_field_fix_save_round_trip_keeps_comments(
    client: TestClient, tmp_path: Path
) -> None:
    rel = _create(client)
    text = "# my note about this scenario\n" + (tmp_path / rel).read_text(encoding="utf-8")
    broken = re.sub(r"(?m)^edge_cases: \[", "edge_cases: [demand_manager, ", text)
    res = client.post("/api/check", json={"path": rel, "text": broken}).json()
    assert [(p["field"], p["message"]) for p in res["problems"]] == [
        ("edge_cases[0]", "unknown edge case 'demand_manager' (did you mean 'demands_manager'?)")
    ]
    form = client.post(
        "/api/form", json={"path": rel, "text": text, "values": {"title": "My refund"}}
    ).json()
    assert form["form"]["title"] == "My refund"
    new_text = form["new_text"]
    assert new_text.startswith("# my note about this scenario\n")
    assert new_text == text.replace(
        re.search(r"(?m)^title: .*$", text).group(0),  # type: ignore[union-attr]
        "title: My refund",
    )
    saved = client.post("/api/save", json={"path": rel, "text": new_text}).json()
    assert saved["status"] == f"saved {rel}" and saved["problems"] == []
    assert (tmp_path / rel).read_text(encoding="utf-8") == new_text
    assert [p.name for p in (tmp_path / rel).parent.iterdir()] == ["mine.yaml"]  # no temp left
    assert lint([tmp_path / rel]) == []


def test_try_shows_conversations_with_verdicts(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    text = (tmp_path / rel).read_text(encoding="utf-8")
    res = client.post("/api/try", json={"path": rel, "text": text}).json()
    assert res["status"] == (
        "5 of 5 conversations (without an AI model). Try again for five different ones"
    )
    assert res["html"].count('class="conv"') == 5 and res["next_seed"] == 2
    assert re.search(r"verdict <b class='(ACCEPT|REJECT|UNDECIDED|REVIEW)'>", res["html"])
    # Offline, the template's judged criterion is never decided: never a green ACCEPT for it.
    assert "<b class='ACCEPT'>" not in res["html"]
    unjudged = "Not checked (needs an <a href='/settings'>AI model</a>): states_refund_terms"
    assert unjudged in res["html"]
    assert not (tmp_path / ".studio").exists() or not any((tmp_path / ".studio").iterdir())
    broken = client.post("/api/try", json={"path": rel, "text": "id: [\n"}).json()
    assert broken["status"] == "fix the problems first"


def test_browse_runs_filters_and_report(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    run(RunRequest(paths=(tmp_path / rel,), n=4, seed=3, out=tmp_path / "runs" / "r1"))
    page = client.get("/runs").text
    assert "runs/r1" in page and "4 of 4 conversations" in page
    assert "0 of 4 conversations" in client.get("/runs", params={"scenario": "nope"}).text
    assert "4 of 4" in client.get("/runs", params={"scenario": "mine/refund"}).text
    assert "0 of 4" in client.get("/runs", params={"q": "zzqqxx-never-said"}).text
    # Filters in the cards' words, the stored value in the address (walkthrough 5).
    records = list(read_records(tmp_path / "runs" / "r1" / "transcripts.jsonl"))
    for key, values in facets(records).items():
        for value in values:
            shown = f"<option value='{value}'>{html.escape(option_words(key, value))}</option>"
            assert shown.replace("&#x27;", "'") in page.replace("&#x27;", "'")
    assert option_words("outcome", "abandoned") == "customer left (abandoned)"
    assert option_words("verdict", "ACCEPT") == "no problem found (ACCEPT)"
    assert option_words("edge_case", "wrong_identifier") == "gives a wrong identifier first"
    assert option_words("trait", "tech_savviness=low") == "tech savviness: low"
    # And the rule each conversation's values select, as Try shows it.
    [scenario] = load_scenarios([tmp_path / rel])
    rules = scenario.support.rules
    for record in records:
        rule = scenario.support.rule_for(record["variables"])
        assert rule is not None
        assert f" · Rule {rules.index(rule) + 1} applies</div>" in page
    assert page.count(" applies</div>") == len(records)
    report = client.get("/report", params={"run": "runs/r1"})
    assert report.status_code == 200 and "<html" in report.text.lower()


@pytest.mark.parametrize(
    "path", ["../outside.yaml", "/etc/passwd", "scenarios/../../outside.yaml", "link/x.yaml"]
)
def test_paths_outside_the_workspace_are_refused(tmp_path: Path, path: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.yaml").write_text("id: secret\n", encoding="utf-8")
    os.symlink(tmp_path / "outside", work / "link")
    client = TestClient(create_app(work), base_url=LOCAL)
    assert client.get("/edit", params={"path": path}).status_code == 403
    res = client.post("/api/save", json={"path": path, "text": "id: pwned\n"})
    assert res.status_code == 403 and "refused" in res.text
    assert (tmp_path / "outside" / "x.yaml").read_text(encoding="utf-8") == "id: secret\n"
    assert not (tmp_path / "outside.yaml").exists()
    assert client.get("/report", params={"run": path}).status_code == 403


def test_scenario_text_is_escaped(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("title: </textarea><script>alert(1)</script>\n", "utf-8")
    page = client.get("/edit", params={"path": "x.yaml"}).text
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("new", [False, True])
def test_cli_serves_on_loopback(tmp_path: Path, new: bool) -> None:
    """A workspace that does not exist yet is made (the docs' first line names a new one)."""
    port = _free_port()
    folder = tmp_path / "ws" if new else tmp_path
    argv = [sys.executable, "-m", "simulator", "studio", str(folder), "--port", str(port)]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as p:
        try:
            for _ in range(100):
                try:
                    res = httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail("studio did not start")
            assert res.status_code == 200 and "New scenario</h2>" in res.text
        finally:
            p.terminate()
            out = p.communicate(timeout=10)[0]
    kind = "new workspace" if new else "workspace"
    assert out.splitlines()[0] == (
        f"convsim studio: {kind} {folder.resolve()} on http://127.0.0.1:{port}"
    )
    assert folder.is_dir()


def test_cli_missing_folder_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "simulator", "studio", str(tmp_path / "nope" / "ws")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr == (
        f"convsim: error: {tmp_path / 'nope' / 'ws'}: no such folder, nor {tmp_path / 'nope'}; "
        "give the workspace folder (default: .), or a new one inside an existing folder\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_cleared_form_field_keeps_its_line(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    text = (tmp_path / rel).read_text(encoding="utf-8")
    lines = text.splitlines()
    cleared = client.post("/api/form", json={"path": rel, "text": text, "values": {"id": ""}})
    retyped = client.post(
        "/api/form",
        json={"path": rel, "text": cleared.json()["new_text"], "values": {"id": "mine/again"}},
    ).json()["new_text"]
    assert retyped.splitlines() == [
        "id: mine/again" if line.startswith("id: ") else line for line in lines
    ]
    no_id = "\n".join(line for line in lines if not line.startswith("id: ")) + "\n"
    added = client.post(
        "/api/form", json={"path": rel, "text": no_id, "values": {"id": "mine/new"}}
    ).json()["new_text"]
    assert added.splitlines()[1] == "id: mine/new"


def test_edge_case_added_to_block_or_flow_list(client: TestClient) -> None:
    rel = "s.yaml"
    block = "id: a/b  # mine\nedge_cases:\n  - demands_manager  # why\n"
    res = client.post("/api/edge-case", json={"path": rel, "text": block, "id": "impatient"})
    assert res.json()["new_text"] == block + "  - impatient\n"
    res = client.post("/api/edge-case", json={"path": rel, "text": "id: a/b\n", "id": "impatient"})
    assert res.json()["new_text"] == "id: a/b\nedge_cases: [impatient]\n"
    res = client.post("/api/edge-case", json={"path": rel, "text": "id: a/b\n", "id": "nope"})
    assert res.json()["status"] == "situation not added: unknown situation 'nope'"


def test_only_yaml_files_are_read_or_written(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "run.db").write_bytes(b"\0sqlite")
    res = client.post("/api/save", json={"path": "run.db", "text": "x"})
    assert res.status_code == 400 and "run.db: not a scenario file; give a .yaml file" in res.text
    assert (tmp_path / "run.db").read_bytes() == b"\0sqlite"
    assert client.get("/edit", params={"path": "run.db"}).status_code == 400


def test_review_decision_is_stored_and_seen_by_export(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    out = tmp_path / "runs" / "r"
    run(RunRequest(paths=(tmp_path / rel,), n=3, seed=5, out=out))
    db = sqlite3.connect(out / "run.db")  # make one a REVIEW item, as the critic would
    with db:
        (cid,) = db.execute("SELECT id FROM conversations ORDER BY idx LIMIT 1").fetchone()
        db.execute("UPDATE conversations SET label = 'REVIEW' WHERE id = ?", (cid,))
    db.close()
    page = client.get("/review", params={"run": "runs/r"}).text
    assert "1 conversations the critic sent to review" in page and "undecided" in page
    res = client.post(
        "/review",
        data={"run": "runs/r", "id": cid, "decision": "reject", "note": "rude <b>"},
        follow_redirects=False,
    )
    assert res.status_code == 303
    assert (
        "decided: reject (rude &lt;b&gt;)" in client.get("/review", params={"run": "runs/r"}).text
    )
    bad = client.post("/review", data={"run": "runs/r", "id": cid, "decision": "maybe"})
    assert (
        bad.status_code == 400
        and "decision &#x27;maybe&#x27;: give accept, reject or skip" in bad.text
    )
    records = [
        json.loads(line)
        for line in (out / "transcripts.jsonl").read_text("utf-8").split("\n")
        if line
    ]
    (reviewed,) = [r for r in records if "review" in r]
    assert (reviewed["id"], reviewed["review"]["decision"], reviewed["review"]["note"]) == (
        cid,
        "reject",
        "rude <b>",
    )
    export = tmp_path / "export.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator",
            "export",
            str(out),
            "--format",
            "jsonl",
            "--out",
            str(export),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    exported = [json.loads(line) for line in export.read_text("utf-8").split("\n") if line]
    assert cid not in {r.get("id") for r in exported}  # rejected by the reviewer: left out


def test_new_scenario_file_follows_the_id_when_not_named(
    client: TestClient, tmp_path: Path
) -> None:
    res = client.post(
        "/new", data={"template": TEMPLATE, "path": "", "id": "mybank/lost-card"},
        follow_redirects=False,
    )  # fmt: skip
    assert res.headers["location"] == "/edit?path=scenarios/lost-card.yaml"
    assert "\nid: mybank/lost-card\n" in (tmp_path / "scenarios/lost-card.yaml").read_text("utf-8")
    index = client.get("/").text
    assert "<option value='ecommerce/refund-damaged-item.yaml'>Refund for an item that" in index


def test_openings_edited_one_per_line_keep_the_rest(client: TestClient) -> None:
    text = (
        "id: a/b\ncustomer:\n  goal: g\n  openings:  # what they say first\n"
        '    - "Hi, my {product} broke."\n    - >\n      A long one\n      over two lines.\n'
        "support:\n  policy: p\n"
    )
    values = client.post("/api/check", json={"path": "s.yaml", "text": text}).json()["form"]
    assert values["customer.openings"] == "Hi, my {product} broke.\nA long one over two lines."
    new = "Hi, my {product} broke.\nA long one over two lines.\nWhere is it: I paid already\n"
    res = client.post(
        "/api/form", json={"path": "s.yaml", "text": text, "values": {"customer.openings": new}}
    ).json()
    assert res["new_text"] == text.replace(
        "      over two lines.\n", "      over two lines.\n    - 'Where is it: I paid already'\n"
    )
    per_language = "id: a/b\ncustomer:\n  openings:\n    en: [hi]\n    es: [hola]\n"
    res = client.post(
        "/api/form",
        json={"path": "s.yaml", "text": per_language, "values": {"customer.openings": "x"}},
    ).json()
    # Per language: the English lines are shown; the author's lines replace them all.
    assert res["new_text"] == "id: a/b\ncustomer:\n  openings:\n    - x\n"


def test_variables_previewed_with_record_values(client: TestClient, tmp_path: Path) -> None:
    rel = _create(client)
    text = (tmp_path / rel).read_text(encoding="utf-8")
    samples = client.post("/api/check", json={"path": rel, "text": text}).json()["samples_html"]
    assert samples.count("<p>order_id=W") == 3  # drawn from the world's records, three seeds
    broken = text.replace("\nid: mine/refund\n", "\nid: Bad Id\n")
    res = client.post("/api/check", json={"path": rel, "text": broken}).json()
    assert res["samples_html"] == (
        "<p class='note'>(sample values show once the problems are fixed)</p>"
    )


def test_a_saved_file_is_shared_like_any_new_file_and_keeps_its_mode(tmp_path: Path) -> None:
    client = TestClient(create_app(tmp_path), base_url="http://127.0.0.1:8765")
    client.post("/new", data={"template": "starter", "path": "", "id": "a/b"})
    made = tmp_path / "scenarios" / "b.yaml"
    probe = tmp_path / "probe"
    probe.write_text("", encoding="utf-8")  # as any program makes a file here (the umask)
    assert made.stat().st_mode & 0o777 == probe.stat().st_mode & 0o777
    made.chmod(0o640)
    text = made.read_text(encoding="utf-8")
    saved = client.post("/api/save", json={"path": "scenarios/b.yaml", "text": text + "\n"})
    assert saved.json()["status"] == "saved scenarios/b.yaml"
    assert made.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in made.parent.iterdir()) == ["b.yaml"]  # no temp file left
