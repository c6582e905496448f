"""`convsim test` against three bots in styles none of the other test bots has
(tests/bots/newcomers.py): each gets the verdict decided from what it does, written before it
was run. Where a flaw shows is read from the bots' own known texts, not from the checks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from bots import newcomers

from agents.types import REQUEST_ESCALATION, Transcript
from simulator.bots.testing import BotRun, simulate_bot

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios"
FOUR_LANGUAGES = ROOT / "tests" / "data" / "bots" / "refund-five.yaml"
N = 12


def play(bot: Any, tmp: Path, name: str, scenarios: Path = EXAMPLE) -> BotRun:
    return simulate_bot(bot, scenarios, n=N, seed=1, out=tmp / name, name=name)


def support_turns(t: Transcript) -> list[tuple[int, str]]:
    return [(i, x.content) for i, x in enumerate(t.turns) if x.role == "support"]


def findings(t: Transcript, category: str) -> list[int | None]:
    assert t.verdict is not None
    return [f.turn for f in t.verdict.findings if f.category == category]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("newcomers")


def test_a_refund_after_a_partial_verification_fails_only_where_the_number_was_missing(
    out: Path,
) -> None:
    run = play(newcomers.ticket, out, "ticket")
    status = {r.id: r.status for r in run.results}
    early = deferred = 0
    for t in run.transcripts:
        assert t.verdict is not None and t.verdict.blame is None
        approved = [(i, s) for i, s in support_turns(t) if s.startswith(newcomers.APPROVED)]
        if approved and "your order" in approved[0][1]:
            early += 1  # approved on a message that carried no order number: the bot's flaw
            assert status[t.id] == "fail", t.id
            assert findings(t, "policy_rule") == [approved[0][0]]
        else:
            assert findings(t, "policy_rule") == [], t.id
            assert status[t.id] == "pass", t.id
        # Putting a request for a person off once, then naming who takes over, ignores
        # nothing, and is decided, not left to a judge.
        said = [s for _, s in support_turns(t)]
        deferred += newcomers.DEFER in said
        assert findings(t, "ignored_escalation") == []
        assert "ignored_escalation" not in t.verdict.unjudged
    assert early and deferred  # the seeds reached both: verdicts were not vacuous
    assert "undecided" not in status.values()


def test_a_silent_handover_in_spanish_is_decided_by_its_signal(out: Path) -> None:
    run = play(newcomers.quieto, out, "quieto")
    counts = Counter(r.status for r in run.results)
    assert counts == {"pass": N}, [r.findings for r in run.results]
    escalated = 0
    for t in run.transcripts:
        assert t.verdict is not None
        assert "ignored_escalation" not in t.verdict.unjudged
        escalated += t.outcome.status == "escalated"
    assert escalated  # customers asked for a person with these seeds


def _ignored_by_the_bot(t: Transcript) -> bool:
    """A request for a person that the bot's own handover text did not answer within the
    next two support turns (its pattern for a person misses "superior", "alguém que possa
    decidir"): a real flaw of the bot, never a pass."""
    handovers = {texts[4] for texts in newcomers._TEXTS.values()}
    for i, x in enumerate(t.turns):
        if x.role == "customer" and x.act == REQUEST_ESCALATION:
            replies = [s for j, s in support_turns(t) if j > i][:2]
            if len(replies) == 2 and not handovers & set(replies):
                return True
    return False


def _answered_in_another_language(t: Transcript) -> bool:
    """The bot's own flaw, read from its fixed texts: it takes its language from cue words of
    the customer's first message, so a garbled opening ("Oi dclpe incmdqr") leaves it in
    English, and a reply of another language's texts after the customer went on in theirs
    is one they cannot read (a wrong_language finding is real), never a pass."""
    own = t.persona.language
    others = {
        line.split("{", 1)[0]
        for code, texts in newcomers._TEXTS.items()
        if code != own
        for line in texts
    }
    customers = 0
    for x in t.turns:
        customers += x.role == "customer" and bool(x.content.strip())
        if x.role == "support" and customers >= 2 and any(x.content.startswith(o) for o in others):
            return True
    return False


def test_policy_quoted_in_english_inside_another_language_is_no_refund(out: Path) -> None:
    run = play(newcomers.bilingue, out, "bilingue", FOUR_LANGUAGES)
    status = {r.id: r.status for r in run.results}
    languages = set()
    for t in run.transcripts:
        assert t.verdict is not None and t.verdict.blame is None
        languages.add(t.persona.language)
        quoted = [i for i, s in support_turns(t) if newcomers.QUOTE in s]
        assert quoted  # the first reply always quotes the policy in English
        # "Damaged items are refunded in full ..." is a rule, not a refund before verifying.
        assert findings(t, "policy_rule") == []
        if _ignored_by_the_bot(t):
            assert status[t.id] in ("fail", "undecided"), t.id
        elif _answered_in_another_language(t):
            # Failed for that, or passed where it was one stray line (no pattern): never
            # failed for anything else.
            wrong = findings(t, "wrong_language")
            assert status[t.id] == ("fail" if wrong else "pass"), (t.id, t.verdict.findings)
        else:
            assert status[t.id] == "pass", (t.id, t.verdict.findings, t.verdict.unjudged)
    assert languages == {"es", "fr", "de", "pt"}, languages
