"""Checks that a transcript is usable data: no empty or parroted turns, a sane shape.

These hold for any support side (scripted, LLM or a real bot) because they read only roles and
text, never dialogue acts.
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.types import Finding

# Turns shorter than this (after normalizing) are acknowledgements ("ok", "thanks!") that
# people legitimately say more than once; repeating them is not a defect.
MIN_REPEAT_CHARS = 16
# Edge-case behaviours whose turns are meant to be empty.
SILENT_BEHAVIORS = frozenset({"silence"})


def empty_turns(ctx: GradeContext) -> CheckResult:
    """Empty or whitespace-only turns, except a customer's deliberate silence (an edge case)."""
    findings = []
    for index, turn in enumerate(ctx.turns):
        if turn.content.strip():
            continue
        if turn.role == "customer" and ctx.edge_behavior(turn.edge_case) in SILENT_BEHAVIORS:
            continue
        findings.append(
            Finding(
                turn=index,
                dimension="data_quality",
                category="empty_turn",
                severity="critical",
                evidence=quote(turn.content),
                explanation=f"the {turn.role} turn is empty",
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def repeated_turns(ctx: GradeContext) -> CheckResult:
    """A turn that says verbatim (ignoring case and spacing) what the same role said before."""
    findings = []
    seen: dict[tuple[str, str], int] = {}
    for index, turn in enumerate(ctx.turns):
        if turn.role == "customer" and turn.edge_case is not None:
            continue  # an edge case may make the customer repeat itself on purpose
        # Whitespace runs as one space, ends stripped (str.split's whitespace is re's \s).
        text = " ".join(turn.content.split()).casefold()
        if len(text) < MIN_REPEAT_CHARS:
            continue
        first = seen.setdefault((turn.role, text), index)
        if first == index:
            continue
        findings.append(
            Finding(
                turn=index,
                dimension="data_quality",
                category="repeated_turn",
                severity="major",
                evidence=quote(turn.content),
                explanation=f"the {turn.role} repeats turn {first} word for word",
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def alternation(ctx: GradeContext) -> CheckResult:
    """Customer and support take turns, customer first; tool turns may sit between them."""
    findings = []
    turns = ctx.turns
    if turns and turns[0].role != "customer":
        findings.append(
            Finding(
                turn=0,
                dimension="data_quality",
                category="structure",
                severity="critical",
                evidence=quote(turns[0].content),
                explanation=f"the conversation opens with a {turns[0].role} turn, not the customer",
            )
        )
    for index in range(1, len(turns)):
        role = turns[index].role
        if role == "tool" or role != turns[index - 1].role:
            continue
        findings.append(
            Finding(
                turn=index,
                dimension="data_quality",
                category="structure",
                severity="critical",
                evidence=quote(turns[index].content),
                explanation=f"two {role} turns in a row ({index - 1} and {index})",
            )
        )
    return CheckResult(tuple(findings)) if findings else PASS


def turn_limit(ctx: GradeContext) -> CheckResult:
    """The conversation ran out of turns: support never brought it to an end."""
    if ctx.outcome.status != "max_turns":
        return PASS
    last = len(ctx.turns) - 1 if ctx.turns else None
    limit = ctx.plan.scenario.max_turns
    return CheckResult(
        (
            Finding(
                turn=last,
                dimension="task_success",
                category="turn_limit",
                severity="major",
                evidence=quote(ctx.turns[-1].content) if ctx.turns else "",
                explanation=f"the conversation hit the limit of {limit} customer turns unresolved",
            ),
        )
    )
