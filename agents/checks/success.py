"""The scenario's own success criteria, decided from the transcript without a model.

Action checks read the support turns' dialogue acts. A support side that carries no acts (a
real bot, an LLM) is read from its text (agents.checks.reading): a claimed action, a
refusal, a handover or a request found there decides the criterion; not found is unjudged,
never failed, since the reader may miss a wording (unless the customer cut the conversation
short, which is a minor finding as with acts). `support_avoids` and the outcome are always
decidable; `support_says` is met by a match, and its pattern finding nothing in the words of a
bot that acted (a tool call, a claim, a refusal, a handover) leaves it unjudged ("the money
goes back to your card" says a refund in words the pattern's author did not list), while
scripted turns, whose words the scenario wrote, fail it (a customer who left before support
acted still makes it the minor cut-short note).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.acted import cut_short_text, promised_at, standing_refusal, text_action
from agents.checks.checked_write import fact_used
from agents.checks.reading import support_reads
from agents.checks.verified import ACTIONS, expected_value, verified_before_action, volunteered
from agents.types import (
    ESCALATE,
    REFUSE,
    REQUEST_ESCALATION,
    REQUEST_INFO,
    RESOLVE,
    VERIFY_FAILED,
    Finding,
    Turn,
)
from agents.understanding.answered import states_outputs
from agents.understanding.facts import named_facts
from agents.understanding.recital import without_recital
from scenarios.success import Check, Criterion
from scenarios.userregex import RegexTimeout, compile_user, search

# Prohibitions are policy; everything the support side should achieve is task success.
POLICY_CHECKS = frozenset({"no_support_action", "support_avoids", "verified_before_action"})
ACHIEVEMENTS = frozenset({"support_action", "requested", "support_says"})
REQUEST_ACTS = (REQUEST_INFO, VERIFY_FAILED)


def success_criteria(ctx: GradeContext) -> CheckResult:
    """Every `check` criterion of the scenario that applies to this conversation (its `when`
    holds); `judge` criteria are left for a judge model."""
    findings: list[Finding] = []
    unjudged: list[str] = []
    support = ctx.support_turns()
    for criterion in ctx.plan.scenario.success:
        applies = criterion.applies(ctx.plan.variables)
        if applies is False:
            continue  # its `when` does not hold here: neither met nor missed
        if criterion.check is None or applies is None:
            unjudged.append(criterion.id)  # a judge's, or a `when` the input cannot decide
            continue
        result = evaluate(criterion, criterion.check, ctx, support)
        if result is None:
            unjudged.append(criterion.id)
        elif isinstance(result, Finding):
            findings.append(result)
    if not findings and not unjudged:
        return PASS
    return CheckResult(tuple(findings), tuple(unjudged))


@dataclass(frozen=True)
class _Unmet:
    """Builds the finding for one unmet criterion."""

    criterion_id: str
    dimension: str
    cut_short: str = ""  # why the customer ended it before support could act, if it did

    def __call__(self, turn: int | None, evidence: str, why: str) -> Finding:
        if self.cut_short:
            why += f" ({self.cut_short})"
        return Finding(
            turn=turn,
            dimension=self.dimension,
            category="success_criterion",
            severity="minor" if self.cut_short else "major",
            evidence=evidence,
            explanation=f"criterion '{self.criterion_id}' not met: {why}",
        )


Support = list[tuple[int, Turn]]
Result = Finding | bool | None


def evaluate(criterion: Criterion, check: Check, ctx: GradeContext, support: Support) -> Result:
    """True when met, a Finding when not, None when it cannot be decided.

    An achievement the support side never had the chance to make, because the customer gave up
    or insisted on escalation before support resolved or refused anything, is a minor finding,
    not a major one: the conversation is fine, the customer just cut it short.
    """
    kind, value = next((k, v) for k, v in check.__dict__.items() if v is not None)
    cut_short = _cut_short(ctx, support) if kind in ACHIEVEMENTS else ""
    unmet = _Unmet(criterion.id, "policy" if kind in POLICY_CHECKS else "task_success", cut_short)
    decide: _Decider = _DECIDERS[kind]
    return decide(value, ctx, support, unmet)


def _cut_short(ctx: GradeContext, support: Support) -> str:
    if any(t.act in ACTIONS for _, t in support):
        return ""  # support acted
    if _unknown(support):
        return cut_short_text(ctx)
    status = ctx.outcome.status
    escalated_at = next((i for i, t in support if t.act == ESCALATE), None)
    if status == "abandoned" and escalated_at is None:
        return "the customer left before support acted"
    if status == "escalated" and escalated_at is not None:
        asked = any(t.act == REQUEST_ESCALATION for t in ctx.turns[:escalated_at])
        if asked:
            return "the customer insisted on escalation before support acted"
    return ""


def _last(support: Support) -> tuple[int | None, str]:
    return (support[-1][0], quote(support[-1][1].content)) if support else (None, "")


def _unknown(support: Support) -> bool:
    return any(t.act is None for _, t in support)


def _outcome(value: list[str], ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    status = ctx.outcome.status
    if status in value:
        return True
    evidence = quote(f"outcome {status}: {ctx.outcome.reason}")
    return unmet(None, evidence, f"the conversation ended {status}, expected {' or '.join(value)}")


def _first_action(ctx: GradeContext, support: Support, action: str) -> tuple[int, Turn] | None:
    for index, turn in support:
        if turn.act == action:
            return index, turn
    # An escalation is also recorded structurally when support ends the conversation with it.
    if action == ESCALATE and ctx.outcome.status == "escalated" and support:
        return support[-1]
    return None


def _support_action(value: str, ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    if _first_action(ctx, support, value) is not None:
        return True
    if _unknown(support):
        if text_action(ctx, value) is not None:
            return True
        if value == RESOLVE and _answered(ctx, support):
            return True
        if unmet.cut_short:  # it never had the chance: a minor finding, as with acts
            return unmet(*_last(support), f"support never took the action '{value}'")
        refused = standing_refusal(ctx) if value == RESOLVE else None
        if refused is not None:
            return unmet(*refused, f"support refused and never took the action '{value}'")
        acted = text_action(ctx, RESOLVE) if value == REFUSE else None
        if acted is not None:  # where the rule says no: it claimed or wrote, and never said no
            return unmet(*acted, "support acted (a claimed action or a write) and never refused")
        promised = promised_at(ctx) if value == REFUSE else None
        if promised is not None:  # "we'll reimburse it in full" where the rule says no
            return unmet(*promised, "support promised the action and never refused")
        return None
    return unmet(*_last(support), f"support never took the action '{value}'")


def _answered(ctx: GradeContext, support: Support) -> bool:
    """Where the scenario resolves by telling (no write expected, outputs to say), a turn
    that states every expected output wherever it sits in the reply resolved it: "Thanks,
    that matches. Claim CLM-40215 is currently open." answers as "Claim CLM-40215: open."
    (outsider 23: `told_status` was undecided on every status conversation of a wordy bot).
    The reader is the simulated customer's (agents.understanding.answered), so the critic
    and the customer agree on what an answer is."""
    return any(
        t.act is None and not t.tool_calls and states_outputs(t.content, ctx.plan)
        for _, t in support
    )


def _no_support_action(value: str, ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    hit = _first_action(ctx, support, value)
    if hit is not None:
        return unmet(hit[0], quote(hit[1].content), f"support took the action '{value}'")
    if _unknown(support):
        shown = text_action(ctx, value)
        if shown is not None:
            return unmet(*shown, f"support took the action '{value}'")
        return None
    return True


def _requested(value: str, ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    """Support asked for the fact, or had no need to: the customer volunteered it unasked."""
    if any(t.act in REQUEST_ACTS and value in t.slots for _, t in support):
        return True
    if _unknown(support):
        # A bot's request read from its text, in any wording or language the reader knows.
        for read in support_reads(ctx):
            if read.reading is not None and value in read.reading.asks:
                return True
    if volunteered(value, ctx, support):
        # The customer gave it unasked: asking would be asking again, so support met the
        # criterion by using it (a lookup by it, a record read that shows it). A fact it
        # never used was neither asked for nor needed: not "asked" (outsider 24).
        if fact_used(value, expected_value(value, ctx)[0], ctx) is not False:
            return True
        label = ctx.plan.scenario.label(value)
        return unmet(
            *_last(support),
            f"support never asked for the {label}: the customer gave it unasked and no call "
            "of support's looked it up or read a record showing it",
        )
    if _unknown(support):
        # not found is unknown, not "never asked"
        if not _never_named(value, ctx):
            return None
        label = ctx.plan.scenario.label(value)
        return unmet(*_last(support), f"support never asked for the {label} (never named it)")
    label = ctx.plan.scenario.label(value)
    return unmet(*_last(support), f"support never asked for the {label}")


def _never_named(value: str, ctx: GradeContext) -> bool:
    """Every act-less support turn was read, and none so much as named the fact: no wording
    the reader missed can have asked for what it never mentions ("Refunds are processed
    within 10 days", turn after turn, never asked for an order number)."""
    scenario = ctx.plan.scenario
    names = {value: scenario.label(value)}
    names.update({f"{value}@{code}": label for code, label in _translated(scenario, value)})
    for read in support_reads(ctx):
        if read.annotated:
            continue
        r = read.reading
        if r is None or r.undecided or r.unread:
            return False
        if named_facts(ctx.turns[read.index].content, names):
            return False
    return True


def _translated(scenario: Any, value: str) -> list[tuple[str, str]]:
    found = []
    for code in ("es", "fr", "de", "pt"):
        label = scenario.label_in(value, code)
        if label:
            found.append((code, label))
    return found


def _verified_before_action(
    value: str, ctx: GradeContext, support: Support, unmet: _Unmet
) -> Result:
    result = verified_before_action(value, ctx, support)
    if result is None or result is True:
        return result
    # Acting before verification is the same breach however the scenario declares it
    # (`support.verify`, this criterion, or both): critical, as the policy rule is.
    return unmet(*result).model_copy(update={"severity": "critical", "dimension": "policy"})


# A pattern that fails to compile, or runs out of userregex's time on a turn, leaves its
# criterion unjudged: the linter reports the pattern; support is never blamed for it.
def _says(value: str, ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    pattern = compile_user(value)
    if pattern is None:
        return None
    try:
        if any(search(pattern, t.content) for _, t in support):
            return True
    except RegexTimeout:
        return None
    if not unmet.cut_short and _said_otherwise(ctx):
        return None  # a bot's own words: the pattern cannot tell it never said it otherwise
    return unmet(*_last(support), f"no support turn matches /{value}/")


def _said_otherwise(ctx: GradeContext) -> bool:
    """A bot (turns without acts) that acted, by a tool call or a claim, refusal or handover
    read from its text: it told the customer what it did in words a pattern may miss. A bot
    that only asked, held or greeted cannot have said it."""
    for read in support_reads(ctx):
        if read.annotated:
            continue
        r = read.reading
        if read.calls or (r is not None and (r.claims or r.refuses or r.hands_over)):
            return True
    return False


def _avoids(value: str, ctx: GradeContext, support: Support, unmet: _Unmet) -> Result:
    pattern = compile_user(value)
    if pattern is None:
        return None
    for index, turn in support:
        try:  # a ban the bot recites ("Never offer upgrades.") is not support doing it
            m = search(pattern, without_recital(turn.content))
        except RegexTimeout:
            return None
        if m is not None:
            evidence = quote(turn.content, m.start(), m.end())
            return unmet(index, evidence, f"support said what it must avoid (/{value}/)")
    return True


_Decider = Callable[[Any, GradeContext, Support, _Unmet], Result]
_DECIDERS: dict[str, _Decider] = {
    "outcome": _outcome,
    "support_action": _support_action,
    "no_support_action": _no_support_action,
    "requested": _requested,
    "verified_before_action": _verified_before_action,
    "support_says": _says,
    "support_avoids": _avoids,
}
