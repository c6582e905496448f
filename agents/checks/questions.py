"""Ignored a question: the customer asked something and support's next turn went elsewhere.

A question is a customer turn after the opening whose act is `ask` (annotated, or read from
the text). Support's next turn answers it when it is on the question's knowledge topic, says
what that topic's answer says, shares the question's content words, gives a value of the
kind asked for (a number or date for "how long / when", an amount for "how much", a yes or no
for a yes/no question), or refuses or hands over. It ignores it when it only greets, closes,
holds, checks in, says again what support said before, or asks for a fact the customer has
already given. Anything else cannot be told apart without a judge: the question is reported
unjudged, never passed or failed by a guess.
"""

from __future__ import annotations

import re

from agents.checks import PASS, CheckResult, GradeContext
from agents.checks.customer import LANGUAGE_MARKERS, word_tuple
from agents.checks.pii import mask_pii
from agents.checks.reading import SupportRead, read_text, readable, sentences, support_reads
from agents.types import (
    ANSWER,
    ASK,
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
from agents.understanding import customer_act_from_text, extract_facts, knowledge_topic
from agents.understanding.text import is_question
from agents.understanding.text import sentences as split_sentences
from scenarios.templates import TemplateError, render

UNJUDGED = "ignored_question"
ENGAGED = frozenset({ANSWER, RESOLVE, REFUSE, ESCALATE, CLARIFY, REQUEST_INFO, VERIFY_FAILED})
GREETS, CLOSES, STALLS = "greets", "closes", "stalls"  # classes of a text's reading
_GLUE = LANGUAGE_MARKERS["en"] | frozenset(
    {
        "a", "an", "the", "of", "to", "for", "and", "or", "on", "in", "at", "by", "is", "are",
        "was", "be", "it", "its", "my", "your", "our", "with", "from", "any", "all", "this",
        "that", "these", "those", "as", "if", "so", "do", "does", "did", "can", "could",
        "would", "will", "should", "how", "what", "when", "where", "why", "which", "who",
        "whom", "whose", "there", "here", "about", "also", "just", "still", "really", "get",
        "got",
    }
)  # fmt: skip
_WHEN = re.compile(r"\b(?:how long|when|how many (?:days|weeks|hours)|how soon|by what)\b", re.I)
_HOW_MUCH = re.compile(r"\b(?:how much|cost|price|fee|charge|amount)\b", re.IGNORECASE)
_YES_NO = re.compile(
    r"^\W*(?:\w+\W+){0,2}?(?:do|does|did|can|could|will|would|is|are|was|should|shall|may|"
    r"have|has)\b",
    re.IGNORECASE,
)
_TIME_VALUE = re.compile(
    r"\d|\b(?:today|tomorrow|tonight|immediately|right away|straight away|instantly|"
    r"(?:a|one|two|three|four|five|six|seven|ten|few|couple of) (?:\w+ )?(?:minutes?|hours?|"
    r"days?|weeks?|months?)|next (?:week|month|\w+day))\b",
    re.IGNORECASE,
)
_AMOUNT_VALUE = re.compile(r"\d|\bfree\b|\bno (?:charge|cost|fee)\b", re.IGNORECASE)
_YES_NO_VALUE = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:yes|yeah|yep|no|nope|sure|absolutely|definitely|of course|"
    r"not at all|unfortunately|correct|right)\b|\byou (?:can|can't|cannot|don't|do not|"
    r"won't|will not|will|do|need|needn't|must|should|may)\b|\b(?:there's|there is) no need\b|"
    r"\bit (?:is|isn't|does|doesn't|will|won't|can|can't)\b",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in word_tuple(text) if len(w) >= 3 and w not in _GLUE}


def _asks(turn: Turn, ctx: GradeContext) -> tuple[bool, str | None]:
    if turn.act is not None:
        return turn.act == ASK, turn.slots.get("topic")
    act, slots = customer_act_from_text(turn.content, readable(ctx))
    return act == ASK, slots.get("topic")


def ignored_questions(ctx: GradeContext) -> CheckResult:
    turns = ctx.turns
    opening = next((i for i, t in enumerate(turns) if t.role == "customer"), None)
    replies = _replies(ctx)
    findings: list[Finding] = []
    undecided = False
    for index, turn in enumerate(turns):
        if turn.role != "customer" or index == opening or not turn.content.strip():
            continue
        asks, topic = _asks(turn, ctx)
        if not asks:
            continue
        reply = replies[index]
        if reply is None:
            continue  # no reply before the customer spoke again (or at all)
        verdict = _judge(ctx, index, topic or knowledge_topic(turn.content, readable(ctx)), reply)
        if verdict is None:
            undecided = True
        elif verdict is not True:
            text = turns[reply.index].content
            findings.append(
                Finding(
                    turn=reply.index,
                    dimension="task_success",
                    category="ignored_question",
                    severity="major",
                    evidence=mask_pii(text),
                    explanation=f"support's reply does not address the customer's question "
                    f"(turn {index}): {verdict}",
                )
            )
    if findings:
        return CheckResult(tuple(findings))
    return CheckResult((), (UNJUDGED,)) if undecided else PASS


def _judge(
    ctx: GradeContext, index: int, topic: str | None, reply: SupportRead
) -> bool | str | None:
    """True: addressed; a reason: ignored; None: cannot tell."""
    turns = ctx.turns
    question, text = turns[index].content, turns[reply.index].content
    if reply.reading is None:
        act, slots = reply.act, turns[reply.index].slots
        if act == ANSWER and topic and slots.get("topic") and slots["topic"] != topic:
            return "it answers a different question"
        if act in ENGAGED or act == REDIRECT:
            return True
        return f"it only {_DOES[act]}" if act in _DOES else None
    reading = reply.reading
    if reply.handover or reading.refuses:
        return True
    question = _question_part(question)
    classes = reading.classes
    if classes and classes <= {GREETS, CLOSES} and not reading.unread:
        return f"it only {'closes' if reading.closes else 'greets'}"
    if (reading.closes or reading.greets) and _pleasantries(ctx, question, text):
        return f"it only {'closes' if reading.closes else 'greets'}"
    if classes == {STALLS}:
        return "it only says support is checking"
    if topic is not None and _on_topic(ctx, topic, text):
        return True
    asked, said = content_words(question), content_words(text)
    if len(asked & said) >= min(2, len(asked)) and asked & said:
        return True
    if _WHEN.search(question) and _TIME_VALUE.search(text):
        return True
    if _HOW_MUCH.search(question) and _AMOUNT_VALUE.search(text):
        return True
    if _YES_NO.search(question) and _YES_NO_VALUE.search(text):
        return True
    if reading.asks and not reading.answers:
        return _requests_missing(ctx, index, reading.asks)
    if reading.asks_info or reading.asks:
        return True  # asks back (what is meant, which one): engaged, not ignored
    first = _first_said(ctx).get(" ".join(text.split()).casefold())
    if first is not None and first < index:
        return "it repeats an earlier support turn"
    return None


def _replies(ctx: GradeContext) -> list[SupportRead | None]:
    """Per turn, support's reply to it: the next support turn with text, if no customer turn
    comes first. Found in one pass from the end (a look ahead per question was quadratic in
    a conversation of customer turns only)."""
    turns = ctx.turns
    reads = {r.index: r for r in support_reads(ctx)}
    replies: list[SupportRead | None] = [None] * len(turns)
    after: SupportRead | None = None  # the reply to the turn before `i`
    for i in range(len(turns) - 1, -1, -1):
        replies[i] = after
        turn = turns[i]
        if i in reads and turn.content:
            after = reads[i]
        elif turn.role == "customer":
            after = None
    return replies


def _first_said(ctx: GradeContext) -> dict[str, int]:
    """Each support text (spaces and case folded) and the first turn that says it."""
    return ctx.shared("questions.first_said", _support_texts)


def _support_texts(ctx: GradeContext) -> dict[str, int]:
    first: dict[str, int] = {}
    for i, turn in enumerate(ctx.turns):
        if turn.role == "support":
            first.setdefault(" ".join(turn.content.split()).casefold(), i)
    return first


def _question_part(text: str) -> str:
    """The sentences that ask ("Sorry to bother you again - how long will it take?" asks
    "how long will it take?"): courtesy around a question shares words with a sign-off
    ("No bother at all. Take care!") without being what was asked. All of it when no
    sentence reads as a question."""
    asking = [s for s in split_sentences(text) if is_question(s)]
    return " ".join(asking) or text


_DOES = {CLOSE: "closes", GREET: "greets", CHECK_IN: "checks in"}
SHORT = 4  # words: "No bother at all.", "Glad that's sorted." say nothing about a question


def _pleasantries(ctx: GradeContext, question: str, text: str) -> bool:
    """Every sentence greets or closes, or is a few words with no value and nothing of the
    question in it: a sign-off however it is worded."""
    asked = content_words(question)
    for sentence in sentences(text):
        reading = read_text(sentence, ctx)
        if reading.classes and reading.classes <= {GREETS, CLOSES}:
            continue
        short = len(sentence.split()) <= SHORT and not any(ch.isdigit() for ch in sentence)
        if not short or content_words(sentence) & asked or reading.asks_info:
            return False
    return True


def _requests_missing(ctx: GradeContext, index: int, wanted: frozenset[str]) -> bool | str:
    """A request for facts: for ones not given yet it defers the answer until support can
    give it (True); for ones already given it goes round in circles (a reason)."""
    if wanted <= _given(ctx).upto(index):
        return "it asks again for what the customer already gave"
    return True


def _on_topic(ctx: GradeContext, topic: str, text: str) -> bool:
    if knowledge_topic(text, readable(ctx)) == topic:
        return True
    said = content_words(text)
    for item in ctx.plan.scenario.support.knowledge:
        if item.id != topic:
            continue
        for answer in item.answer:
            try:
                wanted = content_words(render(answer, ctx.plan.variables))
            except TemplateError:
                wanted = content_words(answer)
            if wanted and len(wanted & said) >= max(2, len(wanted) // 2):
                return True
    return False


class _Given:
    """The facts the customer gave up to a turn, read on as the questions come (in order):
    reading them from the start for each question was quadratic."""

    def __init__(self, ctx: GradeContext) -> None:
        self.ctx = ctx
        self.read = 0  # turns read into `facts`
        self.facts: set[str] = set()

    def upto(self, index: int) -> set[str]:
        turns = self.ctx.turns
        if index + 1 < self.read:  # asked out of order: read again from the start
            self.read, self.facts = 0, set()
        for t in turns[self.read : index + 1]:
            if t.role == "customer":
                self.facts |= set(t.slots) | set(extract_facts(t.content, readable(self.ctx)))
        self.read = max(self.read, index + 1)
        return self.facts


def _given(ctx: GradeContext) -> _Given:
    return ctx.shared("questions.given", _Given)
