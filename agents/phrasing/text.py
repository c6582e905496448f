"""Preparing scenario-authored text for embedding: as a sentence, or mid-sentence."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

_ENDS = (".", "!", "?", "…", ":", ")", '"')
_PLAIN_WORD = re.compile(r"^([A-Z][a-z']*)\b")
_KEEP_CASE = frozenset({"I", "I'm", "I've", "I'd", "I'll"})


def as_sentence(text: str | None) -> str:
    if not text:
        return ""
    text = text.strip()
    if text and not text.endswith(_ENDS):
        text += "."
    return text


# Scenario text written the way a careless typist writes ("the {product} i ordered is
# broken. how do i get a refund") is carried by personas who do not write that way: the
# lower-case "i" and the question without its mark are the persona's quirks to add, not
# the scenario's.
_LOWER_I = re.compile(r"(?<![\w'-])i(?=(?:'(?:m|ve|d|ll))?(?![\w'-]))")
_LAST_SENTENCE = re.compile(r"(?:^|[.!?]\s+)([^.!?]+)$")
_QUESTION_START = re.compile(
    r"(?i)^\s*(?:(?:hi|hello|hey)\b[,!.]*\s+)?(?:(?:how|what|why|when|where|who)'s\b|"
    r"(?:how|what|why|when|where|who|which)\s+(?:do|does|did|is|are|was|can|"
    r"could|should|would|will|long|much|many|fast|soon)|(?:do|does|did|is|are|can|could|"
    r"would|will|should|may|has|have)\s+(?:i|you|we|it|they|he|she|my|the|this|that|there|"
    r"your|someone|anyone|anybody))\b"
)


def standard_case(text: str) -> str:
    """The pronoun "I" in capitals, and a last sentence that asks ended with "?"."""
    lowered = " i " in text or " i'" in text or text.startswith(("i ", "i'"))
    if lowered and _LOWER_I.search(text):
        text = _LOWER_I.sub("I", text)
    stripped = text.rstrip()
    if stripped and not stripped.endswith(_ENDS):
        last = _LAST_SENTENCE.search(stripped)
        if last is not None and _QUESTION_START.match(last.group(1)):
            return stripped + "?"
    return text


def as_clause(text: str | None, keep: Sequence[str] = ()) -> str:
    """Lower-cased start (unless it is 'I', a name-like value or a fact) and no final stop."""
    if not text:
        return ""
    text = text.strip().rstrip(".!")
    m = _PLAIN_WORD.match(text)
    if m and m.group(1) not in _KEEP_CASE and not any(v and text.startswith(v) for v in keep):
        text = text[0].lower() + text[1:]
    return text


def values_of(facts: dict[str, str]) -> list[str]:
    return [v for v in facts.values() if v]


_LEAD_GLUE = (",", " -", "...", "…")
# "I <verb>" as the subject of a statement: at a sentence's start or after a comma or a
# conjunction, never after an auxiliary ("will I need"), a noun ("the sweater I got") or a
# subordinator ("until I need it"), and "have" only as a verb of obligation or experience
# ("I have to", not "I have 6277 as the account number").
_I_VERB = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=, )|(?<=\band )|(?<=\bbut )|(?<=\bso ))I (?=(?:need|want|"
    r"have (?:to|been|already|tried)|tried|paid|ordered|called|checked|can't|don't|didn't|"
    r"used|asked)\b)"
)


# A stop, a space and a lower-case letter, not after "..." (which trails off). The stop
# comes first and what precedes it is checked behind it: the engine jumps from stop to stop
# instead of trying a look-behind at every character. The match is the stop, the space and
# the letter, so its upper case is the fix.
_LOWER_START = re.compile(r"[.!?](?<=[^.][.!?]) [a-z]")


def capitalize_sentences(text: str) -> str:
    """A sentence that starts in lower case after a full stop (a frame's "Fair." before a
    fact frame "a gift card (payment method)") gets its capital; quirks may drop it later."""
    return _LOWER_START.sub(_upper, text)


def _upper(m: re.Match[str]) -> str:
    return m.group().upper()


def lower_first(text: str, keep: Sequence[str] = ()) -> str:
    """Lower-case the first word (unless 'I', a proper-looking value or a fact) and keep the end."""
    m = _PLAIN_WORD.match(text)
    if m and m.group(1) not in _KEEP_CASE and not any(v and text.startswith(v) for v in keep):
        return text[0].lower() + text[1:]
    return text


def prefix(lead: str, text: str, keep: Sequence[str] = ()) -> str:
    """`lead text`, continuing the sentence in lower case when the lead ends mid-sentence."""
    lead, text = lead.strip(), text.lstrip()  # an empty optional part leaves a space
    if not lead:
        return text
    if not text:
        return lead
    if lead.endswith(_LEAD_GLUE) or lead[-1:].isalpha():
        return f"{lead} {lower_first(text, keep)}"
    return f"{lead} {text}"


def attach(text: str, extra: str) -> str:
    """`text. Extra`: closes the first sentence before adding another (and the added one:
    an aside drawn to lead a sentence, "Fyi, the app shows nothing,", ends with a stop)."""
    text, extra = text.rstrip(), extra.strip()
    if extra.endswith(","):
        extra = extra[:-1] + "."
    if not extra:
        return text
    if not text:
        return extra
    if text[-1:].isalnum() or text.endswith(("'", '"', ")")):
        text += "."
    return f"{text} {extra}"


_INTENSIFIED = re.compile(r"\S+(?: \S+)? (really|truly|honestly|just|actually|totally)\b")


def add_filler(text: str, fillers: Sequence[str], pick: int) -> str:
    """Insert an adverb after the first 'I <verb>' subject of a statement, the way people
    pad speech (not in a question: "What do I totally have to do?")."""
    for m in _I_VERB.finditer(text):
        end = re.search(r"[.!?]", text[m.end() :])
        if end is not None and end.group() == "?":
            continue
        if _INTENSIFIED.match(text, m.end()):  # not "I totally don't really understand"
            continue
        return f"{text[: m.start()]}I {fillers[pick % len(fillers)]} {text[m.end() :]}"
    return text


_GREETING_ONLY = re.compile(
    r"(?i)^\s*(hi|hello|hey|hiya|greetings|good (morning|afternoon|evening|day))\b[\w ]{0,14}"
    r"[.!,]*\s*$"
)
_ASKS = re.compile(
    r"(?i)(\?|\b(can|could) (you|i|we)\b|\bi(?:'d| would) like\b|\bi want\b|\bi need\b|\bplease\b|"
    r"\bhow (do|can) i\b|\bhelp\b)"
)


def terse_opening(content: str, rng: random.Random, splitter: re.Pattern[str]) -> str:
    """What a terse writer keeps of a long opening: its first sentence with content (what it
    is about) and its request; never a bare greeting, nor the first sentence alone when the
    request comes later ("Good afternoon.", "I'm the billing contact for our team.")."""
    sentences = splitter.split(content.strip())
    if len(sentences) < 2:
        return content
    start = 1 if _GREETING_ONLY.match(sentences[0]) else 0
    ask = next((i for i in range(start, len(sentences)) if _ASKS.search(sentences[i])), None)
    if ask is None:
        return " ".join(sentences[start : start + rng.choice((1, 1, 2))])
    return " ".join(sentences[i] for i in sorted({start, ask}))


_DISCOURSE = re.compile(
    r"(?i)^\s*(so|well|ok|okay|um|erm|uh|right|honestly|look|anyway|oh|hmm|basically|yeah|"
    r"ah|alright|listen|mm|see|fine|seriously|ugh|sigh|come on|but|and)\b"
)


def marked(text: str, greeting: re.Pattern[str] | None = None) -> bool:
    """The text (past its greeting) already opens with a discourse marker or a conjunction:
    no lead goes before it ("So. Look, ..."), no "But," ("But but ...")."""
    m = greeting.match(text) if greeting is not None else None
    return bool(_DISCOURSE.match(text[m.end() :] if m else text))
