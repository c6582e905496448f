"""Wrong language: support answers in a language the customer never wrote in.

A bot answering an English customer in Spanish, or a German one in a Spanish-English mix,
leaves the customer unable to follow, whatever the bot did. Each turn's language is decided
from its own text (agents.understanding.languages.decided_language: function words and
letters, never trade phrases); short or mixed-evidence turns are undecided and not counted.
A support turn is in the wrong language when its language is none the customer has used so
far (the persona's language, and every customer turn's decided language): a customer who
switches mid-conversation may be followed into the new language, or kept in the old one
(the `switches_language` edge case allows both). The finding (a minor note, see SEVERITY)
needs most of support's decided turns, and at least two, to be in the wrong language: one
stray line is not a pattern.

It is major once the customer has said so: a customer turn saying they cannot read the
language support used ("I don't understand French, English please?", "what language is
this?"), answered again in a language they never used (decided, or a turn without one
function word of theirs). A bot built for one language may meet customers of others; one
that is told and carries on has left the customer unable to follow.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.pii import mask_pii
from agents.types import Finding, Severity, Turn
from agents.understanding.languages import (
    NAMES,
    THIS_LANGUAGE,
    cannot_follow,
    decided_language,
    speaks_none_of,
)

MIN_WRONG = 2
# A note, not a failure, for now: `convsim test` gives a bot customers in every language by
# default, and a bot built for one language would fail on each of the others. Raising this
# to "major" is a product decision (with a target-file setting for the bot's languages).
SEVERITY: Severity = "minor"


def wrong_language(ctx: GradeContext) -> CheckResult:
    turns = ctx.turns
    used = {ctx.plan.persona.language}
    read = 0  # the customer turns before this index are in `used`
    decided = 0
    wrong: list[tuple[int, str]] = []
    for index, turn in enumerate(turns):
        if turn.role != "support" or not turn.content.strip():
            continue
        lang = decided_language(turn.content)
        if lang is None:
            continue
        decided += 1
        if lang in used:
            continue
        # Only a support turn in another language than the customer's so far asks which
        # languages the customer used before it: most conversations never read theirs.
        read = _customer_languages(turns, read, index, used)
        if lang not in used:
            wrong.append((index, lang))
    if not wrong:
        return PASS
    _customer_languages(turns, read, len(turns), used)
    kept_on = _carried_on(turns, wrong, used)
    if kept_on is not None:
        return CheckResult((_told_finding(ctx, kept_on, wrong[0][1], used),))
    if len(wrong) < MIN_WRONG or 2 * len(wrong) <= decided:
        return PASS
    first, lang = wrong[0]
    theirs = " or ".join(NAMES.get(code, code) for code in sorted(used))
    finding = Finding(
        turn=first,
        dimension="task_success",
        category="wrong_language",
        severity=SEVERITY,
        evidence=mask_pii(ctx.turns[first].content),
        explanation=f"support answers in {NAMES.get(lang, lang)} ({len(wrong)} of {decided} "
        f"turns whose language is clear) a customer who writes in {theirs}",
    )
    return CheckResult((finding,))


def _customer_languages(turns: Sequence[Turn], start: int, end: int, used: set[str]) -> int:
    """Adds the decided languages of the customer turns in `turns[start:end]` to `used`."""
    for turn in turns[start:end]:
        if turn.role == "customer":
            lang = decided_language(turn.content)
            if lang is not None:
                used.add(lang)
    return max(start, end)


def _carried_on(
    turns: Sequence[Turn], wrong: list[tuple[int, str]], used: set[str]
) -> tuple[int, int] | None:
    """(customer turn, support turn): after a reply in a wrong language, the customer said they
    cannot read it, and support's next reply was again in none of the customer's languages.
    Read only when a wrong-language turn exists (rare), from the first one on."""
    codes = {code for _, code in wrong}
    told: int | None = None
    for index in range(wrong[0][0] + 1, len(turns)):
        turn = turns[index]
        if turn.role == "customer":
            named = cannot_follow(turn.content)
            if THIS_LANGUAGE in named or named & codes:
                told = index
            continue
        if told is None or turn.role != "support" or not turn.content.strip():
            continue
        lang = decided_language(turn.content)
        if (lang is not None and lang not in used) or (
            lang is None and speaks_none_of(turn.content, used)
        ):
            return told, index
        told = None
    return None


def _told_finding(ctx: GradeContext, at: tuple[int, int], lang: str, used: set[str]) -> Finding:
    asked, index = at
    theirs = " or ".join(NAMES.get(code, code) for code in sorted(used))
    return Finding(
        turn=index,
        dimension="task_success",
        category="wrong_language",
        severity="major",
        evidence=mask_pii(ctx.turns[index].content),
        explanation=f"the customer said they could not follow (turn {asked}); support "
        f"answered again in a language they never used (earlier turns read as "
        f"{NAMES.get(lang, lang)}), not in {theirs}",
    )
