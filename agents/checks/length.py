"""A support reply far longer than a support reply should be.

A chat reply is read on a phone between other things; one that buries its answer in pages of
text fails the customer as surely as a wrong one, and a bot that pads (a template, a policy
recital, a model run on) passes every other check. Length is counted in words (whitespace
separated: the same count in the five languages), against two bounds:

- `major` over MAX_WORDS (600 words, some four minutes of reading): no chat answer needs that,
  whatever the question; the conversation fails;
- `minor` over LONG_WORDS (200 words) *and* more than RATIO times the customer message it
  answers: a long answer to a long question is fine, a page in reply to "cancel my order pls"
  is not.

One finding per conversation, on the longest reply. Support turns that only call tools, and
tool results, are not replies.
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.types import Finding

MAX_WORDS = 600
LONG_WORDS = 200
RATIO = 10


def long_replies(ctx: GradeContext) -> CheckResult:
    """The longest support reply, when it is over either bound."""
    asked = 0  # words of the customer message support is answering
    worst: tuple[int, int, int] | None = None  # (words, turn, words asked)
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer":
            asked = len(turn.content.split())
            continue
        if turn.role != "support" or not turn.content.strip():
            continue
        words = len(turn.content.split())
        if worst is None or words > worst[0]:
            worst = (words, index, asked)
    if worst is None:
        return PASS
    words, index, asked = worst
    if words > MAX_WORDS:
        severity, why = "major", f"over {MAX_WORDS} words, more than any chat reply needs"
    elif words > LONG_WORDS and words > RATIO * max(asked, 1):
        severity, why = (
            "minor",
            f"{words // max(asked, 1)} times the {asked}-word message it answers",
        )
    else:
        return PASS
    finding = Finding(
        turn=index,
        dimension="data_quality",
        category="long_reply",
        severity=severity,
        evidence=quote(ctx.turns[index].content),
        explanation=f"support's reply runs to {words} words ({why})",
    )
    return CheckResult((finding,))
