"""The edge-case schema: a situation that changes what the simulated customer does.

Its own module because edge cases are written and loaded apart from scenarios (a library
file, `scenarios.edge_cases`), and a scenario only names them by id.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from scenarios.model import Scenario
from scenarios.strict import NAME_PATTERN, Strict

EdgeCaseCategory = Literal[
    "identity", "emotion", "conversation", "policy", "security", "language", "privacy"
]
Requirement = Literal["verify", "knowledge", "refuse_rule"]


class EdgeCase(Strict):
    """A situation that changes what the customer does. `behavior` names its scripted logic."""

    id: str = Field(pattern=NAME_PATTERN)
    title: str
    description: str
    category: EdgeCaseCategory
    behavior: str = Field(pattern=NAME_PATTERN)
    requires: list[Requirement] = Field(default_factory=list)
    incompatible_with: list[str] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict)


class EdgeCaseLibrary(Strict):
    edge_cases: list[EdgeCase]

    def by_id(self) -> dict[str, EdgeCase]:
        return {e.id: e for e in self.edge_cases}


def scenario_satisfies(scenario: Scenario, requirement: Requirement) -> bool:
    """Whether a scenario has what an edge case needs (a fact to verify, knowledge, a refusal)."""
    if requirement == "verify":
        return bool(scenario.support.verify)
    if requirement == "knowledge":
        return bool(scenario.support.knowledge)
    return any(r.action == "refuse" for r in scenario.support.rules)
