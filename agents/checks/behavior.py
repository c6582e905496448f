"""Checks on what the simulated customer did, not how it wrote: ended early or rescued support.

Two failures make a transcript bad training data even though every turn reads well:

- **Ended early.** The customer closes satisfied ("great, thanks!", outcome `resolved`) before
  support did anything that could have resolved it. A model trained on it learns that asking
  for an order number solves the problem. Giving up (`abandoned`) is ordinary customer
  behaviour and the success checks already weigh it.
- **Rescued support.** The customer supplies what only support should know (the policy, a
  knowledge answer, the wording of a resolution) or tells support what its procedure is and
  support just agrees. The support side then looks competent on data it never produced.

Support turns with dialogue acts are read by their acts; act-less turns (a real bot, an LLM)
through `agents.understanding`, generously: a turn counts as an answer unless it is clearly a
greeting, a question for details, a request to clarify or a holding message, so a bot is never
blamed for an answer the classifier failed to recognise.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Sequence

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.customer import LANGUAGE_MARKERS, words
from agents.types import (
    ANSWER,
    CHECK_IN,
    CLARIFY,
    CLOSE,
    ESCALATE,
    GREET,
    REDIRECT,
    REFUSE,
    REQUEST_INFO,
    RESOLVE,
    VERIFY_FAILED,
    Finding,
    Turn,
)
from agents.understanding import support_act_from_text
from scenarios.templates import TemplateError, render

ANSWERING = frozenset({RESOLVE, ANSWER, ESCALATE, REFUSE})
NOT_ANSWERING = frozenset({GREET, REQUEST_INFO, VERIFY_FAILED, CLARIFY, CHECK_IN, REDIRECT, CLOSE})
HOLDING = re.compile(
    r"\b(?:let me (?:check|look|see|find|pull)|one moment|just a (?:moment|sec(?:ond)?|minute)|"
    r"bear with me|give me a (?:moment|sec(?:ond)?|minute)|(?:i'?m|i am) (?:checking|looking)|"
    r"looking (?:into|that up)|hold on|please (?:hold|wait))\b",
    re.IGNORECASE,
)
# Words in a row the customer shares with a support-only text (policy, knowledge answer, a
# rule's wording) that neither its own script nor an earlier support turn contains. Natural
# customer turns share a product name or "a refund" with the policy, rarely five words.
RESCUE_RUN = 5
DIRECTIVE = re.compile(
    r"\byou(?:'re| are) (?:supposed|meant|required|allowed) to\b|"
    r"\byou (?:need|have|ought|must|should)(?: to)? (?:first |just )?(?:verify|check|confirm|"
    r"ask (?:me )?for|look up|escalate|transfer|issue|process|block|book|offer|send|"
    r"refund|cancel|reset|waive|credit)\b|"
    r"\b(?:your|the) (?:policy|procedure|process|rules?|terms|system) (?:says?|states?|"
    r"allows?|requires?|lets you)\b|"
    r"\baccording to (?:your|the) (?:policy|rules|terms|procedure|website|faq)\b|"
    r"\bwhat you (?:should|need to|have to|ought to) do (?:here )?is\b|"
    r"\b(?:the|your) (?:next|first) step (?:is|should be)\b|"
    r"\bthe (?:right|correct|proper) (?:way|procedure|process|thing to do) (?:is|would be)\b",
    re.IGNORECASE,
)
AGREEMENT = re.compile(
    r"\byou(?:'re| are) (?:absolutely |quite )?(?:right|correct)\b|"
    r"\bgood (?:point|idea|call|catch|thinking)\b|"
    r"\bas you (?:said|suggested|say|suggest|mentioned|pointed out)\b|"
    r"\bthanks? (?:you )?for (?:the reminder|reminding|pointing (?:that|it) out|the tip|"
    r"telling me how|explaining)\b|"
    r"\b(?:i'?ll|i will) do (?:that|exactly that|as you (?:say|said|suggest))\b|"
    r"\bwill do\b|\bthat'?s (?:the right|correct|right)\b",
    re.IGNORECASE,
)


def ended_early(ctx: GradeContext) -> CheckResult:
    """The customer closed as resolved while support had only greeted, asked or held."""
    outcome = ctx.outcome
    if outcome.status != "resolved" or outcome.ended_by != "customer":
        return PASS
    stated = next(
        (i for i, t in enumerate(ctx.turns) if t.role == "customer" and t.content.strip()), None
    )
    if stated is None:
        return PASS
    support = [(i, t) for i, t in ctx.support_turns() if i > stated]
    if any(_answers(ctx, t) for _, t in support):
        return PASS
    last = len(ctx.turns) - 1
    if ctx.turns[last].role != "customer":
        return PASS  # the closing turn is not in the transcript: nothing to judge it by
    did = "did nothing yet" if not support else "had only greeted, asked or held"
    finding = Finding(
        turn=last,
        dimension="customer_fidelity",
        category="ended_early",
        severity="major",
        evidence=quote(ctx.turns[last].content),
        explanation=f"the customer closed the conversation as resolved while support {did}",
    )
    return CheckResult((finding,))


def _answers(ctx: GradeContext, turn: Turn) -> bool:
    act = turn.act
    if act is None:
        act, _ = support_act_from_text(turn.content, ctx.plan)
        if act == ANSWER and HOLDING.search(turn.content) and "?" not in turn.content:
            return False
        return act not in NOT_ANSWERING
    return act in ANSWERING


def rescued_support(ctx: GradeContext) -> CheckResult:
    """The customer gives support's own knowledge, or tells support its procedure and support
    just agrees."""
    plain = _Vocabulary(ctx)
    sources = _runs(plain.words(t, SOURCE_VALUE) for t in _support_texts(ctx))
    known = _runs(plain.words(t, CUSTOMER_VALUE) for t in _customer_texts(ctx))
    findings: list[Finding] = []
    for index, turn in enumerate(ctx.turns):
        if turn.role == "support":
            known |= _runs([plain.words(turn.content, CUSTOMER_VALUE)])
            continue
        if turn.role != "customer" or turn.edge_case is not None or not turn.content.strip():
            continue
        text = plain.words(turn.content, CUSTOMER_VALUE)
        run = _unexplained_run(text, sources, known, plain.common)
        if run:
            why = f"the customer supplies support's own wording: '{' '.join(run)}'"
            findings.append(_rescue(index, turn, why))
            continue
        directive = DIRECTIVE.search(turn.content)
        reply = ctx.turns[index + 1] if index + 1 < len(ctx.turns) else None
        if directive is None or reply is None or reply.role != "support":
            continue
        if AGREEMENT.search(reply.content):
            why = "the customer tells support its procedure and support just agrees"
            evidence = quote(turn.content, directive.start(), directive.end())
            findings.append(_rescue(index, turn, why, evidence))
    return CheckResult(tuple(findings)) if findings else PASS


# Fact values are replaced by a marker word before comparing; the two sides use different
# markers, so a value never counts as shared wording (a customer giving its order number is
# not quoting the policy that mentions it).
SOURCE_VALUE = "sourcevaluemarker"
CUSTOMER_VALUE = "customervaluemarker"
MIN_CONTENT_WORDS = 2  # a shared run must carry this many words beyond labels and glue
_GLUE = LANGUAGE_MARKERS["en"] | frozenset(
    {
        "a", "an", "the", "of", "to", "for", "and", "or", "on", "in", "at", "by", "is", "are",
        "was", "be", "it", "its", "my", "your", "our", "with", "from", "any", "all", "this",
        "that", "these", "those", "as", "if", "so",
    }
)  # fmt: skip


class _Vocabulary:
    """Turns text into words with fact values masked; knows the words that carry nothing."""

    def __init__(self, ctx: GradeContext) -> None:
        values = {v for v in ctx.plan.variables.values() if len(v) >= 2}
        self.values = sorted(values, key=len, reverse=True)
        # compiled once per conversation: re's own cache (512 patterns) misses across a run
        self.patterns = [re.compile(re.escape(v), re.IGNORECASE) for v in self.values]
        scenario = ctx.plan.scenario
        labels = [scenario.label(f) for f in scenario.customer.knows]
        labels += [f.replace("_", " ") for f in scenario.customer.knows]
        self.common = _GLUE | {w for label in labels for w in words(label)}

    def words(self, text: str, marker: str) -> list[str]:
        for pattern in self.patterns:
            text = pattern.sub(f" {marker} ", text)
        return words(text)


def _rescue(index: int, turn: Turn, why: str, evidence: str | None = None) -> Finding:
    return Finding(
        turn=index,
        dimension="customer_fidelity",
        category="rescued_support",
        severity="major",
        evidence=evidence if evidence is not None else quote(turn.content),
        explanation=why,
    )


def _unexplained_run(
    text: Sequence[str],
    sources: set[tuple[str, ...]],
    known: set[tuple[str, ...]],
    common: frozenset[str],
) -> list[str]:
    """The first run of RESCUE_RUN words shared with a source, found in no known text and
    saying more than labels and glue words."""
    for start in range(len(text) - RESCUE_RUN + 1):
        window = tuple(text[start : start + RESCUE_RUN])
        if sum(w not in common for w in window) < MIN_CONTENT_WORDS:
            continue
        if window in sources and window not in known:
            return list(window)
    return []


def _runs(texts: Iterable[Sequence[str]]) -> set[tuple[str, ...]]:
    """Every run of RESCUE_RUN consecutive words in `texts` (a set: one lookup per window)."""
    return {
        tuple(words[i : i + RESCUE_RUN])
        for words in texts
        for i in range(len(words) - RESCUE_RUN + 1)
    }


def _support_texts(ctx: GradeContext) -> list[str]:
    spec = ctx.plan.scenario.support
    texts = [spec.policy, *(a for k in spec.knowledge for a in k.answer)]
    texts += [say for rule in spec.rules for say in rule.say]
    return [_rendered(ctx, t) for t in texts if t.strip()]


def _customer_texts(ctx: GradeContext) -> list[str]:
    spec = ctx.plan.scenario.customer
    return [_rendered(ctx, t) for t in (spec.goal, *spec.openings, *spec.knows.values())]


def _rendered(ctx: GradeContext, template: str) -> str:
    with contextlib.suppress(TemplateError):
        return render(template, ctx.plan.variables)
    return template
