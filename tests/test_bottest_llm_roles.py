"""`convsim test` builds and preflights only the roles it plays: customer, critic, planner.

Its support role is the bot under test, so a support model from the config file (the global
`[llm] model` or `[llm.support]`) must neither be built nor sent a preflight request; `convsim
run` still builds all three roles from the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agents.llm.fake import FakeSettings, serve
from simulator.cli import app
from simulator.run.engines import LLMOptions, build_engines

TESTS = Path(__file__).resolve().parent
SCENARIO = TESTS / "data" / "bots" / "refund.yaml"


def write_config(folder: Path, base_url: str) -> Path:
    path = folder / "convsim.toml"
    path.write_text(
        f'[llm]\nmodel = "judge"\nbase_url = "{base_url}"\n'
        '[llm.support]\nmodel = "refused-support"\n'
    )
    return path


def test_only_the_roles_a_command_plays_are_built(tmp_path: Path) -> None:
    config = write_config(tmp_path, "http://127.0.0.1:9/v1")  # nothing is sent: no preflight
    played = ("customer", "critic", "planner")
    test_engines = build_engines(
        LLMOptions(config=config, role_models={"customer": "cust"}, roles=played)
    )
    assert test_engines.hooks is not None
    assert sorted(test_engines.hooks.report()["models"]) == ["critic", "customer"]
    assert test_engines.names["support"] == "scripted"
    run_engines = build_engines(LLMOptions(config=config, role_models={"customer": "cust"}))
    assert run_engines.hooks is not None
    assert sorted(run_engines.hooks.report()["models"]) == ["critic", "customer", "support"]
    assert run_engines.names["support"] == "llm:refused-support"


def test_the_config_support_model_is_never_preflighted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "local")
    target = tmp_path / "bot.yaml"
    target.write_text(f"kind: python\ncallable: bots.logic:correct\npythonpath: [{TESTS}]\n")
    out = tmp_path / "run"
    # The fake answers 404 for any model but these two: a preflight of the support model fails.
    with serve(FakeSettings(seed=2, models=("cust", "judge"))) as fake:
        config = write_config(tmp_path, fake.base_url)
        result = CliRunner().invoke(
            app,
            ["test", str(SCENARIO), "--target", str(target), "--n", "2", "--out", str(out),
             "--config", str(config), "--customer-model", "cust", "--quiet"],
        )  # fmt: skip
        requests = fake.stats.requests
        statuses = dict(fake.stats.by_status)
    assert result.exit_code == 0, result.output
    assert "refused-support" not in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engines"]["support"] == "target:python"
    assert manifest["engines"]["customer"] == "llm:cust"
    assert manifest["engines"]["critic"] == "rules+judge:judge"
    assert sorted(manifest["llm"]["models"]) == ["critic", "customer"]
    # Every request the server saw: one preflight per played model (a ping and a structured-output
    # probe), then the run's own calls.
    calls = manifest["llm"]["usage"]["calls"]
    assert calls > 0
    assert requests == calls + 4
    assert statuses == {200: requests}
