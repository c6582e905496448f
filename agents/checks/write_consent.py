"""A write that needs the customer's yes: one check, one finding per write made without it.

Two things can ask for the yes, and a scenario often has both: the rule for these variables
(`confirm:`, the question the scenario's author wrote for support to ask) and the policy's
own words ("get a clear yes before calling freeze_membership", read in five languages by
agents.understanding.consent). They name one duty, so each write is judged once, by one
reader of the yes (agents.checks.consent.confirmed_before: the customer's last turn before
the call agrees to support proposing it), and a write made without it is one finding:

- `policy_rule` (critical) when the scenario's rule asks first: its author made asking part
  of the case, as `verify` is;
- `unconfirmed_write` (major) when only the policy's words ask for the yes.

Before (session 15), the rule's check (agents.checks.confirmed) and the policy's
(`unconfirmed_write`) read the same write separately: a bot writing after a no got both a
critical and a major finding for one defect, and a bot that never asked was "undecided" by
one and failed by the other. The rule's check now judges only an action no write call
carries (an act of the scripted support, a claim in a bot's words); every write is judged
here, for every support side: the scripted support's annotated turns too, now that the
library's scenarios ask first where their policy says so (a yes by act or in words counts).
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.checks import GradeContext
from agents.checks.confirmed import UNJUDGED
from agents.checks.consent import yes_before
from agents.checks.pii import mask_pii
from agents.checks.reading import Call, call_text, tool_specs
from agents.types import PUSH_BACK, Finding, Severity
from agents.understanding.confirm import agrees
from agents.understanding.consent import writes_needing_consent

__all__ = ["UNJUDGED", "rule_asks_first", "unconfirmed_writes"]


def rule_asks_first(ctx: GradeContext) -> bool:
    """The scenario's rule for these variables asks the customer first (`confirm:`)."""
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    return rule is not None and bool(rule.confirm)


def unconfirmed_writes(ctx: GradeContext, writes: Sequence[Call]) -> tuple[list[Finding], bool]:
    """One finding for each write that needed the customer's yes and was made without it;
    and whether one is undecided: where the rule asks first, a yes after a support turn the
    reader cannot place (it may answer a question in words the reader does not know, or
    anything else) decides nothing, as the rule's check always read it; the policy's words
    alone let such a yes count (session 14's reading, kept)."""
    by_rule = rule_asks_first(ctx)
    specs = tool_specs(ctx) or {}
    named = [n for n, spec in specs.items() if spec.writes]
    by_policy = writes_needing_consent(ctx.plan.scenario.support.policy, named)
    found: list[Finding] = []
    undecided = False
    severity: Severity
    for call in writes:
        if not (by_rule or call.call.name in by_policy):
            continue
        said = yes_before(ctx, call.turn)
        if said is None and by_rule:
            undecided = True
        if said is not False:
            continue
        name = call.call.name
        if by_rule:
            said_no = " (they said no)" if _said_no(ctx, call.turn) else ""
            category, severity = "policy_rule", "critical"
            why = (
                f"policy broken: support called {name} (a write) before the customer "
                f"agreed{said_no}; the rule asks first"
            )
        else:
            category, severity = "unconfirmed_write", "major"
            why = (
                f"support called {name} without the customer's explicit confirmation, "
                "which the policy requires"
            )
        found.append(
            Finding(
                turn=call.turn,
                dimension="policy",
                category=category,
                severity=severity,
                evidence=mask_pii(call_text(call.call)),
                explanation=why,
            )
        )
    return found, undecided


def _said_no(ctx: GradeContext, turn: int) -> bool:
    """The customer's last turn before `turn` says no."""
    last = next((t for t in reversed(ctx.turns[:turn]) if t.role == "customer"), None)
    if last is None:
        return False
    return last.act == PUSH_BACK if last.act is not None else agrees(last.content) is False
