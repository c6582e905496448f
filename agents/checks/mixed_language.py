"""A whole sentence in a language the customer never used, inside a reply otherwise in theirs.

agents.checks.language decides each reply's language as a whole, so one English sentence in a
German reply leaves the reply German and passed (outsider 21's false pass 4: "Sorry, I still
need this before I can go on. Danke. An welche E-Mail-Adresse geht das Paket?"). That sentence
is one the customer may not read, from a side that writes their language: a broken step (a
fallback string, a translation layer that skipped a sentence), so it is `wrong_language`
major, as a whole stray reply from such a side is; a sentence that only greets, thanks or
signs off ("Have a nice day!") costs the customer nothing to miss, and is a minor note.

Read, sentence by sentence, in a reply whose other sentences are in a language the customer
used: a sentence is stray when, without what it quotes ("...", „...", «...»), its codes,
addresses and links, it still has four words or more and its own words show another language
(agents.understanding.languages.clause_language: two function words of it and none of the
reply's). Not stray: a quoted name, a product or plan name ("Premium Plus"), a code, an
address, a short word ("OK.", "Hi Anna,"), and any sentence in a language the customer wrote
in anywhere in the conversation (a customer who switches may be answered in either).

A sentence of two or three words ("Let me check." in a German reply, outsider 22) is stray
when it is English by two function words or more, twice as many as the reply's language has
in it ("No me digas" is Spanish as much as English), and written in ASCII. It is reported as
a minor note: it shows the same broken step, but a customer who cannot read "Let me check."
or "Please hold on." loses little. A lone word ("OK.", "Sorry!", "Thanks.") and a name or
code are no sentence at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from agents.checks import GradeContext
from agents.checks.pii import mask_pii
from agents.checks.reading import read_text, sentences
from agents.types import Finding
from agents.understanding.languages import (
    NAMES,
    clause_language,
    decided_language,
    function_words,
)

# What a sentence quotes or names that is no sentence of a language: quoted text, links,
# email addresses, and tokens with a digit (codes, amounts, dates).
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|‚[^‘’]*[‘’]|'[^']{2,}'(?!\w)")
_NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\S*\d\S*")
_MIN_WORDS = 4
_SHORT_MIN_WORDS = 2  # a short stray sentence (English only): see the module's docstring


# A capitalised word after the first: a name ("Las Vegas", "São Paulo", "Full Service").
_NAME = re.compile(r"(?<=\S)(\s+)[^\W\d_]*[A-ZÀ-ÖØ-Þ][^\W\d_]*")


def _bare(sentence: str) -> str:
    return _NOT_WORDS.sub(" ", _QUOTED.sub(" ", sentence))


def _unnamed(sentence: str) -> str:
    """The sentence without its names (capitalised words after its first) and markup: what
    is left must still read as a sentence of its own language. German nouns go too; its
    function words stay."""
    return _unnamed_bare(_bare(sentence))


def _unnamed_bare(bare: str) -> str:
    """`_unnamed` of a sentence already `_bare`."""
    return _NAME.sub(" ", bare.replace("*", " ").replace("_", " "))


def stray_sentence(text: str, used: Iterable[str]) -> tuple[str, str] | None:
    """The first whole sentence of the reply in a language none of `used`, where the rest of
    the reply is in one of them: (sentence, its language); None otherwise. A sentence of
    four words or more is looked for first, then a short English one."""
    theirs = set(used)
    parts = sentences(text)
    if len(parts) < 2:
        return None
    short: tuple[str, str] | None = None
    bares = [_bare(p) for p in parts]  # once each, not once for every other sentence
    for i, sentence in enumerate(parts):
        bare = _unnamed_bare(bares[i])
        count = len(re.findall(r"[^\W\d_]+", bare))
        if count < _SHORT_MIN_WORDS or (count < _MIN_WORDS and short is not None):
            continue
        rest = " ".join(b for j, b in enumerate(bares) if j != i)
        home = decided_language(rest)
        if home is None or home not in theirs:
            continue
        if count < _MIN_WORDS:
            if "en" not in theirs and _short_english(bare, home):
                short = (sentence, "en")
            continue
        lang = clause_language(bare, home) or _mostly_english(bare, home)
        if lang is not None and lang not in theirs and function_words(bare, lang) >= 2:
            return sentence, lang
    return short


def is_short(sentence: str) -> bool:
    """Fewer than four words once names, codes and quotes are left out."""
    return len(re.findall(r"[^\W\d_]+", _unnamed(sentence))) < _MIN_WORDS


def _short_english(sentence: str, home: str) -> bool:
    """A two- or three-word sentence that is English: ASCII, two English function words or
    more, at least twice the reply language's ("Let me check." in Portuguese: "me" is both)."""
    if home == "en" or not sentence.isascii():
        return False
    english = function_words(sentence, "en")
    return english >= 2 and english >= 2 * function_words(sentence, home)


def _mostly_english(sentence: str, home: str) -> str | None:
    """English by its function words three to one over the reply's language ("I can only
    change it once you have given me your email": "me" is Portuguese too)."""
    if home == "en":
        return None
    english = function_words(sentence, "en")
    return "en" if english >= 3 and english >= 3 * function_words(sentence, home) else None


def mixed_reply(ctx: GradeContext, used: set[str]) -> Finding | None:
    """The first support reply holding a stray sentence (module docstring), as a finding."""
    for index, turn in enumerate(ctx.turns):
        if turn.role != "support" or not turn.content.strip():
            continue
        found = stray_sentence(turn.content, used)
        if found is None:
            continue
        sentence, lang = found
        short = is_short(sentence)
        formula = short or _only_courtesy(sentence, ctx)
        theirs = " or ".join(NAMES[code] for code in sorted(used) if code in NAMES)
        return Finding(
            turn=index,
            dimension="task_success",
            category="wrong_language",
            severity="minor" if formula else "major",
            evidence=mask_pii(sentence),
            explanation=f"one sentence of a reply otherwise in {theirs} is in "
            f"{NAMES.get(lang, lang)}, a language the customer never used: they may not read "
            "it, and the side writes theirs"
            + (
                " (a sentence of a few words: a note)"
                if short
                else " (a greeting, thanks or sign-off: a note)"
                if formula
                else ""
            ),
        )
    return None


def _only_courtesy(sentence: str, ctx: GradeContext) -> bool:
    """A greeting, thanks or sign-off and nothing else ("Have a nice day!", "Thank you for
    your patience."): the customer loses nothing by not reading it."""
    reading = read_text(sentence, ctx)
    if reading.asks_info or reading.claims or reading.offers or reading.refuses:
        return False
    if reading.hands_over or reading.answers:
        return False
    return reading.greets or reading.closes or _THANKS.search(sentence.casefold()) is not None


_THANKS = re.compile(r"^\W*(?:thank|thanks|many thanks|cheers)\b|\bhave a (?:nice|good|great)\b")
