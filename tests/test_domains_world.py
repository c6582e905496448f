"""Scenarios with a world: finding the domain, variables drawn from records, expectations."""

from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path

import pytest

from scenarios.domains import domain_for, expected_for, load_domain, record_mismatches, replay
from scenarios.domains.expect import ExpectedCall, RecordCheck, render_arguments
from scenarios.domains.loader import builtin_domains, find_domain_file
from scenarios.loader import load_scenarios
from scenarios.model import Scenario
from scenarios.schema.problems import ScenarioError
from scenarios.variables import draw_variables

WORLD = Path(__file__).parent / "data" / "world"


def scenario() -> Scenario:
    [loaded] = load_scenarios([WORLD])
    return loaded


def test_domain_for_resolves_the_world_next_to_the_scenario_folders() -> None:
    found = scenario()
    domain = domain_for(found)
    assert domain is not None and domain.name == "shop"
    assert domain.path == WORLD / "domains" / "shop.yaml"
    assert domain_for(found) is domain  # built once per process
    # the resolution travels with the scenario into a plan worker (pickled)
    copy = pickle.loads(pickle.dumps(found))
    assert domain_for(copy) is domain
    assert copy == found


def test_a_world_is_found_in_the_nearest_domains_folder_then_the_library(tmp_path: Path) -> None:
    shutil.copytree(WORLD, tmp_path / "top")
    deep = tmp_path / "top" / "shop" / "more" / "x.yaml"
    assert find_domain_file("shop", deep) == tmp_path / "top" / "domains" / "shop.yaml"
    (tmp_path / "top" / "shop" / "domains").mkdir()
    near = tmp_path / "top" / "shop" / "domains" / "shop.yaml"
    shutil.copy(WORLD / "domains" / "shop.yaml", near)
    assert find_domain_file("shop", deep) == near
    assert find_domain_file("nowhere", deep) is None
    for path in builtin_domains().glob("*.yaml"):
        assert find_domain_file(path.stem, deep) == path


def test_a_scenario_without_world_has_no_domain_and_dumps_as_before() -> None:
    plain = Scenario.model_validate(
        {
            "id": "a/b",
            "title": "t",
            "domain": "d",
            "intent": "i",
            "customer": {"goal": "g", "openings": ["hi"]},
            "support": {"policy": "p", "rules": [{"action": "resolve", "say": ["ok"]}]},
            "variables": {"n": {"range": [1, 2]}},
        }
    )
    assert domain_for(plain) is None
    dumped = plain.model_dump(mode="json")
    assert "world" not in dumped and "expect" not in dumped
    assert dumped["variables"] == {
        "n": {"choice": None, "faker": None, "text": None, "args": {}, "range": [1, 2]}
    }


def test_an_unresolvable_world_is_a_scenario_error() -> None:
    lost = scenario().model_copy(update={"world": "atlantis"})
    lost._domain_file = None
    with pytest.raises(ScenarioError, match=re.escape("no domain file domains/atlantis.yaml")):
        domain_for(lost)


def test_record_variables_are_fixed_by_the_seed_and_come_from_the_records() -> None:
    found = scenario()
    domain = domain_for(found)
    assert domain is not None
    orders = {row["order_id"]: row for row in domain.rows("orders")}
    draws = [draw_variables(found, seed, "en_US") for seed in range(40)]
    assert draws == [draw_variables(found, seed, "en_US") for seed in range(40)]
    for values in draws:
        order = orders[values["order_id"]]
        assert order["status"] == values["order_status"]
        assert values["total"] == f"{order['total']:g}"
        assert values["account_email"] in {"ana@example.com", "bo@example.com"}
        assert list(values) == ["order_status", "order_id", "total", "account_email", "reason"]
    assert {v["order_id"] for v in draws} == {"W1", "W2", "W3"}  # W4 is delivered: never drawn


def test_draws_are_golden_for_fixed_seeds() -> None:
    found = scenario()
    assert [draw_variables(found, seed, "en_US")["order_id"] for seed in range(8)] == [
        "W2",
        "W3",
        "W2",
        "W1",
        "W2",
        "W1",
        "W3",
        "W2",
    ]


def test_expectations_follow_the_variables() -> None:
    found = scenario()
    domain = domain_for(found)
    assert domain is not None
    values = {
        "order_status": "pending",
        "order_id": "W3",
        "total": "7.25",
        "account_email": "bo@example.com",
        "reason": "ordered by mistake",
    }
    expected = expected_for(found, values, domain)
    assert expected is not None
    assert expected.actions == [
        ExpectedCall("get_order", {"order_id": "W3"}),
        ExpectedCall("cancel_order", {"order_id": "W3", "reason": "ordered by mistake"}),
    ]
    assert expected.records == [
        RecordCheck("orders", "W3", {"status": "cancelled", "reason": "ordered by mistake"})
    ]
    assert expected.outputs == ["7.25"]
    state = replay(domain, expected.actions)
    assert record_mismatches(state, expected.records) == []
    assert json.loads(state.snapshot()["orders"]["W3"])["status"] == "cancelled"
    untouched = domain.new_state()
    assert record_mismatches(untouched, expected.records) == [
        "orders W3: status is 'pending', expected 'cancelled'",
        "orders W3: reason is None, expected 'ordered by mistake'",
    ]
    shipped = expected_for(found, {**values, "order_status": "shipped", "order_id": "W2"}, domain)
    assert shipped is not None
    assert shipped.actions == [ExpectedCall("get_order", {"order_id": "W2"})]
    assert shipped.records == [RecordCheck("orders", "W2", {"status": "shipped"})]


def test_one_template_arguments_take_the_declared_type() -> None:
    schema = {
        "type": "object",
        "properties": {
            "n": {"type": "integer"},
            "x": {"type": "number"},
            "ok": {"type": "boolean"},
            "s": {"type": "string"},
            "items": {"type": "array", "items": {"type": "integer"}},
        },
    }
    values = {"a": "3", "b": "2.5", "c": "true", "d": "007"}
    assert render_arguments(
        {"n": "{a}", "x": "{b}", "ok": "{c}", "s": "{d}", "items": ["{a}", "{d}"]},
        values,
        schema,
    ) == {"n": 3, "x": 2.5, "ok": True, "s": "007", "items": [3, 7]}
    assert render_arguments({"s": "n={a}"}, values, schema) == {"s": "n=3"}


def test_records_that_must_not_exist() -> None:
    domain = load_domain(WORLD / "domains" / "shop.yaml")
    state = domain.new_state()
    assert record_mismatches(state, [RecordCheck("orders", "W1", {}, exists=False)]) == [
        "orders W1: the record should not exist"
    ]
    assert record_mismatches(state, [RecordCheck("orders", "W9", {})]) == [
        "orders W9: the record does not exist"
    ]
    assert record_mismatches(state, [RecordCheck("customers", "C1", {"vip": True})]) == []
    # text is compared exactly; numbers as numbers (templates give text)
    assert record_mismatches(state, [RecordCheck("orders", "W1", {"status": "PENDING"})]) == [
        "orders W1: status is 'pending', expected 'PENDING'"
    ]
    assert record_mismatches(state, [RecordCheck("orders", "W2", {"total": "20"})]) == []


def test_a_run_resumes_only_over_the_same_records(tmp_path: Path) -> None:
    from simulator.errors import UserError
    from simulator.run.runner import RunRequest, run

    folder = tmp_path / "scenarios"
    shutil.copytree(WORLD, folder)
    out = tmp_path / "run"
    run(RunRequest((folder,), 2, 1, out))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["config"]["fingerprint"]["worlds"]) == {"shop"}
    run(RunRequest((folder,), 2, 1, out))  # unchanged: resumes (nothing left to do)
    path = folder / "domains" / "shop.yaml"
    path.write_text(path.read_text().replace("bo@example.com", "bob@example.com"))
    with pytest.raises(UserError) as err:
        run(RunRequest((folder,), 2, 1, out))
    assert err.value.lines == [
        f"{out} holds a run made with different domains (a domain file or its records "
        "changed); use --force to start over or choose another --out"
    ]
