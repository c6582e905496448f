"""Needle pre-tests are exact: every text a pattern can match holds one of its needles.

A needle list is written by hand next to its pattern (a turn holding none of them is passed
over without running the regex), so it is checked against the pattern itself: texts are
sampled from the pattern's parse tree (every alternative, repeat counts, character classes),
each match of each sample must hold a needle, and the gated functions must answer what the
plain pattern answers, on those samples inside other text and on turns of scripted
conversations with pieces of the samples spliced in.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from agents.checks import pii_items as pii
from agents.understanding import rulelists
from agents.understanding.foreign import briefs
from agents.understanding.languages import fold
from simulator.run.runner import RunRequest, run, scripted_engines
from simulator.store.rundb import RunStore

_parser: Any = pytest.importorskip("re._parser")
_c: Any = pytest.importorskip("re._constants")

POOL = string.ascii_letters + string.digits + " '’:-_.,!?éüßñ\n"
CATEGORY = {
    _c.CATEGORY_DIGIT: string.digits,
    _c.CATEGORY_WORD: string.ascii_letters + string.digits + "_éü",
    _c.CATEGORY_SPACE: " \n\t",
}


def _in_set(ch: str, items: Sequence[tuple[Any, Any]]) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            hit = hit or ch == chr(av)
        elif op is _c.RANGE:
            hit = hit or av[0] <= ord(ch) <= av[1]
        elif op is _c.CATEGORY:
            found = re.fullmatch({_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_WORD: r"\w",
                                  _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_DIGIT: r"\D",
                                  _c.CATEGORY_NOT_WORD: r"\W", _c.CATEGORY_NOT_SPACE: r"\S"}[av],
                                 ch)  # fmt: skip
            hit = hit or found is not None
    return hit != negate


def sample(items: Sequence[tuple[Any, Any]], rng: random.Random) -> str:
    """One text built along the parse tree: a random branch, repeat count and class member."""
    out: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            out.append(chr(av))
        elif op is _c.NOT_LITERAL:
            out.append(rng.choice([c for c in POOL if c != chr(av)]))
        elif op is _c.ANY:
            out.append(rng.choice(POOL.replace("\n", "")))
        elif op is _c.IN:
            members = [c for c in POOL if _in_set(c, av)]
            members += [chr(a) for o, a in av if o is _c.LITERAL]
            out.append(rng.choice(members))
        elif op is _c.BRANCH:
            out.append(sample(rng.choice(av[1]), rng))
        elif op is _c.SUBPATTERN:
            out.append(sample(av[-1], rng))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, body = av
            count = rng.randint(low, min(high, low + 3))
            out.extend(sample(body, rng) for _ in range(count))
        # anchors, boundaries and look-arounds add no text: the samples are searched below
    return "".join(out)


def samples(pattern: re.Pattern[str], count: int, seed: str) -> list[str]:
    rng = random.Random(seed)
    tree = list(_parser.parse(pattern.pattern, pattern.flags))
    glue = ["", " ", "x", "Well, ", ". ", "\n", "é"]
    return [rng.choice(glue) + sample(tree, rng) + rng.choice(glue) for _ in range(count)]


Test = Callable[[str], bool]
GATED: dict[str, tuple[re.Pattern[str], tuple[str, ...], Test, Test]] = {
    "probe": (
        rulelists._PROBE,
        rulelists._PROBE_NEEDLES,
        rulelists.probes_instructions,
        lambda text: rulelists._PROBE.search(fold(text)) is not None,
    ),
    "told": (
        briefs._ANY_TOLD,
        briefs._TOLD_NEEDLES,
        lambda text: briefs.retells_instructions(text),
        lambda text: _plain_retells(text),
    ),
}


def _plain_retells(text: str) -> bool:
    """retells_instructions without its needle pre-test."""
    folded = fold(text)
    if briefs._ANY_TOLD.search(folded) is None:
        return False
    found = briefs._COMPILED.get(briefs.language_of(text))
    if found is None:
        return False
    told, directives = found
    m = told.search(folded)
    if m is None:
        return False
    return sum(w in directives for w in briefs._WORD.findall(folded[m.end() :])) >= 2


@pytest.mark.parametrize("name", sorted(GATED))
def test_every_sampled_match_holds_a_needle(name: str) -> None:
    pattern, needles, fast, plain = GATED[name]
    matched = 0
    for text in samples(pattern, 4000, name):
        for m in pattern.finditer(text):
            matched += 1
            assert any(n in m.group(0) for n in needles), (name, m.group(0))
        for variant in (text, text.upper(), text.title()):
            assert fast(variant) == plain(variant), (name, variant)
    assert matched > 1000  # most samples are matches (a glued letter can break a boundary)


@pytest.fixture(scope="module")
def turns(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out: Path = tmp_path_factory.mktemp("run")
    run(RunRequest(paths=(), n=40, seed=21, out=out), scripted_engines())
    with RunStore(out / "run.db") as store:
        return [t.content for tr in store.iter_transcripts() for t in tr.turns if t.content]


@pytest.mark.parametrize("name", sorted(GATED))
def test_gated_equals_plain_on_spliced_turns(name: str, turns: list[str]) -> None:
    pattern, _, fast, plain = GATED[name]
    rng = random.Random(f"turns-{name}")
    pieces = samples(pattern, 200, f"pieces-{name}")
    hits = 0
    for text in turns:
        words = text.split(" ")
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randint(0, len(words)), rng.choice(pieces))
        spliced = " ".join(words)
        for candidate in (text, spliced, spliced.upper()):
            expected = plain(candidate)
            assert fast(candidate) == expected, (name, candidate)
            hits += pattern.search(fold(candidate)) is not None
    assert hits > 10  # the spliced pieces reach the pattern past its needles


def _plain_ibans(text: str) -> list[tuple[int, int, str]]:
    """pii._ibans without its pre-test."""
    found = []
    for m in pii._IBAN.finditer(text):
        compact = m.group(0).replace(" ", "")
        end = m.end()
        expected = pii.IBAN_LENGTHS.get(compact[:2])
        if expected is not None and len(compact) > expected:
            end, kept = m.start(), 0
            while kept < expected:
                kept += text[end] != " "
                end += 1
            compact = compact[:expected]
        found.append((m.start(), end, compact if pii.iban_valid(compact) else ""))
    return found


def test_every_sampled_iban_starts_with_the_head(turns: list[str]) -> None:
    rng = random.Random("iban")
    ibans = samples(pii._IBAN, 3000, "iban")
    ibans += ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "FR14 2004 1010 0505"]
    matched = 0
    for text in ibans:
        for m in pii._IBAN.finditer(text):
            matched += 1
            assert pii._IBAN_HEAD.search(m.group(0)), m.group(0)
        assert list(pii._ibans(text)) == _plain_ibans(text), text
    assert matched > 1000
    for text in turns:
        words = text.split(" ")
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randint(0, len(words)), rng.choice(ibans))
        spliced = " ".join(words)
        for candidate in (text, spliced, spliced.upper()):
            assert list(pii._ibans(candidate)) == _plain_ibans(candidate), candidate
