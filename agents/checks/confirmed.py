"""A rule that asks first (`confirm:`): support acts only after the customer said yes.

The rule that applies is the first whose `when` holds over the conversation's values, as for
the scripted support. Support "acts" with the rule's action: an annotated turn with that act,
a call of a writing tool, or (a side without acts) text that claims the action done. Before
it, support must have asked for the go-ahead and the customer must have agreed after that.

Annotated transcripts are decided from their acts. Text is read (agents.understanding.
confirm); what cannot be read is undecided, never passed: a claim the reader misses may be
an action, and a question or a yes in wording it does not know may be there. Only a clear
question, a clear yes after it and then the action pass; an action read with no question
before it, or right after a clear no, is a finding.

A write call is not judged here: every write that needs a yes, whether the rule or the
policy's words ask for it, is judged once by agents.checks.write_consent (one finding per
write). This check reads the action where no write carries it: an act, a claim in words.
"""

from __future__ import annotations

import re

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.consent import go_ahead, proposes
from agents.checks.reading import call_log, claimed_action
from agents.types import (
    ACCEPT,
    CONFIRM,
    ESCALATE,
    GIVE_UP,
    PUSH_BACK,
    REFUSE,
    RESOLVE,
    THANK,
    Finding,
    Turn,
)
from agents.understanding.confirm import (
    agrees,
    asks_to_confirm,
    confirm_questions,
    without_echo,
)
from agents.understanding.correction import corrects
from agents.understanding.support import read_support

UNJUDGED = "policy:confirm"
_CHOICE = re.compile(r"(?i)(?:,? (?:or|ou|oder) |, o )")  # "economy, or business?"
_ACTS = {"resolve": RESOLVE, "refuse": REFUSE, "escalate": ESCALATE}


def confirmed_first(ctx: GradeContext) -> CheckResult:
    rules = ctx.plan.scenario.support.rules
    if not any(r.confirm for r in rules):
        return PASS  # no rule asks first, so neither does the one that holds: none to weigh
    rule = ctx.plan.scenario.support.rule_for(ctx.plan.variables)
    if rule is None or not rule.confirm:
        return PASS
    if any(c.writes for c in call_log(ctx)):
        return PASS  # each write is judged once, by agents.checks.write_consent
    acted = _acted(ctx, _ACTS[rule.action])
    if acted is None:
        return PASS  # nothing done: nothing was done without asking
    at, how, read = acted
    said: bool | None = None  # the customer's answer to the latest question before `at`
    asked = False
    unread = False  # a customer turn after the question that the reader could not tell
    last_said = -1  # the customer turn that gave the answer
    for index, turn in enumerate(ctx.turns[:at]):
        if turn.role == "support" and _asks(turn):
            asked, said, unread = True, None, False
        elif turn.role == "customer" and asked and said is None:
            said, last_said = _answer(turn), index
            unread = unread or (said is None and turn.act is None)
    if asked and said is True:
        return PASS
    annotated = _annotated(ctx, at)
    if not asked:
        if not annotated:  # a question in words the reader does not know may be there
            return CheckResult(unjudged=(UNJUDGED,))
        return _finding(ctx, at, how, "asked for the go-ahead")
    if said is None:
        if read or unread:
            return CheckResult(unjudged=(UNJUDGED,))
        return _finding(ctx, at, how, "agreed")
    spoken = any(t.role == "customer" for t in ctx.turns[last_said + 1 : at])
    if spoken and not annotated:  # said more since the no, maybe a yes in other words
        return CheckResult(unjudged=(UNJUDGED,))
    return _finding(ctx, at, how, "agreed (they said no)")


def declined_at(ctx: GradeContext) -> int | None:
    """The support turn asking for the go-ahead that the customer said no to, when that no
    stands: it answers support's last such question (by act, or in words in any of five
    languages: "No, leave it as it is", "mejor no", "non merci", "lieber nicht", "não, obrigado")
    and no customer turn after it agrees. None otherwise, and None when the no corrects a
    wrong proposal ("Shall I cancel W2040266?" - "No, it's W2040265"; "No, two months":
    agents.understanding.correction): the customer still wants the change. A customer who
    declined chose not to have the change made: from there on the records should stay as
    they were (agents.checks.actions), whatever side asked, a rule's `confirm:` line or a
    bot's own question."""
    asked = None
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support" or not (turn.act is not None or turn.content):
            continue
        if _asks(turn) if turn.act is not None else _asks_go_ahead(turn.content):
            asked = index
    if asked is None:
        return None
    answers = [t for t in ctx.turns[asked + 1 :] if t.role == "customer"]
    if not answers or _answer(answers[0]) is not False:
        return None
    if answers[0].act is None and "?" in without_echo(answers[0].content):
        # "not sure - could you tell me more first?" puts it off, not down; an echo it opens
        # with ("59 euros?! No, forget it") asks nothing (agents.understanding.confirm)
        return None
    if answers[0].act is None and corrects(
        without_echo(answers[0].content), ctx.turns[asked].content
    ):
        return None  # "No, it's W2040265": the proposal put right, the change still wanted
    if any(t.act is None and go_ahead(t.content) for t in answers[1:]):
        return None  # a go-ahead after all ("actually, yes, go ahead and upgrade it")
    return asked


def declined(ctx: GradeContext) -> bool:
    """The customer's no to the go-ahead stands (`declined_at`)."""
    return declined_at(ctx) is not None


def _asks_go_ahead(text: str) -> bool:
    """A turn in words whose point is the go-ahead for a change ("Cancelling can't be undone.
    Shall I go ahead?"): not one that also asks for details ("Please provide the names ...
    Would you like to add insurance?") or offers a choice ("economy, or business?"), whose
    "never mind" leaves the task, not a proposal (tau-bench's gpt-4o airline run, task 46)."""
    if not asks_to_confirm(text) or not proposes(text):
        return False
    if any(_CHOICE.search(q) for q in confirm_questions(text)):
        return False
    return not read_support(text).asks_info


def _finding(ctx: GradeContext, at: int, how: str, why: str) -> CheckResult:
    text = f"policy broken: support {how} before the customer {why}; the rule asks first"
    return CheckResult(
        (
            Finding(
                turn=at,
                dimension="policy",
                category="policy_rule",
                severity="critical",
                evidence=quote(ctx.turns[at].content),
                explanation=text,
            ),
        )
    )


def _acted(ctx: GradeContext, act: str) -> tuple[int, str, bool] | None:
    """(turn, what it did, whether it was read from text) of the first action, if any
    (an act or a claim: a write call is agents.checks.write_consent's)."""
    found: list[tuple[int, str, bool]] = []
    for index, turn in ctx.support_turns():
        if turn.act is not None:
            if turn.act == act:
                found.append((index, f"acted ({act})", False))
                break
        elif act == RESOLVE and turn.content.strip() and claimed_action(turn.content, ctx):
            found.append((index, "claimed the action done", True))
            break
    return min(found, default=None)


def _asks(turn: Turn) -> bool:
    if turn.act is not None:
        return turn.act == CONFIRM
    return asks_to_confirm(turn.content)


def _answer(turn: Turn) -> bool | None:
    """A customer's yes (True), no (False), or neither (None): its act when it has one."""
    if turn.act in (ACCEPT, THANK):
        return True
    if turn.act in (PUSH_BACK, GIVE_UP):
        return False
    return agrees(turn.content) if turn.act is None else None


def _annotated(ctx: GradeContext, at: int) -> bool:
    """Every support turn before `at` carries its act: nothing there could be a question
    in wording the reader does not know."""
    return all(t.act is not None for i, t in ctx.support_turns() if i < at)
