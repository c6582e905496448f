"""Edge-case proposals from a planner model: validated, written for a person, never used."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from test_run_planner import LIBRARY, SCENARIOS

from agents.planning import BatchPlanner
from agents.planning.proposals import (
    ProposalList,
    least_covered,
    propose,
    write_proposals,
)


@dataclass
class Result:
    value: Any


class FakeModel:
    """Answers every structured call with a fixed payload, and remembers what it was asked."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload
        self.asked: list[list[dict[str, str]]] = []

    async def structured(self, messages: list[dict[str, str]], schema: type[BaseModel]) -> Any:
        self.asked.append(messages)
        return Result(schema.model_validate(self.payload))


def proposal(pid: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "title": pid.replace("_", " "),
        "description": "The customer pays with a voucher that expired yesterday.",
        "customer_behaviour": "Insists the voucher is valid, then asks for an exception.",
        "category": "policy",
        **extra,
    }


def test_proposals_are_validated_and_written_for_a_person(tmp_path: Path) -> None:
    planner = BatchPlanner(1, SCENARIOS, LIBRARY, batch_size=10)
    model = FakeModel(
        {
            "edge_cases": [
                proposal("expired_voucher"),
                proposal("off_topic"),  # already in the library
                proposal("Bad Id"),
                proposal("bad_category", category="weather"),
                proposal("clashes", incompatible_with=["no_such_case"]),
            ]
        }
    )
    accepted, rejected, areas = asyncio.run(propose(model, planner.state, LIBRARY))
    assert [e.id for e in accepted] == ["expired_voucher"]
    assert accepted[0].behavior == "expired_voucher"
    assert accepted[0].description.endswith(
        "Customer behaviour: Insists the voucher is valid, then asks for an exception."
    )
    assert rejected[0] == "off_topic: an edge case with this id already exists"
    assert rejected[1].startswith("Bad Id: id: String should match pattern")
    assert rejected[2].startswith("bad_category: category: Input should be")
    assert rejected[3] == "clashes: incompatible_with names unknown edge case 'no_such_case'"
    assert areas == least_covered(planner.state)
    assert "least-covered areas" in model.asked[0][1]["content"]
    path = tmp_path / "edge_case_proposals.yaml"
    write_proposals(path, accepted, rejected, areas)
    text = path.read_text()
    assert text.startswith("# Edge cases proposed by the planner model. NOT used by any run")
    data = yaml.safe_load(text)
    assert [e["id"] for e in data["edge_cases"]] == ["expired_voucher"]
    assert len(data["rejected"]) == 4
    assert ProposalList.model_json_schema()["required"] == ["edge_cases"]
