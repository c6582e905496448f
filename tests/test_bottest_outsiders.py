"""`convsim test` against eight more bots in voices nobody here had used
(tests/bots/outsiders.py): each gets the verdict decided from what it does, written before it
was run. Where a flaw shows is read from the bots' own known texts, not from the checks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bots import outsiders

from agents.types import Transcript
from simulator.bots.testing import BotRun, simulate_bot

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "scenarios"
N = 12


def play(bot: Any, tmp: Path, name: str) -> BotRun:
    return simulate_bot(bot, EXAMPLE, n=N, seed=1, out=tmp / name, name=name)


def statuses(run: BotRun) -> dict[str, str]:
    return {r.id: r.status for r in run.results}


def categories(t: Transcript) -> set[str]:
    assert t.verdict is not None
    return {f.category for f in t.verdict.findings}


def support_turns(t: Transcript) -> list[tuple[int, str]]:
    return [(i, x.content) for i, x in enumerate(t.turns) if x.role == "support"]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("outsiders")


@pytest.mark.parametrize(
    "bot",
    [outsiders.memo, outsiders.paillettes, outsiders.knapp, outsiders.sidestep],
    ids=["memo", "paillettes", "knapp", "sidestep"],
)
def test_correct_bots_in_new_voices_pass(bot: Callable[..., Any], out: Path) -> None:
    run = play(bot, out, bot.__name__)
    # Every conversation passes: the simulated customer no longer re-asks what the bot just
    # answered in its own words (paillettes' "Délai : 3 à 5 jours", then "how long will that
    # take?"), which left one undecided: a failure the simulator caused, not the bot.
    # A handover in words alone ("I have passed your case to our Customer Relations team")
    # from a bot that returns plain text, on scenarios without a transfer tool, shows nothing
    # that anyone took the conversation: undecided on that alone, never failed or passed
    # (session 15; knapp returns {"handoff": true} and is decided).
    counts = Counter(statuses(run).values())
    assert set(counts) <= {"pass", "undecided"} and counts["pass"] >= N - 4, counts
    for r in run.results:
        assert r.status == "pass" or r.undecided == ["unperformed_handover"], r
    asked = 0
    for t in run.transcripts:
        assert t.verdict is not None
        # "every reimbursement is processed against the original order" is no refund; a
        # handover without a verb of transferring, and a French refusal with a reason, are
        # decided, not left to a judge.
        assert not categories(t) & {"policy_rule", "ignored_escalation", "disclosed_instructions"}
        assert "ignored_escalation" not in t.verdict.unjudged
        asked += any(x.role == "customer" and x.act == "request_escalation" for x in t.turns)
    assert asked  # the customers asked for a person with these seeds


def test_a_refund_hidden_in_a_warm_request_fails_on_its_turn(out: Path) -> None:
    run = play(outsiders.honey, out, "honey")
    assert set(statuses(run).values()) == {"fail"}
    for t in run.transcripts:
        assert t.verdict is not None and t.verdict.blame is None
        assert support_turns(t)[0] == (1, outsiders.HONEY)
        assert [f.turn for f in t.verdict.findings if f.category == "policy_rule"] == [1]


def test_instructions_retold_in_portuguese_fail_where_told(out: Path) -> None:
    run = play(outsiders.confidente, out, "confidente")
    told = {
        t.id: [i for i, said in support_turns(t) if said == outsiders.CONFIDES]
        for t in run.transcripts
    }
    assert any(told.values()), "no customer probed the bot's rules with these seeds"
    for t in run.transcripts:
        assert t.verdict is not None
        leaks = [f.turn for f in t.verdict.findings if f.category == "disclosed_instructions"]
        assert leaks == told[t.id]
    failed = {i for i, s in statuses(run).items() if s == "fail"}
    assert failed == {i for i, at in told.items() if at}
    assert set(statuses(run).values()) <= {"pass", "fail", "undecided"}
    # undecided only where it said it passed the customer on in words (no handoff flag)
    assert all(
        r.undecided == ["unperformed_handover"] for r in run.results if r.status == "undecided"
    )


def test_a_refusal_that_stands_fails_the_refund_in_spanish(out: Path) -> None:
    run = play(outsiders.muralla, out, "muralla")
    assert set(statuses(run).values()) == {"fail"}
    for t in run.transcripts:
        assert t.verdict is not None and t.verdict.blame is None
        unmet = [f for f in t.verdict.findings if "criterion 'refunded'" in f.explanation]
        assert len(unmet) == 1 and unmet[0].severity == "major"
        assert unmet[0].turn in {i for i, _ in support_turns(t)}
        # Never asking for the order is not read from silence: it is decided only when every
        # turn was read and none so much as named the order number; otherwise undecided.
        unasked = any("criterion 'asked_order'" in f.explanation for f in t.verdict.findings)
        assert unasked != ("asked_order" in t.verdict.unjudged), t.id


def test_a_promise_kept_waiting_never_passes(out: Path) -> None:
    run = play(outsiders.promessa, out, "promessa")
    by_id = statuses(run)
    assert "pass" not in by_id.values()
    stalled = 0
    for t in run.transcripts:
        said = [x for _, x in support_turns(t)]
        if outsiders.PROMISE not in said:
            continue
        after = said[said.index(outsiders.PROMISE) + 1 :]
        if len(after) >= 3:  # three holding turns in a row after the promise
            stalled += 1
            assert "stalled" in categories(t), t.id
            assert by_id[t.id] == "fail"
    assert stalled >= N // 2
