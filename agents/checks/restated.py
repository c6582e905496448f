"""The simulated customer restating a request support has already decided, to the turn limit.

`ignored_answer` (agents.checks.behavior) finds a customer question asked again in nearly
the same words after support answered it. A customer who writes with heavy typos restates
its request in new misspellings each time ("kann ich mein paket PL-10002 noch an eine andere
station schicken lassen, nämlich LK-103?", then "bitet schikcen sie die sendung PL-10002 an
LK-103"), and often without a question mark, so the words never overlap enough: outsider 21's
terse bot refused rightly ("PL-10002 liegt schon in der Station. Umleiten geht nicht."), the
customer restated the request eight times, and support got the turn limit and a stall.

Here the restatement is read by the customer's own facts instead of its words: in a
conversation whose right end is no write (the scenario's rule for these variables refuses,
or its expectations hold no write), a customer turn that names the facts it already gave (its
identifiers) and no new one, right after a support reply that answered or refused and asks
nothing, restates a decided request. The second such turn in a row is `ignored_answer`, the
customer's fault (agents.blame excuses what follows from it). Not read: a turn an edge case
that changes content marks (a repeat or a return to the issue is the scenario's wish), a
support reply that asks something (the customer may be answering it), and any conversation
where a write is expected (a customer pushing back on a wrong refusal is right to).
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.customer_faults import SPELLING_ONLY
from agents.checks.disclosed_early import expects_write
from agents.checks.matching import compact, contains_value
from agents.checks.reading import read_text
from agents.types import Finding

# Restatements in a row, each after a decided reply, before the loop is the customer's.
LOOP = 2


def restated_request(ctx: GradeContext) -> CheckResult:
    """The customer's second restatement in a row of a request support decided (module
    docstring), as `ignored_answer`."""
    if not _decided_without_write(ctx):
        return PASS
    values = _values(ctx)
    if not values:
        return PASS
    given: set[str] = set()
    decided_at: int | None = None  # the support reply the customer's next turn follows
    streak = 0
    for index, turn in enumerate(ctx.turns):
        if turn.role == "support":
            if not turn.content.strip():
                continue  # a tool call says nothing to the customer
            reading = read_text(turn.content, ctx)
            decided = (reading.refuses or reading.answers) and not reading.asks_info
            decided_at = index if decided and "?" not in turn.content else None
            continue
        if turn.role != "customer":
            continue
        named = {fact for fact, value in values.items() if contains_value(turn.content, value)}
        behavior = ctx.edge_behavior(turn.edge_case)
        plain = behavior is None or behavior in SPELLING_ONLY
        if decided_at is not None and plain and named and named <= given:
            streak += 1
            if streak >= LOOP:
                return CheckResult((_finding(ctx, index, decided_at),))
        else:
            streak = 0
        given |= named
        decided_at = None
    return PASS


def _decided_without_write(ctx: GradeContext) -> bool:
    """The conversation's right end is no write: the rule for these variables refuses, or
    the scenario's expectations for them hold no write."""
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    return (rule is not None and rule.action == "refuse") or expects_write(ctx) is False


def _values(ctx: GradeContext) -> dict[str, str]:
    """The customer's id-like facts (compacted): what names its request."""
    out: dict[str, str] = {}
    for fact, template in ctx.plan.scenario.customer.knows.items():
        value = ctx.rendered(template)
        if value is None:
            continue
        digits = sum(c.isdigit() for c in value)
        if digits >= 2 and len(value) >= 4:
            out[fact] = compact(value)
    return out


def _finding(ctx: GradeContext, index: int, decided_at: int) -> Finding:
    return Finding(
        turn=index,
        dimension="customer_fidelity",
        category="ignored_answer",
        severity="major",
        evidence=quote(ctx.turns[index].content),
        explanation=f"the customer restates, with nothing new, the request support decided at "
        f"turn {decided_at}, for the second time in a row (its facts as already given)",
    )
