"""What a support side without dialogue acts (a bot, an LLM) did, for the scenario's action
criteria: read from its text and its calls (agents.checks.reading). What is found decides;
what is not found is unknown, since the reader may miss a wording, unless the customer cut
the conversation short before support could act.
"""

from __future__ import annotations

from agents.checks import GradeContext, quote
from agents.checks.handover_said import said_not_made, says_handover
from agents.checks.reading import SupportRead, call_log, readable, support_reads, tool_specs
from agents.handovers import handover_tools
from agents.types import ESCALATE, REFUSE, REQUEST_ESCALATION, RESOLVE, Turn
from agents.understanding import customer_act_from_text


def cut_short_text(ctx: GradeContext) -> str:
    """`_cut_short` for a side without acts, from what its text is read to do: the customer
    insisted on a person and support handed over before it claimed or refused anything."""
    reads = [r for r in support_reads(ctx) if not r.annotated]
    # a handover read from the text, or a call of the desk's transfer tool (an openai-kind
    # bot hands over only so: it has no handoff flag, and its words may be read as an offer)
    tools = handover_tools(tool_specs(ctx))
    marks = [r.index for r in reads if r.handover]
    marks += [c.turn for c in call_log(ctx) if c.call.name in tools and not c.failed]
    handed = min(marks, default=None)
    before = [r for r in reads if handed is None or r.index < handed]
    if any(_acts(ctx, r) or r.claim or _refused_task(ctx, r) or _promised(ctx, r) for r in before):
        return ""  # support acted first (a promise is an act: outsider 23's reimbursement)
    if said_not_made(ctx) and any(says_handover(ctx.turns[r.index].content) for r in reads):
        return ""  # told it was being handed over, and no one took it: not the customer's
    if ctx.outcome.status == "escalated" and handed is not None:
        asked = any(_asks_person(ctx, t) for t in ctx.turns[:handed] if t.role == "customer")
        return "the customer insisted on escalation before support acted" if asked else ""
    if may_have_acted(ctx):
        return ""  # a turn it cannot read may have done something
    if _promise_unkept(ctx, before):
        return ""  # it said it would do it now, then had two turns and did not
    if ctx.outcome.status == "abandoned":
        return "the customer left before support acted"
    return ""


def _acts(ctx: GradeContext, read: SupportRead) -> bool:
    """The turn's step made a call that may have done the task: one of a tool that writes,
    or of a tool the scenario does not know, that the tool did not refuse. A lookup is how
    support prepares to act (or finds the reason to refuse); it does not act. The step's
    calls include those made in messages that say nothing (agents.checks.step_calls)."""
    if not read.calls:
        return False
    lookups = {id(c.call) for c in call_log(ctx) if c.writes is False or c.failed}
    return any(id(c) not in lookups for c in read.calls)


def _asks_person(ctx: GradeContext, turn: Turn) -> bool:
    """A customer turn that asks for a person: its act, or its text read (a record from
    elsewhere has no acts)."""
    if turn.act is not None:
        return turn.act == REQUEST_ESCALATION
    return customer_act_from_text(turn.content, readable(ctx))[0] == REQUEST_ESCALATION


def _refused_task(ctx: GradeContext, read: SupportRead) -> bool:
    """A refusal, unless it is the answer to a request for a person."""
    r = read.reading
    return r is not None and r.refuses and not _answers_escalation(ctx, read.index)


def _answers_escalation(ctx: GradeContext, index: int) -> bool:
    """The support turn at `index` replies to a customer asking for a person."""
    before = [t for t in ctx.turns[:index] if t.role == "customer"]
    if not before:
        return False
    asked = before[-1]
    if asked.act is not None:
        return asked.act == REQUEST_ESCALATION
    return customer_act_from_text(asked.content, readable(ctx))[0] == REQUEST_ESCALATION


PROMISE_TURNS = 2  # support turns after a promise to act in which it must act


def _promised(ctx: GradeContext, read: SupportRead) -> bool:
    """A promise to act stated, not asked and not refused in the same turn ("keep the
    receipts, we'll reimburse it in full"; not "shall I refund it?"), a handover aside:
    support answered the task, so a request for a person after it does not excuse what the
    promise left undone or did wrong."""
    r = read.reading
    if r is None or r.refuses or not (r.offers - {"handover"}):
        return False
    if ctx.turns[read.index].content.rstrip().endswith("?"):
        return False
    # An offer said in the sentence that asks for details is the request's purpose ("To
    # process a refund I need the order number"), not a promise.
    asking = {s for kind, s in r.evidence if kind == "asks"}
    return any(kind == "offers" and s not in asking for kind, s in r.evidence)


def promised_at(ctx: GradeContext) -> tuple[int, str] | None:
    """The first act-less turn that promises an action (`_promised`), with its quote."""
    for read in support_reads(ctx):
        if not read.annotated and _promised(ctx, read):
            return read.index, quote(ctx.turns[read.index].content)
    return None


def _promise_unkept(ctx: GradeContext, reads: list[SupportRead]) -> bool:
    """A promise to act stated, not asked ("I'll process your refund now", not "shall I
    refund it?"), followed by PROMISE_TURNS or more turns that did not do it: the customer
    who then leaves has not cut the conversation short."""
    for at, read in enumerate(reads):
        r = read.reading
        if r is None or not (r.offers - {"handover"}):
            continue
        if ctx.turns[read.index].content.rstrip().endswith("?"):
            continue
        return len(reads) - at - 1 >= PROMISE_TURNS
    return False


def text_action(ctx: GradeContext, action: str) -> tuple[int, str] | None:
    """The first turn without an act whose text or calls show `action`: resolve, a claimed
    action or a call of a tool that writes; refuse, a refusal; escalate, a handover (read,
    or the conversation ending escalated by support). Absent, it is unknown, not undone:
    the reader may miss a wording."""
    writes = {c.turn for c in call_log(ctx) if c.writes}
    for read in support_reads(ctx):
        if read.annotated:
            continue
        reading = read.reading
        shown = (
            (action == RESOLVE and (read.claim is not None or read.index in writes))
            or (action == REFUSE and reading is not None and reading.refuses)
            or (action == ESCALATE and read.handover)
        )
        if shown:
            return read.index, quote(ctx.turns[read.index].content)
    return None


def may_have_acted(ctx: GradeContext) -> bool:
    """An act-less turn that claimed, refused or handed over, or any tool call: the customer
    did not leave before support acted. A turn the reader cannot tell counts as acting."""
    for read in support_reads(ctx):
        if read.annotated:
            continue
        r = read.reading
        if _acts(ctx, read) or read.claim or read.handover or r is None or r.undecided:
            return True
        if _refused_task(ctx, read):
            return True
    return False


def standing_refusal(ctx: GradeContext) -> tuple[int, str] | None:
    """The turn of a refusal read in the text that nothing after it undid: no later act-less
    turn claims, hands over, calls a tool or cannot be read, and none before it acted. A
    side that said no and kept to it did not take the action; anything the reader cannot
    tell after the refusal leaves the question open."""
    writes = {c.turn for c in call_log(ctx) if c.writes}
    reads = [r for r in support_reads(ctx) if not r.annotated]
    refused: int | None = None
    for read in reads:
        r = read.reading
        # a lookup made in the step of the refusal (its calls, agents.checks.step_calls) is
        # how it found the reason to refuse; a write, or any call after it, may undo it
        if (refused is not None and read.calls) or _acts(ctx, read) or read.claim or read.handover:
            return None
        if read.index in writes:
            return None
        if r is None or r.undecided:
            if refused is not None:
                return None
            continue
        if r.refuses and not r.asks_info and not _answers_escalation(ctx, read.index):
            refused = read.index  # not "not without your order number" (pending), nor a no
            # to a request for a person ("I can't transfer you, we're closed")
    if refused is None:
        return None
    return refused, quote(ctx.turns[refused].content)
