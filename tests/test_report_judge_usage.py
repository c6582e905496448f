"""`load_run` and `convsim report` count the critic's judge calls with their conversation.

A run with an LLM customer and an LLM judge through the fake server (127.0.0.1): each
conversation's tokens and cost are its record's totals (turns + judge), the `critic_*`
columns its judge's share, and turn rows stay per turn. The report's cost table has a critic
row and a total that adds up; a run whose only model is the judge is not "no model used".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import simulator
from agents.llm.fake import FakeSettings, Running, serve
from simulator.cli import app
from simulator.report.page import number
from simulator.store.data import frames

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "library" / "ecommerce" / "refund-damaged-item.yaml"
PRICE_IN, PRICE_OUT = 2.0, 8.0  # USD per million tokens


@pytest.fixture(autouse=True)
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-report-judge")


@pytest.fixture(scope="module")
def fake() -> Iterator[Running]:
    with serve(FakeSettings(seed=5)) as running:
        yield running


def run(fake: Running, out: Path, *models: str) -> list[dict[str, Any]]:
    prices = out.parent / "prices.toml"
    prices.write_text(f'[models."fake"]\ninput = {PRICE_IN}\noutput = {PRICE_OUT}\n')
    result = CliRunner().invoke(
        app,
        ["run", str(SCENARIO), "--quiet", "--seed", "3", "--n", "3", "--out", str(out),
         *models, "--base-url", fake.base_url, "--prices", str(prices)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = (out / "transcripts.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines]


def cost(prompt: float, completion: float) -> float:
    return (prompt * PRICE_IN + completion * PRICE_OUT) / 1e6


def report_html(run_dir: Path) -> str:
    out = run_dir.parent / "report.html"
    result = CliRunner().invoke(app, ["report", str(run_dir), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def row(*cells: str | int | float) -> str:
    """A row as the report's tables write it (ints as is, floats by `number`)."""
    out = []
    for cell in cells:
        if isinstance(cell, float):
            out.append(f"<td class=num>{number(cell)}</td>")
        elif isinstance(cell, int):
            out.append(f"<td class=num>{cell}</td>")
        else:
            out.append(f"<td>{cell}</td>")
    return "<tr>" + "".join(out) + "</tr>"


def test_customer_turns_and_the_judge_both_count(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "run"
    recs = run(fake, out, "--customer-model", "fake", "--critic-model", "fake")
    data = simulator.load_run(out)
    conv = data.conversations.set_index("id")
    turns = data.turns
    by_role: dict[str, list[float]] = {"customer": [0, 0, 0, 0], "critic": [0, 0, 0, 0]}
    # Attempts dropped as the simulated customer's fault (re-run) count in the record's totals.
    dropped_total = [0.0, 0.0, 0.0, 0.0]
    for rec in recs:
        usage, c = rec["usage"], conv.loc[rec["id"]]
        critic = usage["llm"]["critic"]
        none = {"prompt_tokens": 0, "completion_tokens": 0, "cost_usd": 0.0}
        dropped = usage["llm"].get("simulator_faults") or none
        dropped_total[1] += dropped["prompt_tokens"]
        dropped_total[2] += dropped["completion_tokens"]
        dropped_total[3] += dropped["cost_usd"]
        mine = turns[turns["conversation_id"] == rec["id"]]
        said = mine[mine["role"] == "customer"]
        assert said["prompt_tokens"].notna().all()
        assert mine[mine["role"] == "support"]["prompt_tokens"].isna().all()  # scripted
        # The conversation is the record's totals: its turns plus the judge.
        assert c["prompt_tokens"] == usage["prompt_tokens"] > said["prompt_tokens"].sum()
        assert c["prompt_tokens"] == (
            said["prompt_tokens"].sum() + critic["prompt_tokens"]
            + dropped["prompt_tokens"])  # fmt: skip
        assert c["completion_tokens"] == (
            said["completion_tokens"].sum() + critic["completion_tokens"]
            + dropped["completion_tokens"])  # fmt: skip
        assert c["cost_usd"] == pytest.approx(usage["cost_usd"])
        assert c["cost_usd"] == pytest.approx(cost(c["prompt_tokens"], c["completion_tokens"]))
        assert (c["critic_calls"], c["critic_prompt_tokens"]) == (1, critic["prompt_tokens"])
        assert c["critic_completion_tokens"] == critic["completion_tokens"]
        assert c["critic_cost_usd"] == pytest.approx(critic["cost_usd"]) and critic["cost_usd"]
        for role, calls, tokens in (("customer", len(said), said), ("critic", 1, None)):
            totals = by_role[role]
            totals[0] += calls
            if tokens is None:
                totals[1] += critic["prompt_tokens"]
                totals[2] += critic["completion_tokens"]
                totals[3] += critic["cost_usd"]
            else:
                totals[1] += tokens["prompt_tokens"].sum()
                totals[2] += tokens["completion_tokens"].sum()
                totals[3] += tokens["cost_usd"].sum()
    html = report_html(out)
    customer, critic = by_role["customer"], by_role["critic"]
    assert row("customer", int(customer[0]), int(customer[1]), int(customer[2]),
               float(customer[3])) in html  # fmt: skip
    assert row("critic", 3, int(critic[1]), int(critic[2]), float(critic[3])) in html
    total = [customer[i] + critic[i] + dropped_total[i] for i in range(4)]
    assert total[1] == conv["prompt_tokens"].sum()  # the rows add up to the conversations
    assert row("all (per conversation totals)", int(total[0]), int(total[1]), int(total[2]),
               float(total[3])) in html  # fmt: skip
    mean = (total[1] + total[2]) / 3
    assert f"Per conversation (3 with model use): {mean:,.0f} tokens, ${total[3] / 3:.6f}" in html


def test_a_run_whose_only_model_is_the_judge(fake: Running, tmp_path: Path) -> None:
    out = tmp_path / "run"
    recs = run(fake, out, "--critic-model", "fake")
    data = simulator.load_run(out)
    assert data.turns[["prompt_tokens", "completion_tokens", "cost_usd"]].isna().all().all()
    conv = data.conversations
    assert list(conv["prompt_tokens"]) == [r["usage"]["prompt_tokens"] for r in recs]
    assert list(conv["critic_prompt_tokens"]) == list(conv["prompt_tokens"])
    assert list(conv["critic_calls"]) == [1, 1, 1]
    html = report_html(out)
    assert "No model was used in this run" not in html
    prompt, completion = int(conv["prompt_tokens"].sum()), int(conv["completion_tokens"].sum())
    spent = float(conv["cost_usd"].sum())
    assert spent == pytest.approx(cost(prompt, completion))
    assert row("critic", 3, prompt, completion, spent) in html
    assert row("all (per conversation totals)", 3, prompt, completion, spent) in html


RECORD = {
    "id": "c1", "scenario_id": "s/x", "edge_cases": [], "persona": {},
    "turns": [{"role": "customer", "content": "hi", "usage": {"prompt_tokens": 10,
               "completion_tokens": 2, "cost_usd": 0.5}},
              {"role": "support", "content": "hello"}],
}  # fmt: skip


def test_conversation_usage_from_totals_or_turns() -> None:
    judged = {**RECORD, "usage": {
        "llm": {"customer": {"calls": 1, "prompt_tokens": 10, "completion_tokens": 2,
                             "cost_usd": 0.5, "cached": 0},
                "critic": {"calls": 1, "prompt_tokens": 30, "completion_tokens": 4,
                           "cost_usd": 0.25, "cached": 0}},
        "prompt_tokens": 40, "completion_tokens": 6, "cost_usd": 0.75}}  # fmt: skip
    older = {**RECORD, "id": "c2", "usage": {"turns": 2}}  # no totals: the turns' sums
    scripted = {**RECORD, "id": "c3", "turns": [{"role": "customer", "content": "hi"}]}
    conv = frames([judged, older, scripted], {}).conversations.set_index("id")
    keys = ["prompt_tokens", "completion_tokens", "cost_usd", "critic_calls",
            "critic_prompt_tokens", "critic_completion_tokens", "critic_cost_usd"]  # fmt: skip
    assert conv.loc["c1", keys].tolist() == [40, 6, 0.75, 1, 30, 4, 0.25]
    assert conv.loc["c2", keys[:3]].tolist() == [10, 2, 0.5]
    assert conv.loc[["c2", "c3"], keys[3:]].isna().all().all()
    assert conv.loc["c3", keys[:3]].isna().all()
    turns = frames([judged], {}).turns
    assert turns["prompt_tokens"].tolist()[0] == 10  # turn rows stay per turn


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0, "0.000"), (0.5, "0.500"), (0.00012, "0.00012"), (1.234e-05, "0.000012")],
)
def test_small_costs_are_not_shown_as_zero(value: float, shown: str) -> None:
    assert number(value) == shown
