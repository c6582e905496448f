"""The coverage planner in memory: golden plans, full pairwise coverage, constraints, failures."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from test_run_planner import LIBRARY, SCENARIOS, edge, scenario

from agents.planning import BatchPlanner, PlanSpec, observed
from agents.planning.factors import FactorModel
from personas.library import load_traits
from scenarios.edge_case_model import EdgeCaseLibrary


def _any_language(*args: object, **kwargs: object) -> BatchPlanner:
    """These tests are about the factor mechanics, with language as one factor: plan as for
    engines that write any language, every language weighing the same (the scripted engine's
    narrowing and the default English-heavy mix are tested apart)."""
    even = load_traits().model_copy(update={"language_weights": None})
    return BatchPlanner(*args, languages=None, traits=even, **kwargs)  # type: ignore[arg-type]


def run_plans(planner: BatchPlanner, batches: int, fails: object = None) -> list[PlanSpec]:
    """Plan `batches` batches, observing each plan as run (failing where `fails` says)."""
    specs: list[PlanSpec] = []
    for batch in range(batches):
        for spec in planner.plan_batch(batch):
            plan = planner.materialize(spec)
            names = observed(plan.scenario.id, plan.persona, [e.id for e in plan.edge_cases])
            planner.observe(names, bool(fails and fails(names)))  # type: ignore[operator]
            specs.append(spec)
    return specs


def test_plans_for_a_seed_are_golden_and_repeatable() -> None:
    first = _any_language(7, SCENARIOS, LIBRARY, batch_size=10).plan_batch(0)
    assert first[:2] == [
        PlanSpec(
            0,
            "test/c",
            {
                "tone": "frustrated",
                "patience": "low",
                "verbosity": "terse",
                "tech_savviness": "low",
                "language": "fr",
                "quirks": "none",
            },
            ("demands_manager", "off_topic"),
            "coverage",
        ),
        PlanSpec(
            1,
            "test/c",
            {
                "tone": "angry",
                "patience": "low",
                "verbosity": "normal",
                "tech_savviness": "high",
                "language": "nl",
                "quirks": "typos",
            },
            ("wrong_identifier", "gives_up"),
            "coverage",
        ),
    ]
    again = _any_language(7, list(reversed(SCENARIOS)), LIBRARY, batch_size=10).plan_batch(0)
    assert again == first
    assert _any_language(8, SCENARIOS, LIBRARY, batch_size=10).plan_batch(0) != first


def test_materialized_persona_has_the_chosen_trait_values() -> None:
    planner = _any_language(3, SCENARIOS, LIBRARY, batch_size=20)
    for spec in planner.plan_batch(0):
        plan = planner.materialize(spec)
        assert plan.index == spec.index
        assert plan.scenario.id == spec.scenario
        assert [e.id for e in plan.edge_cases] == list(spec.edge_cases)
        got = observed(plan.scenario.id, plan.persona, list(spec.edge_cases))
        assert {t: got[t] for t in spec.traits} == {t: [v] for t, v in spec.traits.items()}


def test_full_pairwise_coverage_on_a_small_factor_set() -> None:
    planner = _any_language(1, SCENARIOS, LIBRARY, batch_size=10)
    state = planner.state
    assert state.total == 542
    ran = 0
    while not state.complete:
        run_plans_batch = planner.plan_batch(ran // 10)
        for spec in run_plans_batch:
            plan = planner.materialize(spec)
            planner.observe(observed(plan.scenario.id, plan.persona, list(spec.edge_cases)), False)
            ran += 1
        assert ran <= 200
    # tone x language (7 x 7) is the largest feasible pair group a plan covers once each
    assert 49 <= ran <= 60
    assert state.covered == 542
    later = planner.plan_batch(ran // 10)
    assert {s.why for s in later} == {"balance"}


def test_random_needs_far_more_conversations_for_the_same_coverage() -> None:
    planner = _any_language(1, SCENARIOS, LIBRARY, mode="random", batch_size=10)
    run_plans(planner, 6)
    assert planner.state.covered < 0.8 * planner.state.total


def test_incompatible_edge_cases_are_never_planned_together() -> None:
    library = EdgeCaseLibrary(
        edge_cases=[
            edge("a", incompatible=["b"]),
            edge("b", incompatible=["a"]),
            edge("c"),
            edge("needs_knowledge", requires=["knowledge"]),
        ]
    )
    scenarios = [scenario("t/x", ["a", "b", "c", "needs_knowledge"]), scenario("t/y", ["a", "b"])]
    planner = _any_language(5, scenarios, library, batch_size=25)
    specs = run_plans(planner, 8)
    pairs = Counter(s.edge_cases for s in specs if len(s.edge_cases) == 2)
    assert pairs  # two edge cases do get combined ...
    assert set(pairs) <= {("a", "c"), ("b", "c")}  # ... but never a with b
    used = {e for s in specs for e in s.edge_cases}
    assert "needs_knowledge" not in used  # requires knowledge: no scenario has any
    assert all("c" not in s.edge_cases for s in specs if s.scenario == "t/y")


def test_unsatisfiable_requirements_leave_a_value_out_of_the_model() -> None:
    model = FactorModel([scenario("t/x", ["wrong_identifier"], verify=False)], LIBRARY, _traits())
    assert [model.values[v].name for v in model.by_factor[model.edge_factor]] == ["none"]


def _traits():  # type: ignore[no-untyped-def]
    return load_traits()


def weak(names: dict[str, list[str]]) -> bool:
    return "de" in names["language"] and "high" in names["tech_savviness"]


@pytest.mark.parametrize("mode", ["failures", "random"])
def test_failures_mode_concentrates_on_the_failing_cell(mode: str) -> None:
    planner = _any_language(2, SCENARIOS, LIBRARY, mode=mode, batch_size=20)  # type: ignore[arg-type]
    specs = run_plans(planner, 10, fails=weak)
    late = specs[100:]
    hits = sum(
        s.traits.get("language") == "de" and s.traits.get("tech_savviness") == "high" for s in late
    )
    if mode == "failures":
        assert hits >= 0.4 * len(late)
        assert {s.why for s in late} == {"failures", "balance"}
    else:
        assert planner.state.failures < 12


def test_strength_one_and_three() -> None:
    one = _any_language(1, SCENARIOS, LIBRARY, strength=1, batch_size=10)
    assert one.state.total == sum(one.model.sizes().values())
    run_plans(one, 1)
    assert one.state.complete
    three = _any_language(1, SCENARIOS, LIBRARY, strength=3, batch_size=10)
    assert three.state.total > 542
    groups = itertools.combinations(range(8), 3)
    assert len(list(groups)) == 56
