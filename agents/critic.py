"""The critic: grades one finished conversation into a Verdict.

Grading is a pipeline of checks (`agents.checks`), each `(GradeContext) -> CheckResult`,
followed by a label policy. The defaults are deterministic and offline: the scenario's own
success criteria, transcript hygiene, the turn limit and personal-data leaks. Rubric files
and an LLM judge join as more checks (they can take over what the defaults leave in
`unjudged`), and a stricter or laxer gate is another `policy`; `grade` itself does not change.

Scores, per dimension (task_success, policy, data_quality and any other dimension a finding
names): ``max(1, 5 - sum(PENALTY[f.severity] for f in findings of that dimension))`` with
PENALTY = critical 4, major 2, minor 1. One critical finding therefore sinks its dimension to
1, one major leaves 3, and a clean dimension scores 5.

A conversation that ended in an infrastructure error (a timeout, a target's 500) is labelled
ERROR with one `infrastructure` finding and no scores: it says nothing about the support side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agents.checks import CheckFn, GradeContext, quote
from agents.checks.data import alternation, empty_turns, repeated_turns, turn_limit
from agents.checks.pii import pii_leaks
from agents.checks.success import success_criteria
from agents.types import ConversationPlan, Finding, Outcome, Severity, Turn, Verdict, VerdictLabel

DIMENSIONS = ("task_success", "policy", "data_quality")
PENALTY: dict[Severity, float] = {"critical": 4.0, "major": 2.0, "minor": 1.0}
SEVERITY_ORDER: tuple[Severity, ...] = ("critical", "major", "minor")

DEFAULT_CHECKS: tuple[CheckFn, ...] = (
    success_criteria,
    empty_turns,
    repeated_turns,
    alternation,
    turn_limit,
    pii_leaks,
)

Policy = Callable[[Sequence[Finding]], VerdictLabel]


def label_policy(findings: Sequence[Finding]) -> VerdictLabel:
    """Any critical finding rejects, any major one needs a human, otherwise accept."""
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return "REJECT"
    if "major" in severities:
        return "REVIEW"
    return "ACCEPT"


def scores(findings: Sequence[Finding]) -> dict[str, float]:
    penalties = dict.fromkeys(DIMENSIONS, 0.0)
    for f in findings:
        penalties[f.dimension] = penalties.get(f.dimension, 0.0) + PENALTY[f.severity]
    return {d: max(1.0, 5.0 - p) for d, p in penalties.items()}


@dataclass(frozen=True)
class Critic:
    """A grading pipeline; the module-level `grade` uses the default one."""

    checks: tuple[CheckFn, ...] = DEFAULT_CHECKS
    policy: Policy = label_policy

    def grade(self, plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
        if outcome.status == "error":
            return _error_verdict(outcome)
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        findings: list[Finding] = []
        unjudged: list[str] = []
        for check in self.checks:
            result = check(ctx)
            findings.extend(result.findings)
            for name in result.unjudged:
                if name not in unjudged:
                    unjudged.append(name)
        label = self.policy(findings)
        return Verdict(
            label=label,
            scores=scores(findings),
            findings=findings,
            rationale=rationale(label, findings, unjudged),
            unjudged=unjudged,
        )


DEFAULT_CRITIC = Critic()


def grade(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
    """Grade one conversation with the default (deterministic, offline) critic."""
    return DEFAULT_CRITIC.grade(plan, turns, outcome)


def _error_verdict(outcome: Outcome) -> Verdict:
    finding = Finding(
        turn=None,
        dimension="infrastructure",
        category="infrastructure",
        severity="critical",
        evidence=quote(outcome.reason),
        explanation="the conversation stopped on an infrastructure error; it is not graded",
    )
    return Verdict(
        label="ERROR",
        findings=[finding],
        rationale=f"Not graded: the conversation ended in an infrastructure error "
        f"({quote(outcome.reason)}).",
    )


def rationale(label: VerdictLabel, findings: Sequence[Finding], unjudged: Sequence[str]) -> str:
    """One or two sentences built from the findings, so a reviewer sees why before reading."""
    pending = f" Left for a judge: {', '.join(unjudged)}." if unjudged else ""
    if not findings:
        return f"Accepted: no deterministic check found a problem.{pending}"
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s}" for s in SEVERITY_ORDER if counts[s]]
    noun = "finding" if len(findings) == 1 else "findings"
    worst = min(findings, key=lambda f: SEVERITY_ORDER.index(f.severity))
    where = f" (turn {worst.turn})" if worst.turn is not None else ""
    verb = {"REJECT": "Rejected", "REVIEW": "Needs review", "ACCEPT": "Accepted"}.get(label, label)
    return f"{verb}: {_join(parts)} {noun}; worst: {worst.explanation}{where}.{pending}"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
