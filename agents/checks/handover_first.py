"""A handover before the verification the policy asks for it.

A handover is no write, so `support.verify` (no resolve or refuse before the facts) does
not cover it by itself: whether a desk must verify a customer before passing them on is the
scenario's to say. It says so in its policy (agents.understanding.handover_scope: verify
"before any action on the account", or "check them with verify_member, then hand the member
to a duty manager"), and then a handover before the customer gave the verify facts broke it:
outsider 17's `noverify` bot passed 8 of 24 conversations by calling `transfer_to_staff` on
the membership number alone. Where the policy lets anyone be handed over, or says nothing of
it ("If the customer asks for a person, use transfer_to_staff"), a handover on request before
verification is what it allows, and no finding.

A handover is any of what the other checks read as one: an escalate act, a call of the
domain's transfer tool that went through, the target's handoff signal ending the
conversation, or a turn saying it hands over now (not one asking whether to).
"""

from __future__ import annotations

from agents.checks import GradeContext, quote
from agents.checks.handover_said import asks_leave, says_handover
from agents.checks.pii import mask_pii
from agents.checks.reading import call_log, call_text, support_reads, tool_specs
from agents.handovers import handover_tools
from agents.types import ESCALATE, REFUSE, RESOLVE
from agents.understanding.handover_scope import verifies_before_handover, verifies_before_record

__all__ = ["handover_before"]


def handover_before(ctx: GradeContext, given_at: int, any_at: int) -> tuple[int, str, str] | None:
    """(turn, evidence, what support did) of the first handover before the fact was given,
    where the policy verifies before a handover: by act before the correct value
    (`given_at`, the scripted support checks values), otherwise before any value
    (`any_at`: a bot without records can only wait for one); None when there is none or
    the policy does not ask it."""
    policy = ctx.plan.scenario.support.policy
    # Where a handover starts to count: at once where the policy verifies before a handover,
    # once support touched the record where it verifies before the record is touched.
    tools = handover_tools(tool_specs(ctx))
    touched, asked = 0, len(ctx.turns)
    if not verifies_before_handover(policy):
        if not verifies_before_record(policy):
            return None
        touched, asked = _touched_at(ctx, tools)
    given_at, any_at = min(given_at, asked), min(any_at, asked)
    found: list[tuple[int, str, str]] = []
    for call in call_log(ctx):
        limit = any_at if ctx.turns[call.turn].act is None else given_at
        if call.call.name in tools and not call.failed and touched <= call.turn < limit:
            what = f"called {call.call.name} (a handover)"
            found.append((call.turn, mask_pii(call_text(call.call)), what))
            break
    for read in support_reads(ctx):
        if read.index < touched:
            continue
        turn = ctx.turns[read.index]
        if read.annotated:
            if read.index >= given_at:
                break
            if read.act == ESCALATE or read.handover:
                found.append((read.index, quote(turn.content), "handed over (escalate)"))
                break
            continue
        if read.index >= any_at:
            break
        text = turn.content
        if read.handover and not (text.strip() and asks_leave(text)):
            found.append((read.index, mask_pii(text), "handed the customer over"))
            break
        if text.strip() and says_handover(text) and not asks_leave(text):
            found.append((read.index, mask_pii(text), "said it was handing the customer over"))
            break
    return min(found, default=None)


def _touched_at(ctx: GradeContext, handovers: frozenset[str]) -> tuple[int, int]:
    """Where a handover acts on the record: from the first turn at which support touched a
    record (a call of one of the domain's tools other than a handover, a lookup by the
    number the customer gave, or an annotated resolve or refuse; len(turns) when it never
    did) to the customer's first request for a person. A handover outside that is passing
    the customer on, not acting on the record."""
    first = next((c.turn for c in call_log(ctx) if c.call.name not in handovers), len(ctx.turns))
    acted = next(
        (i for i, t in enumerate(ctx.turns) if t.role == "support" and t.act in (RESOLVE, REFUSE)),
        len(ctx.turns),
    )
    start = min(first, acted)
    # A handover the customer asked for is theirs, not support's act on the record ("If the
    # guest asks for a person, transfer them" beside "before touching a booking, check ..."):
    # only one before any request for a person counts.
    from agents.checks.escalation import asks_for_person  # escalation imports this module's kin

    asked = next(
        (i for i, t in enumerate(ctx.turns) if t.role == "customer" and asks_for_person(t, ctx)),
        len(ctx.turns),
    )
    return start, asked
