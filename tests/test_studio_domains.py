"""The studio's Domains pages: copy a built-in domain in, see lint's problems at the record or
tool they concern, edit records and tool descriptions (comments kept), save atomically."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scenarios.lint import lint
from simulator.studio.pages.app import create_app

LOCAL = "http://127.0.0.1:8765"
REL = "domains/shop.yaml"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path), base_url=LOCAL)


def _copy(client: TestClient, tmp_path: Path) -> str:
    res = client.post(
        "/domains/new", data={"builtin": "ecommerce", "name": "shop"}, follow_redirects=False
    )
    assert (res.status_code, res.headers["location"]) == (303, f"/domain?path={REL}")
    return (tmp_path / REL).read_text(encoding="utf-8")


def test_copy_lists_and_lints_clean(client: TestClient, tmp_path: Path) -> None:
    text = _copy(client, tmp_path)
    assert "\nname: shop\n" in text and text.startswith("# yaml-language-server")
    assert lint([tmp_path / REL]) == []
    assert f"<a href='/domain?path={REL}'>{REL}</a>" in client.get("/domains").text
    assert client.get("/domain", params={"path": REL}).status_code == 200
    again = client.post("/domains/new", data={"builtin": "ecommerce", "name": "shop"})
    assert again.status_code == 400
    assert f"{REL}: already exists; open it from the list or pick another name" in again.text
    bad = client.post("/domains/new", data={"builtin": "ecommerce", "name": "My Shop"})
    assert "name &#x27;My Shop&#x27;: use lowercase letters, digits and _" in bad.text
    res = client.post("/api/domain/check", json={"path": REL, "text": text}).json()
    assert res["problems"] == []
    assert "<h3>table orders</h3>" in res["view_html"]
    assert "<h3>tool find_customer_by_email</h3>" in res["view_html"]


def test_problem_shown_at_its_record_in_lint_words(client: TestClient, tmp_path: Path) -> None:
    text = _copy(client, tmp_path)
    bad = text.replace("total: 230.0", "total: lots", 1)
    line = bad.splitlines().index(next(x for x in bad.splitlines() if "total: lots" in x)) + 1
    res = client.post("/api/domain/check", json={"path": REL, "text": bad}).json()
    assert [p["text"] for p in res["problems"]] == [
        f"{REL}:{line}: tables.orders.records[0].total: expected a number, got text 'lots'"
    ]
    # the row of record 0 of orders is marked, and the message sits right under it
    row = re.search(r"<tr class='bad'><td>0</td>.*?</tr><tr><td></td><td colspan='\d+'>(.*?)</td>",
                    res["view_html"])  # fmt: skip
    assert row is not None and "expected a number, got text &#x27;lots&#x27;" in row.group(1)
    assert "data-t='orders' data-i='0' data-c='total' value='lots'" in row.group(0)
    wrong_name = text.replace("\nname: shop\n", "\nname: shopp\n")
    res = client.post("/api/domain/check", json={"path": REL, "text": wrong_name}).json()
    assert [p["message"] for p in res["problems"]] == [
        "'shopp' must be the file's name (shop): scenarios find it by file"
    ]


def test_lint_warnings_show_at_their_record_in_lint_words(
    client: TestClient, tmp_path: Path
) -> None:
    text = _copy(client, tmp_path)
    odd = text.replace("total: 230.0", "total: 1_000", 1)
    line = odd.splitlines().index(next(x for x in odd.splitlines() if "total: 1_000" in x)) + 1
    (tmp_path / REL).write_text(odd, encoding="utf-8")
    said = subprocess.run(
        [sys.executable, "-m", "simulator", "lint", REL],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    ).stdout.splitlines()[0]  # fmt: skip
    message = (
        "tables.orders.records[0].total: warning: 1_000 is read as the number 1000 here but as "
        "the text '1_000' by YAML 1.2 tools (editors, the studio); quote it if it is text, or "
        "write the value you mean plainly ('1_000')"
    )
    assert said == f"{REL}:{line}: {message}"  # the studio's words are lint's
    res = client.post("/api/domain/check", json={"path": REL, "text": odd}).json()
    assert [(p["text"], p["warning"]) for p in res["problems"]] == [
        (f"{REL}:{line}: {message}", True)
    ]
    assert "<p>No problems found.</p>" in res["problems_html"]  # a warning blocks nothing
    row = re.search(r"<tr class='warn'><td>0</td>.*?</tr><tr><td></td><td colspan='\d+'>(.*?)</td>",
                    res["view_html"])  # fmt: skip
    assert row is not None and row.group(1).startswith("<div class='warning'>")
    assert "warning: 1_000 is read as the number 1000" in row.group(1)
    saved = client.post("/api/domain/save", json={"path": REL, "text": odd}).json()
    assert saved["status"] == f"saved {REL}"


def test_cells_and_tool_descriptions_edit_the_yaml_in_place(
    client: TestClient, tmp_path: Path
) -> None:
    text = "# my desk\n" + _copy(client, tmp_path)
    res = client.post(
        "/api/domain/cell",
        json={"path": REL, "text": text, "table": "orders", "index": 0, "column": "total",
              "value": "12.5"},
    ).json()  # fmt: skip
    assert res["new_text"] == text.replace("total: 230.0,", "total: 12.5,", 1)
    refused = client.post(
        "/api/domain/cell",
        json={"path": REL, "text": text, "table": "orders", "index": 0, "column": "total",
              "value": "abc"},
    ).json()  # fmt: skip
    assert refused["status"] == "record not changed: total: 'abc' is not a number"
    assert "new_text" not in refused
    added = client.post(
        "/api/domain/record",
        json={"path": REL, "text": text, "table": "customers", "key": "C2000"},
    ).json()
    last = (
        "      - {customer_id: C1014, name: Samuel Hartmann, email: samuel.hartmann30@example.com"
    )
    assert "\n      - {customer_id: C2000}\n  orders:\n" in added["new_text"]
    assert last in added["new_text"]
    dup = client.post(
        "/api/domain/record",
        json={"path": REL, "text": text, "table": "customers", "key": "C1001"},
    ).json()
    assert dup["status"] == "record not changed: table 'customers' already has customer_id C1001"
    tool = client.post(
        "/api/domain/tool",
        json={"path": REL, "text": text, "index": 0, "description": "Find a customer by email."},
    ).json()
    assert tool["new_text"] == text.replace(
        "Find a customer's id from the email address on their account.",
        "Find a customer by email.",
    )
    saved = client.post("/api/domain/save", json={"path": REL, "text": tool["new_text"]}).json()
    assert saved["status"] == f"saved {REL}" and saved["problems"] == []
    assert (tmp_path / REL).read_text(encoding="utf-8") == tool["new_text"]
    assert sorted(p.name for p in (tmp_path / "domains").iterdir()) == ["shop.yaml"]
    assert lint([tmp_path / REL]) == []


def test_domain_pages_take_domain_files_only(client: TestClient, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("id: a/b\n", encoding="utf-8")
    res = client.post("/api/domain/save", json={"path": "s.yaml", "text": "name: x\n"})
    assert (
        res.status_code == 400 and "s.yaml: not a domain file; give domains/NAME.yaml" in res.text
    )
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == "id: a/b\n"
    res = client.post("/api/domain/save", json={"path": "../domains/x.yaml", "text": "x"})
    assert res.status_code == 403


def test_a_scenario_in_the_workspace_uses_the_edited_domain(
    client: TestClient, tmp_path: Path
) -> None:
    text = _copy(client, tmp_path)
    scenario = tmp_path / "scenarios" / "s.yaml"
    scenario.parent.mkdir()
    scenario.write_text(
        "id: mine/s\ntitle: T\ndomain: shop\nintent: i\nworld: shop\n"
        "variables:\n  order_id: {record: orders, where: {status: frozen}}\n"
        "customer:\n  goal: g {order_id}\n  openings: ['hi']\n"
        "support:\n  policy: p\n  rules:\n    - action: resolve\n      say: ['ok']\n",
        encoding="utf-8",
    )
    assert [p.message for p in lint([scenario])] == ["no record in orders matches where"]
    frozen = text.replace("status: pending, total: 230.0", "status: frozen, total: 230.0", 1)
    client.post("/api/domain/save", json={"path": REL, "text": frozen})
    assert lint([scenario]) == []
