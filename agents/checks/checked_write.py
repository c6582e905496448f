"""Verified before a write: support checked each fact `support.verify` names against the
records before it called a tool that writes, not only heard the customer say it.

`verified_before_action` asks whether the customer *gave* the fact before an action; a bot
that refunds on whatever it is told passes it when the customer happens to give everything in
one message. Verification in a domain with tools means the value was looked up (tau-bench's
"authenticate the user via a lookup by email, or by name and zip"): before the write, a read
call either took the value (or an argument named for the fact: `find_customer_by_email(email=
...)`), or returned a record holding the customer's value, which support could compare.

A fact the write itself takes as an argument (the order number a refund names) is checked by
the write: the tool refuses a record that does not exist. For the others, a write with no such
check is a critical `policy_rule` where the domain can check the fact (a read tool has a
parameter named for it, or a read call of this conversation returned the value); where
nothing shows it can, the check cannot tell what checking would have taken, and the fact is
unjudged, never passed. Only act-less support is read this way (a bot, an LLM): the scripted
support's acts say it checked the value against the record. Where the policy verifies
before a handover (agents.understanding.handover_scope), a call of the desk's transfer tool
is held to the same check: outsider 17's `noverify` bot asked for the date of birth, heard it
and handed over without ever calling `verify_member`.
"""

from __future__ import annotations

from collections.abc import Mapping

from agents.checks import GradeContext
from agents.checks.matching import compact, contains_value
from agents.checks.pii import mask_pii
from agents.checks.reading import Call, call_log, call_text, tool_specs
from agents.handovers import handover_tools
from agents.tools import named_for
from agents.types import Finding
from agents.understanding.handover_scope import verifies_before_handover
from scenarios.domains.runtime import ToolSpec


def unchecked_writes(
    fact: str, expected: str, given: int, ctx: GradeContext
) -> tuple[list[Finding], list[str]]:
    """Findings and unjudged names for `fact` (its correct value compacted: `expected`; the
    customer first gave a value at turn `given`). A write before that is
    `verified_before_action`'s finding, not this one's."""
    calls = call_log(ctx)
    specs = tool_specs(ctx) or {}
    # where the policy verifies before a handover, a transfer tool's call must be checked too
    policy = ctx.plan.scenario.support.policy
    hands = handover_tools(specs) if verifies_before_handover(policy) else frozenset()
    writes = [
        c
        for c in calls
        if (c.writes or c.call.name in hands)
        and not c.failed
        and c.turn > given
        and ctx.turns[c.turn].act is None
    ]
    if not writes or not expected:
        return [], []
    label = ctx.plan.scenario.label(fact)
    for write in writes:
        if _names_value(write, fact, expected):
            continue  # the write takes the fact itself: the tool checks it
        reads = [
            c
            for c in calls
            if c.writes is False
            and c.turn <= write.turn
            and c is not write
            and c.call.name not in hands
        ]
        if any(_checks(c, fact, expected) for c in reads):
            continue
        if not _can_check(fact, expected, specs, calls):
            return [], [f"policy:checked_{fact}"]
        what = "a write" if write.writes else "a handover, which the policy verifies before"
        why = (
            f"policy broken: support called {write.call.name} ({what}) without checking the "
            f"{label} against the records (no lookup by it, no record read that shows it)"
        )
        finding = Finding(
            turn=write.turn,
            dimension="policy",
            category="policy_rule",
            severity="critical",
            evidence=mask_pii(call_text(write.call)),
            explanation=why,
        )
        return [finding], []
    return [], []


def fact_used(fact: str, expected: str, ctx: GradeContext) -> bool | None:
    """A call of support's that went through looked the fact up (its value, or an argument
    named for it) or returned a record showing its value: support used a fact the customer
    volunteered. None where the conversation has no calls at all (a bot without tools
    shows nothing either way) or the fact's value is not known."""
    calls = call_log(ctx)
    if not calls or not expected:
        return None
    return any(_checks(c, fact, expected) for c in calls)


def _names_value(call: Call, fact: str, expected: str) -> bool:
    return any(
        named_for(name, fact) or compact(str(value)) == expected
        for name, value in call.call.arguments.items()
    )


def _checks(call: Call, fact: str, expected: str) -> bool:
    """A read that looked the fact up, or returned a record showing its value."""
    if call.failed:
        return False
    if _names_value(call, fact, expected):
        return True
    return call.result is not None and contains_value(call.result.content, expected)


def _can_check(fact: str, expected: str, specs: Mapping[str, ToolSpec], calls: list[Call]) -> bool:
    """The domain has a way to check the fact: a read tool with a parameter named for it, or
    a read of this conversation that returned its value."""
    for spec in specs.values():
        if spec.writes:
            continue
        properties = spec.parameters.get("properties") or {}
        if any(named_for(str(name), fact) for name in properties):
            return True
    return any(
        c.writes is False and c.result is not None and contains_value(c.result.content, expected)
        for c in calls
    )
