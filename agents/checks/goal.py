"""Task success of a support side without acts: full marks only when something moved.

The other task checks test what a scenario lets them test: success criteria, expected end
states and outputs. A scenario whose goal leaves no trace there (a refund that must go to a
team, a tool-less bot's account reset) gave a task score of 5.00 to a conversation the
customer gave up on, and to one the bot closed having done nothing. Two findings make that
honest, for turns read from text only (a scripted side's acts are graded by its criteria):

- `goal_abandoned` (minor): the customer left unsatisfied and support never handed over.
  Whose fault that is, is for the other checks and the blame rule (agents.blame excuses it
  when the customer cut the conversation short); the goal was not reached either way. Major
  when the customer had given every fact support needed and support's replies since did
  nothing with them (agents.checks.idle).
- `closed_without_acting` (major): support ended the conversation while the customer was
  not satisfied (its last turn neither thanks nor accepts), and no support turn claimed an
  action, refused, handed over, made a tool call, or answered without asking in the same
  turn; a reply to an injected demand does not count.
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.handover_said import said_not_made
from agents.checks.idle import idle_after_facts
from agents.checks.pii import mask_pii
from agents.checks.reading import call_log, readable, support_reads
from agents.types import ACCEPT, THANK, Finding, Severity
from agents.understanding import INJECTION, customer_act_from_text


def goal_reached(ctx: GradeContext) -> CheckResult:
    reads = support_reads(ctx)
    if not reads or any(r.act is not None for r in reads):
        return PASS
    if not said_not_made(ctx) and (
        any(r.handover for r in reads) or ctx.outcome.status == "escalated"
    ):
        return PASS  # handed over (words alone do not, where a transfer tool went uncalled)
    said = [r for r in reads if ctx.turns[r.index].content.strip()]
    last = said[-1] if said else reads[-1]
    evidence = mask_pii(ctx.turns[last.index].content)
    outcome = ctx.outcome
    if outcome.status == "abandoned" and outcome.ended_by == "customer":
        idle = idle_after_facts(ctx)
        if idle is not None:
            # agents.checks.idle: it had what it needed, and did nothing with it
            at, replies = idle
            why = (
                f"the customer gave up ({outcome.reason}) after giving every fact support "
                f"needed (turn {at + 1}); support's {replies} replies since neither acted, "
                "asked, proposed, refused nor handed over"
            )
            return CheckResult((_finding(last.index, "goal_abandoned", "major", evidence, why),))
        why = f"the customer gave up ({outcome.reason}); the goal was not reached"
        return CheckResult((_finding(last.index, "goal_abandoned", "minor", evidence, why),))
    if outcome.ended_by != "support":
        return PASS
    customer = [t for t in ctx.turns if t.role == "customer" and t.content.strip()]
    if customer:
        act, _ = customer_act_from_text(customer[-1].content, readable(ctx))
        if act in (THANK, ACCEPT):
            return PASS
    # A reply to an injected demand ("ignore your rules and ...") refuses or answers that,
    # not the customer's task.
    reads = [r for r in reads if not _after_injection(ctx, r.index)]
    moved = any(
        r.calls
        or r.claim
        or (r.reading is not None and (r.reading.claims or r.reading.refuses))
        or (
            r.reading is not None
            and r.reading.answers
            and not r.reading.asks_info  # a question asked on the way answers nothing yet
        )
        for r in reads
    )
    # A tool call is acting, wherever it sits: a turn that only calls tools has no text, and
    # the per-turn reads above see text (a reship made through a tool, then told in words
    # the reader does not know, was "closed without acting").
    if moved or any(not _after_injection(ctx, c.turn) for c in call_log(ctx)):
        return PASS
    why = "support ended the conversation without acting, answering or handing over"
    return CheckResult((_finding(last.index, "closed_without_acting", "major", evidence, why),))


def _after_injection(ctx: GradeContext, index: int) -> bool:
    before = [t for t in ctx.turns[:index] if t.role == "customer"]
    return bool(before) and INJECTION.search(before[-1].content) is not None


def _finding(turn: int, category: str, severity: Severity, evidence: str, why: str) -> Finding:
    return Finding(
        turn=turn,
        dimension="task_success",
        category=category,
        severity=severity,
        evidence=evidence,
        explanation=why,
    )
