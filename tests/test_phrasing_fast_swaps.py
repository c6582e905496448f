"""The phrasing layer's word swaps and protected runs against the plain paths they replace
(tests/test_phrasing_fast.py holds the rest): same text, same draws from the random
generator, over seeded random inputs and every real bank."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import pytest
from test_phrasing_fast import _random_texts

from agents.phrasing import (
    lexicon,
    style,
)
from agents.phrasing.cue import FOLDABLE, foldable
from agents.phrasing.facts import protected_spans
from agents.phrasing.local_bank import LANGUAGES, LanguageBank, _capital_like, bank

# ---- a language's word swaps, matched in the lower-cased text -----------------------------

_ALPHABET = "".join(chr(i) for i in range(128)) + "".join(sorted(FOLDABLE))


def test_foldable_characters_match_ignoring_case_as_their_lower_case_does() -> None:
    """What lets swaps_lower stand for swaps: on these characters, re.IGNORECASE matches
    exactly the characters whose lower case is the same, lower-casing keeps one character
    one character, and what counts as a word character does not change."""
    for c in _ALPHABET:
        low = c.lower()
        assert len(low) == 1, c
        assert bool(re.match(r"[\w'’]", c)) == bool(re.match(r"[\w'’]", low)), c
        matched = set(re.findall(re.escape(low), _ALPHABET, re.IGNORECASE))
        assert matched == {t for t in _ALPHABET if t.lower() == low}, c


def plain_paraphrase(b: LanguageBank, text: str, rng: random.Random, rate: float) -> str:
    assert b.swaps is not None and b.swap_table is not None
    table = b.swap_table

    def swap(m: re.Match[str]) -> str:
        found = m.group(0)
        if rng.random() >= rate:
            return found
        return _capital_like(found, rng.choice(table[found.lower()]))

    return b.swaps.sub(swap, text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_swaps_found_lower_cased_where_the_plain_pattern_finds_them(code: str) -> None:
    b = bank(code)
    assert b.swaps is not None and b.swaps_lower is not None and b.swap_table is not None
    keys = list(b.swap_table)
    pieces = [" ", "  ", ",", ".", "'", "’", "-", "x", "1", "_", "İ", "ſ", "K", "¿", "!"]
    for key in keys:
        pieces += [key, key.upper(), key.capitalize(), key[:3], key[2:], key[: len(key) // 2]]
    folded = 0
    for text in _random_texts(pieces, f"swaps-{code}", 20000):
        if foldable(text):
            folded += 1
            got = [m.span() for m in b.swaps_lower.finditer(text.lower())]
            assert got == [m.span() for m in b.swaps.finditer(text)], text
        seed = hash(text) & 0xFFFF
        fast_rng, plain_rng = random.Random(seed), random.Random(seed)
        assert b.paraphrase(text, fast_rng, 0.5) == plain_paraphrase(b, text, plain_rng, 0.5)
        assert fast_rng.getstate() == plain_rng.getstate()
    assert folded > 5000


# ---- English word swaps: only the tokens that start a listed phrase are visited ------------


def plain_table_sub(t: lexicon._Table, text: str, rng: random.Random, rate: float) -> str:
    """lexicon._Table.sub as first written: every word token visited."""
    low = text.lower()
    out: list[str] = []
    pos = seen = 0
    for m in lexicon._WORD.finditer(low):
        start = m.start()
        keys = t.by_first.get(m.group())
        if keys is None or start < seen or (start > 0 and low[start - 1] in "-'"):
            continue
        for key in keys:
            end = start + len(key)
            if low.startswith(key, start) and low[end : end + 1] not in lexicon._GLUE:
                break
        else:
            continue
        seen = end
        if rng.random() >= rate:
            continue
        if key.endswith("n't") and lexicon._PRONOUN_AFTER.match(low, end):
            continue
        options = t.table[key]
        guard = t.guards.get(key)
        if guard is not None and not (options := guard(*lexicon._around(low, start, end), options)):
            continue
        out.append(text[pos:start])
        out.append(lexicon._cased(text[start:end], rng.choice(options)))
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


@pytest.mark.parametrize("role", ["customer", "support"])
def test_phrase_swaps_equal_the_scan_over_every_token(role: str) -> None:
    t = lexicon._SUPPORT_TABLE if role == "support" else lexicon._COMMON_TABLE
    pieces = [" ", " ", ", ", ". ", "'", "-", "x", "é", "1", "?", "I ", "my ", "the ", "n't "]
    for key in t.table:
        pieces += [key, key.upper(), key.capitalize(), key[:2], key[1:], f"{key}s"]
    for text in _random_texts(pieces, f"table-{role}", 30000):
        seed = hash(text) & 0xFFFF
        fast_rng, plain_rng = random.Random(seed), random.Random(seed)
        fast = lexicon.paraphrase(text, role, fast_rng, 0.6)
        assert fast == plain_table_sub(t, text, plain_rng, 0.6), text
        assert fast_rng.getstate() == plain_rng.getstate(), text


# ---- protected runs: values looked for in any order -----------------------------------------


def plain_split_protected(text: str, keep: Sequence[str]) -> style.Segments:
    spans: list[tuple[int, int]] = []
    for value in sorted({v for v in keep if v}, key=lambda v: (-len(v), v)):
        start = text.find(value)
        while start != -1:
            spans.append((start, start + len(value)))
            start = text.find(value, start + len(value))
    spans.extend(protected_spans(text))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    out: style.Segments = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append((text[pos:s], False))
        out.append((text[s:e], True))
        pos = e
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def test_split_protected_equals_the_sorted_search() -> None:
    values = ["ORD-1", "ORD-12", "12", "Mia", "Mia Lopez", "a", "", "x@y.io", "SW1A 2AA", "2A"]
    pieces = [*values, " ", ", ", ". ", "-", "_", "ABC-9", "+44 20 7946 0000", "(1)", "é", "1"]
    draw = random.Random("split")
    for text in [*_random_texts(pieces, "split", 20000), ""]:
        keep = draw.sample(values, draw.randrange(len(values)))
        assert style.split_protected(text, keep) == plain_split_protected(text, keep), text


@pytest.mark.parametrize("code", LANGUAGES)
def test_counts_of_one_looked_up_only_where_their_words_are(code: str) -> None:
    singulars = bank(code).singulars
    pieces = [" ", "1 ", "11 ", ".1 ", ",", "x", "2 "]
    for plural, _, singular in singulars:
        pieces += [plural, plural[2:], singular[2:], plural.upper()]
    for text in _random_texts(pieces, f"one-{code}", 10000):
        plain = gated = text
        for plural, pattern, singular in singulars:
            plain = pattern.sub(singular, plain)
            gated = pattern.sub(singular, gated) if plural in gated else gated
        assert gated == plain, text
