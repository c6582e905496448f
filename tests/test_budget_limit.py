"""A budget is a limit: at the default concurrency, against a server whose conversations run
to max_turns, spending stops within the requests in flight; what it cut short is not a
result and the next session runs it (real ChatOpenAI client, fake server on 127.0.0.1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agents.llm.fake import FakeSettings, serve
from simulator.cli import app

BUDGET = 20_000
CONCURRENCY = 16  # the default


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-budget")


def records(out: Path) -> list[dict[str, Any]]:
    path = out / "transcripts.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_spending_stops_at_the_budget_plus_the_requests_in_flight(tmp_path: Path) -> None:
    out = tmp_path / "run"
    args = ["run", "--n", "12", "--seed", "3", "--quiet", "--out", str(out), "--model", "fake"]
    with serve(FakeSettings(seed=2, end_after=10_000)) as fake:  # nobody ever ends the chat
        args += ["--base-url", fake.base_url]
        first = CliRunner().invoke(app, [*args, "--budget-tokens", str(BUDGET)])
        assert first.exit_code == 0, first.output
        served = fake.stats.prompt_tokens + fake.stats.completion_tokens
        largest = fake.stats.largest_request
        assert served <= BUDGET + CONCURRENCY * largest  # was 15x the budget (issue 13)
        usage = json.loads((out / "manifest.json").read_text())["llm"]["usage"]
        assert BUDGET <= usage["run_total"]["tokens"] <= served
        cut = records(out)
        assert all(r["outcome"]["status"] == "max_turns" for r in cut)  # only whole ones
        assert "stopped the model calls" in first.output

        finished = CliRunner().invoke(app, args)  # no budget: the same command finishes it
        assert finished.exit_code == 0, finished.output
    done = records(out)
    assert [r["outcome"]["status"] for r in done] == ["max_turns"] * 12
    assert [r["id"] for r in done if r["id"] in {c["id"] for c in cut}] == [c["id"] for c in cut]
