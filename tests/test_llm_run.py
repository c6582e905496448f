"""`convsim run` on LLM engines, through ChatOpenAI and the fake server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from agents.llm.fake import FakeSettings, Running, serve
from simulator.cli import app

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-convsim-secret-5f3a9c"
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=5)) as running:
        yield running


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["run", str(SCENARIO), "--quiet", "--seed", "3", *args])


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]


def manifest(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text()))


def test_full_run_in_a_process_stores_usage_and_no_secret(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "simulator", "run", "--n", "4", "--seed", "1", "--out", str(out)]
    cmd += ["--quiet", "--model", "fake", "--base-url", fake.base_url]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": KEY}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    recs = records(out)
    assert len(recs) == 4
    assert all(r["outcome"]["status"] in ("resolved", "abandoned", "escalated") for r in recs)
    for r in recs:
        assert all(t["usage"]["model"] == "fake" for t in r["turns"])
        judge = r["usage"]["llm"]["critic"]["prompt_tokens"]  # the critic's judge call
        assert r["usage"]["prompt_tokens"] == judge + sum(
            t["usage"]["prompt_tokens"] for t in r["turns"]
        )
    info = manifest(out)
    assert info["engines"] == {
        "critic": "rules+judge:fake",
        "customer": "llm:fake",
        "support": "llm:fake",
    }
    usage = info["llm"]["usage"]
    assert usage["prompt_tokens"] > 0 and usage["calls"] > 0
    assert info["llm"]["models"]["customer"]["base_url"] == fake.base_url
    with sqlite3.connect(out / "run.db") as db:
        stored = [json.loads(t) for (t,) in db.execute("SELECT transcript FROM conversations")]
    assert sum(r["usage"]["prompt_tokens"] for r in stored) > 0
    for path in out.iterdir():
        assert KEY.encode() not in path.read_bytes(), path
    assert KEY not in done.stdout + done.stderr


def test_preflight_error_is_one_line_before_anything(tmp_path: Path) -> None:
    with serve(FakeSettings(models=("known",))) as fake:
        out = tmp_path / "run"
        cmd = [sys.executable, "-m", "simulator", "run", "--n", "2", "--out", str(out)]
        cmd += ["--model", "nope", "--base-url", fake.base_url]
        env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENAI_API_KEY": KEY}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == (
        f"convsim: error: --model nope: not served by {fake.base_url} (404); "
        f"pick one listed at {fake.base_url}/models\n"
    )
    assert not out.exists()


def test_missing_key_is_reported_once(
    fake: Running, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every role on a remote endpoint: one line, not one per role (a server on this
    machine needs no key: tests/test_loopback_key.py)."""
    monkeypatch.delenv("OPENAI_API_KEY")
    result = invoke("--n", "2", "--out", str(tmp_path / "r"), "--model", "fake",
                    "--base-url", "https://models.example.com/v1")  # fmt: skip
    assert result.exit_code == 2
    assert result.output.count("OPENAI_API_KEY is not set") == 1
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("flag", "llm_role", "scripted_role"),
    [("--customer-model", "customer", "support"), ("--support-model", "support", "customer")],
)
def test_mixed_engines(
    fake: Running, tmp_path: Path, flag: str, llm_role: str, scripted_role: str
) -> None:
    out = tmp_path / "r"
    result = invoke("--n", "3", "--out", str(out), flag, "fake", "--base-url", fake.base_url)
    assert result.exit_code == 0, result.output
    recs = records(out)
    assert manifest(out)["engines"][llm_role] == "llm:fake"
    assert manifest(out)["engines"][scripted_role] == "scripted"
    assert all(r["outcome"]["status"] != "error" for r in recs), recs[0]["outcome"]
    for r in recs:
        for t in r["turns"]:
            if t["role"] == "tool" or t.get("tool_calls"):
                continue  # a tool round's usage is on the reply that ends it
            assert (t["usage"] is not None) == (t["role"] == llm_role)
            assert t["act"] is not None


def test_malformed_output_is_an_error_outcome_and_the_run_goes_on(tmp_path: Path) -> None:
    with serve(FakeSettings(truncate_rate=1.0)) as fake:
        out = tmp_path / "r"
        result = invoke("--n", "3", "--out", str(out), "--support-model", "fake",
                        "--base-url", fake.base_url, "--max-retries", "1")  # fmt: skip
    # every conversation stored, each an error: the run exits 1 saying so (docs/cli.md)
    assert result.exit_code == 1, result.output
    assert "every conversation ended in an error (3 of 3), so nothing was simulated" in (
        result.output
    )
    recs = records(out)
    assert len(recs) == 3
    for r in recs:
        assert r["outcome"]["status"] == "error"
        assert r["outcome"]["reason"].startswith(
            "support role failed: LLMOutputError: fake: the reply was cut off at the token "
            "limit (finish_reason length; no max_tokens is set"
        )
        assert r["verdict"]["label"] == "ERROR"


def test_budget_stops_new_conversations(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "r"
    result = invoke("--n", "20", "--out", str(out), "--model", "fake", "--base-url",
                    fake.base_url, "--budget-tokens", "9000", "--concurrency", "1")  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = len(records(out))
    assert 1 <= stored < 20
    assert "--budget-tokens 9000 reached" in result.output
    assert f"stopped the model calls; {stored} of 20 are stored (any cut short are not)" in (
        result.output
    )
    assert manifest(out)["stopped"].startswith("--budget-tokens 9000 reached")


def test_budget_usd_needs_a_price(fake: Running, tmp_path: Path) -> None:
    result = invoke("--n", "2", "--out", str(tmp_path / "r"), "--model", "unpriced",
                    "--base-url", fake.base_url, "--budget-usd", "1")  # fmt: skip
    assert result.exit_code == 2
    assert "--budget-usd: customer model 'unpriced' has no price" in result.output


def test_cache_rerun_costs_no_tokens(fake: Running, tmp_path: Path) -> None:
    cache = tmp_path / "cache.db"
    args = ["--n", "3", "--model", "fake", "--base-url", fake.base_url, "--cache", str(cache)]
    first = invoke(*args, "--out", str(tmp_path / "a"))
    assert first.exit_code == 0, first.output
    served = fake.stats.requests
    second = invoke(*args, "--out", str(tmp_path / "b"))
    assert second.exit_code == 0, second.output
    usage = manifest(tmp_path / "b")["llm"]["usage"]
    assert usage["prompt_tokens"] == usage["completion_tokens"] == 0
    assert usage["cached_calls"] == usage["calls"] > 0
    assert fake.stats.requests == served + 2  # only the preflight (ping, probe) reached it
    strip = [
        {k: v for k, v in r.items() if k not in ("run_id", "usage")}
        for r in records(tmp_path / "a")
    ]
    again = [
        {k: v for k, v in r.items() if k not in ("run_id", "usage")}
        for r in records(tmp_path / "b")
    ]
    for x, y in zip(strip, again, strict=True):
        assert [t["content"] for t in x["turns"]] == [t["content"] for t in y["turns"]]


def test_config_file_and_command_line_wins(fake: Running, tmp_path: Path) -> None:
    config = tmp_path / "convsim.toml"
    config.write_text(
        f'[llm]\nmodel = "fake"\nbase_url = "{fake.base_url}"\n'
        '[llm.customer]\ntemperature = 0.3\n[llm.support]\nmodel = "from-file"\ntemperature = 0.9\n'
    )
    out = tmp_path / "r"
    result = invoke("--n", "1", "--out", str(out), "--config", str(config),
                    "--support-model", "fake", "--critic-model", "fake",
                    "--support-temperature", "0")  # fmt: skip
    assert result.exit_code == 0, result.output
    models = manifest(out)["llm"]["models"]
    assert models["customer"]["temperature"] == 0.3
    assert models["support"]["model"] == "fake"
    assert models["support"]["temperature"] == 0.0  # a zero on the command line still wins
    bad = tmp_path / "bad.toml"
    bad.write_text("[llm]\nmodle = 'x'\n")
    result = invoke("--n", "1", "--out", str(out), "--config", str(bad))
    assert result.exit_code == 2
    assert f"--config {bad}: llm.modle: Extra inputs are not permitted" in result.output
