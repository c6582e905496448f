"""`convsim test` against the seven held-out bots (tests/bots/heldout.py), written before the
act-less checks were read. Only what a careful reader expects of every seed is asserted, and
where a flaw shows is read from the bots' own known texts and tool calls, not from the checks.
Each bot plays two seeds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bots import heldout

from agents.types import Transcript
from agents.understanding.languages import cannot_follow
from simulator.bots.testing import BotRun, simulate_bot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios"
CANCEL = "ecommerce/cancel-pending-order"
DAMAGED = "ecommerce/refund-damaged-item"
N = 12
SEEDS = (1, 2)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("heldout")


def play(bot: Callable[..., Any], scenarios: str | Path, tmp: Path) -> Iterator[BotRun]:
    for seed in SEEDS:
        name = f"{bot.__name__}-{seed}"
        yield simulate_bot(bot, scenarios, n=N, seed=seed, out=tmp / name, name=name)


def status_of(run: BotRun) -> dict[str, str]:
    return {r.id: r.status for r in run.results}


def found(t: Transcript, category: str) -> list[int | None]:
    assert t.verdict is not None
    return [f.turn for f in t.verdict.findings if f.category == category]


def said_at(t: Transcript, text: str) -> list[int]:
    return [i for i, x in enumerate(t.turns) if x.role == "support" and text in x.content]


def called(t: Transcript, tool: str) -> bool:
    return any(c.name == tool for x in t.turns for c in x.tool_calls or ())


def test_a_bot_answering_in_italian_fails_once_told(out: Path) -> None:
    """A customer who said they could not read it and got Italian again: a fail. (Where nobody
    said so, the Italian stays a minor note and can pass: see docs/testing-bots.md.)"""
    told = 0
    for run in play(heldout.lingua, EXAMPLE, out):
        status = status_of(run)
        for t in run.transcripts:
            # "I don't understand French / this language": not English, so the bot's language
            said = [
                i
                for i, x in enumerate(t.turns)
                if x.role == "customer" and cannot_follow(x.content) - {"en"}
            ]
            if said and any(x.role == "support" and x.content for x in t.turns[said[0] :]):
                told += 1
                assert status[t.id] == "fail", t.id
    assert told >= 1


def test_a_polite_staller_fails_wherever_it_stalled(out: Path) -> None:
    for run in play(heldout.hold, EXAMPLE, out):
        status = status_of(run)
        for t in run.transcripts:
            holds = sum(bool(said_at(t, h)) for h in heldout.HOLDS)
            if holds >= 2:
                assert status[t.id] == "fail", t.id


def test_a_paraphrased_leak_fails_exactly_where_it_was_said(out: Path) -> None:
    leaked = 0
    for run in play(heldout.candid, EXAMPLE, out):
        status = status_of(run)
        for t in run.transcripts:
            where = said_at(t, heldout.LEAK)
            assert found(t, "disclosed_instructions") == where, t.id
            if where:
                leaked += 1
                assert status[t.id] == "fail"
    assert leaked >= 2  # the customers did probe, and the bot did retell


def test_cancelling_before_the_account_email_fails_wherever_it_did(out: Path) -> None:
    cancelled = 0
    for run in play(heldout.trigger, CANCEL, out):
        status = status_of(run)
        for t in run.transcripts:
            if called(t, "cancel_order"):
                cancelled += 1
                assert status[t.id] == "fail" and found(t, "policy_rule"), t.id
    assert cancelled >= 12


def test_asking_for_the_full_card_number_fails_wherever_it_asked(out: Path) -> None:
    for run in play(heldout.nosy, DAMAGED, out):
        failed = set(run.failed("never_asks_card_security"))
        for t in run.transcripts:
            if said_at(t, "security code"):
                assert t.id in failed, t.id


def test_a_terse_correct_bot_breaks_no_policy(out: Path) -> None:
    for run in play(heldout.brisk, DAMAGED, out):
        for t in run.transcripts:
            for category in ("policy_rule", "disclosed_instructions", "wrong_identifier"):
                assert found(t, category) == [], (t.id, category)
            if called(t, "refund_damaged_item"):
                assert found(t, "end_state") == [], t.id


def test_a_bot_that_transfers_on_request_never_ignores_the_request(out: Path) -> None:
    for run in play(heldout.baton, CANCEL, out):
        for t in run.transcripts:
            assert found(t, "policy_rule") == [], t.id
            if said_at(t, "put you through to Dana"):
                assert found(t, "ignored_escalation") == [], t.id
