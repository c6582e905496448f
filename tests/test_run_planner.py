"""The planner: plans are pure functions of (run seed, index), balanced and streamed."""

from __future__ import annotations

import inspect
from collections import Counter

from agents.planner import Planner, derive_seed, iter_plans
from scenarios.edge_case_model import EdgeCase, EdgeCaseLibrary
from scenarios.model import Scenario


def scenario(sid: str, edge_cases: list[str] | None = None, verify: bool = True) -> Scenario:
    return Scenario.model_validate(
        {
            "id": sid,
            "title": sid,
            "domain": "test",
            "intent": "plan_test",
            "variables": {
                "order_id": {"faker": "bothify", "text": "ORD-#####"},
                "size": {"choice": ["S", "M", "L"]},
            },
            "customer": {
                "goal": "Return {order_id}.",
                "knows": {"order_id": "{order_id}"},
                "openings": ["Hi."],
            },
            "support": {
                "policy": "Verify.",
                "verify": ["order_id"] if verify else [],
                "rules": [{"action": "resolve", "say": ["Done."]}],
            },
            "persona": {"patience": ["low"]},
            "edge_cases": edge_cases or [],
        }
    )


def edge(
    eid: str, incompatible: list[str] | None = None, requires: list[str] | None = None
) -> EdgeCase:
    return EdgeCase.model_validate(
        {
            "id": eid,
            "title": eid,
            "description": eid,
            "category": "conversation",
            "behavior": eid,
            "incompatible_with": incompatible or [],
            "requires": requires or [],
        }
    )


LIBRARY = EdgeCaseLibrary(
    edge_cases=[
        edge("wrong_identifier", requires=["verify"]),
        edge("demands_manager", incompatible=["gives_up"]),
        edge("gives_up"),
        edge("off_topic"),
        edge("needs_knowledge", requires=["knowledge"]),
    ]
)
SCENARIOS = [
    scenario(
        "test/c",
        ["wrong_identifier", "demands_manager", "gives_up", "off_topic", "needs_knowledge"],
    ),
    scenario("test/a", ["demands_manager", "gives_up"]),
    scenario("test/b", ["wrong_identifier"], verify=False),
]


def test_same_seed_same_plans_and_any_slice_agrees() -> None:
    full = list(iter_plans(11, SCENARIOS, LIBRARY, 0, 12))
    assert full == list(iter_plans(11, SCENARIOS, LIBRARY, 0, 12))
    assert list(iter_plans(11, SCENARIOS, LIBRARY, 7, 12)) == full[7:]
    assert [p.index for p in full] == list(range(12))
    assert full[3].seed == derive_seed("plan", 11, 3)
    assert full != list(iter_plans(12, SCENARIOS, LIBRARY, 0, 12))


def test_plan_ids_are_short_content_hashes() -> None:
    plans = list(iter_plans(3, SCENARIOS, LIBRARY, 0, 300))
    assert len({p.id for p in plans}) == 300
    assert all(len(p.id) == 16 and int(p.id, 16) >= 0 for p in plans)


def test_scenarios_are_balanced_per_block_whatever_the_input_order() -> None:
    plans = list(iter_plans(5, SCENARIOS, LIBRARY, 0, 30))
    for block in range(10):
        ids = sorted(p.scenario.id for p in plans[3 * block : 3 * block + 3])
        assert ids == ["test/a", "test/b", "test/c"]
    reordered = list(iter_plans(5, list(reversed(SCENARIOS)), LIBRARY, 0, 30))
    assert [p.scenario.id for p in reordered] == [p.scenario.id for p in plans]


def test_persona_respects_constraints_and_fills_builtin_variables() -> None:
    for plan in iter_plans(9, SCENARIOS, LIBRARY, 0, 20):
        assert plan.persona.patience == "low"
        ident = plan.persona.identity
        assert plan.variables["customer_name"] == ident.name
        assert plan.variables["email"] == ident.email
        assert {"first_name", "last_name", "phone", "address", "city"} <= plan.variables.keys()
        assert plan.variables["order_id"].startswith("ORD-")
        assert plan.variables["size"] in {"S", "M", "L"}


def test_edge_cases_are_applicable_compatible_and_distributed() -> None:
    plans = list(iter_plans(21, SCENARIOS, LIBRARY, 0, 3000))
    counts: Counter[int] = Counter()
    for plan in plans:
        ids = [e.id for e in plan.edge_cases]
        counts[len(ids)] += 1
        assert "needs_knowledge" not in ids  # the scenario has no knowledge items
        assert not {"demands_manager", "gives_up"} <= set(ids)
        assert len(set(ids)) == len(ids)
        if plan.scenario.id == "test/b":
            assert ids == []  # its only edge case needs verification, which it lacks
    by_c = Counter(len(p.edge_cases) for p in plans if p.scenario.id == "test/c")
    assert abs(by_c[0] / 1000 - 0.35) < 0.05
    assert abs(by_c[1] / 1000 - 0.45) < 0.05
    assert abs(by_c[2] / 1000 - 0.20) < 0.05
    by_a = Counter(len(p.edge_cases) for p in plans if p.scenario.id == "test/a")
    assert by_a[2] == 0  # its two edge cases exclude each other


def test_plans_stream_lazily() -> None:
    plans = iter_plans(1, SCENARIOS, LIBRARY, 0, 10**15)
    assert inspect.isgenerator(plans)
    assert next(plans).index == 0
    assert Planner(1, SCENARIOS, LIBRARY).plan(10**12).index == 10**12
