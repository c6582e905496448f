"""The critic tests' plan and turns: a clean, verified refund every test changes one thing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from agents.critic import grade
from agents.types import ConversationPlan, Finding, Outcome, Turn, Verdict
from scenarios.edge_case_model import EdgeCase
from scenarios.success import Criterion

FIXTURE = yaml.safe_load((Path(__file__).parent / "data/critic/plan.yaml").read_text())
EDGE = {e["id"]: EdgeCase.model_validate(e) for e in FIXTURE.pop("edge_case_library")}
SILENCE, REPEATS = EDGE["goes_silent"], EDGE["repeats_question"]
BASE = ConversationPlan.model_validate(FIXTURE)


def plan(
    success: list[dict[str, Any]] | None = None,
    edge_cases: tuple[EdgeCase, ...] = (),
    verify: tuple[str, ...] = (),
) -> ConversationPlan:
    """The fixture plan with these criteria; `verify` (the policy rule) is off unless given."""
    criteria = [Criterion.model_validate(c) for c in success or []]
    support = BASE.scenario.support.model_copy(update={"verify": list(verify)})
    return BASE.model_copy(
        update={
            "scenario": BASE.scenario.model_copy(update={"success": criteria, "support": support}),
            "edge_cases": edge_cases,
        }
    )


# Dimensions of the default rubric only a judge model scores: offline they are unjudged.
JUDGE_ONLY = ["correctness", "courtesy"]
CHECK_SCORES = {"task_success": 5.0, "policy": 5.0, "data_quality": 5.0, "customer_fidelity": 5.0}
PENDING = " Not judged (needs a judge model): correctness, courtesy."


def F(
    turn: int | None, dimension: str, category: str, severity: str, evidence: str, why: str
) -> Finding:
    return Finding.model_validate(
        {"turn": turn, "dimension": dimension, "category": category, "severity": severity,
         "evidence": evidence, "explanation": why}
    )  # fmt: skip


def c(content: str, act: str | None = None, edge_case: str | None = None, **slots: str) -> Turn:
    return Turn(role="customer", content=content, act=act, slots=slots, edge_case=edge_case)


def s(content: str, act: str | None = None, **slots: str) -> Turn:
    return Turn(role="support", content=content, act=act, slots=slots)


RESOLVED = Outcome(status="resolved", reason="customer thanked support", ended_by="customer")
# For fragments that stop before support resolves: "resolved" would make them end early.
LEFT = Outcome(status="abandoned", reason="customer left", ended_by="customer")

# A clean, verified refund: the baseline every variant below changes one thing in.
GOOD = [
    c("My headphones arrived broken, I'd like a refund.", "open"),
    s("Sorry to hear that! Could you give me your order number?", "request_info", order_id=""),
    c("Sure, it's ord 12345.", "inform", order_id="ord 12345"),
    s("Thanks, I've refunded 120 to your card for ORD-12345.", "resolve"),
    c("Great, thank you!", "thank"),
]


def verdict_for(
    turns: list[Turn],
    success: list[dict[str, Any]] | None = None,
    outcome: Outcome = RESOLVED,
    edge_cases: tuple[EdgeCase, ...] = (),
) -> Verdict:
    return grade(plan(success, edge_cases), turns, outcome)


def categories(v: Verdict) -> list[tuple[int | None, str, str]]:
    return [(f.turn, f.category, f.severity) for f in v.findings]
