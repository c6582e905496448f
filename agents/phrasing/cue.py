"""Case-insensitive cues searched in lower-cased text.

A pattern compiled with re.IGNORECASE is tried at every position of the text with every
alternative of its alternation (its case-folded letters give the engine nothing to skip
ahead by): the stance and complaint cues, a hundred words each, cost 60 times more that way
than the same pattern, case-sensitive, over the lower-cased text. `Cue` gives the second at
the first's meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Characters re.IGNORECASE matches with an ASCII letter where str.lower() does not give that
# letter as one character (as agents.checks.values.FOLD_OUTLIERS).
FOLD_OUTLIERS = ("\u0130", "\u0131", "\u017f")
# Characters outside ASCII that lower-casing maps one to one, and that re.IGNORECASE
# matches exactly as their lower case does (tests/test_phrasing_fast.py checks both): a
# text made of these and ASCII can be matched lower-cased, whatever letters the pattern has.
FOLDABLE = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝÞàáâãäåæçèéêëìíîïñòóôõöøùúûüýþÿßŒœ¿¡«»‘’“”–—…€°ºª·\u00a0\u202f"
)
_UNFOLDABLE = re.compile("[^\\x00-\\x7f" + "".join(map(re.escape, sorted(FOLDABLE))) + "]")
# Blocks of uncased characters (see `uncased`) that customers' texts carry: emoji, their
# joiner and variation selector, dingbats and other symbols (tests/test_phrasing_fast.py
# checks every character of them).
UNCASED_BLOCKS = "\u200d\ufe0f\u2600-\u27bf\U0001f000-\U0001faff"
_UNLOWERABLE = re.compile(
    "[^\\x00-\\x7f" + "".join(map(re.escape, sorted(FOLDABLE))) + UNCASED_BLOCKS + "]"
)


def foldable(text: str) -> bool:
    """Whether `text` may be matched lower-cased (see FOLDABLE)."""
    return text.isascii() or _UNFOLDABLE.search(text) is None


def lowerable(text: str) -> bool:
    """Whether a pattern of lower-case, FOLDABLE and uncased characters may be searched in
    `text` lower-cased: a foldable text, emoji and symbols allowed."""
    return text.isascii() or _UNLOWERABLE.search(text) is None


def uncased(char: str) -> bool:
    """A character case does not touch (an emoji, a symbol): lower- and upper-casing leave it
    as it is, so re.IGNORECASE matches it only as itself, and a foldable text lower-cased
    holds it only where the text did (tests/test_phrasing_fast.py)."""
    return char.lower() == char == char.upper()


def _lowered(pattern: str) -> bool:
    """Whether `pattern` searched case-sensitively in a lower-cased foldable text finds what
    it finds case-insensitively: written in lower case, of ASCII, FOLDABLE and uncased
    characters (the emoji of an anger cue kept it case-insensitive, 6 times slower)."""
    bare = _GROUP_SYNTAX.sub("", pattern)  # the P of (?P<name>...) is no letter to match
    return bare == bare.lower() and (
        foldable(pattern) or all(c.isascii() or c in FOLDABLE or uncased(c) for c in pattern)
    )


_GROUP_SYNTAX = re.compile(r"\(\?P(?=[<=])")


class Cue:
    """A case-insensitive pattern written in lower case: whether it occurs in a text, found
    in the lower-cased text. A pattern of ASCII may be searched so in any text without a fold
    outlier, one with other letters or emoji in a foldable text (emoji and symbols allowed,
    `lowerable`); otherwise (and for a pattern with
    capitals, such as an escape like \\S) the search is case-insensitive.
    tests/test_phrasing_fast.py holds each cue to its re.IGNORECASE search."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.any_case = re.compile(pattern, re.IGNORECASE)
        self.lower = re.compile(pattern) if _lowered(pattern) else None
        self.ascii = pattern.isascii()

    def lowers(self, text: str) -> bool:
        """Whether `text` may be searched lower-cased with this pattern."""
        return self.lower is not None and (
            text.isascii()
            or (not any(c in text for c in FOLD_OUTLIERS) if self.ascii else lowerable(text))
        )

    def search(self, text: str) -> bool:
        if self.lowers(text):
            return self.lower.search(text.lower()) is not None  # type: ignore[union-attr]
        return self.any_case.search(text) is not None


class LowerCase:
    """A case-insensitive pattern written in lower case whose matches are wanted (a `Cue`
    gives only whether it occurs): found in the lower-cased text where a Cue would search
    it so. Lower-casing such a text keeps its length (only U+0130, a fold outlier, lowers to
    two characters), so each match's span is the text's; its groups are the lower-cased
    text's, for callers that read them lower-cased or as digits. The month names of a date
    tried at every position of a turn case-insensitively cost 2.4 times as much.
    tests/test_phrasing_fast.py holds its matches to the re.IGNORECASE ones."""

    def __init__(self, pattern: str) -> None:
        self.cue = Cue(pattern)
        if self.cue.lower is None:
            raise ValueError(f"not a lower-case pattern of foldable characters: {pattern!r}")
        self.lower: re.Pattern[str] = self.cue.lower
        self.any_case = self.cue.any_case

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.cue.lowers(text):
            return self.lower.finditer(text.lower())
        return self.any_case.finditer(text)

    def search(self, text: str) -> bool:
        return self.cue.search(text)
