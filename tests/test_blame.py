"""Blame on the right side: a failure the simulated customer caused is labelled as the
simulator's, not counted against support, and the plan is re-run with a derived seed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from persona_fixture import ADA

from agents.critic import grade
from agents.types import (
    CHITCHAT,
    INFORM,
    OPEN,
    REQUEST_INFO,
    RESOLVE,
    ConversationPlan,
    Outcome,
    Reply,
    Turn,
)
from scenarios.loader import load_scenarios
from simulator.run.graph import build_graph
from simulator.run.rerun import MAX_RETRIES, play, retry_seed
from simulator.run.runner import Engines, RunRequest, execute, prepare

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_FILE = ROOT / "tests" / "data" / "bots" / "refund.yaml"
SCENARIO = load_scenarios([SCENARIO_FILE])[0]
ORDER = "ORD-12345"
PLAN = ConversationPlan(
    id="p1", run_seed=1, index=0, seed=1234, scenario=SCENARIO, persona=ADA,
    variables={"product": "Pico Watch", "order_id": ORDER},
)  # fmt: skip


class Customer:
    """Opens, then gives the order number when asked, unless its seed is in `stubborn`: then
    it says something else and leaves, never giving the number it knows."""

    def __init__(self, stubborn: set[int] | None = None, all_stubborn: bool = False) -> None:
        self.stubborn = stubborn or set()
        self.all_stubborn = all_stubborn

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        mine = sum(t.role == "customer" for t in turns)
        if mine == 0:
            return Reply(turn=Turn(role="customer", content="My watch arrived broken.", act=OPEN))
        if turns[-1].act == RESOLVE:
            done = Outcome(status="resolved", reason="thanked", ended_by="customer")
            return Reply(
                turn=Turn(role="customer", content="Thanks a lot!", act="thank"), stop=done
            )
        if self.all_stubborn or plan.seed in self.stubborn:
            left = Outcome(status="abandoned", reason="left", ended_by="customer")
            turn = Turn(role="customer", content="Lovely weather today.", act=CHITCHAT)
            return Reply(turn=turn, stop=left)
        value = plan.variables["order_id"]
        turn = Turn(role="customer", content=f"It's {value}.", act=INFORM,
                    slots={"order_id": value})  # fmt: skip
        return Reply(turn=turn)


class Support:
    """Asks for the order number in plain words, refunds once given."""

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        value = plan.variables["order_id"]
        if any(value in t.content for t in turns if t.role == "customer"):
            text = f"Thanks, I've issued a refund for order {value}."
            return Reply(turn=Turn(role="support", content=text, act=RESOLVE))
        text = "Sorry about that. Could you give me your order number?"
        return Reply(turn=Turn(role="support", content=text, act=REQUEST_INFO,
                               slots={"order_id": ""}))  # fmt: skip


def test_a_customer_that_never_gives_the_asked_fact_is_the_simulators_fault() -> None:
    turns = [
        Turn(role="customer", content="My watch arrived broken.", act=OPEN),
        Turn(
            role="support",
            content="Could you give me your order number?",
            act=REQUEST_INFO,
            slots={"order_id": ""},
        ),
        Turn(role="customer", content="Lovely weather today.", act=CHITCHAT),
    ]
    left = Outcome(status="abandoned", reason="left", ended_by="customer")
    verdict = grade(PLAN, turns, left)
    assert verdict.label == "REVIEW" and verdict.blame == "simulator"
    assert [f.category for f in verdict.findings if f.dimension == "customer_fidelity"] == [
        "withheld_fact"
    ]
    assert '"blame":"simulator"' in verdict.model_dump_json()
    # Support leaking its instructions keeps the blame on support, whatever the customer did.
    leak = [*turns, Turn(role="support", content="My instructions are: refund.")]
    support_fault = grade(PLAN, leak, left)
    assert support_fault.label in ("REVIEW", "REJECT") and support_fault.blame is None
    assert "blame" not in grade(PLAN, turns[:2], left).model_dump(mode="json")


def test_a_bot_asking_in_spanish_and_a_customer_that_never_answers_is_the_simulators() -> None:
    """A bot's request is read in its language: a Spanish "¿me pasas el número de pedido?"
    asks for the order number as plainly as the English one does."""
    ask = "Vaya, lo siento. ¿Me pasas el número de pedido, por favor?"
    turns = [
        Turn(role="customer", content="My watch arrived broken.", act=OPEN),
        Turn(role="support", content=ask),
        Turn(role="customer", content="Lovely weather today.", act=CHITCHAT),
    ]
    left = Outcome(status="abandoned", reason="left", ended_by="customer")
    verdict = grade(PLAN, turns, left)
    assert verdict.blame == "simulator"
    assert [f.category for f in verdict.findings if f.dimension == "customer_fidelity"] == [
        "withheld_fact"
    ]
    # Asked for nothing the customer knows: the customer leaving is not its fault.
    vague = [*turns[:1], Turn(role="support", content="Vaya, lo siento mucho."), *turns[2:]]
    assert grade(PLAN, vague, left).blame is None


def test_a_simulator_fault_is_re_run_with_a_derived_seed() -> None:
    graph = build_graph(Customer(stubborn={PLAN.seed}), Support(), grade)
    played = asyncio.run(play(graph, PLAN))
    assert played.verdict.label == "ACCEPT" and played.verdict.blame is None
    assert played.plan.seed == retry_seed(PLAN.seed, 1) != PLAN.seed
    assert [(f.seed, f.label, f.categories) for f in played.faults] == [
        (PLAN.seed, "REVIEW", ["withheld_fact"])
    ]
    again = asyncio.run(play(graph, PLAN))
    assert (again.plan.seed, again.turns) == (played.plan.seed, played.turns)  # deterministic
    hopeless = build_graph(Customer(all_stubborn=True), Support(), grade)
    last = asyncio.run(play(hopeless, PLAN))
    assert len(last.faults) == MAX_RETRIES and last.verdict.blame == "simulator"
    assert [f.seed for f in last.faults] == [PLAN.seed, retry_seed(PLAN.seed, 1)]
    assert last.plan.seed == retry_seed(PLAN.seed, 2)


def test_run_reports_the_simulator_fault_rate(tmp_path: Path) -> None:
    engines = Engines(Customer(all_stubborn=True), Support(), grade,
                      {"customer": "stubborn", "support": "asks", "critic": "rules"})  # fmt: skip
    request = RunRequest((SCENARIO_FILE,), 3, 5, tmp_path / "run", concurrency=2)
    result = execute(prepare(request, engines), engines)
    assert result.simulator is not None
    records = [
        json.loads(x) for x in (tmp_path / "run" / "transcripts.jsonl").read_text().split("\n") if x
    ]
    # A plan whose edge case makes the customer hold facts back is not a fault; every other
    # plan is re-run twice and stays the simulator's.
    blamed = [r for r in records if (r["verdict"].get("blame") == "simulator")]
    assert len(blamed) >= 2
    assert all(len(r["simulator_faults"]) == MAX_RETRIES for r in blamed)
    assert all("simulator_faults" not in r for r in records if r not in blamed)
    faulted = 3 * len(blamed)
    expected = {
        "attempts": faulted + len(records) - len(blamed), "faulted": faulted,
        "rate": round(faulted / (faulted + len(records) - len(blamed)), 4),
        "rerun_conversations": len(blamed), "still_faulted": len(blamed),
    }  # fmt: skip
    assert result.simulator.as_dict() == expected
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["counts"]["simulator_faults"] == expected


def test_a_customer_repeating_itself_is_the_simulators_fault_a_support_loop_is_not() -> None:
    opening = "My Pico Watch arrived broken and I want a refund."
    ask = Turn(role="support", content="Could you give me your order number?",
               act=REQUEST_INFO, slots={"order_id": ""})  # fmt: skip
    asked_again = Turn(role="support", content="What is the order number, please?",
                       act=REQUEST_INFO, slots={"order_id": ""})  # fmt: skip
    parrot = [Turn(role="customer", content=opening, act=OPEN), ask,
              Turn(role="customer", content=opening, act=OPEN), asked_again]  # fmt: skip
    limit = Outcome(status="max_turns", reason="limit", ended_by="limit")
    verdict = grade(PLAN, parrot, limit)
    assert verdict.label == "REVIEW" and verdict.blame == "simulator"
    loop = [Turn(role="customer", content=opening, act=OPEN), ask,
            Turn(role="customer", content=f"It's {ORDER}.", act=INFORM,
                 slots={"order_id": ORDER}), ask]  # fmt: skip
    looping = grade(PLAN, loop, limit)
    assert looping.label in ("REVIEW", "REJECT") and looping.blame is None
