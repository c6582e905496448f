"""What each support turn did, read once per conversation for the support-side checks.

A turn with a dialogue act (the scripted engine) is read by its act. A turn without one (a
bot, an LLM) is read from its text by `agents.understanding.read_support`, which tells a
claim ("I've refunded it") from an offer ("I'll refund it once ..."), a refusal, a handover,
a stall, a question, an answer, or says it cannot tell. Tool calls are read from the call
log: whether a tool writes comes from the scenario's domain (`Critic(tools=...)` or the
domain loader), and when it is unknown, checks that need it say they cannot decide.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import scenarios.domains
from agents.checks import GradeContext
from agents.checks.done_first import opens_with_done
from agents.checks.step_calls import step_calls
from agents.types import (
    ANSWER,
    CHECK_IN,
    ESCALATE,
    RESOLVE,
    ConversationPlan,
    ToolCall,
    Turn,
)
from agents.understanding import SupportReading, read_support
from agents.understanding.lexicon import NEED_THEN
from agents.understanding.support import facts_of
from agents.understanding.text import reading_window
from scenarios.domains import ToolSpec
from scenarios.schema.problems import ScenarioError

CLAIMS = "claims"
# Claimed kinds of action that change what the customer has; "send" (a label, an email) and
# "ticket" (a case opened) do not, and a shipped or delivered order is a status, not an act.
ACTING = frozenset({"refund", "cancel", "change", "book", "credit", "reset", "done"})
# A second reading of claims, for verbs the reader's lexicon may lack ("reversed", "voided"):
# "I"/"we" + a past participle of what a desk does to a record, in a sentence that neither
# asks, conditions nor negates.
_DONE_VERB = (
    r"(?:issued|processed|refunded|reimbursed|credited|reversed|voided|cancel+ed|booked|"
    r"rebooked|changed|modified|updated|upgraded|downgraded|reset|replaced|exchanged|waived|"
    r"approved|submitted|scheduled|arranged|dispatched|applied|unlocked|blocked|frozen|"
    r"restored|removed|deleted|transferred|activated|deactivated|suspended|extended|renewed|"
    r"authori[sz]ed|released)"
)
_FIRST_PERSON_DONE = re.compile(
    r"\b(?:i|we)(?:'ve| have| had)?(?: (?:just|already|now|successfully|gone ahead and))?"
    rf"\s+{_DONE_VERB}\b",
    re.IGNORECASE,
)
# "I've transferred you to our duty manager", "we have passed your case to a handler", "Done,
# over to the duty manager": the customer (or their conversation) moved on to a person. A
# sentence reporting a transfer is a handover (agents.checks.handover_said judges whether it
# was made), never a write to the records, whatever verb of _DONE_VERB it uses (outsider 23:
# read as a claimed write before verification, critical). A transfer of money names it.
_SOMEONE = (
    r"(?:human|person|agent|specialist|colleague|supervisor|manager|team|department|"
    r"representative|expert|staff|advis[eo]r|operator|handler|adjuster|caseworker|desk|lead|"
    r"senior|Sachbearbeiter\w*|Kolleg\w*|Teamleitung|Vorgesetzt\w*|conseill\w+|responsable|"
    r"coll[èe]gue|[ée]quipe|agente|compa[ñn]er[oa]|equipo|atendente|equipa|equipe|colega)s?"
)
_PERSON_MOVED = re.compile(
    r"\b(?:transferr?ed|passed|handed|connected|put|escalated|forwarded|referred|routed) "
    r"(?:you|your (?:call|chat|case|conversation|query|request|enquiry|inquiry|claim|file)|"
    r"this (?:chat|conversation|call|case)|the (?:chat|conversation|call))"
    r"(?:(?: over| on| across| through| back)? (?:to|with)\b|\s*(?:[.!;,]|$))|"
    # a clause of its own, verbless ("Done, over to the duty manager"): nothing else moved
    rf"(?:^|[,:;.!\u2013\u2014-]\s*)(?:and |now |you'?re |you are )*(?:over|through|across) to "
    rf"(?:\w+ ){{0,3}}?{_SOMEONE}\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\?|\b(?:if|once|when|whenever|after|as soon as|before|until|unless|whether|not|never|no|"
    r"nothing|yet|cannot)\b|n't\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE = re.compile(r"[,;:]\s+|\s+(?:but|and|so|though)\s+", re.IGNORECASE)
# A rule stated in general ("Outages over a day are credited per day") is not a claim about
# this customer's case: a plural present passive with no one acting and no "your".
_GENERAL = re.compile(r"\bare (?:\w+ly )?\w+(?:ed|en)\b", re.IGNORECASE)
_TIMING = re.compile(
    r"\b(?:takes?|within|business days|working days|immediate(?:ly)?|usually|typically|"
    r"normally|generally)\b",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\bstatus\b", re.IGNORECASE)
# Sending is an act on what the customer has when what is sent replaces goods or money (a
# replacement, a new unit, the money back), not when it is a label, a link or an email.
_SENT_GOODS = re.compile(
    r"\b(?:replacement|substitute|new (?:one|unit|item|order|parcel|package|card|sim|device)|"
    r"refund|reimbursement|money|funds|credit)s?\b",
    re.IGNORECASE,
)
_SENT = re.compile(
    r"\b(?:(?:i|we)(?:'ve| have)?|ha(?:s|ve) been|(?:is|are) (?:now )?)(?: (?:just|already|now))?"
    r" (?:sent|shipped|mailed|posted|couriered|dispatched)\b",
    re.IGNORECASE,
)
_CONDITION_OR_ASK = re.compile(
    r"\?|\b(?:if|once|when|whenever|as soon as|before|until|unless|whether)\b", re.IGNORECASE
)
# A sentence about this customer's case, not a rule: someone acting, their thing, or "it".
_THIS_CASE = re.compile(
    r"\b(?:i|we|i've|we've|i'm|we're|your|yours|it's|it is|it has|that's|that is)\b", re.I
)
_EXISTENTIAL = re.compile(r"^\W*(?:\w+ \w+, )?there(?:'s| is| are| was| were)\b", re.I)
_CONDITION = re.compile(r"\b(?:once|as soon as|after|when|whenever|if|until|unless)\b", re.I)
_DONE_BY_US = re.compile(r"\b(?:i|we)(?:'ve| have| just)\b|\bnow\b", re.IGNORECASE)
_CASE = re.compile(
    r"\b(?:i|we|i've|we've|i'm|we're|your|yours|has been|have been|now|just)\b", re.IGNORECASE
)


def _general(sentence: str, kinds: frozenset[str]) -> bool:
    """A claim sentence that states a rule or a state rather than a done action: a general
    passive ("refunds are credited within ..."), or an unnamed kind of action ("the rate was
    fixed at sending") said without anyone doing it, at length."""
    if (_GENERAL.search(sentence) or _TIMING.search(sentence)) and not _CASE.search(sentence):
        return True  # "card refunds take 5 to 7 business days; gift card credit is immediate"
    if _STATUS.search(sentence):
        return True  # "I found the order (status: cancelled)": what a lookup shows
    if _EXISTENTIAL.search(sentence):
        return True  # "there's no change fee on ...": a fact, whatever the verb-like noun
    if _CONDITION.search(sentence) and not _DONE_BY_US.search(sentence):
        return True  # "... as soon as it's activated": a condition, not a report
    if kinds == {"done"}:
        return not (len(sentence.split()) <= 6 or _DONE_BY_US.search(sentence))
    return False


@dataclass(frozen=True)
class SupportRead:
    """One support turn as the checks see it."""

    index: int
    act: str | None  # the annotated act; None for a turn read from text
    reading: SupportReading | None  # the text's reading, for a turn without an act
    claim: str | None  # the sentence that claims a completed action, if any
    handover: bool
    holding: bool  # a holding message and nothing else ("let me check ... one moment")
    calls: tuple[ToolCall, ...]

    @property
    def annotated(self) -> bool:
        return self.act is not None


def readable(ctx: GradeContext) -> ConversationPlan:
    """The plan to read texts with: graded records from elsewhere may lack the variables a
    fact's template needs, and a fact that cannot be rendered cannot be recognised either."""
    return ctx.shared("reading.plan", _readable)


def _readable(ctx: GradeContext) -> ConversationPlan:
    plan = ctx.plan
    knows = plan.scenario.customer.knows
    kept = {}
    for name, template in knows.items():
        if ctx.rendered(template) is None:
            continue
        kept[name] = template
    if len(kept) == len(knows):
        return plan
    customer = plan.scenario.customer.model_copy(update={"knows": kept})
    scenario = plan.scenario.model_copy(update={"customer": customer})
    return plan.model_copy(update={"scenario": scenario})


def read_text(text: str, ctx: GradeContext) -> SupportReading:
    """`read_support` of a support text, once per text and conversation."""
    cache: dict[str, SupportReading] = ctx.shared("reading.texts", _no_readings)
    found = cache.get(text)
    if found is None:
        found = cache[text] = read_support(text, ctx.shared("reading.facts", _facts))
    return found


def _no_readings(ctx: GradeContext) -> dict[str, SupportReading]:
    return {}


def _facts(ctx: GradeContext) -> dict[str, str]:
    """The conversation's facts (name -> labels) as read_support reads them, made once per
    conversation: from the plan they were made again for every text read."""
    return facts_of(readable(ctx))


def sentences(text: str) -> list[str]:
    return [x.strip() for x in _SENTENCE.split(text) if x.strip()]


def _acting(reading: SupportReading, text: str) -> frozenset[str]:
    kinds = reading.claims & ACTING
    sent = "send" in reading.claims or _SENT.search(text)
    if sent and _SENT_GOODS.search(text) and not _NOT_DONE.search(text):
        kinds |= {"done"}
    return kinds


def claimed_action(text: str, ctx: GradeContext) -> str | None:
    """The sentence that states an action as done ("I've refunded order ..."), if any. A
    claim inside a long sentence that the whole reads otherwise ("I've <unknown verb> that
    order, it's cancelled and ...") is found clause by clause."""
    reading = read_text(text, ctx)
    kinds = _acting(reading, text)
    if kinds:
        sentence = next((x for cls, x in reading.evidence if cls == CLAIMS), text)
        if not _general(sentence, kinds) and not _PERSON_MOVED.search(sentence):
            return sentence
    for sentence in reading_window(sentences(text))[0]:
        clauses = _CLAUSE.split(sentence)
        # A condition or a question holds for the whole sentence; a negation for its clause
        # only ("Don't worry, I've ... it").
        if len(clauses) < 2 or _CONDITION_OR_ASK.search(sentence):
            continue
        if any(NEED_THEN.match(part) for part in sentence.split(";")):
            continue  # "need X and we're good to go": what follows once X is given
        if not _THIS_CASE.search(sentence):
            continue
        for clause in clauses:
            kinds = _acting(read_text(clause, ctx), clause)
            if _PERSON_MOVED.search(clause) or not kinds or _NOT_DONE.search(clause):
                continue
            if not _general(clause, kinds):
                return sentence
    for sentence in reading_window(_SENTENCE.split(text))[0]:
        # Clause by clause: "No problem, I've refunded it" claims; "I haven't refunded it" not.
        for clause in _CLAUSE.split(sentence):
            if _PERSON_MOVED.search(clause):
                continue  # a handover reported, not a write
            if _FIRST_PERSON_DONE.search(clause) and not _NOT_DONE.search(clause):
                return sentence.strip()
    if opens_with_done(text) and not _PERSON_MOVED.search(sentences(text)[0]):
        # "Erledigt: Die Sendung geht jetzt an LK-104": the opening word says it was done,
        # what follows is the state it left (agents.checks.done_first; outsider 21).
        return text.strip()
    for sentence in reading_window(sentences(text))[0][1:]:
        # the same sentence after courtesy ("Thank you so much for reaching out ... Done:
        # order PH1001 will be delivered to 7 Mill Lane."): outsider 24's wordy bot was
        # undecided where the terse one, saying only the "Done" sentence, passed
        if opens_with_done(sentence) and not _PERSON_MOVED.search(sentence):
            return sentence
    return None


def is_holding(text: str, ctx: GradeContext) -> bool:
    """Only a holding message: it says it is checking, and asks, answers and does nothing."""
    return read_text(text, ctx).stalls


def _read(ctx: GradeContext, index: int, turn: Turn, last_support: int) -> SupportRead:
    calls = turn.tool_calls or ()
    ended_escalated = (
        index == last_support
        and ctx.outcome.status == "escalated"
        and ctx.outcome.ended_by == "support"
    )
    if turn.act is not None:
        # The scripted "let me check, one moment" line carries an answer act without a topic.
        holding = (
            turn.act in (ANSWER, CHECK_IN)
            and not turn.slots.get("topic")
            and is_holding(turn.content, ctx)
        )
        return SupportRead(
            index=index,
            act=turn.act,
            reading=None,
            claim=turn.content if turn.act == RESOLVE else None,
            handover=turn.act == ESCALATE or ended_escalated,
            holding=holding,
            calls=calls,
        )
    text = turn.content
    if not text.strip():
        return SupportRead(index, None, None, None, ended_escalated, False, calls)
    reading = read_text(text, ctx)
    return SupportRead(
        index=index,
        act=None,
        reading=reading,
        claim=claimed_action(text, ctx),
        handover=reading.hands_over or ended_escalated,
        holding=not calls and reading.stalls,
        calls=calls,
    )


def support_reads(ctx: GradeContext) -> list[SupportRead]:
    """Every support turn, read once per conversation (shared by the checks)."""
    return ctx.shared("reading.support", _all_reads)


def _all_reads(ctx: GradeContext) -> list[SupportRead]:
    turns = ctx.support_turns()
    last = turns[-1][0] if turns else -1  # found once: per turn it made the reading quadratic
    reads = [_read(ctx, i, t, last) for i, t in turns]
    steps = step_calls(ctx.turns, [i for i, _ in turns])
    # a turn after a call is no holding message: the step did something
    return [
        replace(r, calls=steps[r.index], holding=r.holding and r.annotated)
        if r.index in steps
        else r
        for r in reads
    ]


# ---- tools --------------------------------------------------------------------------------


def tool_specs(ctx: GradeContext) -> Mapping[str, ToolSpec] | None:
    """The scenario's tools by name, or None when the checks cannot know them."""
    return ctx.shared("reading.tools", _find_specs)


def _find_specs(ctx: GradeContext) -> Mapping[str, ToolSpec] | None:
    if ctx.tools is not None:
        return ctx.tools
    domain = scenario_domain(ctx)
    if domain is None:
        return None
    return {spec.name: spec for spec in domain.specs()}


def scenario_domain(ctx: GradeContext) -> Any:
    """The scenario's Domain, or None (no domain, or no loader to find it)."""
    return ctx.shared("reading.domain", _find_domain)


def _find_domain(ctx: GradeContext) -> Any:
    # The domain loader (`domain_for`) belongs to the domains package; without it (or without
    # a domain for this scenario) nothing says which tools write.
    finder: Any = getattr(scenarios.domains, "domain_for", None)
    try:
        return None if finder is None else finder(ctx.plan.scenario)
    except ScenarioError:  # the world's file is not found or broken: nothing to read by
        return None


def key_columns(ctx: GradeContext) -> frozenset[str]:
    """The primary-key columns of the domain's tables (argument names that name a record)."""
    domain = scenario_domain(ctx)
    tables: Mapping[str, str] = getattr(domain, "tables", None) or {}
    return frozenset(tables.values())


@dataclass(frozen=True)
class Call:
    """One tool call with where it was made and what came back."""

    turn: int  # the support turn that made it
    call: ToolCall
    result: Turn | None  # the tool turn answering it
    writes: bool | None  # None: unknown tool
    refused_on_replay: bool = False  # the replayed tool refused it (see `failed`)

    @property
    def failed(self) -> bool:
        """The tool refused the call: as its result turn says, or, where the turn does not
        say (a transcript made elsewhere: its tool turns are the text the agent read), as
        replaying the calls on the scenario's records found."""
        if self.result is None:
            return False
        if self.result.error is not None:
            return self.result.error
        return self.refused_on_replay


def call_log(ctx: GradeContext) -> list[Call]:
    """Every tool call of the conversation in order, paired with its result turn."""
    return ctx.shared("reading.calls", _calls)


def unanswered_from(ctx: GradeContext) -> int | float:
    """The turn of the first call whose result the log does not show (inf: none). What
    support states or writes after it may come from that lost result, so the grounding
    checks leave it alone there; the verdict's `tool_results` stays undecided
    (agents.checks.data), never passed."""
    return min((c.turn for c in call_log(ctx) if c.result is None), default=float("inf"))


def _calls(ctx: GradeContext) -> list[Call]:
    specs = tool_specs(ctx)
    results: dict[str, Turn] = {
        t.tool_call_id: t for t in ctx.turns if t.role == "tool" and t.tool_call_id is not None
    }
    found: list[Call] = []
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support" or not turn.tool_calls:
            continue
        for call in turn.tool_calls:
            spec = specs.get(call.name) if specs is not None else None
            writes = spec.writes if spec is not None else None
            found.append(Call(index, call, results.get(call.id), writes))
    if any(c.result is not None and c.result.error is None for c in found):
        refused = _replayed_refusals(ctx)
        if len(refused) == len(found):
            found = [replace(c, refused_on_replay=r) for c, r in zip(found, refused, strict=True)]
    return found


def _replayed_refusals(ctx: GradeContext) -> tuple[bool, ...]:
    """Per call, whether the scenario's tools refuse it when the calls are replayed on a
    fresh copy of its records; () when the scenario has no domain to replay on."""
    from agents.checks.actions import context_task  # actions reads the call log's turns too

    task = context_task(ctx)
    return task.refused if task is not None else ()


def call_text(call: ToolCall) -> str:
    """A call as one line: `cancel_order(order_id="ORD-1")`."""
    args = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in call.arguments.items())
    return f"{call.name}({args})"


def customer_texts_before(turns: Sequence[Turn], index: int) -> list[str]:
    return [t.content for t in turns[:index] if t.role == "customer"]
