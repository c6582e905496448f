"""Which languages the customer wrote in, or asked support to use (agents.checks.language).

A turn's language is decided from its own text (agents.understanding.languages), and a short
turn, or one whose words two close languages share, is left undecided. That is right for
reading a turn alone, but a conversation knows more: the persona's language. A customer
turn the reader leaves undecided between Portuguese and Spanish ("... duas vezes este mês",
an accent French shares) is still not English, and the persona says which of the two it is;
a conversation whose customer wrote only such turns is not "unreadable", and English replies
to it are replies in a language the customer never used (outsider 26's d27: a Portuguese
member answered in English throughout, ACCEPT with no finding; outsider 25's B12, a Spanish
customer's long opening undecided between Spanish and Portuguese, so the first English reply
was not judged and one wrong reply was too few for a finding).

A customer who asks support to go on in a language ("¿podemos seguir en inglés?", "can you
answer in German?") has chosen it: replies in it are no fault, whatever the customer wrote
in before or writes in after.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.phrasing.cue import Cue
from agents.types import Turn
from agents.understanding.languages import (
    DECIDE_MARGIN,
    DECIDE_MIN_SCORE,
    DECIDE_MIN_WORDS,
    EN,
    asks_for_language,
    decided_language,
    language_scores,
)

# The persona id `convsim grade` gives a log's customer (simulator.quality.grade_input): a log's
# `persona.language` is the real customer's, not a draw from the default mix.
LOG_PERSONA_ID = "unknown"

# Customer turns that may name a language, on the raw text: only these are folded and read.
NAMES_A_LANGUAGE = Cue(
    r"ingl|engl|angl|espa|span|castell|fran[cç]|french|deutsch|german|alem|portu|language|idioma|"
    r"langue|sprache"
)


def leans_to(text: str, persona: str) -> bool:
    """An undecided customer turn that reads as the persona's language at least as much as
    any other, with the evidence a decided turn needs (five words, a score of two) and
    English well behind: a non-English persona's customer writing their own language in words
    a close language shares. Never for an English persona: an English customer's undecided
    turn is mixed or garbled, which is what "unreadable" is for."""
    if persona == EN or len(text.split()) < DECIDE_MIN_WORDS:
        return False
    score = language_scores(text)
    own = score.get(persona, 0.0)
    if own < DECIDE_MIN_SCORE or own < max(score.values(), default=0.0):
        return False
    return own >= DECIDE_MARGIN * score.get(EN, 0.0)


def customer_language(text: str, persona: str) -> str | None:
    """The language a customer turn is in: decided from its text, or the persona's where the
    text leans to it (`leans_to`); None when neither."""
    lang = decided_language(text)
    if lang is None and leans_to(text, persona):
        return persona
    return lang


def unreadable_so_far(turns: Sequence[Turn], index: int, persona: str) -> bool:
    """The customer wrote before support's turn `index`, and none of it has a language
    (a garbled or very short opening such as "Sn intrnte"): a reply in any language answers
    text nobody can place, so it is not judged against the persona's language. From the
    customer's first readable turn on, their language counts as usual."""
    wrote = False
    for turn in turns[:index]:
        if turn.role != "customer" or not turn.content.strip():
            continue
        if customer_language(turn.content, persona) is not None:
            return False
        wrote = True
    return wrote


def add_customer_languages(
    turns: Sequence[Turn], start: int, end: int, used: set[str], persona: str
) -> int:
    """Adds to `used` the languages of the customer turns in `turns[start:end]`: each turn's
    own (`customer_language`) and any it asks support to go on in. Returns where reading
    stopped, for the next call to start from."""
    for turn in turns[start:end]:
        if turn.role != "customer":
            continue
        lang = customer_language(turn.content, persona)
        if lang is not None:
            used.add(lang)
        if NAMES_A_LANGUAGE.search(turn.content):
            asked = asks_for_language(turn.content)
            if asked is not None:
                used.add(asked)
    return max(start, end)
