"""Finding a fact's value in a text as whole words, however it is spaced or punctuated.

The success criteria, the call-log checks, the customer checks and the invented-fact check
all ask whether a turn carries a value ("ORD-12345", "ord 12345"); they share one tokenizing
of each text, cached, since each looks for several values in every turn.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate, chain

from agents.phrasing.local_numbers import with_stored
from agents.scripted.common import shape_pattern
from agents.types import Turn

_NON_ALNUM = re.compile(r"[\W_]+")
_TOKEN = re.compile(r"[^\W_]+")
# The two above on lower-case ASCII text, where they are ASCII ranges the regex engine tests
# by bitmap instead of looking each character up in the Unicode tables.
_ASCII_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ASCII_TOKEN = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=4096)
def shape_of(value: str, flags: int = 0) -> re.Pattern[str]:
    """`agents.scripted.common.shape_regex`, compiled once per *shape*: every order number of
    a run has the same one, where compiling per value (the values change with each plan)
    parsed and compiled the same pattern again for each conversation once other patterns
    had crowded it out of `re`'s own cache."""
    return _compiled(shape_pattern(value), flags)


@lru_cache(maxsize=256)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def compact(text: str) -> str:
    """Case, spacing and punctuation removed: 'ORD-123 45' and 'ord12345' are the same value."""
    if text.isascii():
        return _ASCII_NON_ALNUM.sub("", text.lower())
    return _NON_ALNUM.sub("", text.casefold())


def contains_value(text: str, expected: str) -> bool:
    """Whether `text` carries the compacted value `expected` as whole words.

    Spacing and punctuation inside the value may differ ('ord 12345' for 'ORD-12345'), but the
    value must start and end on word boundaries, so PIN 4821 is not found in order 148213.
    """
    return token_index(text).holds(expected)


@lru_cache(maxsize=4096)
def token_index(text: str) -> TokenIndex:
    """Cached: the checks look for several values in each turn, each check on its own. A
    date or amount written another language's way ('18/06/2025', '489 $') is also found as
    the record stores it."""
    return TokenIndex(text)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """A text's tokens, then those of the stored forms of the dates and amounts it writes
    another language's way (agents.phrasing.local_numbers.with_stored)."""
    text = with_stored(text)
    if text.isascii():  # casefold is lower, and the tokens are ASCII letters and digits
        return tuple(_ASCII_TOKEN.findall(text.lower()))
    return tuple(_TOKEN.findall(text.casefold()))


# An index of more characters than this is looked up by length (`TokenIndex._aligned_texts`)
# for values up to LONGEST_INDEXED characters; a shorter one is searched (C loops win there).
LONG_INDEX = 8192
LONGEST_INDEXED = 64


class TokenIndex:
    """A text's word tokens, joined, with where each starts and ends: built once for a text
    that many values are looked for in (`contains_value`)."""

    def __init__(self, text: str) -> None:
        self._set(_tokens(text))

    @classmethod
    def of_texts(cls, texts: Sequence[str]) -> TokenIndex:
        """The index of the texts joined by newlines, from each text's cached tokens (no
        token spans a newline): a scenario's long texts are tokenized once per run."""
        index = cls.__new__(cls)
        index._set(list(chain.from_iterable(map(_tokens, texts))))
        return index

    def _set(self, tokens: Sequence[str]) -> None:
        self._tokens = list(tokens)
        self._ends = list(accumulate(map(len, tokens)))  # where each token ends, ascending
        self._joined: str | None = None  # the tokens joined, made when a search needs it
        # Per length looked up, in a long index: the texts of that many characters that start
        # and end on a token's bounds, and how many tokens have been read into them.
        self._aligned: dict[int, tuple[set[str], list[int]]] = {}

    @property
    def joined(self) -> str:
        """The tokens joined (no separator); kept in C loops for a short index."""
        if self._joined is None:
            self._joined = "".join(self._tokens)
        return self._joined

    def extend(self, text: str) -> None:
        """The index of the texts so far and `text` after them (as `of_texts` would build
        it): a conversation's grounds grow turn by turn, and building them again from every
        text at each new one tokenized the records over and over."""
        tokens = _tokens(text)
        if tokens:
            self._tokens += tokens
            ends = self._ends
            ends += accumulate(map(len, tokens), initial=ends[-1] if ends else 0)
            del ends[-len(tokens) - 1]  # the initial value accumulate repeats
            self._joined = None

    def _aligned_texts(self, size: int) -> set[str]:
        """The texts of `size` characters made of whole tokens in a row, the tokens added
        since the last look-up read in: a long index (a conversation's grounds, thousands of
        turns) is looked up in time of its own, not searched from the start for each value."""
        found = self._aligned.get(size)
        if found is None:
            found = self._aligned[size] = (set(), [0])
        texts, read = found
        tokens = self._tokens
        for last in range(read[0], len(tokens)):
            first, length = last, 0
            while first >= 0 and length < size:
                length += len(tokens[first])
                first -= 1
            if length == size:
                texts.add("".join(tokens[first + 1 : last + 1]))
        read[0] = len(tokens)
        return texts

    def holds(self, expected: str) -> bool:
        ends = self._ends
        if ends and ends[-1] > LONG_INDEX and 0 < len(expected) <= LONGEST_INDEXED:
            return expected in self._aligned_texts(len(expected))
        joined = self.joined
        at = joined.find(expected)
        if at == -1:
            return False
        # A token starts at 0 and where one ends (but the last); each look-up a bisection of
        # the ends, not a set of every token's bounds built for the text.
        last = len(ends) - 1
        while at != -1:
            if at == 0 and last >= 0:
                start_ok = True
            else:
                i = bisect_left(ends, at)
                start_ok = i < last and ends[i] == at
            if start_ok:
                j = bisect_left(ends, at + len(expected))
                if j <= last and ends[j] == at + len(expected):
                    return True
            at = joined.find(expected, at + 1)
        return False


def given_at(turns: Sequence[Turn], fact: str, expected: str) -> int | None:
    """The first customer turn that gave `fact` as `expected` (compacted): its slot holds
    that value, or its text contains it; None when none did. What "the customer gave the
    verification facts" means for every check that asks when they were given."""
    return next(
        (
            i
            for i, t in enumerate(turns)
            if t.role == "customer"
            and (compact(t.slots.get(fact, "")) == expected or contains_value(t.content, expected))
        ),
        None,
    )
