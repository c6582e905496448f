"""Checks that a transcript is usable data: no empty or parroted turns, a sane shape.

These hold for any support side (scripted, LLM or a real bot) because they read only roles and
text, never dialogue acts. They are about the dialogue: tool results (`tool` turns) and the
support turns that call tools are the agent's work, not messages, except that a tool result
must answer a call made just before it.
"""

from __future__ import annotations

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.types import Finding, Turn

# Turns shorter than this (after normalizing) are acknowledgements ("ok", "thanks!") that
# people legitimately say more than once; repeating them is not a defect.
MIN_REPEAT_CHARS = 16
# Edge-case behaviours whose turns are meant to be empty.
SILENT_BEHAVIORS = frozenset({"silence"})


def empty_turns(ctx: GradeContext) -> CheckResult:
    """Empty or whitespace-only turns, except a customer's deliberate silence (an edge case)."""
    findings = []
    for index, turn in enumerate(ctx.turns):
        if turn.content.strip() or turn.role == "tool" or turn.tool_calls:
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
        if turn.role == "tool":
            continue  # the same lookup may rightly return the same record
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
    """Customer and support take turns, customer first. Support's tool work may sit between
    them (a turn with `tool_calls`, `tool` results); a result that names a call must answer
    one of the calls made just before it."""
    findings = []
    turns = ctx.turns
    if turns and turns[0].role != "customer":
        first = turns[0]
        why = f"the conversation opens with a {first.role} turn, not the customer"
        findings.append(_structure(0, first, why))
    open_ids: set[str] = set()  # the calls of the last tool-calling turn not yet answered
    for index, turn in enumerate(turns):
        if turn.tool_calls:
            open_ids = {c.id for c in turn.tool_calls}
            continue
        if turn.role == "tool":
            if turn.tool_call_id is not None and turn.tool_call_id not in open_ids:
                why = f"a tool result ({turn.name or 'unnamed'}) answers no call made before it"
                findings.append(_structure(index, turn, why))
            open_ids.discard(turn.tool_call_id or "")
            continue
        open_ids = set()
        if index and turn.role == turns[index - 1].role:
            why = f"two {turn.role} turns in a row ({index - 1} and {index})"
            findings.append(_structure(index, turn, why))
    return CheckResult(tuple(findings)) if findings else PASS


def _structure(index: int, turn: Turn, why: str) -> Finding:
    return Finding(
        turn=index,
        dimension="data_quality",
        category="structure",
        severity="critical",
        evidence=quote(turn.content),
        explanation=why,
    )


def turn_limit(ctx: GradeContext) -> CheckResult:
    """The conversation ran out of turns: support never brought it to an end."""
    if ctx.outcome.status != "max_turns":
        return PASS
    said = [i for i, t in enumerate(ctx.turns) if t.role != "tool" and t.content.strip()]
    last = said[-1] if said else (len(ctx.turns) - 1 if ctx.turns else None)
    limit = ctx.plan.scenario.max_turns
    return CheckResult(
        (
            Finding(
                turn=last,
                dimension="task_success",
                category="turn_limit",
                severity="major",
                evidence=quote(ctx.turns[last].content) if last is not None else "",
                explanation=f"the conversation hit the limit of {limit} customer turns unresolved",
            ),
        )
    )
