"""docs/domains.md: its example lints clean and behaves as described; its key tables name
every key the domain and scenario models have."""

from __future__ import annotations

import json
import re
from pathlib import Path

from scenarios.domains import domain_for, expected_for, record_mismatches, replay
from scenarios.domains.spec import DomainFile, TableSpec, ToolDecl
from scenarios.expectations import Expect, ExpectedAction, RecordAssertion
from scenarios.lint import lint
from scenarios.loader import load_scenarios
from scenarios.variables import draw_variables

DOC = (Path(__file__).resolve().parent.parent / "docs" / "domains.md").read_text("utf-8")


def block_after(label: str) -> str:
    match = re.search(re.escape(label) + r":\n\n```yaml\n(.*?)```", DOC, flags=re.S)
    assert match, label
    return match.group(1)


def test_the_example_lints_clean_and_runs_as_described(tmp_path: Path) -> None:
    for rel in ("shop/domains/shop.yaml", "shop/orders/cancel.yaml"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block_after(f"`{rel}`"), encoding="utf-8")
    assert [str(p) for p in lint([tmp_path / "shop"])] == []
    [scenario] = load_scenarios([tmp_path / "shop"])
    domain = domain_for(scenario)
    assert domain is not None
    seen = set()
    for seed in range(20):
        values = draw_variables(scenario, seed, "en_US")
        expected = expected_for(scenario, values, domain)
        assert expected is not None
        state = replay(domain, expected.actions)
        assert record_mismatches(state, expected.records) == []
        order = json.loads(state.snapshot()["orders"][values["order_id"]])
        seen.add((values["order_status"], order["status"]))
    assert seen == {("pending", "cancelled"), ("shipped", "shipped")}


def documented(section: str) -> set[str]:
    body = DOC.split(section, 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z_.]+)` \|", body, flags=re.M))


def test_every_key_is_documented() -> None:
    assert documented("## The domain file") == set(DomainFile.model_fields)
    assert documented("### Tables") == set(TableSpec.model_fields)
    assert documented("### Tools") == set(ToolDecl.model_fields)
    scenario_keys = documented("## Pointing a scenario at a domain")
    assert {f"expect.{k}" for k in Expect.model_fields} <= scenario_keys
    assert {"world", "variables"} <= scenario_keys
    rows = {
        row.split("|")[1].strip(" `"): row
        for row in DOC.splitlines()
        if row.startswith("| `expect.")
    }
    for key in ExpectedAction.model_fields:
        assert re.search(rf"\b{key}\b", rows["expect.actions"]), key
    for key in RecordAssertion.model_fields:
        assert re.search(rf"\b{key}\b", rows["expect.records"]), key
