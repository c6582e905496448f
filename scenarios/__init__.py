"""What conversations are about: the scenario schema, loader, linter and libraries."""

from scenarios.conditions import Condition
from scenarios.edge_case_model import EdgeCase, EdgeCaseLibrary
from scenarios.expectations import Expect, ExpectedAction, RecordAssertion
from scenarios.model import (
    BUILTIN_VARIABLES,
    Beat,
    CustomerSpec,
    KnowledgeItem,
    Rule,
    Scenario,
    SupportSpec,
    Variable,
)
from scenarios.success import Check, Criterion

__all__ = [
    "BUILTIN_VARIABLES",
    "Beat",
    "Check",
    "Condition",
    "Criterion",
    "CustomerSpec",
    "EdgeCase",
    "EdgeCaseLibrary",
    "Expect",
    "ExpectedAction",
    "KnowledgeItem",
    "RecordAssertion",
    "Rule",
    "Scenario",
    "SupportSpec",
    "Variable",
]
