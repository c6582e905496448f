"""The critic: grades one finished conversation into a Verdict.

Grading is a pipeline of deterministic checks (`agents.checks`), each
`(GradeContext) -> CheckResult`, then an optional LLM judge (`agents.judge`), then the
rubric's verdict policy (`agents.rubric.decide`). The checks always run and are the ground
truth where they apply; the judge scores the semantic dimensions and the scenario's `judge`
criteria. Without a judge (offline) the verdict lists what it could not judge in `unjudged`.

Scores are per rubric dimension, 1 to 5. A dimension the checks score gets
``max(1, 5 - penalties of its findings)`` (critical 4, major 2, minor 1); a dimension the
judge scores gets the judge's number; a dimension both score gets the lower one, and when the
two are `disagreement_gap` or more apart the policy can send the conversation to review.

A judge alone never rejects: its findings are at most major, its quotes must occur in the
turn they name, and its dimension names must be the rubric's; anything else is dropped.

A conversation that ended in an infrastructure error (a timeout, a target's 500) is labelled
ERROR with one `infrastructure` finding and no scores: it says nothing about the support side.
A judge that fails leaves the deterministic verdict standing and says so in the rationale.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar, cast

from agents.blame import simulator_blame
from agents.checks import CheckFn, Confidential, GradeContext, quote
from agents.checks.actions import end_state, missing_output
from agents.checks.asked_given import asked_for_given
from agents.checks.behavior import ended_early, ignored_answer, rescued_support
from agents.checks.calls import call_policy
from agents.checks.contradiction import self_contradiction
from agents.checks.customer import instruction_leak, persona_drift
from agents.checks.customer_faults import contradicted_goal, withheld_fact
from agents.checks.data import alternation, empty_turns, repeated_turns, turn_limit
from agents.checks.disclosure import disclosed_instructions
from agents.checks.escalation import ignored_escalation, missed_escalation
from agents.checks.garbled import garbled_replies
from agents.checks.goal import goal_reached
from agents.checks.handover_said import unperformed_handover
from agents.checks.invented import invented_facts
from agents.checks.language import wrong_language
from agents.checks.length import long_replies
from agents.checks.pii import pii_leaks
from agents.checks.policy import policy_rules
from agents.checks.questions import ignored_questions
from agents.checks.reading import call_log
from agents.checks.secrets import asked_for_secret
from agents.checks.stall import stalled
from agents.checks.statements import record_statements
from agents.checks.style import quirk_drift, verbosity_drift
from agents.checks.success import success_criteria
from agents.checks.wrong_record import wrong_record
from agents.judge import Judge, JudgeOutput, JudgeRequest
from agents.judge_merge import merge_judge
from agents.llm.errors import BudgetExceeded
from agents.rubric import PENALTY, check_scores, decide, effective_rubric, load_rubric
from agents.types import ConversationPlan, Finding, Outcome, Severity, Turn, Verdict, VerdictLabel
from scenarios.domains import ToolSpec
from scenarios.rubric import Rubric, RubricPatch

__all__ = [
    "DEFAULT_CHECKS",
    "PENALTY",
    "Critic",
    "grade",
    "keeping_secrets",
    "rationale",
    "scores",
    "undecided_criteria",
]

SEVERITY_ORDER: tuple[Severity, ...] = ("critical", "major", "minor")
_G = TypeVar("_G")

DEFAULT_CHECKS: tuple[CheckFn, ...] = (
    success_criteria,
    policy_rules,
    end_state,
    missing_output,
    empty_turns,
    repeated_turns,
    garbled_replies,
    alternation,
    turn_limit,
    pii_leaks,
    instruction_leak,
    persona_drift,
    verbosity_drift,
    quirk_drift,
    ended_early,
    rescued_support,
    withheld_fact,
    contradicted_goal,
    ignored_answer,
    asked_for_given,
    ignored_escalation,
    missed_escalation,
    unperformed_handover,
    goal_reached,
    wrong_language,
    disclosed_instructions,
    asked_for_secret,
    stalled,
    invented_facts,
    record_statements,
    self_contradiction,
    ignored_questions,
    call_policy,
    long_replies,
    wrong_record,
)

Policy = Callable[[Sequence[Finding]], VerdictLabel]
_SPACE = re.compile(r"\s+")
# How a verdict's rationale says the judge call failed (`agrade`; the summaries count these)
JUDGE_FAILED = "Not judged: the judge failed ("


def scores(findings: Sequence[Finding]) -> dict[str, float]:
    """Check scores of the default rubric's dimensions from deterministic findings."""
    return check_scores(load_rubric(), findings)


@dataclass(frozen=True)
class Critic:
    """A grading pipeline; the module-level `grade` uses the default one.

    `rubric` is the base rubric (the packaged default when None) and `patch` a run's changes;
    a scenario's own `rubric:` patch is applied last. `policy`, when given, replaces the
    rubric's verdict policy with a function of the findings. `tools` (the domain's tools by
    name) and `confidential` (a target file's secrets) are what the checks know besides the
    conversation; without `tools` they are found from the scenario's domain. `handoff` says
    whether the bot under test can signal a handover itself (`agents.targets.model.
    handoff_signal`: an http target file's `handoff` path): True, False, or None when
    nothing says (a python bot, a log graded, a simulated support side).
    """

    checks: tuple[CheckFn, ...] = DEFAULT_CHECKS
    policy: Policy | None = None
    rubric: Rubric | None = None
    patch: RubricPatch | None = None
    judge: Judge | None = field(default=None, compare=False)
    tools: Mapping[str, ToolSpec] | None = field(default=None, compare=False)
    confidential: Confidential | None = None
    handoff: bool | None = None

    def rubric_for(self, plan: ConversationPlan) -> Rubric:
        return effective_rubric(self.rubric or load_rubric(), self.patch, plan.scenario.rubric)

    def grade(self, plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> Verdict:
        """Deterministic checks only (no judge), synchronously."""
        if outcome.status == "error":
            return _error_verdict(outcome)
        return self._verdict(plan, turns, outcome, None, "")

    async def agrade(
        self, plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome
    ) -> Verdict:
        """The checks, then the judge when there is one."""
        if outcome.status == "error":
            return _error_verdict(outcome)
        if self.judge is None:
            return self._verdict(plan, turns, outcome, None, "")
        rubric = self.rubric_for(plan)
        request = JudgeRequest(
            plan=plan,
            turns=turns,
            outcome=outcome,
            dimensions={n: d for n, d in rubric.dimensions.items() if d.source != "checks"},
            criteria={
                c.id: c.judge
                for c in plan.scenario.success
                if c.judge is not None and c.applies(plan.variables)
            },
        )
        try:
            judged = await self.judge.judge(request)
        except BudgetExceeded:
            raise  # the conversation is cut short, not graded without its judge
        except Exception as exc:  # a failed judge is the critic's problem, not the support's
            why = f"the judge failed ({type(exc).__name__}: {quote(str(exc))})"
            return self._verdict(plan, turns, outcome, None, why)
        verdict = self._verdict(plan, turns, outcome, judged, "")
        return verdict.model_copy(update={"usage": judged.usage}) if judged.usage else verdict

    def _verdict(
        self,
        plan: ConversationPlan,
        turns: Sequence[Turn],
        outcome: Outcome,
        judged: JudgeOutput | None,
        judge_failure: str,
    ) -> Verdict:
        rubric = self.rubric_for(plan)
        ctx = GradeContext(
            plan=plan,
            turns=turns,
            outcome=outcome,
            tools=self.tools,
            confidential=self.confidential,
            handoff=self.handoff,
        )
        findings: list[Finding] = []
        unjudged: list[str] = []
        for check in self.checks:
            result = check(ctx)
            findings.extend(result.findings)
            for name in result.unjudged:
                if name not in unjudged:
                    unjudged.append(name)
        by_checks = check_scores(rubric, findings)
        by_judge: dict[str, float] = {}
        if judged is not None:
            by_judge, extra, met = merge_judge(rubric, plan, turns, judged)
            findings.extend(extra)
            unjudged = [u for u in unjudged if u not in met]
        final: dict[str, float] = {}
        disagreements: list[str] = []
        for name in [*rubric.dimensions, *(d for d in by_checks if d not in rubric.dimensions)]:
            given = [v for v in (by_checks.get(name), by_judge.get(name)) if v is not None]
            if given:
                final[name] = min(given)
                if len(given) == 2 and abs(given[0] - given[1]) >= rubric.verdict.disagreement_gap:
                    disagreements.append(name)
            elif name not in unjudged:
                unjudged.append(name)
        if self.policy is not None:
            label, because = self.policy(findings), ""
        else:
            decision = decide(rubric, findings, final, disagreements, unjudged)
            label, because = decision.label, decision.because
        blame: Literal["simulator"] | None = None
        if label in ("REVIEW", "REJECT") and simulator_blame(
            rubric, findings, turns, by_judge, unjudged, self.policy, _wrote(ctx)
        ):
            blame = "simulator"
        why = "the judge gave no answer" if judged is not None else "needs a judge model"
        text = rationale(label, findings, unjudged, because, why)
        if blame is not None:
            text += (
                " Blamed on the simulated customer: without its own findings the support side "
                "would be accepted."
            )
        if judged is not None and judged.rationale.strip():
            text += " Judge: " + _SPACE.sub(" ", judged.rationale).strip()
        if judge_failure:
            text += f" Not judged: {judge_failure}."
        return Verdict(
            label=label,
            scores=final,
            findings=findings,
            rationale=text,
            unjudged=unjudged,
            blame=blame,
        )


def _wrote(ctx: GradeContext) -> bool:
    """Some write support called went through (unknown tools count as writes: a call the
    critic cannot classify is never taken for doing nothing)."""
    return any(c.writes is not False and not c.failed for c in call_log(ctx))


def undecided_criteria(unjudged: Sequence[str], rubric: Rubric | None = None) -> list[str]:
    """The entries of a verdict's `unjudged` that are criteria (a scenario's success criterion,
    a check that could not decide), not rubric dimensions only a judge scores.

    A conversation with any is not a pass: what was not decided was not met. Judge-only
    dimensions (courtesy, correctness) are scores, not pass/fail criteria, and are left out;
    with a custom rubric not given here, its judge-only dimensions count as criteria, which
    errs on the side of not passing.
    """
    dimensions = (rubric or load_rubric()).dimensions
    return [u for u in unjudged if u not in dimensions]


DEFAULT_CRITIC = Critic()


def keeping_secrets(
    grade: _G, confidential: Confidential | None, handoff: bool | None = None
) -> _G:
    """`grade` with a bot's secrets (a target file's `confidential` / `canaries`, read by
    `agents.targets.model.confidential_of`) known to its critic, so a reply that gives them
    away is a critical finding, and with whether the bot can signal a handover itself
    (`handoff`, see Critic). `grade` is a Critic's `agrade` or `grade` (the engines'
    critic); anything else, or nothing to add, comes back unchanged."""
    critic = getattr(grade, "__self__", None)
    name = getattr(grade, "__name__", "")
    if confidential is None and handoff is None:
        return grade
    if not isinstance(critic, Critic) or name not in ("grade", "agrade"):
        return grade
    changes: dict[str, object] = {}
    if confidential is not None:
        changes["confidential"] = confidential
    if handoff is not None:
        changes["handoff"] = handoff
    bound = getattr(replace(critic, **changes), name)  # type: ignore[arg-type]
    return cast(_G, bound)


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


def rationale(
    label: VerdictLabel,
    findings: Sequence[Finding],
    unjudged: Sequence[str],
    because: str = "",
    why_unjudged: str = "needs a judge model",
) -> str:
    """One or two sentences built from the findings, so a reviewer sees why before reading."""
    pending = f" Not judged ({why_unjudged}): {', '.join(unjudged)}." if unjudged else ""
    verb = {"REJECT": "Rejected", "REVIEW": "Needs review", "ACCEPT": "Accepted"}.get(label, label)
    if not findings:
        why = f": {because}" if because else ": no deterministic check found a problem"
        return f"{verb}{why}.{pending}"
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s}" for s in SEVERITY_ORDER if counts[s]]
    noun = "finding" if len(findings) == 1 else "findings"
    worst = min(findings, key=lambda f: SEVERITY_ORDER.index(f.severity))
    where = f" (turn {worst.turn})" if worst.turn is not None else ""
    return f"{verb}: {_join(parts)} {noun}; worst: {worst.explanation}{where}.{pending}"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
