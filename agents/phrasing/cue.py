"""Case-insensitive cues searched in lower-cased text.

A pattern compiled with re.IGNORECASE is tried at every position of the text with every
alternative of its alternation (its case-folded letters give the engine nothing to skip
ahead by): the stance and complaint cues, a hundred words each, cost 60 times more that way
than the same pattern, case-sensitive, over the lower-cased text. `Cue` gives the second at
the first's meaning.
"""

from __future__ import annotations

import re

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


def foldable(text: str) -> bool:
    """Whether `text` may be matched lower-cased (see FOLDABLE)."""
    return text.isascii() or _UNFOLDABLE.search(text) is None


class Cue:
    """A case-insensitive pattern written in lower case: whether it occurs in a text, found
    in the lower-cased text. A pattern of ASCII may be searched so in any text without a fold
    outlier, one with other letters in a foldable text; otherwise (and for a pattern with
    capitals, such as an escape like \\S) the search is case-insensitive.
    tests/test_phrasing_fast.py holds each cue to its re.IGNORECASE search."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.any_case = re.compile(pattern, re.IGNORECASE)
        lowered = pattern == pattern.lower() and foldable(pattern)
        self.lower = re.compile(pattern) if lowered else None
        self.ascii = pattern.isascii()

    def search(self, text: str) -> bool:
        if self.lower is not None and (
            text.isascii()
            or (not any(c in text for c in FOLD_OUTLIERS) if self.ascii else foldable(text))
        ):
            return self.lower.search(text.lower()) is not None
        return self.any_case.search(text) is not None
