"""The scenario's policy, written as checks: what support must do whether or not a scenario
author also listed it as a success criterion.

`support.verify` names the facts support must obtain and check before it resolves or refuses
anything. That rule is the policy of every scenario that declares it, so it is checked for all
of them; a scenario that also writes `verified_before_action` for the same fact in `success`
gets one finding, from its criterion, not two. A rule that asks first (`confirm:`) is
policy too: support acts only after the customer agreed (agents.checks.confirmed). A bot's
write must also have checked each fact against the records first, not only heard it
(agents.checks.checked_write).
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.checked_write import unchecked_writes
from agents.checks.confirmed import confirmed_first
from agents.checks.verified import expected_value, verified_before_action
from agents.types import Finding


def policy_rules(ctx: GradeContext) -> CheckResult:
    scenario = ctx.plan.scenario
    covered = {
        c.check.verified_before_action
        for c in scenario.success
        if c.check is not None
        and c.check.verified_before_action is not None
        and c.applies(ctx.plan.variables)
    }
    support = ctx.support_turns()
    findings: list[Finding] = []
    unjudged: list[str] = []
    for fact in scenario.support.verify:
        if not findings:  # a bot's write must also have checked the fact against the records
            expected, given = expected_value(fact, ctx)
            found, open_ = unchecked_writes(fact, expected, given, ctx)
            findings += found
            unjudged += open_
        if fact in covered:
            continue
        result = verified_before_action(fact, ctx, support)
        if result is None:
            unjudged.append(f"policy:verify_{fact}")
        elif result is not True:
            turn, evidence, why = result
            findings.append(
                Finding(
                    turn=turn,
                    dimension="policy",
                    category="policy_rule",
                    severity="critical",
                    evidence=evidence,
                    explanation=f"policy broken: {why}",
                )
            )
    asked_first = confirmed_first(ctx)
    findings += asked_first.findings
    unjudged += asked_first.unjudged
    if not findings and not unjudged:
        return PASS
    return CheckResult(tuple(findings), tuple(unjudged))
