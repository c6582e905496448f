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

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from agents.checks import PASS, CheckResult, GradeContext, quote
from agents.checks.customer import LANGUAGE_MARKERS, word_tuple, words
from agents.checks.reading import call_log, readable
from agents.checks.restated import restated_request
from agents.checks.values import mask_values
from agents.tools import is_dialogue
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
    if any(
        c.turn > stated and c.writes and c.result is not None and not c.failed
        for c in call_log(ctx)
    ):
        # A write went through: support did the task, whatever its words (outsider 21: a
        # German success reply ending "Kann ich sonst noch etwas für Sie tun?" read as a
        # question only).
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
        # The plan the checks read texts with: a graded log's plan may lack the variables a
        # fact's template needs, where reading with the plan itself raised.
        act, _ = support_act_from_text(turn.content, readable(ctx))
        if act == ANSWER and HOLDING.search(turn.content) and "?" not in turn.content:
            return False
        return act not in NOT_ANSWERING
    return act in ANSWERING


def rescued_support(ctx: GradeContext) -> CheckResult:
    """The customer gives support's own knowledge, or tells support its procedure and support
    just agrees."""
    plain = _Vocabulary(ctx)
    checked = [
        i
        for i, t in enumerate(ctx.turns)
        if t.role == "customer" and t.edge_case is None and t.content.strip()
    ]
    masked = mask_values([ctx.turns[i].content for i in checked], plain.values, CUSTOMER_MARK)
    sources: _Runs | None = None  # built for the first turn with a window worth looking up
    findings: list[Finding] = []
    for index, said in zip(checked, masked, strict=True):
        turn = ctx.turns[index]
        text = word_tuple(said)
        content = [w not in plain.common for w in text] if len(text) >= RESCUE_RUN else []
        if content and sum(content) >= MIN_CONTENT_WORDS:
            if sources is None:
                texts = mask_values(_support_texts(ctx), plain.values, SOURCE_MARK)
                sources = _source_runs(tuple(texts))
            known = partial(_known, ctx, plain.values, index)
            run = _unexplained_run(text, content, sources, known)
            if run:
                why = f"the customer supplies support's own wording: '{' '.join(run)}'"
                findings.append(_rescue(index, turn, why))
                continue
        directive = DIRECTIVE.search(turn.content)
        # Support's answer: the next message, past any tool calls it made first.
        turns = ctx.turns  # read on from `index` (a slice per turn copied the rest)
        reply = next(
            (turns[i] for i in range(index + 1, len(turns)) if is_dialogue(turns[i])), None
        )
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
SOURCE_MARK = f" {SOURCE_VALUE} "
CUSTOMER_MARK = f" {CUSTOMER_VALUE} "
MIN_CONTENT_WORDS = 2  # a shared run must carry this many words beyond labels and glue
_GLUE = LANGUAGE_MARKERS["en"] | frozenset(
    {
        "a", "an", "the", "of", "to", "for", "and", "or", "on", "in", "at", "by", "is", "are",
        "was", "be", "it", "its", "my", "your", "our", "with", "from", "any", "all", "this",
        "that", "these", "those", "as", "if", "so",
    }
)  # fmt: skip


class _Vocabulary:
    """The values to mask (in the order the masking rule takes them) and the words that carry
    nothing."""

    def __init__(self, ctx: GradeContext) -> None:
        values = {v for v in ctx.plan.variables.values() if len(v) >= 2}
        self.values = sorted(values, key=lambda v: (-len(v), v))  # ties: never set order
        scenario = ctx.plan.scenario
        labels = [scenario.label(f) for f in scenario.customer.knows]
        labels += [f.replace("_", " ") for f in scenario.customer.knows]
        self.common = _common(tuple(labels))


@lru_cache(maxsize=256)
def _common(labels: tuple[str, ...]) -> frozenset[str]:
    return _GLUE | {w for label in labels for w in words(label)}


def _rescue(index: int, turn: Turn, why: str, evidence: str | None = None) -> Finding:
    return Finding(
        turn=index,
        dimension="customer_fidelity",
        category="rescued_support",
        severity="major",
        evidence=evidence if evidence is not None else quote(turn.content),
        explanation=why,
    )


@dataclass(frozen=True)
class _Runs:
    """The runs of RESCUE_RUN words in some texts, looked up by substring: each text's words
    joined by spaces, the texts by newlines (no word holds either), so a run never spans two
    texts. `vocabulary` rejects most windows before the search."""

    vocabulary: frozenset[str]
    joined: str

    def has(self, window: tuple[str, ...]) -> bool:
        vocabulary = self.vocabulary
        if not all(w in vocabulary for w in window):
            return False
        return " " + " ".join(window) + " " in self.joined


def _runs(texts: Iterable[Sequence[str]]) -> _Runs:
    kept = [ws for ws in texts if len(ws) >= RESCUE_RUN]
    vocabulary = frozenset(w for ws in kept for w in ws)
    return _Runs(vocabulary, "\n".join(" " + " ".join(ws) + " " for ws in kept))


@lru_cache(maxsize=256)
def _source_runs(texts: tuple[str, ...]) -> _Runs:
    """Cached: a scenario's support texts recur across a run, most without a fact value."""
    return _runs(_source_words(t) for t in texts)


@lru_cache(maxsize=2048)
def _source_words(text: str) -> tuple[str, ...]:
    """Cached per text too: plans that differ in one text share the others' words."""
    return tuple(words(text))


def _unexplained_run(
    text: Sequence[str], content: Sequence[bool], sources: _Runs, known: Callable[[], _Runs]
) -> list[str]:
    """The first run of RESCUE_RUN words shared with a source, found in no known text and
    saying more than labels and glue words (`content` marks the words that do)."""
    seen: _Runs | None = None
    vocabulary = sources.vocabulary
    streak = 0  # words in a row, up to this one, that some source has: a shared run needs five
    for end, word in enumerate(text):
        streak = streak + 1 if word in vocabulary else 0
        if streak < RESCUE_RUN:
            continue
        start = end + 1 - RESCUE_RUN
        if sum(content[start : end + 1]) < MIN_CONTENT_WORDS:
            continue
        window = tuple(text[start : end + 1])
        if sources.has(window):
            if seen is None:
                seen = known()
            if not seen.has(window):
                return list(window)
    return []


def _known(ctx: GradeContext, values: Sequence[str], index: int) -> _Runs:
    """The texts that explain a customer's wording at turn `index`: its own script and what
    support said before."""
    said = [t.content for t in ctx.turns[:index] if t.role == "support"]
    texts = mask_values([*_customer_texts(ctx), *said], values, CUSTOMER_MARK)
    return _runs(word_tuple(t) for t in texts)


def _support_texts(ctx: GradeContext) -> list[str]:
    spec = ctx.plan.scenario.support
    texts = [spec.policy, *(a for k in spec.knowledge for a in k.answer)]
    texts += [say for rule in spec.rules for say in rule.say]
    return [_rendered(ctx, t) for t in texts if t.strip()]


def _customer_texts(ctx: GradeContext) -> list[str]:
    spec = ctx.plan.scenario.customer
    goal = spec.goal_in(ctx.plan.persona.language)
    return [_rendered(ctx, t) for t in (goal, *spec.openings, *spec.knows.values())]


def _rendered(ctx: GradeContext, template: str) -> str:
    found = ctx.rendered(template)
    return template if found is None else found


# A customer question asked again after support answered it: the customer ignored the answer.
# Content words of the two questions overlap at least this much (of the shorter one's words).
REASK_OVERLAP = 0.6
MIN_QUESTION_WORDS = 3
REPEAT_BEHAVIORS = frozenset({"repeat_question", "return_to_issue", "multi_issue"})


def ignored_answer(ctx: GradeContext) -> CheckResult:
    """The customer asks again, in nearly the same words, a question support answered in
    between (an answer on the question's topic, not a hold or a question back).

    One pass over the turns with running state, so a long conversation costs linear time:
    each support turn is read once, and only when it shares a word with a question still
    unanswered; a question answered is looked up by its words (an index), never by scanning
    the turns in between again. The finding is the first re-asked question, paired with its
    earliest matching answered question and the first answer to that, as a pairwise scan
    would find."""
    if {e.behavior for e in ctx.plan.edge_cases} & REPEAT_BEHAVIORS:
        return PASS
    topics: dict[int, frozenset[str]] = {}  # asked -> its topic words
    unanswered: dict[str, list[int]] = {}  # word -> questions not yet answered with it
    waiting: set[int] = set()
    answered: dict[str, list[int]] = {}  # word -> answered questions, in answer order
    answer_of: dict[int, int] = {}  # asked -> the first support turn that answered it
    for index, turn in enumerate(ctx.turns):
        if turn.role == "support":
            if waiting:
                for asked in _answer_questions(ctx, index, turn, unanswered, waiting, answer_of):
                    for word in topics[asked]:
                        answered.setdefault(word, []).append(asked)
            continue
        if turn.role != "customer" or turn.edge_case is not None or "?" not in turn.content:
            continue
        topic = frozenset(w for w in word_tuple(turn.content) if w not in _GLUE and len(w) > 2)
        if len(topic) < MIN_QUESTION_WORDS:
            continue
        again = _reasked(topic, topics, answered)
        if again is not None:
            finding = Finding(
                turn=index,
                dimension="customer_fidelity",
                category="ignored_answer",
                severity="major",
                evidence=quote(turn.content),
                explanation=f"the customer asks again what it asked at turn {again}, which "
                f"support answered at turn {answer_of[again]}",
            )
            return CheckResult((finding,))
        topics[index] = topic
        waiting.add(index)
        for word in topic:
            unanswered.setdefault(word, []).append(index)
    return restated_request(ctx)  # restated in new words each time (agents.checks.restated)


def _answer_questions(
    ctx: GradeContext,
    index: int,
    turn: Turn,
    unanswered: dict[str, list[int]],
    waiting: set[int],
    answer_of: dict[int, int],
) -> list[int]:
    """The waiting questions support turn `index` answers: those it shares a word with, if
    it answers at all (read only then: the reading is the costly part)."""
    hit = [w for w in dict.fromkeys(word_tuple(turn.content)) if w in unanswered]
    if not hit or not _answers(ctx, turn):
        return []
    now: list[int] = []
    for word in hit:
        for asked in unanswered.pop(word):
            if asked in waiting:  # a question is listed under each of its words
                waiting.discard(asked)
                answer_of[asked] = index
                now.append(asked)
    return now


def _reasked(
    topic: frozenset[str], topics: dict[int, frozenset[str]], answered: dict[str, list[int]]
) -> int | None:
    """The earliest answered question whose topic shares REASK_OVERLAP of the shorter's
    words with `topic`, counted through the index of answered questions by word."""
    shared: dict[int, int] = {}
    for word in topic:
        for asked in answered.get(word, ()):
            shared[asked] = shared.get(asked, 0) + 1
    found = [
        asked
        for asked, count in shared.items()
        if count / min(len(topic), len(topics[asked])) >= REASK_OVERLAP
    ]
    return min(found) if found else None
