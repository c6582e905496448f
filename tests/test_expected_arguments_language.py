"""An expected tool call is rendered from the variables as drawn (the scenario's own values),
never from what a customer says in their language: a variable with `translations` is voiced
in Spanish ("lo pedí por error") but the tool takes the drawn value ("ordered by mistake"),
so a correct bot that hears Spanish and calls the tool with its enum value meets the expected
action. Checked for every built-in scenario, every drawn choice and every language."""

from __future__ import annotations

import re

from scenarios.domains import domain_for
from scenarios.domains.expect import render_arguments
from scenarios.domains.params import validate_arguments
from scenarios.loader import builtin_library, load_scenarios

PLACEHOLDER = re.compile(r"\{(\w+)\}")
CANCEL = "ecommerce/cancel-pending-order"


def test_expected_arguments_drawn_from_choices_are_what_the_tool_accepts() -> None:
    checked = 0
    for scenario in load_scenarios([builtin_library()]):
        if scenario.expect is None or scenario.world is None:
            continue
        domain = domain_for(scenario)
        assert domain is not None
        for action in scenario.expect.actions:
            parameters = domain.tools[action.tool].spec.parameters
            for name, template in action.arguments.items():
                used = PLACEHOLDER.findall(template) if isinstance(template, str) else []
                for var in (v for v in used if scenario.variables[v].choice is not None):
                    spec = scenario.variables[var]
                    assert spec.choice is not None
                    for value in map(str, spec.choice):
                        args = render_arguments({name: template}, {var: value}, parameters)
                        assert args[name] == value
                        one = {
                            "type": "object",
                            "properties": {name: parameters["properties"][name]},
                        }
                        errors = validate_arguments(one, args)
                        assert errors == [], (scenario.id, action.tool, value, errors)
                        checked += 1
    assert checked >= 2  # ecommerce/cancel-pending-order's reason, at least
    cancel = next(s for s in load_scenarios([builtin_library()]) if s.id == CANCEL)
    # what the Spanish customer says is not what the tool takes
    assert cancel.variables["reason"].said_in("ordered by mistake", "es") == "lo pedí por error"
