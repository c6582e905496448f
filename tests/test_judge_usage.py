"""The critic's judge calls are counted with their conversation, through the fake server.

The judge's tokens and cost reach the Verdict (in memory) and the transcript record's `usage`
block (`llm.critic`, and the record's totals); the record's `verdict` keeps its fields.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from agents.critic import Critic
from agents.judge import LLMJudge, QueueClient
from agents.llm.client import LLMClient
from agents.llm.config import ModelConfig
from agents.llm.errors import LLMCallError
from agents.llm.fake import FakeSettings, Running, serve
from agents.types import ConversationPlan, Outcome, Turn
from simulator.cli import app
from simulator.quality.grade_input import Parsed
from simulator.quality.grading import output_record
from simulator.store.rundb import RunStore

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"
FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
FIXTURE.pop("edge_case_library")
PLAN = ConversationPlan.model_validate(FIXTURE)
RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
TURNS = [
    Turn(role="customer", content="My headphones arrived broken, I'd like a refund.", act="open"),
    Turn(role="support", content="Sorry! Your order number?", act="request_info"),
    Turn(role="customer", content="ORD-12345.", act="inform", slots={"order_id": "ORD-12345"}),
    Turn(role="support", content="Refunded 120 to your card for ORD-12345.", act="resolve"),
    Turn(role="customer", content="Great, thank you!", act="thank"),
]
VERDICT_KEYS = {"label", "scores", "findings", "rationale", "unjudged"}


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-judge-usage")


@pytest.fixture
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=4)) as running:
        yield running


def test_the_judge_call_rides_on_the_verdict(fake: Running) -> None:
    client = LLMClient(ModelConfig(model="fake", base_url=fake.base_url))
    verdict = asyncio.run(Critic(judge=LLMJudge(client)).agrade(PLAN, TURNS, RESOLVED))
    assert " Judge: " in verdict.rationale and "judge failed" not in verdict.rationale
    assert verdict.usage == [
        {
            "model": "fake",
            "prompt_tokens": fake.stats.prompt_tokens,  # the server's count: one call made
            "completion_tokens": fake.stats.completion_tokens,
            "cost_usd": 0.0,
            "priced": True,
            "cached": False,
            "attempts": 1,
        }
    ]
    assert fake.stats.prompt_tokens > 0
    assert set(verdict.model_dump()) == VERDICT_KEYS  # not part of the verdict record
    assert "usage" not in verdict.model_dump_json()


def test_a_failed_or_offline_judge_records_no_call() -> None:
    failing = Critic(judge=LLMJudge(QueueClient([LLMCallError("fake: timed out")])))
    assert asyncio.run(failing.agrade(PLAN, TURNS, RESOLVED)).usage == []
    assert Critic().grade(PLAN, TURNS, RESOLVED).usage == []


def records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / "transcripts.jsonl").read_text().splitlines()]


def test_a_run_records_the_judge_with_each_conversation(fake: Running, tmp_path: Path) -> None:
    prices = tmp_path / "prices.toml"
    prices.write_text('[models."fake"]\ninput = 2.0\noutput = 8.0\n')
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["run", str(SCENARIO), "--quiet", "--seed", "3", "--n", "3", "--out", str(out),
         "--critic-model", "fake", "--base-url", fake.base_url, "--prices", str(prices)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    recs = records(out)
    assert len(recs) == 3
    for rec in recs:
        usage = rec["usage"]
        critic = usage["llm"]["critic"]
        assert list(usage["llm"]) == ["critic"]  # customer and support are scripted
        assert critic["calls"] == 1 and critic["cached"] == 0
        assert critic["prompt_tokens"] > 0 and critic["completion_tokens"] > 0
        cost = (critic["prompt_tokens"] * 2.0 + critic["completion_tokens"] * 8.0) / 1e6
        assert critic["cost_usd"] == pytest.approx(cost)
        assert usage["prompt_tokens"] == critic["prompt_tokens"]
        assert usage["completion_tokens"] == critic["completion_tokens"]
        assert usage["cost_usd"] == critic["cost_usd"]
        assert set(rec["verdict"]) == VERDICT_KEYS
        assert " Judge: " in rec["verdict"]["rationale"]
    # The records add up to what the run's meter counted from the server's replies.
    session = json.loads((out / "manifest.json").read_text())["llm"]["usage"]
    assert session["calls"] == 3
    assert session["prompt_tokens"] == sum(r["usage"]["prompt_tokens"] for r in recs)
    assert session["completion_tokens"] == sum(r["usage"]["completion_tokens"] for r in recs)
    assert session["cost_usd"] == pytest.approx(sum(r["usage"]["cost_usd"] for r in recs))
    with sqlite3.connect(out / "run.db") as db:
        stored = [json.loads(t) for (t,) in db.execute("SELECT transcript FROM conversations")]
    assert sorted(r["usage"]["llm"]["critic"]["prompt_tokens"] for r in stored) == sorted(
        r["usage"]["llm"]["critic"]["prompt_tokens"] for r in recs
    )
    with RunStore(out / "run.db") as store:
        spent = store.llm_spent()
    assert (spent.conversations, spent.calls) == (3, 3)
    assert spent.prompt_tokens == session["prompt_tokens"]


def test_grading_again_counts_the_new_judge_not_the_old_one() -> None:
    customer_call = {"model": "m", "prompt_tokens": 10, "completion_tokens": 5, "cost_usd": 0.01}
    judge_call = {"model": "j", "prompt_tokens": 100, "completion_tokens": 20, "cost_usd": 0.1}
    turns = [TURNS[0].model_copy(update={"usage": customer_call}), *TURNS[1:]]
    old_usage = {
        "turns": 5,
        "llm": {"critic": {"calls": 3, "prompt_tokens": 999, "completion_tokens": 9,
                           "cost_usd": 9.0, "cached": 0}},
        "prompt_tokens": 999, "completion_tokens": 9, "cost_usd": 9.0,
    }  # fmt: skip
    parsed = Parsed(
        "c1", {"id": "c1", "usage": old_usage}, "transcript", PLAN, turns, RESOLVED, True
    )
    judged = Critic().grade(PLAN, turns, RESOLVED).model_copy(update={"usage": [judge_call]})
    usage = output_record(parsed, judged, "f:1")["usage"]
    assert usage["turns"] == 5  # the rest of the block is kept
    assert usage["llm"]["critic"] == {
        "calls": 1, "prompt_tokens": 100, "completion_tokens": 20, "cost_usd": 0.1, "cached": 0
    }  # fmt: skip
    assert (usage["prompt_tokens"], usage["completion_tokens"]) == (110, 25)
    rules_only = output_record(parsed, Critic().grade(PLAN, turns, RESOLVED), "f:1")["usage"]
    assert "critic" not in rules_only["llm"] and rules_only["prompt_tokens"] == 10
