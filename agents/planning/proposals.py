"""New edge cases from a planner model, for a person to accept: never used by a run directly.

When coverage saturates, what the library can express has been tried; the model is asked for
edge cases aimed at the least-covered areas. Its answer is data: each proposal is validated
against the EdgeCase schema (and against the library: a new id, known incompatibilities), and
the valid ones are written to a proposals file in the run directory with the rejected ones and
why. Accepting one means copying it into an edge-case library and giving it a behaviour.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agents.planning.coverage import CoverageState
from agents.planning.factors import SCENARIO
from scenarios.model import EdgeCase, EdgeCaseLibrary

T = TypeVar("T", bound=BaseModel)
PROPOSALS_NAME = "edge_case_proposals.yaml"
AREAS = 6


class StructuredModel(Protocol):
    """What the planner needs of agents.llm.client.LLMClient: one structured call."""

    async def structured(self, messages: list[dict[str, str]], schema: type[T]) -> Any: ...


class ProposedEdgeCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    description: str
    customer_behaviour: str = Field(description="what the customer does, turn by turn")
    category: str
    incompatible_with: list[str] = Field(default_factory=list)


class ProposalList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edge_cases: list[ProposedEdgeCase]


def least_covered(state: CoverageState, k: int = AREAS) -> list[str]:
    """The scenarios (with domain and intent) and factor values that ran least."""
    model = state.model
    ranked = sorted(range(len(model.values)), key=lambda v: (state.value_counts[v], v))
    areas: list[str] = []
    for v in ranked[:k]:
        factor, name = model.name(v)
        if factor == SCENARIO:
            s = model.scenario_by_id[name]
            areas.append(f"scenario {name} (domain {s.domain}, intent {s.intent})")
        else:
            areas.append(f"{factor} = {name}")
        areas[-1] += f": {state.value_counts[v]} conversations"
    return areas


def messages(areas: Sequence[str], library: EdgeCaseLibrary) -> list[dict[str, str]]:
    known = ", ".join(e.id for e in library.edge_cases)
    system = (
        "You design edge cases for testing customer-support agents. An edge case is a "
        "situation that changes what the customer does. Answer with new edge cases only, "
        "in the requested JSON schema; ids are lowercase snake_case and must not repeat "
        f"existing ones. Existing edge cases: {known}. Categories: identity, emotion, "
        "conversation, policy, security, language, privacy."
    )
    user = "Propose edge cases that would exercise these least-covered areas:\n" + "\n".join(
        f"- {a}" for a in areas
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def validate(
    proposals: Sequence[ProposedEdgeCase], library: EdgeCaseLibrary
) -> tuple[list[EdgeCase], list[str]]:
    """Valid EdgeCases, and one line per rejected proposal saying why."""
    known = library.by_id()
    accepted: list[EdgeCase] = []
    rejected: list[str] = []
    for p in proposals:
        if p.id in known or any(a.id == p.id for a in accepted):
            rejected.append(f"{p.id}: an edge case with this id already exists")
            continue
        unknown = [i for i in p.incompatible_with if i not in known]
        if unknown:
            rejected.append(f"{p.id}: incompatible_with names unknown edge case '{unknown[0]}'")
            continue
        try:
            case = EdgeCase.model_validate(
                {
                    "id": p.id,
                    "title": p.title,
                    "description": f"{p.description} Customer behaviour: {p.customer_behaviour}",
                    "category": p.category,
                    "behavior": p.id,
                    "incompatible_with": p.incompatible_with,
                }
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            rejected.append(f"{p.id}: {where}: {first['msg']}")
            continue
        accepted.append(case)
    return accepted, rejected


async def propose(
    model: StructuredModel, state: CoverageState, library: EdgeCaseLibrary
) -> tuple[list[EdgeCase], list[str], list[str]]:
    """Ask the model; returns (valid proposals, rejections, the areas asked about)."""
    areas = least_covered(state)
    result = await model.structured(messages(areas, library), ProposalList)
    value: ProposalList = result.value
    accepted, rejected = validate(value.edge_cases, library)
    return accepted, rejected, areas


def write_proposals(
    path: Path, accepted: Sequence[EdgeCase], rejected: Sequence[str], areas: Sequence[str]
) -> None:
    header = (
        "# Edge cases proposed by the planner model. NOT used by any run: to accept one, copy\n"
        "# it into an edge-case library, give it a scripted behaviour, and list it in the\n"
        "# scenarios it fits.\n"
    )
    data = {
        "asked_about": list(areas),
        "edge_cases": [json.loads(e.model_dump_json()) for e in accepted],
        "rejected": list(rejected),
    }
    path.write_text(header + yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
