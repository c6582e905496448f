"""A log that stops on the customer's turn: what support would have done next is unknown.

A production export is often cut (a page of a longer chat, a timeout in the exporter), and a
bot that fails silently leaves the same shape: the customer speaks last and nobody answers.
Grading such a log as a whole conversation fails the bot for everything after the cut
("support never said the date", "never cancelled") on evidence that does not exist. So when
the record does not say how the conversation ended (no `outcome`) and its last words are a
customer turn that leaves support something to answer (a question, a value asked for, a
message that is not a goodbye, or the only words of a log with no support turn), the log is
graded as cut there:

- an `unanswered_turn` finding (data quality, major) on that turn says the customer was left
  unanswered: a person should look, for the bot may have failed to reply;
- the scenario's success criteria and its expected end state and outputs are undecided, named
  in `unjudged` with why, never failed and never passed (`simulator.quality.task_known`);
- everything the log does show is still graded (a write before verification is a write).

A log with no support turn at all is the extreme case and says so.
"""

from __future__ import annotations

import re

from agents import types as a
from agents.checks import CheckFn, CheckResult, GradeContext, quote
from agents.types import Finding
from agents.understanding import customer_act_from_text
from simulator.quality.grade_input import Parsed

# Customer acts that close a conversation: a last turn of these needs no answer.
_CLOSINGS = frozenset({a.THANK, a.GIVE_UP})
# A value a customer gives: a token with a digit (a number, a date, a code) or an e-mail.
_VALUE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\b[\w-]*\d[\w-]*\b")
# Words from which a last turn with no question and no value is a message, not a sign-off.
TALKING_WORDS = 8


def cut_at(parsed: Parsed) -> int | None:
    """The index of the customer turn the log stops on unanswered, or None."""
    if parsed.outcome_known:
        return None
    turns = parsed.turns
    said = [i for i, t in enumerate(turns) if t.role != "tool" and not t.tool_calls]
    if not said or turns[said[-1]].role != "customer":
        return None
    last = said[-1]
    if any(t.role == "tool" or t.tool_calls for t in turns[last + 1 :]):
        return None  # support was at work when the log stopped (agents.checks.data.alternation)
    if not any(t.role == "support" for t in turns[:last]):
        return last  # nobody ever answered
    return last if _calls_for_answer(turns[last].content, parsed) else None


def _calls_for_answer(text: str, parsed: Parsed) -> bool:
    """The customer's words leave support something to answer: a question, a value given
    (an order number, a date: what support asked for), or a message of some length that is
    not a goodbye. A short last word ("ok", "Valeu!", "Unbelievable.") ends a chat as often
    as not, in any language, and is not taken for a cut."""
    if "?" in text or "？" in text or "¿" in text or _VALUE.search(text):
        return True
    if len(text.split()) < TALKING_WORDS:
        return False
    act, _ = customer_act_from_text(text, parsed.plan)
    return act not in _CLOSINGS


def cut_finding(parsed: Parsed, index: int) -> Finding:
    answered = any(t.role == "support" and t.content.strip() for t in parsed.turns)
    why = (
        "the log has no support turn: the customer was never answered (the bot did not reply, "
        "or the log was cut); nothing support did can be graded"
        if not answered
        else "the log stops on this customer turn with no reply from support (cut off, or the "
        "bot never answered); what support would have done next is not judged"
    )
    return Finding(
        turn=index,
        dimension="data_quality",
        category="unanswered_turn",
        severity="major",
        evidence=quote(parsed.turns[index].content),
        explanation=why,
    )


def cut_reason(parsed: Parsed, index: int) -> str:
    """Why what follows the cut is not judged (a verdict's rationale, a task block)."""
    if not any(t.role == "support" and t.content.strip() for t in parsed.turns):
        return "the log has no support turn, so nothing support did can be known"
    return (
        f"the log stops on the customer's turn {index}, which support never answered, so "
        "what support did after it cannot be known"
    )


def check_for(finding: Finding) -> CheckFn:
    """A critic check that reports `finding` (the cut), so the verdict policy weighs it."""

    def unanswered_turn(ctx: GradeContext) -> CheckResult:
        return CheckResult((finding,))

    return unanswered_turn
