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


class Cue:
    """A case-insensitive pattern of lower-case ASCII words: whether it occurs in a text,
    found in the lower-cased text (a text holding a fold outlier is searched
    case-insensitively). tests/test_phrasing_fast.py holds each cue to its
    re.IGNORECASE search."""

    def __init__(self, pattern: str) -> None:
        if pattern != pattern.lower() or not pattern.isascii():
            raise ValueError(f"a cue is written in lower-case ASCII: {pattern!r}")
        self.pattern = pattern
        self.lower = re.compile(pattern)
        self.any_case = re.compile(pattern, re.IGNORECASE)

    def search(self, text: str) -> bool:
        if not text.isascii() and any(c in text for c in FOLD_OUTLIERS):
            return self.any_case.search(text) is not None
        return self.lower.search(text.lower()) is not None
