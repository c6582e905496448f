"""Shortcuts in phrasing and the PII check find exactly what the plain rule finds.

Support's cue patterns (a complaint in the customer's turn, a decision that says something
was done) are searched in the lower-cased text instead of case-insensitively, and the PII
check skips its card and phone detectors on texts with too few digits for either. Both are
compared here with the plain rule on texts built from the patterns' own pieces, in every
casing, with the characters `re.IGNORECASE` folds specially.
"""

from __future__ import annotations

import random
import re

import pytest

from agents.checks import pii_items as pii
from agents.checks.values import FOLD_OUTLIERS
from agents.phrasing import support_voice


@pytest.mark.parametrize("name", ["_COMPLAINT", "_ACTED"])
def test_a_cue_finds_what_a_case_insensitive_search_finds(name: str) -> None:
    cue = getattr(support_voice, name)
    plain = re.compile(cue.lower.pattern, re.IGNORECASE)
    words = re.findall(r"[a-z' ]+|!!|\?!", cue.lower.pattern.replace("\\b", ""))
    pieces = [w.strip() for w in words if w.strip()] + ["x", "I", "?", "!", ".", "K"]
    pieces += [*FOLD_OUTLIERS, "\u212a", "É", "straße"]
    rng = random.Random(name)
    found = 0
    for _ in range(4000):
        text = "".join(p + rng.choice(["", " ", "\n", ", "]) for p in rng.choices(pieces, k=4))
        for variant in (text, text.upper(), text.title(), text.swapcase()):
            assert cue.search(variant) == bool(plain.search(variant)), variant
            found += bool(plain.search(variant))
    assert found > 100  # the texts exercise the pattern


def _all_detectors(text: str) -> list[pii.Item]:
    """`find_items` without the digit-count shortcut."""
    items: list[pii.Item] = []
    masked = text
    for kind, found in pii._DETECTORS:
        for start, end, key in found(masked):
            if key:
                items.append(pii.Item(kind, start, end, key))
            masked = masked[:start] + " " * (end - start) + masked[end:]
    return items


def test_pii_items_are_the_same_without_the_digit_count_shortcut() -> None:
    rng = random.Random(7)
    pieces = ["12", "345", "6", "+1", "(555)", "-", " ", ".", "ext", "x", "GB82", "WEST",
              "a@b.io", "٣", "7", "4111 1111 1111 1111", "2024-01-02"]  # fmt: skip
    for _ in range(20000):
        text = "".join(rng.choices(pieces, k=rng.randint(1, 7)))
        assert pii.find_items(text) == _all_detectors(text), text
