"""A long support reply (under the 100,000 characters a reply may have) is read in time
linear in its length (outsider18 #3: patterns tried at every character of a reply, each try
running to its end, cost 14 s of CPU for a 30,000-character reply and did not finish one
of 99,000 in 5 minutes). CPU time, not wall time: on main each of these took tens of
seconds; the bound leaves room for a loaded machine."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from agents.checks import garbled
from agents.checks.invented import values_in
from agents.understanding.confirm import confirm_questions
from agents.understanding.support import read_support

N = 99_000
PROSE = (
    "I'm sorry about the damaged order ORD-12345, let me check that for you. "
    "Could you confirm the order number? "
)
TEXTS = {
    "one letter": "a" * N,
    "prose": (PROSE * (N // len(PROSE) + 1))[:N],
    "marks": ("ok?! " * N)[:N],
    "one token with marks": ("ab.cd" * N)[:N],
}
READERS: dict[str, Callable[[str], object]] = {
    "sentence breaks": garbled._lower_breaks,
    "last sentence": garbled._last_sentence_bare,
    "ends a sentence": garbled._ends_sentence,
    "confirm questions": confirm_questions,
    "values": lambda text: list(values_in(text)),
}
BOUND_S = 3.0


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("kind", TEXTS)
def test_a_99000_character_reply_is_read_in_linear_time(reader: str, kind: str) -> None:
    started = time.process_time()
    READERS[reader](TEXTS[kind])
    assert time.process_time() - started < BOUND_S


def test_the_readers_find_what_they_found_before() -> None:
    """The anchored patterns read the same things in ordinary replies."""
    assert garbled._lower_breaks("Done. see you. Thanks") == 1
    assert garbled._lower_breaks("Your order shipped. see you") == 1
    assert garbled._last_sentence_bare("I'm sorry. We can refund it today")
    assert not garbled._last_sentence_bare("I'm sorry. Your id is ORD-12345")
    assert confirm_questions("It costs $5. Shall I go ahead? Thanks.") == ["Shall I go ahead?"]
    found = [v.key for v in values_in("Numbers look like ORD-12345. Yours is ORD-99999.")]
    assert found == ["ord99999"]
    long = "word " * 100 + "unlike ORD-55555"  # a cut inside 'unlike' is no 'like'
    assert [v.key for v in values_in("x" * 300 + " " + long)] == ["ord55555"]


def _cpu(reader: Callable[[str], object], text: str) -> float:
    """The least CPU time of three readings (the first warms the caches)."""
    spent = []
    for _ in range(3):
        started = time.process_time()
        reader(text)
        spent.append(time.process_time() - started)
    return min(spent)


ONE_SENTENCE = ("i am sorry about the damaged order and i will check that for you " * 2000)[:N]


@pytest.mark.parametrize("kind", [*TEXTS, "one sentence"])
def test_support_s_reading_of_a_long_reply_is_bounded(kind: str) -> None:
    """Support's reading (agents.understanding.support) read every sentence of a reply, each
    several times a turn: a quarter to half a second of CPU for 99,000 characters, growing
    with the length. Now it reads the first 6,000 and last 2,000 characters in sentences (a
    sentence with no marks in pieces), so a reply 12 times as long costs about as much."""
    text = TEXTS.get(kind, ONE_SENTENCE)
    read_support("Warm up. Could you confirm the order number?")
    short = _cpu(read_support, text[:8_000])
    assert _cpu(read_support, text) < 3 * short + 0.02


def test_what_a_long_reply_s_reading_left_out_is_unread_never_passed() -> None:
    middle = " I'm transferring you to a human agent now."
    filler = PROSE * 150  # about 16,000 characters on each side
    reading = read_support(filler + middle + filler)
    assert reading.unread and not reading.hands_over  # not seen: undecided, not 'no handover'
    assert read_support(PROSE * 27 + middle).hands_over  # 3,000 characters: read whole
    assert not read_support(PROSE * 20).unread  # 2,200 characters: read whole
    assert read_support(PROSE * 150 + middle).hands_over  # the end is read
