"""The fast paths of the checks give exactly what the plain rules they replace give.

The checks mask fact values with `str.find` instead of one regex per value, look runs of words
up by substring instead of in sets of tuples, and skip work a cheap test proves useless. Each
shortcut rests on a fact about `re` or `str` checked here over every code point, and the
rewritten checks are compared with the plain algorithms, kept below as references, on scripted
conversations made to trip them.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from agents.checks import GradeContext
from agents.checks.behavior import (
    CUSTOMER_VALUE,
    MIN_CONTENT_WORDS,
    RESCUE_RUN,
    SOURCE_VALUE,
    _customer_texts,
    _support_texts,
    _Vocabulary,
    rescued_support,
)
from agents.checks.customer import _WORD, words
from agents.checks.style import _TOKEN_WITH_DIGIT_OR_AT, _URL, _free_texts
from agents.checks.values import FOLD_OUTLIERS, mask_values, value_pattern
from agents.types import ConversationPlan, Outcome, Turn
from simulator.run.runner import Engines, RunRequest, run, scripted_engines

EVERY_CHAR = "".join(chr(c) for c in range(sys.maxunicode + 1))


def reference_mask(text: str, values: Sequence[str], repl: str) -> str:
    """The rule `mask_values` implements, as the checks used to apply it."""
    for value in values:
        text = re.sub(re.escape(value), repl, text, flags=re.IGNORECASE)
    return text


def test_re_ignorecase_of_an_ascii_character_is_str_lower_outside_the_outliers() -> None:
    chars = "".join(ch for ch in EVERY_CHAR if ch not in FOLD_OUTLIERS)
    assert all(len(ch.lower()) == 1 for ch in chars)  # positions survive lowering
    by_lower: dict[str, set[str]] = {}
    for ch in (ch for ch in chars if ch.lower() < "\x80"):  # lowers to ASCII
        by_lower.setdefault(ch.lower(), set()).add(ch)
    for code in range(128):
        c = chr(code)
        assert set(value_pattern(c).findall(chars)) == by_lower[c.lower()], repr(c)
    # The outliers are the only other characters re matches with an ASCII character.
    outliers = "".join(FOLD_OUTLIERS)
    assert {ch for code in range(128) for ch in value_pattern(chr(code)).findall(outliers)} == set(
        FOLD_OUTLIERS
    )


def test_str_split_whitespace_is_re_whitespace() -> None:
    # repeated_turns normalises with " ".join(text.split()) for _SPACE.sub(" ", text).strip()
    assert set(re.findall(r"\s", EVERY_CHAR)) == {ch for ch in EVERY_CHAR if ch.isspace()}


ALPHABET = "abcKSIsik -İıſKéÉñΣσς\x00\\’'🙂0123@.sourcevaluemarkercustomer"


@pytest.mark.parametrize("seed", range(4))
def test_mask_values_is_the_regex_rule_value_after_value(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        values = ["".join(rng.choices(ALPHABET, k=rng.randint(1, 5))) for _ in range(4)]
        values = values[: rng.randint(0, 4)]
        texts = ["".join(rng.choices(ALPHABET, k=rng.randint(0, 40))) for _ in range(3)]
        texts = texts[: rng.randint(1, 3)]
        repl = rng.choice([f" {SOURCE_VALUE} ", f" {CUSTOMER_VALUE} ", " ", "\\n", "é"])
        expected = [reference_mask(t, values, repl) for t in texts]
        assert mask_values(texts, values, repl) == expected, (texts, values, repl)


def test_words_ascii_shortcut() -> None:
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choices("aZ9_' ’-.,é\nİ", k=rng.randint(0, 30)))
        expected = [w.casefold().replace("’", "'") for w in _WORD.findall(text)]
        assert words(text) == expected, text


# --- the rewritten checks against the plain algorithms ---------------------------------------


def reference_rescued_runs(ctx: GradeContext) -> list[tuple[int, str]]:
    """The shared-wording half of rescued_support as first written: sets of word tuples."""
    plain = _Vocabulary(ctx)

    def masked(text: str, marker: str) -> list[str]:
        return words(reference_mask(text, plain.values, f" {marker} "))

    def runs(texts: list[list[str]]) -> set[tuple[str, ...]]:
        return {
            tuple(ws[i : i + RESCUE_RUN]) for ws in texts for i in range(len(ws) - RESCUE_RUN + 1)
        }

    sources = runs([masked(t, SOURCE_VALUE) for t in _support_texts(ctx)])
    known = runs([masked(t, CUSTOMER_VALUE) for t in _customer_texts(ctx)])
    found = []
    for index, turn in enumerate(ctx.turns):
        if turn.role == "support":
            known |= runs([masked(turn.content, CUSTOMER_VALUE)])
            continue
        if turn.role != "customer" or turn.edge_case is not None or not turn.content.strip():
            continue
        text = masked(turn.content, CUSTOMER_VALUE)
        for start in range(len(text) - RESCUE_RUN + 1):
            window = tuple(text[start : start + RESCUE_RUN])
            if sum(w not in plain.common for w in window) < MIN_CONTENT_WORDS:
                continue
            if window in sources and window not in known:
                found.append(
                    (index, f"the customer supplies support's own wording: '{' '.join(window)}'")
                )
                break
    return found


def reference_free_text(ctx: GradeContext, turn: Turn) -> str:
    text = turn.content
    values = {v for v in (*ctx.plan.variables.values(), *turn.slots.values()) if len(v) >= 2}
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(re.escape(value), " ", text, flags=re.IGNORECASE)
    return _TOKEN_WITH_DIGIT_OR_AT.sub(" ", _URL.sub(" ", text))


Conversation = tuple[ConversationPlan, list[Turn], Outcome]


@pytest.fixture(scope="module")
def conversations(tmp_path_factory: pytest.TempPathFactory) -> list[Conversation]:
    """Scripted conversations, then copies whose turns quote support texts and fact values in
    other cases, with odd characters, links and numbers, and tricky extra variables."""
    base = scripted_engines()
    seen: list[Conversation] = []

    def record(plan: ConversationPlan, turns: Sequence[Turn], outcome: Outcome) -> object:
        seen.append((plan, list(turns), outcome))
        return base.grade(plan, turns, outcome)

    out: Path = tmp_path_factory.mktemp("run")
    engines = Engines(base.customer, base.support, record, base.names)
    run(RunRequest(paths=(), n=80, seed=13, out=out), engines)
    rng = random.Random(3)
    odd = ["İz", "ıx", "ſa", "K", "café", "🙂", "Σας", "www.Shop.com/x", "a@b.co", "12 34"]
    mutated: list[Conversation] = []
    for plan, turns, outcome in seen:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        pool = [*_support_texts(ctx), *_customer_texts(ctx), *plan.variables.values()]
        variables = {**plan.variables, "x": rng.choice(["mark", "Tom", "value", "er", "ab"])}
        new_turns = []
        for turn in turns:
            pieces = turn.content.split(" ")
            for _ in range(rng.randint(0, 3)):
                source = rng.choice(pool).split()
                start = rng.randint(0, max(0, len(source) - 5))
                span = " ".join(source[start : start + rng.choice([5, 7, 12])])
                span = rng.choice([span, span.upper(), span.swapcase(), rng.choice(odd)])
                pieces.insert(rng.randint(0, len(pieces)), span)
            new_turns.append(turn.model_copy(update={"content": " ".join(pieces)}))
        persona = plan.persona.model_copy(update={"quirks": ("lowercase", "no_punctuation")})
        update = {"variables": variables, "persona": persona}
        mutated.append((plan.model_copy(update=update), new_turns, outcome))
    return seen + mutated


def test_rescued_support_equals_the_plain_algorithm(conversations: list[Conversation]) -> None:
    hits = 0
    for plan, turns, outcome in conversations:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        expected = reference_rescued_runs(ctx)
        findings = rescued_support(ctx).findings
        got = [(f.turn, f.explanation) for f in findings if "own wording" in f.explanation]
        assert got == expected
        hits += len(expected)
    assert hits >= 30  # the mutated copies do trip the check (47 when written)


def test_free_text_equals_the_plain_rule(conversations: list[Conversation]) -> None:
    for plan, turns, outcome in conversations:
        ctx = GradeContext(plan=plan, turns=turns, outcome=outcome)
        for index, turn, free in _free_texts(ctx):
            assert turns[index] is turn
            assert free == reference_free_text(ctx, turn)
