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
