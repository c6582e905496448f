"""Support had every fact it needed and did nothing with them (outsider 19, FP-5: after the
customer gave the ticket number and the purchase email, a bot answered "Gracias por
aclararlo, lo he anotado. ¿Le puedo ayudar en algo más?" three times while the customer
asked twice for the name change, and the customer gave up: a minor `goal_abandoned`, and the
end state undecided because "the customer left").

A customer who gives up has usually left the task, so what its end state should be cannot be
decided (agents.checks.actions). Not so when the customer had given the correct value of
every fact `support.verify` names and support then had IDLE_TURNS replies or more, none of
which did anything with them: no tool call, and, read from the text, no claim, refusal,
handover, offer or proposal, no question or request (it may still need a detail), and, where
the conversation is not expected to write, no answer (telling may be the task). Then the
customer left because nothing happened: `goal_abandoned` is major (agents.checks.goal) and,
unless the customer had asked for a person or planned to leave, the end state is decided.

Only for a side without acts; a reply the reader cannot tell anything in (`undecided`) may
have done something, so it leaves the question open (never decided as idle).
"""

from __future__ import annotations

from agents.checks import GradeContext
from agents.checks.disclosed_early import expects_write
from agents.checks.matching import compact, given_at
from agents.checks.reading import call_log, support_reads

__all__ = ["IDLE_TURNS", "idle_after_facts"]

IDLE_TURNS = 2


def idle_after_facts(ctx: GradeContext) -> tuple[int, int] | None:
    """(the customer turn that completed the facts, how many idle replies followed) when the
    customer gave up after support had every verify fact and did nothing with it; else None."""
    return ctx.shared("idle.after_facts", _idle)


def _idle(ctx: GradeContext) -> tuple[int, int] | None:
    outcome = ctx.outcome
    if outcome.status != "abandoned" or outcome.ended_by != "customer":
        return None
    complete = _facts_complete(ctx)
    if complete is None:
        return None
    if any(c.turn > complete for c in call_log(ctx)):
        return None
    answers_count = expects_write(ctx) is not True
    idle = 0
    for read in support_reads(ctx):
        if read.index <= complete:
            continue
        if read.annotated:
            return None
        if not ctx.turns[read.index].content.strip():
            continue
        r = read.reading
        if r is None or r.undecided or read.claim or read.handover or read.calls:
            return None
        if r.claims or r.refuses or r.hands_over or r.offers or r.asks_info or r.asks:
            return None
        if r.answers and answers_count:
            return None
        idle += 1
    return (complete, idle) if idle >= IDLE_TURNS else None


def _facts_complete(ctx: GradeContext) -> int | None:
    """The customer turn by which every `support.verify` fact had been given with its correct
    value (its slot, or the value in its text); None when one never was or none is named."""
    facts = ctx.plan.scenario.support.verify
    if not facts:
        return None
    last = -1
    for fact in facts:
        template = ctx.plan.scenario.customer.knows.get(fact)
        value = ctx.rendered(template) if template is not None else None
        if not value:
            return None
        given = given_at(ctx.turns, fact, compact(value))
        if given is None:
            return None
        last = max(last, given)
    return last
