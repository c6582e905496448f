"""What support's decision ruled out, and the knowledge answers that take it for granted.

A decision can say no to part of the request ("monthly renewals cannot be refunded", "so I
can't refund it", "it isn't refundable"). A knowledge answer about that part ("allow 5 to 7
business days for the refund", "Photos aren't required for this refund") then speaks of
something that is not happening: support saying it contradicts its own turn, and a customer
asking for it ignores what support just said. Both sides ask the same question here: which
word stems the decision negated, and whether every answer of a topic speaks of one.

Read from the words after a negated modal or a negated "-able" adjective, so it holds for any
scenario's text; an English-only reading (other languages' decisions rule out nothing here,
which keeps their behaviour as it was).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from agents.types import ConversationPlan

# "can't refund it", "cannot be refunded", "not able to reverse this fee", "unable to issue a
# credit": the words after the negation, of which the first that carries content is the thing
# ruled out.
_NEGATED = re.compile(
    r"(?i)\b(?:can't|cannot|can not|couldn't|won't be able to|not able to|unable to)"
    r"((?:\s+[a-z$'-]+){1,4})"
)
# "it isn't refundable", "a non-refundable rate"
_NOT_ABLE = re.compile(r"(?i)\b(?:isn't|is not|aren't|are not|non-)\s*([a-z]{3,}able)\b")
# "no refund of the unused premium is due"
_NONE_DUE = re.compile(
    r"(?i)\bno\s+([a-z]{4,})\b[^.;!?]{0,40}?\b(?:is|are|will be)\s+"
    r"(?:due|possible|available|payable)\b"
)
# Words between the negation and what it rules out: auxiliaries, determiners, light verbs.
_LIGHT = frozenset(re.findall(r"\S+", """
    be been a an the this that these those it its one any you your to get go ahead with do
    make issue process offer give set up yet more anything them so for on of really currently
"""))  # fmt: skip
# Words after which nothing is ruled out: "I can't do it from here", "can't right now".
_NOTHING = frozenset(re.findall(r"\S+", """
    from here there now until because since anymore right today without unless myself
    personally tell see find say
"""))  # fmt: skip
_WORD = re.compile(r"[a-z]{3,}")


def stem(word: str) -> str:
    """Five letters: "refund", "refunds", "refunded", "refundable" meet at "refun"."""
    return word[:5]


# The same patterns, case-sensitive, for an ASCII text lower-cased: there they match where
# the case-insensitive ones match in the text (no ASCII letter folds to anything but its other
# case), and the engine can skip ahead by their first letters, which re.IGNORECASE denies it.
_LOWERED = tuple(
    re.compile(p.pattern.removeprefix("(?i)")) for p in (_NEGATED, _NOT_ABLE, _NONE_DUE)
)


@lru_cache(maxsize=4096)
def ruled_out(text: str) -> frozenset[str]:
    """Stems of what `text` says will not happen (cached: one decision text is read again on
    later turns of its conversation)."""
    negated, not_able, none_due = _NEGATED, _NOT_ABLE, _NONE_DUE
    if text.isascii():
        text = text.lower()
        negated, not_able, none_due = _LOWERED
    found: set[str] = set()
    for m in negated.finditer(text):
        for word in m.group(1).lower().split():
            if word not in _LIGHT:
                if word not in _NOTHING and word.isalpha() and len(word) >= 4:
                    found.add(stem(word))
                break
    found.update(stem(m.group(1).lower()) for m in not_able.finditer(text))
    found.update(stem(m.group(1).lower()) for m in none_due.finditer(text))
    return frozenset(found)


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text.lower()))


def speaks_of(answer: str, out: frozenset[str]) -> bool:
    """Whether `answer` mentions something in `out` (stems from `ruled_out`)."""
    return bool(out) and not out.isdisjoint(_stems(answer))


@lru_cache(maxsize=2048)
def _keyword_stems(keyword: str) -> frozenset[str]:
    return _stems(keyword)


def covering(answers: list[str], question: str, keywords: Iterable[str]) -> list[str]:
    """The answers that speak of what the question asked: of the topic's keywords the
    question names ("direct debit" in "Do my direct debits still work?"), the answers that
    name the most (by stem). All of them when the question names none, or no answer does:
    the topic was matched some other way, and any answer is as good."""
    asked = _stems(question)
    hit = [s for k in keywords if (s := _keyword_stems(k)) and s <= asked]
    if not hit:
        return answers
    scores = [sum(1 for s in hit if s <= _stems(t)) for t in answers]
    best = max(scores, default=0)
    return [t for t, n in zip(answers, scores, strict=True) if n == best] if best else answers


def written_for(plan: ConversationPlan, topic: str, decision: str) -> bool:
    """A flow beat asks the topic after a refusal and the decision is one: the author wrote
    its answer for that moment ("You can keep the flight or upgrade the cabin, which then
    allows changes"), whatever it mentions."""
    return decision == "refuse" and any(
        b.asks == topic and b.after == "refuse" for b in plan.scenario.flow
    )


def fitting(
    plan: ConversationPlan, topic: str, decision: str, said: str, answers: list[str]
) -> list[str]:
    """The topic's answers that still hold after the decision `said`: none when the topic
    itself is about what it ruled out (its id or keywords name it: "refund_timing" after "I
    can't refund it", whose answer "allow 5 to 7 business days for your bank" does not say
    "refund"), else those that speak of nothing it ruled out. All of them before a decision,
    or when a flow line asks the topic after this refusal."""
    if not decision or written_for(plan, topic, decision):
        return answers
    out = ruled_out(said)
    if not out:
        return answers
    item = next((k for k in plan.scenario.support.knowledge if k.id == topic), None)
    about = " ".join([topic.replace("_", " "), *(item.keywords if item is not None else ())])
    if speaks_of(about, out):
        return []
    return [t for t in answers if not speaks_of(t, out)]


def moot(plan: ConversationPlan, topic: str, decision: str, said: str, answers: list[str]) -> bool:
    """Whether asking about the topic now ignores the decision: no answer holds after it
    ("When will I see the money?" after "monthly renewals cannot be refunded")."""
    return bool(answers) and not fitting(plan, topic, decision, said, answers)
