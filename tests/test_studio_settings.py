"""The AI model page: optional settings kept in the workspace without the key, used by Try
(the real ChatOpenAI client against the fake OpenAI-compatible server on 127.0.0.1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from agents.llm.fake import FakeSettings, Running, serve
from simulator.run.engines import ROLES, LLMOptions
from simulator.studio.pages.app import create_app

LOCAL = "http://127.0.0.1:8765"
KEY = "sk-studio-secret-5d2e"
REL = "scenarios/mine.yaml"


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=5)) as running:
        yield running


def _client(tmp_path: Path, models: LLMOptions | None = None) -> tuple[TestClient, str]:
    client = TestClient(create_app(tmp_path, models=models), base_url=LOCAL)
    client.post("/new", data={"template": "starter", "path": REL, "id": "spokes/move"})
    return client, (tmp_path / REL).read_text(encoding="utf-8")


def _form(**given: str) -> dict[str, str]:
    return {"model": "", "base_url": "", "key_env": "", "plays": "judge", "do": "save", **given}


def test_the_page_says_it_is_optional_and_refuses_bad_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    client, _text = _client(tmp_path)
    page = client.get("/settings").text
    assert "<b>You do not need this.</b>" in page and "Now: no AI model." in page
    assert "OPENAI_API_KEY is not set in the studio's environment" in page
    assert '<a href="/settings">AI model (optional)</a>' in client.get("/").text
    cases = {
        "Model name: give the model&#x27;s name, like gpt-4o-mini (no spaces)": _form(),
        "Address: give the service&#x27;s address starting with http:// or https://, like "
        "http://localhost:11434/v1, or leave it blank for OpenAI": _form(
            model="m", base_url="ftp://x"
        ),
        "Address: no user name, password or ?query in the address: the key goes in the "
        "environment variable below": _form(model="m", base_url="http://u:p@127.0.0.1/v1"),
        "Key variable: &#x27;AWS_SECRET_ACCESS_KEY&#x27; is not allowed; give the name of a "
        "variable ending in API_KEY, like OPENAI_API_KEY (capital letters, digits and _)": _form(
            model="m", key_env="AWS_SECRET_ACCESS_KEY"
        ),
    }
    for message, form in cases.items():
        res = client.post("/settings", data=form)
        assert res.status_code == 400 and f"<p class='problem'>{message}</p>" in res.text
    assert not (tmp_path / ".studio" / "models.json").exists()
    res = client.post("/settings", data=_form(model="<b>x</b>"))  # escaped, like every value
    assert "&lt;b&gt;x&lt;/b&gt;" in res.text and "<b>x</b>" not in res.text


def test_a_judge_set_on_the_page_judges_try_without_storing_the_key(
    fake: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    client, text = _client(tmp_path)
    assert "value='models'" not in client.get("/edit", params={"path": REL}).text
    res = client.post("/settings", data=_form(model="fake", base_url=fake.base_url))
    assert res.status_code == 200 and "<b>Saved.</b>" in res.text
    assert "Now: Try can use <b>fake</b> (as the judge only)" in res.text
    assert "OPENAI_API_KEY is set in the studio's environment." in res.text
    kept = json.loads((tmp_path / ".studio" / "models.json").read_text(encoding="utf-8"))
    assert kept == {
        "model": "fake",
        "base_url": fake.base_url,
        "key_env": "OPENAI_API_KEY",
        "plays": "judge",
    }
    who = "customer scripted, support scripted, critic rules+judge:fake"
    page = client.get("/edit", params={"path": REL}).text
    assert f"<option value='models'>with the AI model: {who}</option>" in page
    before = fake.stats.requests
    tried = client.post("/api/try", json={"path": REL, "text": text, "engine": "models"}).json()
    assert tried["status"] == f"5 of 5 conversations ({who}). Try again for five different ones"
    assert tried["html"].count('class="conv"') == 5 and fake.stats.requests > before
    assert "Not checked" not in tried["notice"] and KEY not in json.dumps(tried)
    # A fresh studio over the same workspace finds the settings; removing them is offline.
    again = TestClient(create_app(tmp_path), base_url=LOCAL)
    assert "value='models'" in again.get("/edit", params={"path": REL}).text
    assert "Saved: no AI model." in again.post("/settings", data=_form(do="remove")).text
    assert "value='models'" not in again.get("/edit", params={"path": REL}).text


def test_model_flags_win_and_the_page_only_shows_them(
    fake: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    options = LLMOptions(model="fake", base_url=fake.base_url, roles=ROLES)
    client, _text = _client(tmp_path, options)
    page = client.get("/settings").text
    assert (
        "Set when the studio was started (its model flags): customer: llm:fake, support: "
        "llm:fake, critic: rules+judge:fake."
    ) in page
    assert "<form" not in page
    assert client.post("/settings", data=_form(model="other")).status_code == 400
    assert not (tmp_path / ".studio" / "models.json").exists()
