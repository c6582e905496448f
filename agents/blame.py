"""Whose failure is it: the support side's, or the simulated customer's?

A conversation the critic did not accept can have failed because the *customer* misbehaved:
it repeated itself word for word, closed before support could act, never gave a fact support
asked for in plain words, asked again what support had just answered, or stated a fact its
scenario contradicts. Grading the bot on such a conversation measures the simulator, not the
bot. The rule here:

1. A finding is the customer's when it is on the `customer_fidelity` dimension, or it is a
   data-quality finding (a repeat, an empty turn) on a customer turn.
2. When one of those *blocks the task* (`BLOCKING`: the customer cut it short, withheld a
   fact, contradicted its facts, ignored an answer, looped), the task findings that follow
   from it (`success_criterion`, `turn_limit`) are not counted against support either.
   Findings about what support did (a policy breach, a leak, a stall, anything a support-side
   check reports) stay support's, but for one consequence: after the customer asked again
   what support had answered (`ignored_answer`), or did not give a fact support asked for
   (`withheld_fact`), support saying its answer or its question again (`repeated_turn`) or
   making "no progress" (`stalled`) follows from the customer's loop.
3. The verdict policy is applied again to what is left. If that accepts, the failure is the
   simulator's: `Verdict.blame = "simulator"`. Otherwise support earned the label.

Support is never excused on a guess: a support-side finding keeps the blame on support.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from agents.rubric import check_scores, decide
from agents.types import Finding, Turn, VerdictLabel
from scenarios.rubric import Rubric

CUSTOMER_DIMENSION = "customer_fidelity"
# Data-quality findings that sit on a customer turn but are about support's side: the customer
# spoke and nobody answered (simulator.quality.cut_log).
SUPPORTS_SILENCE = frozenset({"unanswered_turn"})
# Customer faults that keep support from completing the task.
BLOCKING = frozenset(
    {
        "ended_early",
        "withheld_fact",
        "contradicted_goal",
        "ignored_answer",
        "repeated_turn",
        "empty_turn",
    }
)
# Task findings a blocking customer fault explains (the checks' own categories).
EXCUSED = frozenset({"success_criterion", "turn_limit", "goal_abandoned"})
# Support findings that follow from a customer asking again what support had answered: the
# same answer given again, or "no progress" while the customer kept re-asking. Only those at
# or after the first ignored answer; anything support did before it stays support's.
AFTER_IGNORED = frozenset({"repeated_turn", "stalled"})
# The customer faults that start such a loop: asking again what support answered, and not
# giving what support asked for (support then asks again: outsider 21's customer answered
# "I don't have it at hand" eight times to a question for a fact it knows).
_LOOPING = frozenset({"ignored_answer", "withheld_fact"})


def customer_fault(finding: Finding, turns: Sequence[Turn]) -> bool:
    if finding.dimension == CUSTOMER_DIMENSION:
        return True
    turn = finding.turn
    return (
        finding.dimension == "data_quality"
        and finding.category not in SUPPORTS_SILENCE
        and turn is not None
        and 0 <= turn < len(turns)
        and turns[turn].role == "customer"
    )


def support_findings(
    findings: Sequence[Finding], turns: Sequence[Turn], wrote: bool = True
) -> list[Finding]:
    """The findings that count against support once the customer's own are set aside.
    `wrote`: some write support called went through. Without one, records left as they were
    (`end_state`) follow from a blocking fault too: support could not act on a fact the
    customer held back. A write that went through keeps `end_state` support's: it acted."""
    faults = [f for f in findings if customer_fault(f, turns)]
    if not faults:
        return list(findings)
    blocked = any(f.category in BLOCKING for f in faults)
    excused = EXCUSED if wrote else EXCUSED | {"end_state"}
    ignored = min(
        (f.turn for f in faults if f.category in _LOOPING and f.turn is not None),
        default=None,
    )
    kept: list[Finding] = []
    for f in findings:
        if customer_fault(f, turns):
            continue
        if blocked and f.dimension == "task_success" and f.category in excused:
            continue
        if ignored is not None and f.category in AFTER_IGNORED and (f.turn or -1) >= ignored:
            continue  # support answered again a customer who kept asking what it answered
        kept.append(f)
    return kept


def simulator_blame(
    rubric: Rubric,
    findings: Sequence[Finding],
    turns: Sequence[Turn],
    judge_scores: Mapping[str, float],
    unjudged: Sequence[str],
    policy: Callable[[Sequence[Finding]], VerdictLabel] | None = None,
    wrote: bool = True,
) -> bool:
    """True when the conversation failed only because of the simulated customer."""
    kept = support_findings(findings, turns, wrote)
    if len(kept) == len(findings):
        return False
    if policy is not None:
        return policy(kept) == "ACCEPT"
    scores = dict(check_scores(rubric, kept))
    for name, value in judge_scores.items():
        if name != CUSTOMER_DIMENSION:
            scores[name] = min(value, scores.get(name, value))
    scores.pop(CUSTOMER_DIMENSION, None)
    return decide(rubric, kept, scores, (), unjudged).label == "ACCEPT"


def fault_summary(findings: Sequence[Finding], turns: Sequence[Turn]) -> tuple[list[str], str]:
    """(categories, first explanation) of the customer's findings, for reports."""
    faults = [f for f in findings if customer_fault(f, turns)]
    categories = list(dict.fromkeys(f.category for f in faults))
    return categories, faults[0].explanation if faults else ""
