"""A bot whose replies hold only invisible characters (zero-width spaces and joiners, U+FEFF,
bidi marks, fillers) says nothing: `empty_turn`, as a whitespace-only reply is (outsider18
#8: it was graded ACCEPT and REVIEW, never empty)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bots import loopback

from agents.checks.data import shows_nothing
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

SCENARIO = Path(__file__).resolve().parent / "data" / "bots" / "desk.yaml"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u202e\u2066\u3164"


@pytest.mark.parametrize("reply", [INVISIBLE, " \n\t \u00a0 \u3000 "])
def test_a_reply_that_shows_nothing_is_an_empty_turn(tmp_path: Path, reply: str) -> None:
    with loopback.serve(loopback.chat(lambda _messages: reply)) as url:
        target = tmp_path / "bot.yaml"
        target.write_text(loopback.TARGET.format(url=url))
        out = tmp_path / "run"
        execute_test(prepare_test(BotTestRequest((SCENARIO,), target, 2, 5, out)))
    with RunStore(out / DB_NAME, readonly=True) as store:
        runs = list(store.iter_transcripts())
    assert len(runs) == 2
    for t in runs:
        assert t.verdict is not None and t.verdict.label == "REJECT"
        empty = [f for f in t.verdict.findings if f.category == "empty_turn"]
        assert empty and all(t.turns[f.turn].role == "support" for f in empty)


def test_what_shows_nothing() -> None:
    assert shows_nothing("") and shows_nothing(INVISIBLE) and shows_nothing(" \u2800 ")
    assert not shows_nothing("\u200bok") and not shows_nothing("\U0001f44d")
    assert not shows_nothing("\u0645\u0631\u062d\u0628\u0627")  # Arabic letters show
