"""A handover said and not made (agents.handovers): "I'm transferring you to our fraud team
now" from a bot whose desk has a transfer tool it never called and that sent no handoff
signal.

- `unperformed_handover` (major, correctness): at the first support turn without acts whose
  text hands over, when the domain has a transfer tool, no call of it went through anywhere in
  the conversation, and the conversation did not end escalated by support. It is a claim of
  an action nobody took, as `unperformed_action` is for writes: the customer is left waiting
  for a team that never comes. Where the scenario's rule for the case is to escalate, the
  rule check (agents.checks.escalation) no longer counts such words as the handover, so the
  breach of that rule is critical too.

Where the domain has no transfer tool, the bot's own handoff signal is the observable
(`GradeContext.handoff`: an http target file's `handoff` path):
words with the signal left false are the same promise not kept (outsider 15: "Of course,
I'm transferring you to a colleague now" and no `handoff: true`, 6 of 6 passed). Where
neither exists (an openai prompt, an http target without `handoff:`, a python bot, a log
graded without its target file) nothing shows whether anyone took the conversation: such words leave
`unperformed_handover` undecided, never passed, and the other checks read them as the
handover, as before.
"""

from __future__ import annotations

import re

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.pii import mask_pii
from agents.checks.reading import support_reads, tool_specs
from agents.handovers import handover_made, handover_tools
from agents.types import Finding
from agents.understanding import read_support
from agents.understanding.pending import handover_waits

__all__ = ["UNJUDGED", "said_not_made", "says_handover", "unperformed_handover"]

UNJUDGED = "unperformed_handover"

# Clauses: a handover after a subordinate clause ("Because of the transactions you don't
# recognise, I'm transferring you now") is read on its own, so another clause's negation
# does not make the sentence a refusal.
_CONDITION = re.compile(
    r"^\W*(?:if|once|when|unless|should you|si|cuando|en cuanto|quand|d[èe]s que|wenn|falls|"
    r"sobald|se|caso|quando|assim que)\b",
    re.IGNORECASE,
)
_NOW = re.compile(
    r"\b(?:i'?m|i am|we'?re|we are|i'?ll|i will|let me) (?:now |just |right now )?(?:be )?"
    r"(?:transferr?ing|connecting|passing|handing|putting|escalating|transfer|connect|pass|hand|"
    r"put|escalate)\b|"
    r"\b(?:je|nous) vous (?:transf[èe]re|transf[ée]rons|passe|passons|mets|mettons|"
    r"redirige)|\b(?:le|la|te|les) (?:paso|pasamos|transfiero|transferimos|comunico|"
    r"derivo)\b|\b(?:ich|wir) (?:verbinde|verbinden|leite|leiten|[üu]bergebe|"
    r"[üu]bergeben|stelle|stellen)\b|\b(?:verbinde|leite|[üu]bergebe|stelle) ich\b|"
    r"\b(?:verbinden|leiten|[üu]bergeben) wir\b|\b(?:vou|vamos|estou|estamos) (?:te |lhe )?"
    r"(?:transferir|transferindo|passar|passando|encaminhar|encaminhando)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"[^.!?]*\?")
_ABOUT_IT = re.compile(
    r"(?i)\b(?:transfer\w*|connect\w*|hand\w*|escalat\w*|agent|team|colleague|specialist|"
    r"proceed|do that|do this|like me to|want me to|quiere que|souhaitez|voulez|m[öo]chten|"
    r"soll ich|quer que|deseja que)"
)
_CLAUSES = re.compile(r"(?<=[.;:!?,])\s+|\s+[-\u2013\u2014]\s+")


def said_not_made(ctx: GradeContext) -> bool:
    """A handover in words would be unbacked here: the domain has a transfer tool, none of
    its calls went through, and no handoff signal ended the conversation."""
    return ctx.shared("handover.unbacked", _unbacked)


def _unbacked(ctx: GradeContext) -> bool:
    tools = handover_tools(tool_specs(ctx))
    if not tools and ctx.handoff is not True:
        return False
    if ctx.outcome.status == "escalated" and ctx.outcome.ended_by == "support":
        return False  # the target's own handoff signal
    return not tools or not handover_made(ctx.turns, tools)


def _unobservable(ctx: GradeContext) -> bool:
    """No transfer tool, no handoff signal known, and the conversation did not end handed
    over by support: a handover in words cannot be told from a promise."""
    if ctx.handoff is True or handover_tools(tool_specs(ctx)):
        return False
    return not (ctx.outcome.status == "escalated" and ctx.outcome.ended_by == "support")


def unperformed_handover(ctx: GradeContext) -> CheckResult:
    if not said_not_made(ctx):
        if _unobservable(ctx) and _said_at(ctx) is not None:
            return CheckResult(unjudged=(UNJUDGED,))
        return PASS
    at = _said_at(ctx)
    if at is None:
        return PASS
    tools = ", ".join(sorted(handover_tools(tool_specs(ctx))))
    how = (
        f"it never called the domain's transfer tool ({tools}) and sent no handoff signal"
        if tools
        else "the domain has no transfer tool and the bot's handoff flag stayed false"
    )
    finding = Finding(
        turn=at,
        dimension="correctness",
        category="unperformed_handover",
        severity="major",
        evidence=mask_pii(ctx.turns[at].content),
        explanation=(
            f"support says it is handing the customer over, but {how}: the handover was "
            "promised and never made"
        ),
    )
    return CheckResult((finding,))


def _said_at(ctx: GradeContext) -> int | None:
    """The first act-less support turn that says it hands over now (not asking about it)."""
    for read in support_reads(ctx):
        if read.annotated or read.reading is None:
            continue
        text = ctx.turns[read.index].content
        if not (read.reading.hands_over or says_handover(text)) or asks_leave(text):
            continue
        return read.index
    return None


def says_handover(text: str) -> bool:
    """A clause of `text` that says support is handing over now, in the first person ("I'm
    transferring you to our fraud team now", "je vous transfère", "le paso con", "ich
    verbinde Sie", "vou transferir você"): read on its own, so that another clause's
    negation ("the payments you don't recognise") does not hide it. Not after a condition
    ("If you want, I can transfer you") and not asked; not a turn that puts the handover
    after something still to come ("I'll transfer you, but first I need your email":
    agents.understanding.pending)."""
    if handover_waits(text):
        return False
    after_condition = False
    for clause in _CLAUSES.split(text):
        clause = clause.strip()
        conditional, after_condition = after_condition, bool(_CONDITION.match(clause))
        if not clause or clause.endswith("?") or conditional or after_condition:
            continue
        if _NOW.search(clause) is None:
            continue
        reading = read_support(clause)
        if reading.hands_over and not reading.refuses and "handover" not in reading.offers:
            return True
    return False


def asks_leave(text: str) -> bool:
    """The turn asks about the handover ("Would you like to proceed with the transfer?",
    "Would you like me to do that?"): offered, not yet made."""
    return any(_ABOUT_IT.search(q) for q in _QUESTION.findall(text))
