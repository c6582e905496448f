"""The critic's checks: small functions over one finished conversation.

Every check has the same shape, `(GradeContext) -> CheckResult`, so the deterministic checks
here, rubric files and an LLM judge are interchangeable entries in the critic's list
(`agents.critic.Critic.checks`). A check either finds problems, passes silently, or says it
cannot decide (`unjudged`): a check never guesses against the support side.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from agents.tools import is_dialogue
from agents.types import ConversationPlan, Finding, Outcome, Turn
from scenarios.domains import ToolSpec
from scenarios.templates import TemplateError, render

QUOTE_LIMIT = 120
_T = TypeVar("_T")

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Confidential:
    """What the support side must never say: a target file's `confidential` text (its hidden
    instructions) and `canaries` (strings planted in them to detect a leak)."""

    text: str = ""
    canaries: tuple[str, ...] = ()


@dataclass(frozen=True)
class GradeContext:
    """One conversation as the checks see it: the plan it was simulated from and its result,
    and what the grader knows besides: the domain's tools and the target's secrets."""

    plan: ConversationPlan
    turns: Sequence[Turn]
    outcome: Outcome
    tools: Mapping[str, ToolSpec] | None = None  # None: found from the scenario's domain
    confidential: Confidential | None = None
    # The support side can signal a handover of its own (agents.critic.Critic.handoff):
    # True, False, or None where no target file says (a log, a simulated support side).
    handoff: bool | None = None
    # What several checks derive from the same conversation, computed once (see `shared`).
    _shared: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def shared(self, key: str, compute: Callable[[GradeContext], _T]) -> _T:
        """`compute(self)`, once per context: checks that read the same derived text (the
        customer's turns without fact values) share it instead of each deriving it again."""
        shared = self._shared
        try:  # no `typing.cast` here: a Python call on each of the checks' many look-ups
            found: _T = shared[key]
        except KeyError:
            found = shared[key] = compute(self)
        return found

    def rendered(self, template: str) -> str | None:
        """`render(template, plan.variables)`, or None where that raises TemplateError: once
        per conversation and template, since several checks read the scenario's texts."""
        cache: dict[str, str | None] = self.shared("rendered", _no_texts)
        if template in cache:
            return cache[template]
        try:
            found: str | None = render(template, self.plan.variables)
        except TemplateError:
            found = None
        cache[template] = found
        return found

    def support_turns(self) -> list[tuple[int, Turn]]:
        """Support's messages to the customer: a turn that only calls tools says nothing.
        Found once per context (most checks ask); each caller gets its own list."""
        return list(self.shared("support_turns", _support_turns))

    def edge_behavior(self, edge_case_id: str | None) -> str | None:
        """The scripted behaviour of an edge case this conversation enacts, if it has it."""
        if edge_case_id is None:
            return None
        for edge in self.plan.edge_cases:
            if edge.id == edge_case_id:
                return edge.behavior
        return None


def _no_texts(ctx: GradeContext) -> dict[str, str | None]:
    return {}


def _support_turns(ctx: GradeContext) -> tuple[tuple[int, Turn], ...]:
    return tuple((i, t) for i, t in enumerate(ctx.turns) if t.role == "support" and is_dialogue(t))


@dataclass(frozen=True)
class CheckResult:
    findings: tuple[Finding, ...] = ()
    unjudged: tuple[str, ...] = field(default=())


PASS = CheckResult()

CheckFn = Callable[[GradeContext], CheckResult]


def quote(text: str, start: int | None = None, end: int | None = None) -> str:
    """A one-line excerpt of at most QUOTE_LIMIT characters, centred on `text[start:end]`.

    Reviewers need to see *where* the problem is, so a long turn is cut around the match rather
    than from its beginning.
    """
    if start is None or end is None:
        start = end = 0
    before = _SPACE.sub(" ", text[:start]).lstrip()
    middle = _SPACE.sub(" ", text[start:end])
    after = _SPACE.sub(" ", text[end:]).rstrip()
    if not before:
        middle = middle.lstrip()
    if not after:
        middle = middle.rstrip()
    if not before and not middle:
        after = after.lstrip()
    if len(before) + len(middle) + len(after) <= QUOTE_LIMIT:
        return before + middle + after
    if len(middle) >= QUOTE_LIMIT - 2:
        return middle[: QUOTE_LIMIT - 1] + "…"
    room = QUOTE_LIMIT - len(middle)
    # Centre the match; a side shown whole needs no ellipsis, which frees one character.
    keep_before = min(len(before), (room - 2) // 2)
    keep_after = min(len(after), room - 1 - keep_before - (keep_before < len(before)))
    keep_before = max(0, min(len(before), room - 1 - keep_after - (keep_after < len(after))))
    head = ("…" if keep_before < len(before) else "") + before[len(before) - keep_before :]
    tail = after[:keep_after] + ("…" if keep_after < len(after) else "")
    return head + middle + tail
