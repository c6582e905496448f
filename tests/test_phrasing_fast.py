"""The phrasing layer's cheaper paths against the plain ones they replace: same text, same
draws from the random generator, same errors, over seeded random inputs and every rule of
every real bank (English and each language's)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping, Sequence

import pytest

from agents.checks import derived, language
from agents.phrasing import (
    acks,
    customer,
    edge,
    grammar,
    languages,
    local_numbers,
    seams,
    stance,
    support,
    support_voice,
    voice,
)
from agents.phrasing.cue import UNCASED_BLOCKS, Cue, LowerCase, uncased
from agents.phrasing.grammar import Bank, Choice, Ref, Slot
from agents.phrasing.local_bank import LANGUAGES, bank
from agents.phrasing.text import capitalize_sentences


def plain_render(
    b: Bank,
    rule: str,
    slots: Mapping[str, str | None],
    rng: random.Random,
    skip: float = 0.0,
    tags: Sequence[str] = (),
    omit: Sequence[str] = (),
) -> str:
    """The grammar walked node by node over the parsed templates, as it was first written."""
    missing = {k for k, v in slots.items() if v is None}

    def resolve(name: str) -> str:
        variants = b._variants.get(name)
        if variants:
            for tag in tags:
                if tag in variants:
                    return f"{name}@{tag}"
        return name

    def pick(name: str) -> tuple[object, ...]:
        templates = b._rules[name]
        if not missing:
            return rng.choice(templates)
        usable = [
            t for t, needs in zip(templates, b._needs[name], strict=True) if not needs & missing
        ]
        if not usable:
            names = ", ".join(f"${m}" for m in sorted(missing))
            raise KeyError(f"rule <{name}> has no template without {names}")
        return rng.choice(usable)

    out: list[str] = []

    def walk(seq: tuple[object, ...]) -> None:
        for node in seq:
            if isinstance(node, str):
                out.append(node)
            elif isinstance(node, Choice):
                walk(rng.choice(node.options))
            elif isinstance(node, Ref):
                if node.name in omit:
                    continue
                if skip and node.name.startswith("opt_") and rng.random() < skip:
                    continue
                walk(pick(resolve(node.name)))
            elif isinstance(node, Slot):
                if node.name not in slots:
                    raise KeyError(f"template slot ${node.name} has no value")
                out.append(slots[node.name] or "")

    walk(pick(resolve(rule)))
    return "".join(out)


def _slot_names(b: Bank) -> list[str]:
    found: set[str] = set()
    for needs in b._needs.values():
        for n in needs:
            found |= n
    return sorted(found)


def _banks() -> list[tuple[str, Bank]]:
    english = [
        ("customer", customer.BANK),
        ("support", support.BANK),
        ("edge", edge.BANK),
        ("voice", voice.BANK),
        ("languages", languages.BANK),
    ]
    local = [
        (f"{c}.{part}", getattr(bank(c), part))
        for c in LANGUAGES
        for part in ("support", "customer")
    ]
    return english + local


def _outcome(fn: Callable[[], str]) -> tuple[str, str]:
    try:
        return "ok", fn()
    except KeyError as e:
        return "KeyError", str(e)


@pytest.mark.parametrize(("name", "b"), _banks(), ids=[n for n, _ in _banks()])
def test_compiled_render_equals_the_plain_walk(name: str, b: Bank) -> None:
    draw = random.Random(f"render-{name}")
    slot_names = _slot_names(b)
    tags = sorted({tag for ts in b._variants.values() for tag in ts})
    rules = b.names()
    opts = [r for r in rules if r.startswith("opt_")]
    checked = 0
    for i in range(max(600, 4 * len(rules))):
        rule = rules[i % len(rules)] if i < len(rules) else draw.choice(rules)
        slots: dict[str, str | None] = {}
        for s in slot_names:
            roll = draw.random()
            if roll < 0.7:
                slots[s] = f"<{s}>"
            elif roll < 0.95 or i % 7:  # an absent slot is an error: now and then
                slots[s] = None
        skip = draw.choice((0.0, 0.0, 0.5, 0.8))
        tag = tuple(draw.sample(tags, min(len(tags), draw.randrange(4))))
        omit = tuple(draw.sample(opts, min(len(opts), draw.randrange(3))))
        seed = draw.randrange(1 << 30)
        fast_rng, plain_rng = random.Random(seed), random.Random(seed)
        fast = _outcome(lambda: b.render(rule, slots, fast_rng, skip, tag, omit))  # noqa: B023
        plain = _outcome(
            lambda: plain_render(b, rule, slots, plain_rng, skip, tag, omit)  # noqa: B023
        )
        assert fast == plain, (name, rule, slots, skip, tag, omit)
        assert fast_rng.getstate() == plain_rng.getstate(), (name, rule)
        checked += fast[0] == "ok"
    assert checked > 300


# ---- patterns rewritten to open with a letter, against the originals --------------------


PLAIN_ARTICLE = re.compile(
    r"(?:(?<=^)|(?<=[.!?:]\s)|(?<=\s)(?=[a]))(a|an|A|An|AN)( +)([A-Za-z][A-Za-z'-]*)"
)
PLAIN_ONE_PLURAL = re.compile(
    r"(?<![\d.,$])(\b1 (?:business |working |full )?(?:day|hour|night|week|month|year|minute|"
    r"passenger|traveller|traveler|item|seat|user|line))(?:s\b|\(s\))"
)


def _random_texts(pieces: Sequence[str], seed: str, n: int = 40000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 18))) for _ in range(n)]


@pytest.mark.parametrize(
    ("fast", "plain", "pieces"),
    [
        (
            seams._ARTICLE,
            PLAIN_ARTICLE,
            ["a", "an", "A", "An", "AN", "aN", " ", "  ", ".", "!", "?", ":", ",", "\n", "\t",
             "\xa0", "apple", "b", "hour", "x", "-", "'", "Ba", "ea", "uni", "SMS", "ban", "é"],
        ),
        (
            seams._ONE_PLURAL,
            PLAIN_ONE_PLURAL,
            ["1", "11", " ", "0", "$", ".", ",", "a", "é", "_", "day", "days", "s", "(s)",
             "business ", "item", "-", "\n", "ü", "२", "user", "lines"],
        ),
    ],
    ids=["article", "one_plural"],
)  # fmt: skip
def test_rewritten_patterns_match_where_the_plain_ones_do(
    fast: re.Pattern[str], plain: re.Pattern[str], pieces: list[str]
) -> None:
    for text in _random_texts(pieces, fast.pattern):
        got = [(m.span(), m.groups()) for m in fast.finditer(text)]
        assert got == [(m.span(), m.groups()) for m in plain.finditer(text)], text


def test_space_before_mark_gate_is_the_pattern() -> None:
    """tidy looks for six substrings instead of searching _SPACE_BEFORE: the same texts."""
    marks = (" ,", " .", " !", " ?", " ;", " :")
    for text in _random_texts([" ", "  ", ",", ".", "!", "?", ";", ":", "a", "\t", "-"], "gate"):
        assert any(s in text for s in marks) == bool(seams._SPACE_BEFORE.search(text))


# ---- case-insensitive cues, searched lower-cased --------------------------------------------


CUES = {
    "FAILURE": stance.FAILURE,
    "SAID_LOW_TECH": stance.SAID_LOW_TECH,
    "SAID_CHATTY": stance.SAID_CHATTY,
    "SAID_HIGH_TECH": stance.SAID_HIGH_TECH,
    "COMPLAINT": support_voice._COMPLAINT,
    "ACTED": support_voice._ACTED,
    "HANDS_OVER": support_voice._HANDS_OVER,
    "APOLOGISES": support_voice._APOLOGISES,
    "CONCEDES": support_voice._CONCEDES,
    "HEATED": acks._HEATED,
    "NAMES_A_LANGUAGE": language.NAMES_A_LANGUAGE,
    **{f"{c}.complaint": bank(c).complaint for c in LANGUAGES},
}


@pytest.mark.parametrize("name", list(CUES))
def test_cues_find_what_the_case_insensitive_search_finds(name: str) -> None:
    cue = CUES[name]
    assert isinstance(cue, Cue) and cue.lower is not None
    words = re.findall(r"[^\W\d_']+", cue.pattern) + re.findall(
        r"[^\W\d_][^\W\d_' ]*[^\W\d_]", cue.pattern
    )
    pieces = [
        " ",
        ", ",
        ". ",
        "!",
        "-",
        "x",
        "é",
        "\u0130",
        "\u0131",
        "\u017f",
        "\u212a",
        "$",
        "?",
        "Ñ",
        "ω",
        "\U0001f914",  # an emoji no cue holds, one HEATED holds, a joiner, a selector
        "\U0001f624",
        "\u200d",
        "\ufe0f",
        "\u2192",  # uncased, outside UNCASED_BLOCKS: the text is searched case-insensitively
    ]
    for w in words:
        pieces += [w, f"{w} ", w.upper(), w.capitalize(), w[:3], w[1:]]
    found = 0
    for text in _random_texts(pieces, f"cue-{name}", 8000):
        plain = re.search(cue.pattern, text, re.IGNORECASE) is not None
        assert cue.search(text) == plain, text
        found += plain
    assert 10 < found < 7900


LOWER_CASE = {
    "WRITTEN": local_numbers._WRITTEN,
    "ENGLISH_WRITTEN": local_numbers._ENGLISH_WRITTEN,
    "ENGLISH_DAY_FIRST": local_numbers._ENGLISH_DAY_FIRST,
    "RELATIVE": derived._RELATIVE,
}


@pytest.mark.parametrize("name", list(LOWER_CASE))
def test_lower_case_matches_are_the_case_insensitive_ones(name: str) -> None:
    """Spans and groups (lower-cased) as re.IGNORECASE finds them in the text itself."""
    pattern = LOWER_CASE[name]
    assert isinstance(pattern, LowerCase)
    words = re.findall(r"[^\W\d_']+", pattern.lower.pattern)
    pieces = [" ", "  ", ", ", ".", "1", "12", "2025", "19999", "of ", "de ", "er", "º", "\xa0"]
    pieces += ["\u0130", "\u0131", "\u017f", "\u212a", "é", "Ñ", "ω", "\U0001f914", "\u2192"]
    for w in words:
        pieces += [w, f"{w} ", w.upper(), w.capitalize()]
    phrases = [
        "18. Juni 2025", "1er juillet 2025", "18 de junho de 2025", "9 MAI 2024", "3 März 2025",
        "July 11, 2025", "Mar. 14th, 1988", "14 March 1988", "14th of Mar 1988", "SEPT 2 2024",
        "the next day", "two days later", "3 weeks before", "A week later", "YESTERDAY",
        "the Following Week", "a couple of days earlier", "The Day After",
    ]  # fmt: skip
    pieces += phrases * (len(pieces) // len(phrases) + 1)
    found = 0
    for text in _random_texts(pieces, f"lower-{name}", 8000):
        want = [
            (m.span(), tuple(g and g.lower() for g in m.groups()))
            for m in re.finditer(pattern.any_case.pattern, text, re.IGNORECASE)
        ]
        got = [
            (m.span(), tuple(g and g.lower() for g in m.groups())) for m in pattern.finditer(text)
        ]
        assert got == want, text
        found += len(want)
    assert found > 100


def test_date_shifts_pre_test_drops_no_shift() -> None:
    """date_shifts reads only texts that name a day, a week or tomorrow, lower-cased: each
    text with a shift (re.IGNORECASE, a Kelvin sign for a k too) still has one."""
    plain = re.compile(derived._RELATIVE.any_case.pattern, re.IGNORECASE)
    pieces = ["the next day", "two days later", "3 weeks before", "YESTERDAY", "TOMORROW",
              "a wee\u212a later", "the Day After", "dAy", "Week", " ", "2 ", "later"]  # fmt: skip
    found = 0
    for text in _random_texts(pieces, "shifts", 4000):
        shifted = plain.search(text) is not None
        assert bool(derived.date_shifts(text)) == shifted, text
        found += shifted
    assert 100 < found < 3900


def test_uncased_blocks_hold_only_uncased_characters() -> None:
    """A text with emoji is searched lower-cased (cue.lowerable): every character of those
    blocks must be one case leaves alone and re.IGNORECASE matches only as itself."""
    blocks = re.findall(r"(.)-(.)|(.)", UNCASED_BLOCKS)
    chars = [
        chr(code)
        for low, high, one in blocks
        for code in (range(ord(low), ord(high) + 1) if low else [ord(one)])
    ]
    assert len(chars) > 3000
    for char in chars:
        assert uncased(char), hex(ord(char))
    cased = re.compile("[" + UNCASED_BLOCKS + "]", re.IGNORECASE)
    # no other character (a letter whose case maps onto one of them) is matched by them
    others = (chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert {c for c in others if cased.fullmatch(c)} == set(chars)


def test_a_grammar_draw_is_random_choice() -> None:
    """Bank.render draws with getrandbits as random.Random.choice does: same item, same
    state after, for pools of every size a bank has."""
    seed = random.Random("draws")
    for n in [*range(1, 300), 511, 512, 513, 1000]:
        items = tuple(range(n))
        s = seed.randrange(1 << 30)
        mine, plain = random.Random(s), random.Random(s)
        b = Bank({"r": ["{" + "|".join(f"w{i}" for i in items) + "}"]})
        for _ in range(5):
            plain.choice(("the rule's one template",))
            assert b.render("r", {}, mine) == f"w{plain.choice(items)}"
        assert mine.getstate() == plain.getstate()
        assert grammar.pool(items) == (items, n, n.bit_length())


def test_sentence_capitals_equal_the_look_behind_pattern() -> None:
    plain = re.compile(r"(?<=[^.][.!?] )([a-z])")
    pieces = [".", "..", "...", "!", "?", " ", "  ", "a", "b", "B", "é", "x.", "\n", "1"]
    for text in _random_texts(pieces, "capitals"):
        want = plain.sub(lambda m: m.group(1).upper(), text)
        assert capitalize_sentences(text) == want, text
