"""The built-in library's worlds: every scenario's expectations are consistent with its
domain's tools and records, for many drawn conversations."""

from __future__ import annotations

import pytest

from scenarios.domains import domain_for, expected_for, record_mismatches, replay
from scenarios.domains.checks import SAMPLE_PERSONA
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario
from scenarios.variables import draw_variables

SEEDS = range(60)
LIBRARY = sorted(load_scenarios([builtin_library()]), key=lambda s: s.id)
WORLDLY = [s for s in LIBRARY if s.expect is not None]


def test_the_four_support_desks_have_worlds() -> None:
    worlds = {s.id.split("/")[0]: s.world for s in WORLDLY}
    assert worlds == {
        "banking": "banking",
        "ecommerce": "ecommerce",
        "telecom": "telecom",
        "travel": "travel",
    }


@pytest.mark.parametrize("scenario", WORLDLY, ids=[s.id for s in WORLDLY])
def test_expected_actions_succeed_and_leave_the_expected_records(scenario: Scenario) -> None:
    domain = domain_for(scenario)
    assert domain is not None
    acted = idle = 0
    for seed in SEEDS:
        values = draw_variables(scenario, seed, "en_US") | SAMPLE_PERSONA
        expected = expected_for(scenario, values, domain)
        assert expected is not None
        state = replay(domain, expected.actions)
        refused = [(name, result.content) for name, _, result in state.calls if result.error]
        assert refused == [], (seed, values)
        assert record_mismatches(state, expected.records) == [], (seed, values)
        writes = [c for c in expected.actions if domain.tools[c.tool].spec.writes]
        if writes:
            acted += 1
            # doing nothing is caught whenever the conversation should have changed records
            assert record_mismatches(domain.new_state(), expected.records), (seed, values)
        else:
            idle += 1
    assert acted > 0  # the draws reach the branch where support acts ...
    assert acted + idle == len(SEEDS)
