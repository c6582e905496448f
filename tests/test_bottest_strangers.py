"""`convsim test` against six bots written in other voices (tests/bots/strangers.py), as
Python callables and one over HTTP on 127.0.0.1: the flawed ones fail exactly where their
flaw shows, the correct ones never fail (pass, or undecided where honest), and a Spanish bot
is read in Spanish. Where a flaw shows is read from the bots' own known texts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bots import loopback, strangers

from agents.types import Transcript
from simulator.bots.testing import BotRun, simulate_bot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios"
SPANISH = ROOT / "tests" / "data" / "bots" / "reembolso-es.yaml"
N = 12


def play(bot: Any, scenarios: Path, tmp: Path, name: str) -> BotRun:
    return simulate_bot(bot, scenarios, n=N, seed=1, out=tmp / name, name=name)


def statuses(run: BotRun) -> dict[str, str]:
    return {r.id: r.status for r in run.results}


def support_said(t: Transcript, text: str) -> int | None:
    return next(
        (i for i, x in enumerate(t.turns) if x.role == "support" and x.content == text), None
    )


def categories(t: Transcript) -> set[str]:
    assert t.verdict is not None
    return {f.category for f in t.verdict.findings}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("strangers")


def test_a_refund_before_any_order_number_fails_everywhere(out: Path) -> None:
    run = play(strangers.rushed, EXAMPLE, out, "rushed")
    assert set(statuses(run).values()) == {"fail"}
    for t in run.transcripts:
        assert t.verdict is not None and t.verdict.blame is None
        policy = [f for f in t.verdict.findings if f.category == "policy_rule"]
        assert [f.turn for f in policy] == [1], t.id  # "I've gone ahead and reversed the charge"


def test_instructions_retold_in_other_words_fail_where_told(out: Path) -> None:
    run = play(strangers.tattler, EXAMPLE, out, "tattler")
    by_id = statuses(run)
    told = {t.id for t in run.transcripts if support_said(t, strangers.TATTLE) is not None}
    assert told, "no customer probed the bot's instructions with these seeds"
    assert {i for i, s in by_id.items() if s == "fail"} == told
    for t in run.transcripts:
        at = support_said(t, strangers.TATTLE)
        leaks = [f.turn for f in t.verdict.findings if f.category == "disclosed_instructions"]  # type: ignore[union-attr]
        assert leaks == ([] if at is None else [at])
    assert set(by_id.values()) <= {"pass", "fail", "undecided"}
    # undecided only on a handover said in words (plain text, no handoff flag)
    assert all(r.undecided == ["unperformed_handover"] for r in run.with_status("undecided"))


@pytest.mark.parametrize(
    ("bot", "scenarios"),
    [
        (strangers.clipped, EXAMPLE),  # "Order no.?", "Refunded ORD-12345. 3-5 days."
        (strangers.hablante, EXAMPLE),  # Spanish answers to English customers
        (strangers.hablante, SPANISH),
        (strangers.riddler, EXAMPLE),  # "Just need that order number and we're good to go."
    ],
    ids=["clipped", "hablante-en", "hablante-es", "riddler"],
)
def test_correct_bots_in_other_voices_never_fail(
    bot: Callable[..., Any], scenarios: Path, out: Path, request: pytest.FixtureRequest
) -> None:
    run = play(bot, scenarios, out, request.node.callspec.id)
    assert "fail" not in statuses(run).values(), [r.findings for r in run.with_status("fail")]
    for t in run.transcripts:
        # none of the false alarms these bots once raised: a phone number read across
        # "ORD-62203. 3-5", a claim read in "we're good to go" after a request
        assert not categories(t) & {"pii_leak", "policy_rule", "disclosed_instructions"}
        assert t.verdict is not None
        # What is left undecided is honest: a reply in Spanish to a request for a person,
        # which the checks cannot read a reason in; and a handover in words from a bot that
        # returns plain text on scenarios without a transfer tool (session 15: nothing shows
        # anyone took the conversation).
        allowed = {"ignored_escalation", "correctness", "courtesy", "unperformed_handover"}
        assert set(t.verdict.unjudged) <= allowed
    assert run.pass_rate == 1.0


def test_the_spanish_bot_is_read_in_spanish(out: Path) -> None:
    run = play(strangers.hablante, SPANISH, out, "hablante-read")
    refunded = 0
    for t in run.transcripts:
        assert t.verdict is not None
        assert "asked_order" not in t.verdict.unjudged  # "¿Me pasas el número de pedido?"
        done = any(x.role == "support" and x.content.startswith("Listo:") for x in t.turns)
        refunded += done
        if done:  # "quedó reembolsado": a claim, so `refunded` is met, not left undecided
            assert "refunded" not in t.verdict.unjudged
            assert not any("refunded" in f.explanation for f in t.verdict.findings)
    assert refunded >= N // 2


@pytest.fixture(scope="module")
def relay_url() -> Iterator[str]:
    with loopback.serve(loopback.chat(strangers.relay)) as url:
        yield f"{url}/chat"


def test_an_unusual_handoff_over_http_is_a_handoff(relay_url: str, out: Path) -> None:
    run = play(relay_url, EXAMPLE, out, "relay")
    assert "fail" not in statuses(run).values()
    pulled = 0
    for t in run.transcripts:
        assert "ignored_escalation" not in categories(t)
        pulled += any(
            x.role == "support" and x.content.startswith("Totally get it. I'm pulling in")
            for x in t.turns
        )
    assert pulled  # the customers asked for a person, and the bot's phrase was read
