"""Library scenarios whose policy asks for a clear yes before a write (travel
change-flight-date: "get a clear yes before changing"; banking lost-debit-card: "confirm
first") ask it: convsim's own scripted support reads back what it will do and writes only
after the customer's yes, in every language the scenario carries; a customer who says no
leaves the records as they were, and the critic does not count that against support."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from agents import types as a
from agents.checks import GradeContext
from agents.checks.confirmed import confirmed_first, declined
from agents.critic import grade
from agents.planner import Planner
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import default_world
from agents.types import ConversationPlan, Outcome, Turn, Verdict
from agents.understanding.confirm import asks_to_confirm
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

PATHS = {
    "travel/change-flight-date": ("travel", "change-flight-date.yaml", "change_flight_date"),
    "banking/lost-debit-card": ("banking", "lost-debit-card.yaml", "block_card"),
}


def scenario(sid: str) -> Scenario:
    folder, name, _ = PATHS[sid]
    (found,) = load_scenarios([builtin_library() / folder / name])
    return found


def play(plan: ConversationPlan) -> tuple[list[Turn], Outcome, Verdict]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=default_world)
    turns, outcome, verdict = asyncio.run(run_conversation(graph, plan))
    return turns, outcome, verdict


def writes(turns: list[Turn], tool: str) -> list[int]:
    return [
        i
        for i, t in enumerate(turns)
        if t.role == "support" and any(c.name == tool for c in t.tool_calls or ())
    ]


@pytest.mark.parametrize("sid", sorted(PATHS))
def test_every_rule_that_writes_asks_first_in_every_language(sid: str) -> None:
    sc = scenario(sid)
    languages = sc.languages()
    assert {"en", "es", "fr", "de", "pt"} <= languages
    for rule in sc.support.rules:
        if rule.action == "refuse":
            assert not rule.confirm  # nothing is written: nothing to ask
            continue
        lines = {"en": rule.confirm, **rule.confirm_translations}
        assert set(lines) == languages, rule.say[0]
        for code, said in lines.items():
            assert len(said) >= 2, (code, said)
            # each is a question the readers (scripted customer, critic) know as one
            assert all(asks_to_confirm(line) for line in said), (code, said)


@pytest.mark.parametrize("sid", sorted(PATHS))
def test_support_reads_back_and_writes_only_after_a_yes(sid: str) -> None:
    sc = scenario(sid)
    tool = PATHS[sid][2]
    planner = Planner(7, [sc], load_edge_cases())
    ends: Counter[str] = Counter()
    languages: set[str] = set()
    for i in range(24):
        plan = planner.plan(i)
        turns, outcome, verdict = play(plan)
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        check = confirmed_first(ctx)
        assert check.findings == () and check.unjudged == (), (i, check)
        made = writes(turns, tool)
        rule = sc.support.rule_for(plan.variables)
        assert rule is not None
        if not rule.confirm:  # basic economy: refused, nothing written
            assert made == []
            continue
        asked = [j for j, t in enumerate(turns) if t.act == a.CONFIRM]
        assert asked, (i, [t.act for t in turns])
        if made:
            # the question comes first and the customer's answer to the last one is a yes
            before = [j for j in asked if j < made[0]]
            assert before, (i, [t.act for t in turns])
            reply = next(t for t in turns[before[-1] + 1 :] if t.role == "customer")
            assert reply.act in (a.ACCEPT, a.THANK), (i, reply)
            assert not declined(ctx)
            ends["wrote"] += 1
            languages.add(plan.persona.language)
        elif declined(ctx):
            assert outcome.status == "abandoned" and outcome.ended_by == "support"
            assert "end_state" not in {f.category for f in verdict.findings}, verdict.findings
            assert verdict.label != "REJECT", verdict.rationale
            ends["declined"] += 1
    assert ends["wrote"] >= 8 and len(languages) >= 2, (ends, languages)
