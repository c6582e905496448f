"""What conversations are about: the scenario schema, loader, linter and libraries."""

from scenarios.model import (
    BUILTIN_VARIABLES,
    Beat,
    Check,
    Condition,
    Criterion,
    CustomerSpec,
    EdgeCase,
    EdgeCaseLibrary,
    Expect,
    ExpectedAction,
    KnowledgeItem,
    RecordAssertion,
    Rule,
    Scenario,
    SupportSpec,
    Variable,
)

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
