"""Preparing scenario-authored text for embedding: as a sentence, or mid-sentence."""

from __future__ import annotations

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
_I_VERB = re.compile(
    r"\bI (?=(?:need|want|have|tried|paid|ordered|got|"
    r"called|checked|can't|don't|didn't|used|asked|would)\b)"
)


def lower_first(text: str, keep: Sequence[str] = ()) -> str:
    """Lower-case the first word (unless 'I', a proper-looking value or a fact) and keep the end."""
    m = _PLAIN_WORD.match(text)
    if m and m.group(1) not in _KEEP_CASE and not any(v and text.startswith(v) for v in keep):
        return text[0].lower() + text[1:]
    return text


def prefix(lead: str, text: str, keep: Sequence[str] = ()) -> str:
    """`lead text`, continuing the sentence in lower case when the lead ends mid-sentence."""
    lead = lead.strip()
    if not lead:
        return text
    if not text:
        return lead
    if lead.endswith(_LEAD_GLUE) or lead[-1:].isalpha():
        return f"{lead} {lower_first(text, keep)}"
    return f"{lead} {text}"


def attach(text: str, extra: str) -> str:
    """`text. Extra`: closes the first sentence before adding another."""
    text, extra = text.rstrip(), extra.strip()
    if not extra:
        return text
    if not text:
        return extra
    if text[-1:].isalnum() or text.endswith(("'", '"', ")")):
        text += "."
    return f"{text} {extra}"


def add_filler(text: str, fillers: Sequence[str], pick: int) -> str:
    """Insert an adverb after the first 'I <verb>' subject, the way people pad speech."""
    return _I_VERB.sub(lambda m: f"I {fillers[pick % len(fillers)]} ", text, count=1)
