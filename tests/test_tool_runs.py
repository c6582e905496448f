"""Runs over a scenario with a domain: tool turns through the runner, resume, and the chat
exports carrying the domain's tool definitions."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from test_tool_turns_io import check_openai_tools_example, check_sharegpt_tools_example
from typer.testing import CliRunner

import scenarios
from agents.critic import grade
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import Desk
from agents.types import ConversationPlan, Reply, Turn
from scenarios.domains import load_domain
from simulator.cli import app
from simulator.run.runner import Engines, RunRequest, run

FIXTURE = Path(__file__).parent / "data" / "tooluse"
NAMES = {"customer": "scripted", "support": "scripted", "critic": "rules"}


class Interrupting(ScriptedSupport):
    """The scripted support agent, until its n-th reply: then a Ctrl-C."""

    def __init__(self, after: int) -> None:
        self.after, self.calls = after, 0

    async def respond(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        memory: Mapping[str, Any],
        desk: Desk | None = None,
    ) -> Reply:
        self.calls += 1
        if self.calls > self.after:
            raise KeyboardInterrupt
        return await super().respond(plan, turns, memory, desk)


def request(out: Path, n: int = 10, concurrency: int = 4) -> RunRequest:
    return RunRequest(paths=(FIXTURE,), n=n, seed=7, out=out, concurrency=concurrency)


def records(out: Path) -> list[dict[str, Any]]:
    text = (out / "transcripts.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("full") / "run"
    run(request(out))
    return out


def test_a_run_over_a_domain_has_tool_turns(full: Path) -> None:
    done = records(full)
    assert all(r["scenario_id"] == "desk/refund-order" for r in done)
    with_calls = [r for r in done if any(t.get("tool_calls") for t in r["turns"])]
    assert len(with_calls) >= 6
    for r in with_calls:
        results = [t for t in r["turns"] if t["role"] == "tool"]
        calls = [c for t in r["turns"] for c in t.get("tool_calls", [])]
        assert [t["tool_call_id"] for t in results] == [c["id"] for c in calls]
        assert r["usage"]["customer_turns"] <= 8
    assert {r["verdict"]["label"] for r in done} == {"ACCEPT"}


def test_resume_with_tool_turns_equals_the_uninterrupted_run(full: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut"
    interrupting = Engines(ScriptedCustomer(), Interrupting(after=12), grade, NAMES)
    with pytest.raises(KeyboardInterrupt):
        run(request(cut, concurrency=2), interrupting)
    assert not (cut / "transcripts.jsonl").exists()
    resumed = run(request(cut))
    assert 0 < resumed.already_done < 10
    assert (cut / "transcripts.jsonl").read_bytes() == (full / "transcripts.jsonl").read_bytes()


def test_exports_carry_the_domains_tool_definitions(full: Path, tmp_path: Path) -> None:
    domain = load_domain(FIXTURE / "domains" / "desk.yaml")
    tools = [spec.openai() for spec in domain.specs()]
    runner = CliRunner()
    out = tmp_path / "openai.jsonl"
    result = runner.invoke(app, ["export", str(full), "--format", "openai", "--out", str(out)])
    assert result.exit_code == 0, result.output
    examples = [json.loads(line) for line in out.read_text().splitlines()]
    assert examples and all(e["tools"] == tools for e in examples)
    for example in examples:
        check_openai_tools_example(example)
    assert any("tool_calls" in m for e in examples for m in e["messages"])
    out = tmp_path / "sharegpt.jsonl"
    result = runner.invoke(app, ["export", str(full), "--format", "sharegpt", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for line in out.read_text().splitlines():
        example = json.loads(line)
        check_sharegpt_tools_example(example, [t["function"]["name"] for t in tools])
    out = tmp_path / "customer.jsonl"
    args = ["export", str(full), "--format", "openai", "--as", "customer", "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    for line in out.read_text().splitlines():
        example = json.loads(line)
        assert set(example) == {"messages"}
        assert all(m["role"] in ("system", "user", "assistant") for m in example["messages"])


def test_load_run_and_the_report_read_tool_turns(full: Path) -> None:
    from simulator import load_run
    from simulator.report.metrics import distributions, role_texts

    frames = load_run(full)
    turns = frames.turns
    results = turns[turns["role"] == "tool"]
    assert len(results) and results["tool"].notna().all() and results["tool_call_id"].notna().all()
    assert set(results["tool_error"]) <= {True, False}
    calls = turns[turns["tool_calls"].notna()]
    assert all(json.loads(text)[0]["name"] for text in calls["tool_calls"])
    assert turns[turns["role"] == "customer"]["tool_calls"].isna().all()
    done = records(full)
    support = role_texts(done)["support"]
    assert support and all(text.strip() for text in support)  # no tool-only turns
    per_conversation = next(d for d in distributions(done, done) if d.name.startswith("turns per"))
    said = [sum(1 for t in r["turns"] if t["role"] != "tool" and t["content"]) for r in done]
    assert list(per_conversation.ours) == said


def test_offline_runs_of_the_built_in_library_show_tool_turns(tmp_path: Path) -> None:
    out = tmp_path / "lib"
    library = Path(scenarios.__file__).parent / "library"
    worlds = tuple(library / d for d in ("ecommerce", "banking", "telecom", "travel"))
    run(RunRequest(paths=worlds, n=40, seed=3, out=out, concurrency=8))
    shown = CliRunner().invoke(app, ["show", str(out)])
    assert shown.exit_code == 0, shown.output
    by_domain: dict[str, int] = {}
    for r in records(out):
        calls = sum(len(t.get("tool_calls", [])) for t in r["turns"])
        key = r["scenario_id"].split("/")[0]
        by_domain[key] = by_domain.get(key, 0) + calls
    for domain in ("ecommerce", "banking", "telecom", "travel"):
        assert by_domain.get(domain, 0) > 0, by_domain
    assert shown.output.count("    tool: ") == sum(by_domain.values())


def test_two_different_expected_writes_on_one_record_are_not_a_repeat(tmp_path: Path) -> None:
    """Suspending a lost SIM and issuing its replacement both write the account (keyed by
    account_number, a key column not named *_id): the scenario expects both."""
    library = Path(__file__).resolve().parent.parent / "scenarios" / "library"
    scenario = library / "telecom" / "sim-replacement-lost-phone.yaml"
    out = tmp_path / "sim"
    run(RunRequest(paths=(scenario,), n=12, seed=5, out=out, concurrency=4))
    both = 0
    for r in records(out):
        names = [c["name"] for t in r["turns"] for c in t.get("tool_calls", [])]
        if "suspend_sim" in names and "issue_replacement_sim" in names:
            both += 1
            assert not [f for f in r["verdict"]["findings"] if f["category"] == "repeated_write"]
    assert both >= 3
