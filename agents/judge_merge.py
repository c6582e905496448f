"""What the critic keeps of a judge's answer: only what can be verified against the transcript.

A judge is a model and can invent: a quote that is not in the turn it names, a dimension the
rubric does not have, a criterion the scenario never asked. Each of those is dropped here, so
a judge alone can add findings (at most what it quotes) but never a finding nobody can check.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.checks import quote
from agents.judge import JudgeOutput
from agents.types import ConversationPlan, Finding, Turn
from scenarios.rubric import Rubric

_SPACE = re.compile(r"\s+")


def merge_judge(
    rubric: Rubric, plan: ConversationPlan, turns: Sequence[Turn], judged: JudgeOutput
) -> tuple[dict[str, float], list[Finding], set[str]]:
    """The judge's scores, findings and met criteria, keeping only what can be verified."""
    judged_dims = {n for n, d in rubric.dimensions.items() if d.source != "checks"}
    by_judge = {s.dimension: float(s.score) for s in judged.scores if s.dimension in judged_dims}
    criteria = {
        c.id for c in plan.scenario.success if c.judge is not None and c.applies(plan.variables)
    }
    findings: list[Finding] = []
    met: set[str] = set()
    for c in judged.criteria:
        if c.id not in criteria:
            continue
        met.add(c.id)
        if c.met:
            continue
        turn = c.turn if _quoted(turns, c.turn, c.evidence) else None
        findings.append(
            Finding(
                turn=turn,
                dimension="task_success",
                category="success_criterion",
                severity="major",
                evidence=quote(c.evidence) if turn is not None else "",
                explanation=f"criterion '{c.id}' not met (judge)",
            )
        )
    for f in judged.findings:
        if f.dimension not in rubric.dimensions or not _quoted(turns, f.turn, f.evidence):
            continue
        findings.append(
            Finding(
                turn=f.turn,
                dimension=f.dimension,
                category=f.category,
                severity=f.severity,
                evidence=quote(f.evidence),
                explanation=f"{f.explanation} (judge)",
            )
        )
    return by_judge, findings, met


def _quoted(turns: Sequence[Turn], turn: int | None, evidence: str) -> bool:
    """The judge's quote occurs in the turn it names (spacing and case aside)."""
    if turn is None or not 0 <= turn < len(turns) or not evidence.strip():
        return False
    norm = _SPACE.sub(" ", evidence).strip().casefold()
    return norm in _SPACE.sub(" ", turns[turn].content).casefold()
