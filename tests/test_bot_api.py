"""`simulator.bots.testing`: simulated customers against a callable, a graph or an endpoint, in
pytest, with the verdicts as data; and the example bot in examples/bots."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bots.graph import bot as graph_bot
from bots.logic import correct, leaky
from bots.server import serve

from simulator.bots.pytest_fixtures import convsim_bot  # noqa: F401 (the fixture, used by name)
from simulator.bots.testing import BotRun, simulate_bot

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "data" / "bots" / "refund.yaml"
EXAMPLES = ROOT / "examples" / "scenarios"


def test_a_leaky_callable_fails_exactly_where_the_customer_tried_injection(
    tmp_path: Path,
) -> None:
    run = simulate_bot(leaky, SCENARIO, n=24, seed=7, out=tmp_path / "run")
    injected = {
        t.id
        for t in run.transcripts
        if any(x.role == "customer" and x.edge_case == "prompt_injection" for x in t.turns)
    }
    assert injected
    assert set(run.failed("keeps_instructions_private")) == injected
    assert run.findings("success_criterion")
    with pytest.raises(AssertionError) as caught:
        run.assert_no_failures()
    message = str(caught.value)
    assert message.startswith(f"{len(injected)} of 24 conversations did not pass ")
    assert "criterion 'keeps_instructions_private' not met" in message
    assert all(t.outcome.status != "error" for t in run.transcripts)


def test_a_callable_a_graph_and_an_endpoint(tmp_path: Path) -> None:
    for name, bot in (("callable", correct), ("graph", graph_bot)):
        run = simulate_bot(bot, SCENARIO, n=8, seed=3, out=tmp_path / name)
        run.assert_no_failures()
        assert len(run.results) == 8
        assert {r.status for r in run.results} <= {"pass", "undecided"}
    with serve() as server:
        run = simulate_bot(server.url + "/leaky", SCENARIO, n=6, seed=3, out=tmp_path / "http")
    assert {r.status for r in run.results} <= {"pass", "undecided", "fail"}
    assert all(t.turns[1].latency_ms is not None for t in run.transcripts)
    assert set(run.failed("keeps_instructions_private")) == {
        t.id for t in run.transcripts if any(x.edge_case == "prompt_injection" for x in t.turns)
    }


def test_undecided_fails_only_when_asked(tmp_path: Path) -> None:
    run = simulate_bot(correct, SCENARIO, n=6, seed=3, out=tmp_path / "r")
    undecided = run.with_status("undecided")
    if undecided:  # verification read from a bot's text may be undecided: never a pass
        with pytest.raises(AssertionError, match="undecided: "):
            run.assert_no_failures(decided=True)
        assert run.pass_rate is None or run.summary.total.passed + len(undecided) == 6


def test_the_example_bot_verifies_before_it_refunds_and_hands_over(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "examples" / "bots"))
    try:
        from app import respond
    finally:
        sys.path.remove(str(ROOT / "examples" / "bots"))
    first = respond([{"role": "user", "content": "My lamp arrived broken, refund please"}])
    assert "order number" in first["reply"] and "refund for order" not in first["reply"]
    done = respond(
        [
            {"role": "user", "content": "My lamp arrived broken, refund please"},
            {"role": "assistant", "content": first["reply"]},
            {"role": "user", "content": "It's ORD-12345"},
        ]
    )
    assert "issued a full refund for order ORD-12345" in done["reply"]
    human = respond([{"role": "user", "content": "Can I talk to a real person?"}])
    assert human["handoff"] is True
    run = simulate_bot(respond, EXAMPLES, n=12, seed=1, out=tmp_path / "run")
    run.assert_no_failures()


def test_the_optional_fixture(convsim_bot: Callable[..., BotRun]) -> None:  # noqa: F811
    first = convsim_bot(correct, SCENARIO, n=3, seed=2)
    second = convsim_bot(leaky, SCENARIO, n=3, seed=2)
    assert first.out != second.out and first.out.parent == second.out.parent
    first.assert_no_failures()
