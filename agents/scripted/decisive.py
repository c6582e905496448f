"""The customer's facts a support rule turns on: what support asks before it decides.

A rule fires on the plan's variables, but scripted support may only act on what it was told
(or a tool showed). A refusal for "a slow leak over months", a hand-over for an injury, or
"none of our options reach Alaska or Hawaii" needs the cause, the injuries or the
destination said first, even when the rule's words do not repeat the value. So before it
decides, support asks for every fact in `customer.knows` whose value depends on a variable
that the firing rule, or a rule before it (which had to be ruled out), tests in `when`.
Variables no customer text uses are support's own records (stock, days since delivery) and
are not asked for.
"""

from __future__ import annotations

from scenarios.memo import Memo
from scenarios.model import Scenario
from scenarios.templates import placeholders


def decision_facts(scenario: Scenario, rule_index: int) -> tuple[str, ...]:
    """The known facts, in `customer.knows` order, that rules 0..rule_index test."""
    return _per_rule(scenario)[rule_index]


def _decision_facts(scenario: Scenario) -> tuple[tuple[str, ...], ...]:
    knows = scenario.customer.knows
    uses: dict[str, set[str]] = {}
    for name, template in knows.items():
        try:
            names = set(placeholders(template))
        except ValueError:
            names = set()
        if name in scenario.variables:
            names.add(name)
        uses[name] = names
    out: list[tuple[str, ...]] = []
    tested: set[str] = set()
    for rule in scenario.support.rules:
        tested.update(rule.when)
        out.append(tuple(n for n in knows if uses[n] & tested))
    return tuple(out)


_per_rule: Memo[Scenario, tuple[tuple[str, ...], ...]] = Memo(_decision_facts)
