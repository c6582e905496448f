"""Try with the configured models (the real ChatOpenAI client against the fake OpenAI-compatible
server on 127.0.0.1), and the coverage heatmap of the Runs page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from agents.llm.fake import FakeSettings, Running, serve
from simulator.run.engines import ROLES, LLMOptions
from simulator.run.runner import RunRequest, run
from simulator.studio.pages.app import create_app
from simulator.studio.pages.heatmap import coverage

LOCAL = "http://127.0.0.1:8765"
KEY = "sk-studio-secret-77c1"
TEMPLATE = "ecommerce/refund-damaged-item.yaml"
MODELS = "customer llm:fake, support llm:fake, critic rules+judge:fake"


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=5)) as running:
        yield running


def _client(tmp_path: Path, base_url: str | None) -> TestClient:
    options = None
    if base_url is not None:
        config = tmp_path / "convsim.toml"
        config.write_text(f'[llm]\nmodel = "fake"\nbase_url = "{base_url}"\n', encoding="utf-8")
        options = LLMOptions(config=config, roles=ROLES)
    return TestClient(create_app(tmp_path, models=options), base_url=LOCAL)


def _scenario(client: TestClient, tmp_path: Path) -> tuple[str, str]:
    rel = "scenarios/mine.yaml"
    client.post("/new", data={"template": TEMPLATE, "path": rel, "id": "mine/refund"})
    return rel, (tmp_path / rel).read_text(encoding="utf-8")


def test_try_with_the_configured_models(
    fake: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    client = _client(tmp_path, fake.base_url)
    rel, text = _scenario(client, tmp_path)
    page = client.get("/edit", params={"path": rel}).text
    assert f"<option value='models'>with the AI model: {MODELS}</option>" in page
    before = fake.stats.requests
    res = client.post("/api/try", json={"path": rel, "text": text, "engine": "models"}).json()
    again = ". Try again for five different ones"
    assert res["status"] == f"5 of 5 conversations ({MODELS}){again}"
    # Models read the policy and a judge judged: no warning about either.
    assert "Not checked" not in res["notice"] and "do not use it" not in res["notice"]
    assert res["html"].count('class="conv"') == 5
    assert fake.stats.requests > before  # the model answered, through ChatOpenAI
    assert re.search(r"verdict <b class='(ACCEPT|REJECT|REVIEW|ERROR)'>", res["html"])
    assert KEY not in res["html"]
    scripted = client.post("/api/try", json={"path": rel, "text": text}).json()
    assert scripted["status"] == f"5 of 5 conversations (without an AI model){again}"
    assert not any((tmp_path / ".studio").iterdir())


def test_try_with_models_and_no_key_is_one_line(
    fake: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A remote service needs the key (one on this machine is sent a placeholder, as every
    role and an `openai` bot are: tests/test_loopback_key.py)."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    client = _client(tmp_path, "https://models.example.com/v1")
    rel, text = _scenario(client, tmp_path)
    res = client.post("/api/try", json={"path": rel, "text": text, "engine": "models"}).json()
    assert res["html"] == ""
    assert res["status"].startswith("not tried: OPENAI_API_KEY is not set (needed for model ")


def test_without_models_only_scripted_is_offered(tmp_path: Path) -> None:
    client = _client(tmp_path, None)
    rel, text = _scenario(client, tmp_path)
    assert "value='models'" not in client.get("/edit", params={"path": rel}).text
    res = client.post("/api/try", json={"path": rel, "text": text, "engine": "models"})
    assert res.status_code == 400
    assert "engine &#x27;models&#x27;: give scripted, or models when they are configured" in (
        res.text
    )


def test_heatmap_counts_and_links_cells(tmp_path: Path) -> None:
    client = _client(tmp_path, None)
    rel, _text = _scenario(client, tmp_path)
    run(RunRequest(paths=(tmp_path / rel,), n=12, seed=4, out=tmp_path / "runs" / "r"))
    from simulator.studio.trying.runs import read_records

    records = list(read_records(tmp_path / "runs" / "r" / "transcripts.jsonl"))
    data = coverage(records)
    assert sum(c.n for c in data.cells.values()) == sum(
        max(1, len(r["edge_cases"])) for r in records
    )
    assert data.scenarios == ["mine/refund"]
    page = client.get("/runs", params={"run": "runs/r"}).text
    assert "Coverage: scenario x situation" in page
    (_scenario_id, case), cell = next(iter(data.cells.items()))
    link = f"/runs?run=runs%2Fr&amp;scenario=mine%2Frefund&amp;edge_case={case}"
    assert f'<a href="{link}">{cell.n}</a>' in page.replace("%28", "(").replace("%29", ")")
    filtered = client.get("/runs", params={"run": "runs/r", "edge_case": case}).text
    assert f"{cell.n} of 12 conversations" in filtered


def test_heatmap_counts_failures_apart_from_passes_and_undecided() -> None:
    def rec(
        label: str, cases: list[str], review: str | None = None, **v: object
    ) -> dict[str, object]:
        record: dict[str, object] = {
            "scenario_id": "a/b",
            "edge_cases": cases,
            "verdict": {"label": label, **v},
        }
        if review:
            record["review"] = {"label": review}
        return record

    data = coverage(
        [
            rec("ACCEPT", []),
            rec("ACCEPT", [], unjudged=["states_terms"]),  # a judged criterion nobody judged
            rec("REJECT", []),
            rec("REJECT", [], blame="simulator"),  # the simulated customer spoiled it
            rec("ERROR", []),
            rec("REVIEW", ["x"], review="ACCEPT"),
            rec("REVIEW", ["x"]),
        ]
    )
    none, x = data.cells[("a/b", "(none)")], data.cells[("a/b", "x")]
    assert (none.n, none.failed, none.passed, none.undecided) == (5, 1, 1, 1)
    assert none.failure_share == 1 / 3
    assert (x.n, x.failed, x.passed, x.undecided, x.failure_share) == (2, 1, 1, 0, 0.5)
    assert data.edge_cases == ["(none)", "x"]
