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
from agents.types import ESCALATE
from agents.understanding.handover_scope import verifies_before_handover

__all__ = ["handover_before"]


def handover_before(ctx: GradeContext, given_at: int, any_at: int) -> tuple[int, str, str] | None:
    """(turn, evidence, what support did) of the first handover before the fact was given,
    where the policy verifies before a handover: by act before the correct value
    (`given_at`, the scripted support checks values), otherwise before any value
    (`any_at`: a bot without records can only wait for one); None when there is none or
    the policy does not ask it."""
    if not verifies_before_handover(ctx.plan.scenario.support.policy):
        return None
    found: list[tuple[int, str, str]] = []
    tools = handover_tools(tool_specs(ctx))
    for call in call_log(ctx):
        limit = any_at if ctx.turns[call.turn].act is None else given_at
        if call.call.name in tools and not call.failed and call.turn < limit:
            what = f"called {call.call.name} (a handover)"
            found.append((call.turn, mask_pii(call_text(call.call)), what))
            break
    for read in support_reads(ctx):
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
