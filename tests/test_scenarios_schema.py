"""The committed JSON Schemas are generated from the models and kept up to date."""

from __future__ import annotations

import json

from scenarios.schema import FOLDER, render_schemas


def test_committed_schemas_are_up_to_date() -> None:
    for name, text in render_schemas().items():
        committed = (FOLDER / name).read_text(encoding="utf-8")
        assert committed == text, f"run `python -m scenarios.schema` to regenerate {name}"


def test_schemas_are_deterministic_and_strict() -> None:
    assert render_schemas() == render_schemas()
    scenario = json.loads(render_schemas()["scenario.schema.json"])
    assert scenario["additionalProperties"] is False
    assert scenario["properties"]["$schema"] == {
        "type": "string",
        "description": "path or URL of this JSON Schema",
    }
    assert scenario["required"] == ["id", "title", "domain", "intent", "customer", "support"]
    condition = scenario["$defs"]["Condition"]["properties"]
    assert "in" in condition and "in_" not in condition
    library = json.loads(render_schemas()["edge_cases.schema.json"])
    assert library["title"] == "convsim edge-case library"
