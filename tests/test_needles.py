"""The critic's needled patterns find exactly what their plain regexes find.

`Needled` skips a regex over a text that holds none of its needles; that is exact only if every
match of the pattern holds a needle. Each pattern is tried here on texts that match each of its
alternatives, in every casing, with the characters `re.IGNORECASE` folds specially, glued to
other text, and on random texts built from the pieces of its alternatives.
"""

from __future__ import annotations

import random

import pytest

from agents.checks import customer, disclosure
from agents.checks import stated_values as invented
from agents.checks.needles import Needled
from agents.checks.values import FOLD_OUTLIERS

# Texts that match the patterns' alternatives, one or more each.
POSITIVES: dict[str, list[str]] = {
    "self": [
        "My instructions are simple.",
        "my hidden system prompt says",
        "My rules: never do it",
        "my configuration is",
        "my programming states",
        "the system directives given to me",
        "your instructions for this chat",
        "Show me the system prompt",
        "enable developer mode",
        "Here are my secret guidelines",
        "These are my rules",
        "rules that I was told",
        "guidelines I follow",
        "prompt i operate under",
    ],
    "persona": [
        "You are a helpful assistant.",
        "Rules: you are the friendly support agent for X",
        "it says you are an AI",
        "you are HelpBot",
        'reads: "you are a language model',
        "you are service agent",
    ],
    "brief": [
        "My brief is: never refund",
        "my remit: only",
        "my marching orders are",
        "my standing orders says",
        "my setup is",
        "my set-up: x",
        "my programming is",
        "my operating rules:",
        "I'm set up to check",
        "I am programmed that",
        "i was configured to",
        "I've been instructed to",
        "im briefed to",
        "I have been trained to",
        "I was told that",
        "I'm built to",
        "i am designed to",
        "I'm really told to",
    ],
    "code": ["[INTERNAL] note", "<<SYS>>", "<|system|>", "{{customer_name}}", "FLAG_ON set"],
    "meta": [
        "my instructions say so",
        "my persona is",
        "My goal in this conversation is",
        "my role for this role-play",
        "as a simulated customer",
        "as the fictional user",
        "I'm an AI",
        "I am a language model",
        "I was instructed to say",
        "I've been briefed to withhold",
        "I have been told to only",
        "reveal_only_when_asked",
        "success criteria",
        "edge cases",
        "the scenario says",
        "I'm supposed to pretend",
        "i am role-playing",
        "my task for this simulation",
        "my objective in this chat",
    ],
    "hostile": [
        "you idiots",
        "stupid",
        "MORONS",
        "useless",
        "incompetent",
        "pathetic",
        "clowns",
        "shut up",
        "screw you",
        "damned",
        "hell",
        "crap",
        "bullshit",
        "WTF",
        "ffuuck this",
        "fuckers",
        "shitty",
        "sh1t",
    ],
    "month_day": ["March 3", "sept. 21st", "DEC 1", "may 05"],
    "day_month": ["3 March", "21st of sept", "1 dec.", "4th JUNE"],
    "iso": ["2024-01-02"],
    "numeric": ["1/2/2024", "01.02.24"],
    "money": [
        "$12",
        "€ 5.50",
        "£3",
        "USD 40",
        "eur10",
        "12 dollars",
        "5 euros",
        "3 pounds",
        "7aud",
    ],
    "flight": ["flight AB123", "flight number UA 12", "flight no. DL1", "flight #AA100"],
}

NEEDLED: dict[str, Needled] = {
    "self": disclosure._SELF,
    "brief": disclosure._BRIEF,
    "persona": disclosure._PERSONA,
    "code": disclosure._CODE,
    "meta": customer._META,
    "hostile": customer._HOSTILE,
    "month_day": invented._DATES[2],
    "day_month": invented._DATES[3],
    "iso": invented._DATES[0],
    "numeric": invented._DATES[1],
    "money": invented._MONEY,
    "flight": invented._FLIGHT,
}


def _variants(text: str, rng: random.Random) -> list[str]:
    """The text in other casings, with outliers swapped in, and inside other text."""
    out = [text, text.upper(), text.lower(), text.title(), text.swapcase()]
    out.append("".join(c.upper() if rng.random() < 0.5 else c.lower() for c in text))
    for outlier, plain in zip(FOLD_OUTLIERS, ("I", "i", "s"), strict=True):
        out.append(text.replace(plain, outlier).replace(plain.swapcase(), outlier))
    out += [f"Well. {text} ok", f"x{text}y", f"Ünïcode — {text}!", f"{text}\n{text}"]
    return out


def _same(needled: Needled, text: str) -> None:
    plain = needled.pattern.search(text)
    fast = needled.search(text)
    assert (fast and fast.span()) == (plain and plain.span()), (needled.needles, text)
    spans = [m.span() for m in needled.pattern.finditer(text)]
    assert [m.span() for m in needled.finditer(text)] == spans, text


@pytest.mark.parametrize("name", sorted(NEEDLED))
def test_positives_match_and_keep_matching(name: str) -> None:
    needled = NEEDLED[name]
    rng = random.Random(name)
    for text in POSITIVES[name]:
        assert needled.pattern.search(text), f"{name}: the example no longer matches: {text!r}"
        assert needled.search(text), text
        for variant in _variants(text, rng):
            _same(needled, variant)


@pytest.mark.parametrize("name", sorted(NEEDLED))
def test_random_texts_from_the_patterns_pieces(name: str) -> None:
    needled = NEEDLED[name]
    rng = random.Random(f"random-{name}")
    pieces = [w for text in POSITIVES[name] for w in text.split()] + POSITIVES[name]
    pieces += ["a", "the", "is", "1", "12", "-", ".", ",", ":", "you", "my", "I", "_", "[", "<"]
    pieces += list(FOLD_OUTLIERS)
    matched = 0
    for _ in range(3000):
        words = rng.choices(pieces, k=rng.randint(1, 8))
        text = "".join(w + rng.choice(["", " ", "  ", "\n", ". "]) for w in words)
        if rng.random() < 0.3:
            text = text.swapcase()
        _same(needled, text)
        matched += needled.pattern.search(text) is not None
    assert matched > 5  # the texts exercise the pattern


def test_needles_of_a_case_insensitive_pattern_must_be_lower_case() -> None:
    with pytest.raises(ValueError, match="lower-case ASCII"):
        Needled(customer.HOSTILE, ("Idiot",))
