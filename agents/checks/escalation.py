"""Ignored escalation: the customer asked for a person and support carried on as if not.

Within the two support turns after a request for a human, support must hand over (an
escalate act, a handover read from its text, a handover tool call, or the conversation ending
escalated by support) or say why it will not (a reason: the policy, opening hours, a check
it must do first: "injuries go to our duty manager; I first need your number", in any of
the five languages). One attempt to help first is fine: when support acknowledges the request
("I can sort this out myself, is that alright?") and the customer carries on without asking
again, the customer has dropped the request; so has one who lets support try first when it
says it heard the request ("I understand you want a manager; let me try first", "Ihren
Wunsch habe ich verstanden", in any of the five languages).
"I can help you" is not a reason, so a customer who asks again and is still not handed over
has been ignored. A reply that turns the request down and closes ("I'm the right person to
help. Anything else?") asks no leave, whenever the customer leaves after it. Where the
policy obliges a handover on request ("If the guest asks for a person, transfer them":
agents.understanding.handover_duty), the reply is judged by itself when the customer then
ends the conversation: leaving is not withdrawing the request; carrying on with support after
it offered to try first is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.confirmed import declined_at
from agents.checks.handover_said import said_not_made
from agents.checks.matching import compact, contains_value, given_at
from agents.checks.pii import mask_pii
from agents.checks.reading import SupportRead, readable, support_reads, tool_specs
from agents.handovers import handover_made, handover_tools, hands_over
from agents.scripted.common import ScenarioLogicError, first_rule
from agents.types import (
    ESCALATE,
    REDIRECT,
    REFUSE,
    REQUEST_ESCALATION,
    REQUEST_INFO,
    Finding,
    ToolCall,
    Turn,
)
from agents.understanding import customer_act_from_text, foreign_language
from agents.understanding.foreign.handovers import may_hand_over
from agents.understanding.foreign.reasons import (
    checks_first,
    declines_with_reason,
    defers_handover,
    hears_person_request,
)
from agents.understanding.handover_duty import obliges_handover
from agents.understanding.handover_scope import verifies_before_handover
from agents.understanding.lexicon import WH_FIRST
from scenarios.templates import TemplateError, render

WINDOW = 2  # support turns after the request in which it must be handled
UNJUDGED = "ignored_escalation"

_ROLE = (
    r"(?:manager|supervisor|human|person|people|representative|rep|agent|operator|someone|"
    r"somebody|anyone|colleague|staff|boss|team lead|specialist|senior)"
)
# A customer asking for a person in words the act reader may not know: a request to talk to
# one ("let me speak to your supervisor", "put me through to a real person"), or a person
# wanted as such ("I want a manager", "is there someone else I can talk to?"). "I want to free
# my seat for someone else who might need it" (tau-bench airline task 28) names someone as
# whom a seat is for, which asks for nobody.
_PERSON = (
    r"(?:managers?|supervisors?|humans?|(?:real|actual|live) (?:person|people|agent|human)s?|"
    r"representatives?|operators?|someone (?:else|senior|in charge)|a person|your boss)"
)
_ASKS_PERSON = re.compile(
    r"\b(?:speak|talk|chat|put me through|connect me|transfer me|escalate|pass me|get me|"
    r"give me|bring (?:in|me))\b[^.?!]{0,40}\b" + _PERSON + r"\b|"
    r"\b(?:want|need|get|demand|request|like|prefer)\b (?:(?:to (?:speak|talk|chat) (?:to|"
    r"with) )?(?:a|an|the|your|some|to|one) )?(?:[\w-]+ )?" + _PERSON + r"\b|"
    r"\b" + _PERSON + r" (?:(?:who|that) )?(?:i|we) (?:can|could|might) (?:speak|talk|chat)",
    re.IGNORECASE,
)
# Support talking about the request: a person, a handover, or handling it itself.
_MENTIONS_HANDOVER = re.compile(
    rf"\b(?:{_ROLE}s?|transfer\w*|escalat\w*|hand(?:ing)? (?:you |this |it )?over|"
    r"connect\w*|put you through|myself|personally)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|since|as per|policy|policies|requires?|required|only (?:after|once|if|"
    r"when|for|handle)|must|have to|need to (?:verify|confirm|check)|not available|unavailable|"
    r"(?:no|none of) (?:one|humans?|managers?|supervisors?|agents?|staff)\b[^.?!]{0,20}"
    r"available|outside (?:of )?(?:our )?(?:business |office |working |opening )?hours|"
    r"closed|offline)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"[^.!?]*\?")
_CLAUSE_END = re.compile(r"[,;:\u2014]\s*|\s+-\s+")
_WHY = re.compile(r"^\W*why\b", re.IGNORECASE)


def _handover_call(call: ToolCall, ctx: GradeContext) -> bool:
    """A call of a tool that hands over, by the shared rule (agents.handovers): a money
    transfer (`trace_transfer`) is none, which the name-only pattern here counted."""
    spec = (tool_specs(ctx) or {}).get(call.name)
    return hands_over(call.name, spec.description if spec is not None else "")


def asks_for_person(turn: Turn, ctx: GradeContext) -> bool:
    """A customer turn asking for a person: its act, or its text read."""
    if turn.act is not None:
        return turn.act == REQUEST_ESCALATION
    act, _ = customer_act_from_text(turn.content, readable(ctx))
    return act == REQUEST_ESCALATION or bool(_ASKS_PERSON.search(turn.content))


def _handled(
    ctx: GradeContext,
    read: SupportRead,
    turn: Turn,
    unbacked: bool = False,
    verify_first: bool = False,
    answering: bool = False,
) -> bool:
    """Handed over, or gave a reason not to. With `unbacked`, a handover in words only is
    none (agents.checks.handover_said: the desk had a transfer tool it never called). With
    `verify_first` (the policy verifies before a handover), an annotated request for details
    is the check first that the policy asks, as "I first need your number" is in words.
    With `answering` (support's first reply to the request), "first I need ..." says the
    check comes before the handover without naming the person again."""
    said = read.handover and not (unbacked and read.reading is not None)
    if said or any(_handover_call(c, ctx) for c in read.calls):
        return True
    if read.reading is None:
        return read.act == REFUSE or (verify_first and read.act == REQUEST_INFO)
    text = turn.content
    # Answering the request without naming it, the turn must not also close ("Sorry, I still
    # need this before I can go on. Is there anything else I can help with?": no deferral).
    answering = answering and "closes" not in read.reading.classes
    return (
        bool(_MENTIONS_HANDOVER.search(text) and _REASON.search(text))
        or declines_with_reason(text)
        or checks_first(text, answering=answering)
    )


def _acknowledged(read: SupportRead, turn: Turn, heard: bool = False) -> bool:
    """Support asked the customer's leave to help itself ("shall we try?", "is that ok?"):
    a yes/no question about the request, not a deflection that moves on to its own
    question ("no need for anyone else, what's the problem?"); or put it off to try first
    ("I understand you want a manager; let me try first"). With `heard`, also a turn that
    only says the request was heard ("Ihren Wunsch habe ich verstanden"): enough when the
    customer then carries on without asking again, not when the customer leaves."""
    if read.reading is None:
        return read.act == REDIRECT
    if "handover" in read.reading.offers:
        return True
    if defers_handover(turn.content) or (heard and hears_person_request(turn.content)):
        return True
    if "closes" in read.reading.classes:
        # "I'm the right person to help you. Is there anything else I can help you with?"
        # (outsider 22): closing the conversation asks no leave to try first.
        return False
    if read.reading.asks:
        # It asks for the customer's details ("no need for anyone else. Could you give me
        # the email on your account?", outsider 24): its own question, not leave to try.
        return False
    asked = [q.strip() for q in _QUESTION.findall(turn.content)]
    last = _CLAUSE_END.split(asked[-1])[-1] if asked else ""
    consent = bool(last) and not (WH_FIRST.match(last) or _WHY.match(last))
    return consent and bool(_MENTIONS_HANDOVER.search(turn.content))


# What a foreign reply read whole may show and still be no answer to a request for a person:
# support went on with its own question or act. A statement or an offer may name someone
# who takes over in words the reader lacks ("Ana te llamará en 10 minutos").
_MOVED_ON = frozenset({"asks", "claims", "greets", "closes", "stalls"})


def _read_through(read: SupportRead) -> bool:
    """A turn the reader read whole (not undecided, nothing left unread) that only asked,
    claimed an act, greeted, closed or held."""
    r = read.reading
    return r is not None and not r.undecided and not r.unread and r.classes <= _MOVED_ON


def ignored_escalation(ctx: GradeContext) -> CheckResult:
    reads = support_reads(ctx)
    turns = ctx.turns
    support = ctx.plan.scenario.support
    verify_first = bool(support.verify) and verifies_before_handover(support.policy)
    obliged = obliges_handover(support.policy)
    for index, turn in enumerate(turns):
        if turn.role != "customer" or not asks_for_person(turn, ctx):
            continue
        window = [r for r in reads if r.index > index and (turns[r.index].content or r.calls)]
        window = window[:WINDOW]
        end = window[-1].index if len(window) == WINDOW else len(turns) - 1
        if handover_made(turns[index + 1 : end + 1], handover_tools(tool_specs(ctx))):
            # The transfer tool's call went through: handed over, whatever was said around
            # it (a call-only turn is no read of the window; outsider 23).
            continue
        unbacked = said_not_made(ctx)
        if any(
            _handled(ctx, r, turns[r.index], unbacked, verify_first, answering=n == 0)
            for n, r in enumerate(window)
        ):
            continue
        if len(window) < WINDOW:
            only = window[0] if window else None
            if only and obliged and ctx.outcome.status not in ("max_turns", "error"):
                # The policy says to hand over on request: the reply is judged by itself,
                # whenever and however the customer then ended the conversation.
                return _finding(index, only.index, turns, 1, reads, _own(ctx), obliged)
            if (
                only
                and ctx.outcome.status == "abandoned"
                and not _acknowledged(only, turns[only.index])
            ):
                # Support brushed the request aside once (no handover, no reason, no asking
                # leave to try first) and the customer left.
                return _finding(index, window[-1].index, turns, len(window), reads, _own(ctx))
            if only and only.reading is not None and ctx.outcome.status == "max_turns":
                # The turn limit cut a side without acts off after one reply that did not
                # hand over: whether its next turn would have is unknown, not passed.
                return CheckResult((), (UNJUDGED,))
            return PASS  # the customer ended it, or support never had a turn
        first, second = window
        between = [t for t in turns[first.index + 1 : second.index] if t.role == "customer"]
        if _acknowledged(first, turns[first.index], heard=True) and not any(
            asks_for_person(t, ctx) for t in between
        ):
            # Support offered to help itself and the customer went along with it: the
            # request withdrawn, even where the policy obliges a handover on request.
            continue
        return _finding(index, second.index, turns, WINDOW, reads, _own(ctx), obliged)
    return PASS


def _own(ctx: GradeContext) -> tuple[str, str]:
    """The customer's own names: support addressing them hands over to no one."""
    identity = ctx.plan.persona.identity
    return identity.first_name, identity.last_name


def _finding(
    asked: int,
    at: int,
    turns: Sequence[Turn],
    n: int,
    reads: Sequence[SupportRead],
    own: Sequence[str] = (),
    obliged: bool = False,
) -> CheckResult:
    """The finding, unless a support reply in the window is text in another language that
    the reader did not read through and that could hand over in words it lacks (it names a
    person or team, a first name other than the customer's, or a verb of passing on): then it
    is unjudged, not failed. A foreign
    reply read whole as only moving on ("¿Cuál es su número de pedido?", nothing left unread),
    or one that names no one and passes nothing on ("Erledigt. Der Betrag geht auf Ihre
    Karte."), is as decided as an English one."""
    by_index = {r.index: r for r in reads}
    for i in range(asked + 1, at + 1):
        turn = turns[i]
        if turn.role != "support" or turn.act is not None or not foreign_language(turn.content):
            continue
        read = by_index.get(i)
        if read is None or not (_read_through(read) or not may_hand_over(turn.content, own)):
            return CheckResult((), (UNJUDGED,))
    which = f"its next {n} turns" if n > 1 else "its reply, and the customer left"
    if obliged:
        which += " (the policy says to hand over a customer who asks for a person)"
    finding = Finding(
        turn=at,
        dimension="task_success",
        category="ignored_escalation",
        severity="major",
        evidence=mask_pii(turns[at].content),
        explanation=f"the customer asked for a person (turn {asked}); support neither "
        f"handed over nor gave a reason in {which}",
    )
    return CheckResult((finding,))


UNJUDGED_RULE = "policy:escalate"


def missed_escalation(ctx: GradeContext) -> CheckResult:
    """The scenario's rule for this conversation is to escalate (the first rule whose `when`
    holds over the plan's variables), the customer gave every fact support had to verify, and
    support never handed over: no escalate act, no handover read from its text, no handover
    tool call, the conversation not ended escalated. Stalling until the customer gives up is
    a breach of that rule, not a pass. A support turn the reader could not read through may
    hold the handover in words it lacks: then undecided."""
    if not any(r.action == "escalate" for r in ctx.plan.scenario.support.rules):
        return PASS  # whichever rule holds (or none, or a broken one), it does not escalate
    try:
        rule = first_rule(ctx.plan)
    except ScenarioLogicError:
        return PASS
    if rule is None or rule.action != "escalate":
        return PASS
    if rule.confirm and declined_at(ctx) is not None:
        return PASS  # the rule asks first and the customer said no: nothing was to be done
    unbacked = said_not_made(ctx)  # words only, where a transfer tool was there to call
    if ctx.outcome.status == "escalated" and not unbacked:
        return PASS
    reads = support_reads(ctx)
    if any(
        r.act == ESCALATE
        or (r.handover and not (unbacked and r.reading is not None))
        or any(_handover_call(c, ctx) for c in r.calls)
        for r in reads
    ):
        return PASS
    reached = _verified_at(ctx)
    told = _condition_told_at(ctx, rule.when) if reached is not None else None
    if told == _UNKNOWN:
        return CheckResult((), (UNJUDGED_RULE,))
    if reached is not None and told is not None:
        reached = max(reached, told)
    after = [r for r in reads if reached is not None and told is not None and r.index > reached]
    if not after:
        return PASS  # the rule's moment never came: the customer did not give the facts
    if any(r.reading is not None and (r.reading.undecided or r.reading.unread) for r in after):
        return CheckResult((), (UNJUDGED_RULE,))
    last = after[-1]
    why = rule.reason or "the scenario's rule for this case is to escalate"
    finding = Finding(
        turn=last.index,
        dimension="policy",
        category="policy_rule",
        severity="critical",
        evidence=mask_pii(ctx.turns[last.index].content),
        explanation=f"policy broken: {why}; support never handed over "
        f"in {len(after)} turns after the customer gave what it had to verify",
    )
    return CheckResult((finding,))


_UNKNOWN = -2
_VARIABLE = re.compile(r"\{(\w+)")


def _condition_told_at(ctx: GradeContext, when: Mapping[str, object]) -> int | None:
    """The customer turn by which the customer had said every fact the rule's condition
    rests on (-1 when it rests on none the customer holds), None when one was never said,
    _UNKNOWN when a free-text customer may have said it in words of its own. A rule that
    turns on something only the customer knows ("transactions I don't recognise") obliges
    support once the customer has said it, not because the plan's hidden values hold it: a
    fact never disclosed cannot oblige support to act (a customer who answered "not sure" to
    the question reported nothing)."""
    knows = ctx.plan.scenario.customer.knows
    facts = [f for f, template in knows.items() if set(_VARIABLE.findall(template)) & set(when)]
    at = -1
    for fact in facts:
        try:
            expected = compact(render(knows[fact], ctx.plan.variables))
        except TemplateError:
            return None
        given = next(
            (
                i
                for i, t in enumerate(ctx.turns)
                if t.role == "customer"
                and (bool(t.slots.get(fact)) or contains_value(t.content, expected))
            ),
            None,
        )
        if given is None:
            scripted = any(t.role == "customer" and t.act is not None for t in ctx.turns)
            return None if scripted else _UNKNOWN  # its own words are not read here
        at = max(at, given)
    return at


def _verified_at(ctx: GradeContext) -> int | None:
    """The customer turn by which every fact support must verify was given right (-1 when
    the scenario verifies nothing), or None when some never was."""
    at = -1
    for fact in ctx.plan.scenario.support.verify:
        template = ctx.plan.scenario.customer.knows.get(fact)
        if template is None:
            return None
        value = ctx.rendered(template)
        if value is None:
            return None
        given = given_at(ctx.turns, fact, compact(value))
        if given is None:
            return None
        at = max(at, given)
    return at
