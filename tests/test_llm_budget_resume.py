"""Budgets span sessions: a resumed run counts what its run directory already spent.

Through the CLI and the real ChatOpenAI client against the fake server on 127.0.0.1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from agents.llm.budget import Meter, Spent
from agents.llm.fake import FakeSettings, Running, serve
from simulator.cli import app
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-budget-resume")


@pytest.fixture
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=5)) as running:
        yield running


def run(fake: Running, out: Path, *budget: str) -> Result:
    args = ["run", str(SCENARIO), "--quiet", "--seed", "3", "--n", "20", "--out", str(out),
            "--model", "fake", "--base-url", fake.base_url, "--concurrency", "1"]  # fmt: skip
    return CliRunner().invoke(app, [*args, *budget])


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]


def usage(out: Path) -> dict[str, Any]:
    return dict(json.loads((out / "manifest.json").read_text())["llm"]["usage"])


def stored_tokens(out: Path) -> int:
    return sum(r["usage"]["prompt_tokens"] + r["usage"]["completion_tokens"] for r in records(out))


def completions(fake: Running) -> int:
    """Chat completions served (each command's preflight is two: the ping and the probe)."""
    return sum(1 for _, _, what in fake.stats.log if what == "ok")


def test_a_spent_run_starts_nothing_until_the_budget_is_raised(
    fake: Running, tmp_path: Path
) -> None:
    out = tmp_path / "r"
    first = run(fake, out, "--budget-tokens", "15000")
    assert first.exit_code == 0, first.output
    stored = len(records(out))
    assert 1 <= stored < 20
    spent = usage(out)["run_total"]["tokens"]  # the stored records and the one cut short
    assert 15000 <= spent <= 15000 + fake.stats.largest_request
    assert stored_tokens(out) < 15000  # the conversation cut short is not stored
    with RunStore(out / "run.db") as store:
        assert store.llm_spent().tokens == spent  # its spending is, as unrecorded

    served = completions(fake)
    again = run(fake, out, "--budget-tokens", "15000")  # the same command: nothing new starts
    assert again.exit_code == 0, again.output
    assert completions(fake) == served + 2  # the preflight's ping and probe alone
    assert len(records(out)) == stored
    reason = (
        f"--budget-tokens 15000 reached ({spent} tokens used by this run, 0 of them in this "
        "session)"
    )
    assert f"{reason}: stopped the model calls; {stored} of 20 are stored" in again.output
    info = json.loads((out / "manifest.json").read_text())
    assert info["stopped"] == reason
    assert info["counts"]["simulated_this_session"] == 0
    session = info["llm"]["usage"]
    assert (session["calls"], session["prompt_tokens"], session["completion_tokens"]) == (0, 0, 0)
    assert session["before_this_session"]["conversations"] == stored
    assert (
        session["before_this_session"]["prompt_tokens"]
        + session["before_this_session"]["completion_tokens"]
        == spent
    )
    assert session["run_total"]["tokens"] == spent
    assert session["budget"] == {"usd": None, "tokens": 15000, "counts": "run_total"}

    first_ids = [r["id"] for r in records(out)]
    raised = run(fake, out, "--budget-tokens", "30000")  # room for more: it goes on
    assert raised.exit_code == 0, raised.output
    assert completions(fake) > served + 4  # two preflights, then calls
    more = records(out)
    assert len(more) > stored
    assert [r["id"] for r in more[:stored]] == first_ids  # kept; the cut-short one now ran
    total = usage(out)["run_total"]["tokens"]
    assert 30000 <= total <= 30000 + fake.stats.largest_request
    used = f"{total} tokens used by this run, {total - spent} of them in this session"
    assert f"--budget-tokens 30000 reached ({used})" in raised.output


def test_a_dollar_budget_resumes_too(fake: Running, tmp_path: Path) -> None:
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."fake"]\ninput = 1000.0\noutput = 1000.0\n')  # $1 per 1000 tokens
    out = tmp_path / "r"
    first = run(fake, out, "--prices", str(prices), "--budget-usd", "15")
    assert first.exit_code == 0, first.output
    stored = len(records(out))
    assert 1 <= stored < 20
    cost = usage(out)["run_total"]["cost_usd"]  # the stored records and the one cut short
    assert sum(r["usage"]["cost_usd"] for r in records(out)) < 15 <= cost
    again = run(fake, out, "--prices", str(prices), "--budget-usd", "15")
    assert len(records(out)) == stored
    assert (
        f"--budget-usd 15 reached (${cost:.4f} spent by this run, $0.0000 of it in this session)"
        in again.output
    )
    assert usage(out)["run_total"]["cost_usd"] == pytest.approx(cost)


def test_stored_spending_is_read_from_the_records(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "r"
    assert run(fake, out, "--budget-tokens", "15000").exit_code == 0
    recs = records(out)
    with RunStore(out / "run.db") as store:
        spent = store.llm_spent()
        store.db.execute("DELETE FROM unrecorded_spend")  # what the records alone show
        recorded = store.llm_spent()
    assert spent.tokens > recorded.tokens  # plus the conversation the budget cut short
    assert recorded == Spent(
        conversations=len(recs),
        calls=sum(row["calls"] for r in recs for row in r["usage"]["llm"].values()),
        cached_calls=0,
        prompt_tokens=sum(r["usage"]["prompt_tokens"] for r in recs),
        completion_tokens=sum(r["usage"]["completion_tokens"] for r in recs),
        cost_usd=0.0,
    )
    with RunStore(tmp_path / "empty.db") as store:
        assert store.llm_spent() == Spent()


def test_the_meter_holds_the_run_total_to_the_budget() -> None:
    meter = Meter(
        max_tokens=100, before=Spent(conversations=2, prompt_tokens=70, completion_tokens=20)
    )
    assert meter.exhausted() is None
    meter.add({"model": "m", "prompt_tokens": 8, "completion_tokens": 2, "cost_usd": 0.0})
    assert meter.exhausted() == (
        "--budget-tokens 100 reached (100 tokens used by this run, 10 of them in this session)"
    )
    summary = meter.summary()
    assert (summary["prompt_tokens"], summary["completion_tokens"], summary["calls"]) == (8, 2, 1)
    assert summary["run_total"] == {
        "calls": 1,
        "cached_calls": 0,
        "prompt_tokens": 78,
        "completion_tokens": 22,
        "tokens": 100,
        "cost_usd": 0.0,
    }
    fresh = Meter(max_usd=0.5)
    fresh.add({"model": "m", "prompt_tokens": 1, "completion_tokens": 1, "cost_usd": 0.5})
    assert fresh.exhausted() == "--budget-usd 0.5 reached ($0.5000 spent)"
