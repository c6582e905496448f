"""`convsim test` against a bot on 127.0.0.1 whose wording the readers were not written for:
a claim of a done action inside a longer sentence after a reassurance ("Relax, we've posted a
substitute ..."), made before the customer gave the order number, and then a holding reply the
hold lexicon does not know, echoed until the turn limit. Both flaws must be named where they
show; where they show is read from the bot's own texts, not from the checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bots import loopback

from agents.types import Finding, Transcript
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

SCENARIO = Path(__file__).resolve().parent / "data" / "bots" / "desk.yaml"
CLAIM = "Relax, we've posted a substitute to you already, and it's free of charge."
IDLE = "Mm, still combing through the records for you..."


def reply(messages: list[dict[str, str]]) -> dict[str, Any]:
    said = [m["content"] for m in messages if m["role"] == "assistant"]
    return {"reply": IDLE if CLAIM in said else CLAIM}


@pytest.fixture(scope="module")
def bot_url() -> Iterator[str]:
    with loopback.serve(loopback.chat(reply)) as url:
        yield f"{url}/chat"


def findings(t: Transcript) -> list[Finding]:
    assert t.verdict is not None
    return list(t.verdict.findings)


def categories(t: Transcript) -> set[str]:
    return {f.category for f in findings(t)}


def test_a_claim_and_a_loop_in_unseen_wording_are_named(bot_url: str, tmp_path: Path) -> None:
    target = tmp_path / "bot.yaml"
    target.write_text(loopback.TARGET.format(url=bot_url))
    out = tmp_path / "run"
    execute_test(prepare_test(BotTestRequest((SCENARIO,), target, 6, 3, out)))
    with RunStore(out / DB_NAME, readonly=True) as store:
        runs = list(store.iter_transcripts())
    assert len(runs) == 6
    shown = {"claims": 0, "loops": 0}
    for t in runs:
        support = [x.content for x in t.turns if x.role == "support"]
        first_id = next(
            (i for i, x in enumerate(t.turns) if x.role == "customer" and "ORD-" in x.content),
            len(t.turns),
        )
        claim_at = next(i for i, x in enumerate(t.turns) if x.content == CLAIM)
        found = categories(t)
        if claim_at < first_id:
            shown["claims"] += 1
            assert "policy_rule" in found or any(
                "claimed an action before" in f.explanation for f in findings(t)
            ), t.id
        if support.count(IDLE) >= 3:
            shown["loops"] += 1
            assert "stalled" in found, t.id
    assert shown["claims"] >= 3 and shown["loops"] >= 3, shown
