"""Checks skipped on a scenario's shape give what running them gives; the scenario texts the
checks share are what rendering them gives.

`missed_escalation` passes at once when no support rule escalates, and `confirmed_first` when
no rule asks first: whichever rule holds for a conversation's values (or none, or a rule
naming a missing variable) could not make them find anything. Compared here, on scripted
conversations and on copies of their plans with other scenarios' rules (escalating, some made to
ask first) over these conversations' values, with the checks' plain precondition.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from agents.checks import GradeContext
from agents.checks.confirmed import confirmed_first
from agents.checks.escalation import missed_escalation
from agents.scripted.common import ScenarioLogicError, first_rule
from agents.types import ConversationPlan, Outcome, Turn
from simulator.run.runner import Engines, RunRequest, run, scripted_engines

Conversation = tuple[ConversationPlan, list[Turn], Outcome]


@pytest.fixture(scope="module")
def conversations(tmp_path_factory: pytest.TempPathFactory) -> list[Conversation]:
    base = scripted_engines()
    seen: list[Conversation] = []

    def record(plan: ConversationPlan, turns: list[Turn], outcome: Outcome) -> object:
        seen.append((plan, list(turns), outcome))
        return base.grade(plan, turns, outcome)

    out: Path = tmp_path_factory.mktemp("run")
    run(RunRequest(paths=(), n=60, seed=23, out=out), Engines(base.customer, base.support,
                                                              record, base.names))  # fmt: skip
    rng = random.Random(5)
    mixed: list[Conversation] = []
    for plan, turns, outcome in seen:
        other = rng.choice(seen)[0]  # another scenario's rules over this plan's values
        rules = list(other.scenario.support.rules)
        if rng.random() < 0.5:  # one of them asks first (no library scenario does yet)
            at = rng.randrange(len(rules))
            rules[at] = rules[at].model_copy(update={"confirm": ["Shall I go ahead?"]})
        support = plan.scenario.support.model_copy(update={"rules": rules})
        scenario = plan.scenario.model_copy(update={"support": support})
        mixed.append((plan.model_copy(update={"scenario": scenario}), turns, outcome))
    return seen + mixed


def _plain_rule_escalates(plan: ConversationPlan) -> bool:
    try:
        rule = first_rule(plan)
    except ScenarioLogicError:
        return False
    return rule is not None and rule.action == "escalate"


def test_skips_equal_the_plain_preconditions(conversations: list[Conversation]) -> None:
    escalating = asking = 0
    for plan, turns, outcome in conversations:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        rules = plan.scenario.support.rules
        if not any(r.action == "escalate" for r in rules):
            assert not _plain_rule_escalates(plan)
            assert missed_escalation(ctx).findings == ()
        else:
            escalating += 1
        if not any(r.confirm for r in rules):
            rule = plan.scenario.support.rule_for(plan.variables)
            assert rule is None or not rule.confirm
            assert confirmed_first(ctx).findings == ()
        else:
            asking += 1
    assert escalating > 5 and asking > 0  # both kinds of scenario are in the corpus


def test_rendered_once_is_render(conversations: list[Conversation]) -> None:
    """`GradeContext.rendered`, shared by the checks, is `render` (None where it raises)."""
    from scenarios.templates import TemplateError, render

    broken = 0
    for plan, turns, outcome in conversations[:40]:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        spec = plan.scenario
        templates = [spec.support.policy, spec.customer.goal, *spec.customer.knows.values()]
        templates += [a for k in spec.support.knowledge for a in k.answer]
        templates += ["{no_such_variable} here", "a {single brace"]
        for template in templates * 2:  # the second time from the conversation's cache
            try:
                expected: str | None = render(template, plan.variables)
            except TemplateError:
                expected = None
                broken += 1
            assert ctx.rendered(template) == expected
    assert broken >= 80
