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
    schema_for,
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
        "behavior": "against_policy",
        **extra,
    }


def test_proposals_are_validated_and_written_for_a_person(tmp_path: Path) -> None:
    planner = BatchPlanner(1, SCENARIOS, LIBRARY, batch_size=10)
    model = FakeModel(
        {
            "edge_cases": [
                proposal("expired_voucher"),
                proposal("off_topic"),  # already in the library
                proposal("Split Payment!", incompatible_with=["off_topic", "off_topic"]),
                proposal("!!!"),
                proposal("bad_category", category="weather"),
                proposal("odd_behaviour", behavior="juggles"),
                proposal("clashes", incompatible_with=["no_such_case"]),
            ]
        }
    )
    accepted, rejected, areas = asyncio.run(propose(model, planner.state, LIBRARY))
    assert [e.id for e in accepted] == ["expired_voucher", "split_payment"]
    assert accepted[0].behavior == "against_policy"
    assert accepted[1].incompatible_with == ["off_topic"]
    assert accepted[0].description.endswith(
        "Customer behaviour: Insists the voucher is valid, then asks for an exception."
    )
    assert rejected == [
        "off_topic: an edge case with this id already exists",
        "'!!!': the id has no letters or digits",
        "bad_category: category: Input should be 'identity', 'emotion', 'conversation', "
        "'policy', 'security', 'language' or 'privacy'",
        "odd_behaviour: behavior 'juggles' has no scripted logic",
        "clashes: incompatible_with names unknown edge case 'no_such_case'",
    ]
    assert areas == least_covered(planner.state)
    assert "least-covered areas" in model.asked[0][1]["content"]
    path = tmp_path / "edge_case_proposals.yaml"
    write_proposals(path, accepted, rejected, areas)
    text = path.read_text()
    assert text.startswith("# Edge cases proposed by the planner model. NOT used by any run")
    assert "#   - odd_behaviour: behavior 'juggles' has no scripted logic\n" in text
    data = yaml.safe_load(text)
    assert list(data) == ["edge_cases"]  # a valid edge-case library: the rest are comments
    assert [e["id"] for e in data["edge_cases"]] == ["expired_voucher", "split_payment"]
    assert ProposalList.model_json_schema()["required"] == ["edge_cases"]


def test_the_schema_offers_the_choices_but_one_bad_proposal_fails_alone() -> None:
    schema = schema_for(LIBRARY).model_json_schema()
    item = schema["$defs"]["ProposedEdgeCase"]["properties"]
    assert item["incompatible_with"]["items"]["enum"] == [e.id for e in LIBRARY.edge_cases]
    assert item["category"]["enum"][0] == "identity"
    assert "wrong_identifier" in item["behavior"]["enum"]
    value = schema_for(LIBRARY).model_validate({"edge_cases": [proposal("x", category="nope")]})
    assert value.edge_cases[0].category == "nope"  # rejected later by validate(), alone
