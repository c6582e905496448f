"""Masking fact values in text, the hot step of the customer checks, without a regex per value.

Several checks leave the plan's fact values (order ids, names, emails) out of a text before
reading it. Their rule is `re.sub(re.escape(value), repl, text, flags=re.IGNORECASE)` applied
value after value, longest first; that rule stays the definition (a later value may match
inside an earlier replacement, and equal-length values keep the order they are given in).
Compiling one pattern per value per conversation cost more than all the checks together (the
values change with every plan, so `re`'s cache always misses), so this module gives the same
result with `str.find`:

- For an ASCII value, re's case-insensitive match of a character equals comparing
  `str.lower()` of both sides, except for three characters re also matches with ASCII letters
  and `str.lower()` does not map one-to-one (İ, ı, ſ). A text with one of them takes the
  regex path, and so does a value that is not ASCII, unless the longest ASCII piece of it is
  missing from the text (then the value is too). tests/test_critic_speed_equivalence.py
  checks this against `re` over every Unicode code point.
- The texts of one call are masked as one string joined with NUL: a value without NUL never
  matches across it, so each part comes out as if masked alone, with one scan per value
  instead of one per value and text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# Characters that re.IGNORECASE matches with an ASCII letter where str.lower() does not give
# that letter as one character (İ lowers to two characters; ı and ſ do not lower to i and s).
FOLD_OUTLIERS = ("\u0130", "\u0131", "\u017f")
_JOIN = "\x00"
_ASCII_RUN = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=512)
def value_pattern(value: str) -> re.Pattern[str]:
    """The regex of the original rule, for the values and texts `str.lower()` cannot serve."""
    return re.compile(re.escape(value), re.IGNORECASE)


@lru_cache(maxsize=2048)
def _ascii_piece(value: str) -> str:
    """The longest run of ASCII characters in the value, lower case ("" when it has none)."""
    return max(_ASCII_RUN.findall(value), key=len, default="").lower()


def mask_values(texts: Sequence[str], values: Sequence[str], repl: str) -> list[str]:
    """Each text with every value replaced by `repl`, case-insensitively, value by value in
    the given order: `re.sub(re.escape(v), repl, text, flags=re.IGNORECASE)` for each v."""
    if not texts:
        return []
    if not values:
        return list(texts)
    if len(texts) == 1:
        return [mask_text(texts[0], values, repl)]
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1 or _JOIN in repl or any(_JOIN in v for v in values):
        return [mask_text(t, values, repl) for t in texts]
    return mask_text(joined, values, repl).split(_JOIN)


def mask_text(text: str, values: Sequence[str], repl: str) -> str:
    """One text with every value replaced by `repl` (see `mask_values`)."""
    if "\\" in repl or not repl.isascii():  # re.sub would expand escapes: keep its rule
        for value in values:
            text = value_pattern(value).sub(repl, text)
        return text
    fast = text.isascii() or not any(c in text for c in FOLD_OUTLIERS)
    # text.lower(): the same length, so positions carry over. Only its ASCII characters are
    # compared, so lowering piece by piece (a final sigma may come out differently) is exact.
    folded: str | None = None
    folded_repl = repl.lower()
    for value in values:
        if not (fast and value and value.isascii()):
            if fast and value:
                # A match of the value matches each ASCII piece of it as `str.lower()` does:
                # when its longest piece is missing, so is the value, and nothing is compiled.
                piece = _ascii_piece(value)
                if piece:
                    if folded is None:
                        folded = text.lower()
                    if piece not in folded:
                        continue
            text = value_pattern(value).sub(repl, text)
            fast = text.isascii() or not any(c in text for c in FOLD_OUTLIERS)
            folded = None
            continue
        if folded is None:
            folded = text.lower()
        needle = value.lower()
        at = folded.find(needle)
        if at < 0:
            continue
        parts: list[str] = []
        folded_parts: list[str] = []  # lower case piece by piece: as good as lowering again
        start = 0
        while at >= 0:
            parts += (text[start:at], repl)
            folded_parts += (folded[start:at], folded_repl)
            start = at + len(needle)
            at = folded.find(needle, start)
        parts.append(text[start:])
        folded_parts.append(folded[start:])
        text = "".join(parts)
        folded = "".join(folded_parts)
    return text
