"""New edge cases from a planner model, for a person to accept: never used by a run directly.

When coverage saturates, what the library can express has been tried; the model is asked for
edge cases aimed at the least-covered areas. Its answer is data: each proposal is validated
against the EdgeCase schema (and against the library: a new id, known incompatibilities), and
the valid ones are written to a proposals file in the run directory with the rejected ones and
why. The file holds only `edge_cases:`, so it is itself a valid user edge-case library
(`convsim lint FILE`); what was asked and what was rejected are comments. Accepting one means
copying it into your own edge-case library file, listing its id under `edge_cases:` in the
scenarios it fits, and running with `--edge-cases FILE` (see docs/planner.md, "Edge-case
proposals").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from agents.planning.coverage import CoverageState
from agents.planning.factors import SCENARIO
from agents.scripted import KNOWN_BEHAVIORS
from scenarios.edge_case_model import EdgeCase, EdgeCaseCategory, EdgeCaseLibrary

T = TypeVar("T", bound=BaseModel)
PROPOSALS_NAME = "edge_case_proposals.yaml"
AREAS = 6
CATEGORIES: tuple[str, ...] = get_args(EdgeCaseCategory)
ID_LENGTH = 48


class StructuredModel(Protocol):
    """What the planner needs of agents.llm.client.LLMClient: one structured call."""

    async def structured(self, messages: list[dict[str, str]], schema: type[T]) -> Any: ...


class ProposedEdgeCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Choices are offered as enums in the JSON schema but checked one proposal at a time in
    # `validate`, so one bad proposal is rejected on its own instead of failing the answer.
    id: str = Field(description="lowercase snake_case, new")
    title: str
    description: str
    customer_behaviour: str = Field(description="what the customer does, turn by turn")
    category: str = Field(json_schema_extra={"enum": [*CATEGORIES]})
    behavior: str = Field(
        description="the scripted customer behaviour closest to this case",
        json_schema_extra={"enum": [*sorted(KNOWN_BEHAVIORS)]},
    )
    incompatible_with: list[str] = Field(default_factory=list)


class ProposalList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edge_cases: list[ProposedEdgeCase]


def schema_for(library: EdgeCaseLibrary) -> type[ProposalList]:
    """ProposalList whose schema lists the library's ids as the choices for incompatible_with."""
    ids = [e.id for e in library.edge_cases]
    extra: dict[str, Any] = {"items": {"type": "string", "enum": ids}} if ids else {}
    item = create_model(
        "ProposedEdgeCase",
        __base__=ProposedEdgeCase,
        incompatible_with=(list[str], Field(default_factory=list, json_schema_extra=extra)),
    )
    return create_model("ProposalList", __base__=ProposalList, edge_cases=(list[item], ...))


def slug(text: str) -> str:
    """A proposed id as a library id: models write "Split payment" for split_payment."""
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > ID_LENGTH and out:
            break
        out = f"{out}_{word}" if out else word
    if out and not out[0].isalpha():
        out = "case_" + out
    return out[:ID_LENGTH]


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
        f"existing ones. Existing edge cases: {known}. Categories: {', '.join(CATEGORIES)}. "
        "`behavior` names the existing scripted behaviour closest to the new case."
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
        pid = slug(p.id)
        if not pid:
            rejected.append(f"{p.id!r}: the id has no letters or digits")
            continue
        if pid in known or any(a.id == pid for a in accepted):
            rejected.append(f"{pid}: an edge case with this id already exists")
            continue
        unknown = [i for i in p.incompatible_with if i not in known]
        if unknown:
            rejected.append(f"{pid}: incompatible_with names unknown edge case '{unknown[0]}'")
            continue
        if p.behavior not in KNOWN_BEHAVIORS:
            rejected.append(f"{pid}: behavior '{p.behavior}' has no scripted logic")
            continue
        try:
            case = EdgeCase.model_validate(
                {
                    "id": pid,
                    "title": p.title,
                    "description": f"{p.description} Customer behaviour: {p.customer_behaviour}",
                    "category": p.category,
                    "behavior": p.behavior,
                    "incompatible_with": list(dict.fromkeys(p.incompatible_with)),
                }
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first["loc"])
            rejected.append(f"{pid}: {where}: {first['msg']}")
            continue
        accepted.append(case)
    return accepted, rejected


async def propose(
    model: StructuredModel, state: CoverageState, library: EdgeCaseLibrary
) -> tuple[list[EdgeCase], list[str], list[str]]:
    """Ask the model; returns (valid proposals, rejections, the areas asked about)."""
    areas = least_covered(state)
    result = await model.structured(messages(areas, library), schema_for(library))
    value: ProposalList = result.value
    accepted, rejected = validate(value.edge_cases, library)
    return accepted, rejected, areas


def write_proposals(
    path: Path, accepted: Sequence[EdgeCase], rejected: Sequence[str], areas: Sequence[str]
) -> None:
    lines = [
        "# Edge cases proposed by the planner model. NOT used by any run. This file is a valid",
        "# edge-case library (convsim lint FILE). To accept a proposal: copy it into your own",
        "# edge-case library file, list its id under edge_cases: in the scenarios it fits, and",
        "# run with --edge-cases YOUR_FILE. `behavior` is the closest scripted behaviour; an LLM",
        "# customer (--customer-model) acts from the description instead.",
        "#",
        "# Asked about the least-covered areas:",
        *(f"#   - {_one_line(a)}" for a in areas),
    ]
    if rejected:
        lines += ["#", "# Rejected:", *(f"#   - {_one_line(r)}" for r in rejected)]
    data = {"edge_cases": [json.loads(e.model_dump_json()) for e in accepted]}
    text = "\n".join(lines) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def _one_line(text: str) -> str:
    return " ".join(text.split())
