"""Library scenarios whose policy asks for a clear yes before a write (travel
change-flight-date: "get a clear yes before changing"; banking lost-debit-card: "confirm
first") ask it: convsim's own scripted support reads back what it will do and writes only
after the customer's yes, in every language the scenario carries; a customer who says no
leaves the records as they were, and the critic does not count that against support. The
read-back states only what the customer said or a tool showed: the replacement card's
delivery (and so its price) is the customer's choice, asked before it is read back."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from agents import types as a
from agents.checks import GradeContext
from agents.checks.confirmed import confirmed_first, declined
from agents.critic import grade
from agents.planner import Planner
from agents.scripted.common import fill, lines
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.per_plan import first_rule
from agents.scripted.readback import misread_fact
from agents.scripted.support import ScriptedSupport
from agents.scripted.unsaid import unsaid_facts
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
        # the read-back (and everything else support says) states no fact nobody gave it
        assert unsaid_facts(plan, turns) == [], (i, unsaid_facts(plan, turns))
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


def test_a_read_back_of_a_choice_the_customer_never_made_is_caught() -> None:
    """The defect of the first try: 'express delivery of the new one costs $15' read back to
    a customer who never said how the new card should come."""
    sc = scenario("banking/lost-debit-card")
    planner = Planner(3, [sc], load_edge_cases())
    plan = next(
        p
        for p in map(planner.plan, range(200))
        if p.persona.language == "en"
        and p.variables["delivery"] == "express"
        and p.variables["suspicious"] == "none"
    )
    last4 = plan.variables["card_last4"]
    ask = (
        f"Blocking the card ending {last4} is permanent, and express delivery of the new one"
        " costs $15. Do you want me to go ahead?"
    )
    turns = [
        Turn(role="customer", content="I lost my card, please block it", act=a.OPEN),
        Turn(
            role="support",
            content="Which are the last four digits of the card?",
            act=a.REQUEST_INFO,
        ),
        Turn(role="customer", content=f"{last4}, and nothing odd on the account", act=a.INFORM),
        Turn(role="support", content=ask, act=a.CONFIRM),
    ]
    assert [(u.turn, u.fact) for u in unsaid_facts(plan, turns)] == [(3, "delivery")]
    told = [*turns[:3], Turn(role="customer", content="express please", act=a.INFORM), turns[3]]
    assert unsaid_facts(plan, told) == []


def test_the_card_delivery_is_asked_before_it_is_read_back() -> None:
    sc = scenario("banking/lost-debit-card")
    planner = Planner(5, [sc], load_edge_cases())
    seen = 0
    for i in range(30):
        plan = planner.plan(i)
        if plan.variables["suspicious"] != "none":
            continue
        turns, _, _ = play(plan)
        asked = [j for j, t in enumerate(turns) if t.act == a.CONFIRM]
        if not asked:
            continue
        requested = [
            j
            for j, t in enumerate(turns[: asked[0]])
            if t.act == a.REQUEST_INFO and "delivery" in t.slots
        ]
        assert requested, (i, [(t.act, t.content) for t in turns])
        seen += 1
    assert seen >= 5


@pytest.mark.parametrize("sid", sorted(PATHS))
def test_no_read_back_reads_a_fact_back_wrong(sid: str) -> None:
    """The scripted customer says no to a read-back that shows another value of one of its
    facts: no line of these rules may look like one, in any language ("eine neue Karte" is
    not "eine Barabhebung, die ich nicht gemacht habe")."""
    sc = scenario(sid)
    planner = Planner(1, [sc], load_edge_cases())
    checked = Counter[str]()
    for i in range(200):
        plan = planner.plan(i)
        rule = first_rule(plan)
        if rule is None or not rule.confirm:
            continue
        for line in lines(plan, rule.confirm, rule.confirm_translations):
            text = fill(plan, line, "test")
            assert misread_fact(sc, dict(plan.variables), text) is None, (plan.variables, text)
        checked[plan.persona.language] += 1
    assert len(checked) == 5, checked
