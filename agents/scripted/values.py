"""Fact values: how a value is compared, found in a text, varied and shaped.

The customer gives values (an order number, a date), support checks them against the plan's,
listens for them in every customer turn, and says only those it was told; these helpers hold
the one meaning of "the same value" and "said in this text" that both roles use.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from agents.phrasing.local_numbers import with_stored
from scenarios.templates import placeholders


def normalize(value: str) -> str:
    return "".join(value.split()).casefold()


def same_value(given: str, known: str) -> bool:
    return normalize(given) == normalize(known)


_RUN = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.S)


_DATE = re.compile(r"^\s*(\d{1,4})([./-])(\d{1,2})\2(\d{1,4})\s*$")


def _possible(old: str, new: str) -> bool:
    """Whether `new`, a date when `old` is one, is a date that could be someone's: a year
    between 1900 and 2035, a day 1-31, a month where the old one had a month (reading s17:
    "04/10/1562", "12.70.1996" sent again after support said they did not match)."""
    was, now = _DATE.match(old), _DATE.match(new)
    if was is None:
        return True
    if now is None:
        return False
    for a, b in zip(was.group(1, 3, 4), now.group(1, 3, 4), strict=True):
        if len(a) == 4:
            if not 1900 <= int(b) <= 2035:
                return False
        elif not 1 <= int(b) <= (12 if int(a) <= 12 else 31):
            return False
    return True


def wrong_value(value: str, rng: random.Random) -> str:
    """A value of the same shape that differs: a changed digit, else a changed letter; a
    date stays a date that could be right (a typo, never the year 1562)."""
    for _ in range(20):
        wrong = _changed(value, rng)
        if _possible(value, wrong):
            return wrong
    return wrong


def _changed(value: str, rng: random.Random) -> str:
    chars = list(value)
    digits = [i for i, ch in enumerate(chars) if ch.isdigit()]
    letters = [i for i, ch in enumerate(chars) if ch.isalpha()]
    if digits:
        if len(digits) >= 2 and rng.random() < 0.5:
            i = rng.randrange(len(digits) - 1)
            a, b = digits[i], digits[i + 1]
            if chars[a] != chars[b]:
                chars[a], chars[b] = chars[b], chars[a]
                return "".join(chars)
        pos = rng.choice(digits)
        chars[pos] = rng.choice([d for d in "0123456789" if d != chars[pos]])
        return "".join(chars)
    if letters:
        pos = rng.choice(letters)
        pool = "abcdefghijklmnopqrstuvwxyz".replace(chars[pos].lower(), "")
        new = rng.choice(pool)
        chars[pos] = new.upper() if chars[pos].isupper() else new
        return "".join(chars)
    return value + "0"


def shape_pattern(value: str) -> str:
    """A regex for values shaped like `value`: digits -> \\d, letters -> letters, rest kept."""
    parts: list[str] = []
    for m in _RUN.finditer(value):
        run = m.group(0)
        if run.isdigit():
            parts.append(rf"\d{{{len(run)}}}")
        elif run.isalpha():
            parts.append(rf"[^\W\d_]{{{len(run)}}}")
        elif run.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(run))
    return r"(?<![\w@.])" + "".join(parts) + r"(?![\w@])"


@lru_cache(maxsize=4096)
def shape_regex(value: str, flags: int = 0) -> re.Pattern[str]:
    """`shape_pattern(value)` compiled, once per value: a conversation's values are new to
    `re`'s own cache, which the many values of a run crowd out before they are used again."""
    return re.compile(shape_pattern(value), flags)


@lru_cache(maxsize=4096)
def value_regex(value: str) -> re.Pattern[str]:
    """`value_pattern(value)` compiled, ignoring case (see `shape_regex`)."""
    return re.compile(value_pattern(value), re.IGNORECASE)


def value_pattern(value: str) -> str:
    """A regex for exactly `value`, ignoring case and how much whitespace separates words."""
    words = [re.escape(w) for w in value.split()]
    return r"(?<![\w@])" + r"\s+".join(words) + r"(?![\w@])"


# ---- what support has been told ------------------------------------------------------------


# Characters re.IGNORECASE matches with an ASCII letter where str.lower() does not give that
# letter as one character (as agents.checks.values.FOLD_OUTLIERS).
_FOLD_OUTLIERS = ("\u0130", "\u0131", "\u017f")


def heard_in(text: str, known: Mapping[str, str]) -> list[str]:
    """The customer's facts whose values appear in `text` (said in passing counts)."""
    # A match of an ASCII value means each of its words, lower-cased, is in the lower-cased
    # text (unless the text holds a character that folds otherwise): a value that fails this
    # cannot match, and its pattern is never compiled.
    text = with_stored(text)  # '18. Juni 2025', '489 $' as the record says them too
    folded = None if any(c in text for c in _FOLD_OUTLIERS) else text.lower()
    return [name for name, value in known.items() if value and _said(value, text, folded)]


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


def said_loosely(value: str, text: str) -> bool:
    """Whether `text` states a worded value in other function words: each of its words of
    four letters or more (by its first five letters, so 'Kontos' is 'Konto') is in the text.
    The customer says the value as a person does ('Titular de mi cuenta', 'titulaire de mon
    compte', 'titular da minha conta' for 'titular de la cuenta'); a value of identifiers or
    short words (codes, numbers, 'no') is never matched this way."""
    words = _CONTENT_WORD.findall(value.lower())
    if not words or any(ch.isdigit() for ch in value):
        return False
    said = {w[:5] for w in _CONTENT_WORD.findall(text.lower())}
    return all(w[:5] in said for w in words)


def _said(value: str, text: str, folded: str | None) -> bool:
    """`value_regex(value).search(text)`; `folded` is `text.lower()`, None when the text has
    a fold outlier. Without one, a text lower-cases to as many characters (only U+0130 does
    not), each matching an ASCII character as re.IGNORECASE matches it: so an ASCII value
    is found by `str.find`, word by word, its edges checked as the pattern's lookarounds do
    and the whitespace between its words as its `\\s+` does (no pattern is compiled for the
    many values a run sees once)."""
    words = None if folded is None else _ascii_words(value)
    if folded is None or not words:
        return value_regex(value).search(text) is not None
    if any(word not in folded for word in words):
        return False
    first, rest, n = words[0], words[1:], len(text)
    at = folded.find(first)
    while at != -1:
        if at == 0 or not _wordish(text[at - 1]):
            end = at + len(first)
            for word in rest:  # `\\s+` then the word: greedy, and no word starts with a space
                gap = end
                while end < n and text[end].isspace():
                    end += 1
                if end == gap or not folded.startswith(word, end):
                    break
                end += len(word)
            else:
                if end == n or not _wordish(text[end]):
                    return True
        at = folded.find(first, at + 1)
    return False


@lru_cache(maxsize=4096)
def _ascii_words(value: str) -> tuple[str, ...] | None:
    """An ASCII value's words, lower-cased (None for any other value): a conversation's
    values are looked for in every customer turn."""
    return tuple(word.lower() for word in value.split()) if value.isascii() else None


def _wordish(ch: str) -> bool:
    """What the pattern's `[\\w@]` matches: a word character (re's Unicode sense) or @."""
    return ch.isalnum() or ch in "_@"


def sayable(
    templates: Sequence[str], known: Mapping[str, str], told: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The templates that state only facts support was told, and (when none does) the facts
    the first template needs that it was not told: support asks rather than guess a date or
    a payment method the customer never gave."""
    unheard = [[n for n in placeholders(t) if n in known and n not in told] for t in templates]
    fine = [t for t, missing in zip(templates, unheard, strict=True) if not missing]
    return fine, ([] if fine else unheard[0])
