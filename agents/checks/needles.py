"""Exact pre-tests for the critic's costliest patterns: skip the regex when it cannot match.

A pattern that matches only where one of a few fixed strings occurs (its *needles*: "prompt"
for "my system prompt", "$" for "$12.50") need not be run over a text holding none of them.
Looking for a handful of substrings costs a fraction of what the regex engine spends trying
every alternative at every position of a turn, and the critic runs such patterns over every
turn of every conversation. Where a needle occurs, the pattern itself decides, so a check's
answer never changes: the needles only have to be *necessary* (every match contains one).

For a case-insensitive pattern the needles are lower case and looked for in `text.lower()`:
outside three characters that `re.IGNORECASE` matches to ASCII letters where `str.lower()`
does not give them ('İ', 'ı', 'ſ': `agents.checks.values.FOLD_OUTLIERS`, proven over every
code point in tests/test_critic_speed_equivalence.py), a match of a lower-case ASCII needle is
a match of `str.lower()`. A text holding an outlier is always searched.

Several patterns read the same turn one after the other (a turn's dates, amounts and flight
numbers; the shapes of recited instructions), so the lower-cased text is kept for the last
few texts (`lowered`) instead of being made again per pattern.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from agents.checks.values import FOLD_OUTLIERS

lowered = lru_cache(maxsize=64)(str.lower)
"""`str.lower` of the texts read last: the turns of the conversation being graded."""


@dataclass(frozen=True)
class Needled:
    """`pattern`, run only on texts holding one of `needles` (each necessary to any match)."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...]
    # Worked out once: `pattern.flags & re.IGNORECASE` is an enum operation in Python code.
    _folded: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        folded = bool(self.pattern.flags & re.IGNORECASE)
        if folded and any(
            n != n.lower() or (not n.isascii() and n.isalpha()) for n in self.needles
        ):
            raise ValueError(f"needles of a case-insensitive pattern are lower-case ASCII: {self}")
        object.__setattr__(self, "_folded", folded)

    def could_match(self, text: str) -> bool:
        # Loops, not any(generator): a generator per call costs more than the look-ups.
        if not self._folded:
            for needle in self.needles:  # noqa: SIM110
                if needle in text:
                    return True
            return False
        low = lowered(text)
        for needle in self.needles:
            if needle in low:
                return True
        return not text.isascii() and any(c in text for c in FOLD_OUTLIERS)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.could_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.could_match(text) else iter(())
