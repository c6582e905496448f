"""A hand-over a bot makes by calling its desk's transfer tool (outsider 23, session 19).

On a boarding-kennel desk of our own (tests/data/kennel: `escalate_to_duty_manager`), bots
that return plain text (a `python` callable without a `handoff` flag, an `openai` model's
`tool_calls`) hand over a customer who asks for a person by calling that tool, each with
other words around the call ("I've transferred you to our duty manager", "the duty manager
has your case now", "Done, over to the duty manager"). Before, the conversation went on after
the call (the simulated customer talked on to nobody and the bot was failed for ignoring the
request), and
a past-tense "I've transferred you" was read as a claimed write before verification
(critical). The call is the hand-over whatever the words and the kind: the conversation ends
escalated by support, and the critic credits it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from bots.loopback import serve
from courier_chat import Chat

from agents.types import Outcome, Transcript
from scenarios.loader import load_scenarios
from simulator.bots.bottest import BotTestRequest, execute_test, prepare_test
from simulator.store.rundb import RunStore
from simulator.store.rundir import DB_NAME

TESTS = Path(__file__).resolve().parent
KENNEL = TESTS / "data" / "kennel"
TRANSFER = "escalate_to_duty_manager"
N = 12
WRONG = {"ignored_escalation", "unperformed_action", "unperformed_handover", "policy_rule"}


def _run(folder: Path, target: str) -> list[Transcript]:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bot.yaml"
    path.write_text(target)
    out = folder / "run"
    execute_test(prepare_test(BotTestRequest((KENNEL,), path, N, 5, out)))
    with RunStore(out / DB_NAME, readonly=True) as store:
        return list(store.iter_transcripts())


def _transferred(t: Transcript) -> bool:
    refused = {x.tool_call_id for x in t.turns if x.role == "tool" and x.error}
    return any(
        c.name == TRANSFER and c.id not in refused
        for x in t.turns
        if x.role == "support"
        for c in x.tool_calls or ()
    )


def _assert_handed_over(runs: list[Transcript]) -> None:
    handed = [t for t in runs if _transferred(t)]
    assert len(handed) >= 3, "the plans must ask for a person a few times"
    for t in handed:
        assert t.outcome.status == "escalated" and t.outcome.ended_by == "support", t.id
        calls = [i for i, x in enumerate(t.turns) if x.role == "support" and x.tool_calls]
        said = [i for i, x in enumerate(t.turns) if x.role == "customer"]
        assert said[-1] < calls[-1], f"{t.id}: the customer spoke after the transfer"
        assert t.verdict is not None
        wrong = [f for f in t.verdict.findings if f.category in WRONG or f.severity == "critical"]
        assert wrong == [], (t.id, wrong)


@pytest.mark.parametrize("words", ["done", "moved", "brief"])
def test_a_python_bot_hands_over_by_its_call_whatever_it_says(words: str, tmp_path: Path) -> None:
    runs = _run(
        tmp_path, f"kind: python\ncallable: bots.kennel:kennel_{words}\npythonpath: [{TESTS}]\n"
    )
    _assert_handed_over(runs)


def _model(body: dict[str, Any], headers: Mapping[str, str], path: str) -> dict[str, Any]:
    """An OpenAI-compatible model that answers a request for a person with a transfer call,
    then reports it in words of its own; everything else gets a request for the stay."""
    messages = body["messages"]
    last = messages[-1]
    if last["role"] == "tool":
        message: dict[str, Any] = {
            "role": "assistant",
            "content": "Okay! I've passed your chat over to the duty manager, who'll reply here.",
        }
    elif any(w in last["content"].lower() for w in ("manager", "person", "human", "someone")):
        call = {"id": "t1", "type": "function", "function": {"name": TRANSFER, "arguments": "{}"}}
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
        call["function"]["arguments"] = '{"note": "wants a person"}'
    else:
        message = {"role": "assistant", "content": "Which stay is it, and what's your pet called?"}
    return {
        "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }  # fmt: skip


def test_an_openai_bot_hands_over_by_its_call(tmp_path: Path) -> None:
    with serve(_model) as base:
        runs = _run(
            tmp_path, f"kind: openai\nbase_url: {base}/v1\nmodel: kennel\nsystem_prompt: Help.\n"
        )
    _assert_handed_over(runs)


DESK = next(s for s in load_scenarios([KENNEL]) if s.id == "kennel/deposit")
REPORTS = [
    "Sure. I've transferred you to our duty manager.",
    "Of course, I have passed your case to a claims handler.",
    "We've put you through to a senior adjuster; hang on there.",
]


@pytest.mark.parametrize("report", REPORTS)
def test_reporting_a_transfer_is_no_claimed_write(report: str) -> None:
    """Graded as a log (the kind that shows no handoff signal): the transfer call went
    through before any verification, which the policy allows; the words report it."""
    chat = Chat(DESK, {"stay_id": "KN-3301", "pet_name": "Biscuit"})
    chat.customer("I want to pay my dog's boarding deposit.")
    chat.support("Sure, what's the stay number and your pet's name?")
    chat.customer("Can I just talk to a real person please")
    chat.call(TRANSFER, {"status": "passed on"}, note="asked for a person")
    chat.support(report)
    ended = Outcome(status="escalated", reason="handed over", ended_by="support")
    verdict = chat.verdict(ended)
    assert [f for f in verdict.findings if f.severity in ("critical", "major")] == []
    assert not [f for f in verdict.findings if f.category in WRONG]


def test_a_log_where_the_customer_talks_on_after_the_call_credits_the_call() -> None:
    """A log graded on its own, where the customer wrote again after the transfer went
    through: the call answered the request; a refused call did not."""

    def log(result: object, error: bool, said: str) -> Chat:
        chat = Chat(DESK, {"stay_id": "KN-3301", "pet_name": "Biscuit"})
        chat.customer("Need to pay the deposit for Biscuit, stay KN-3301.")
        chat.support("Got it. Shall I take the deposit now?")
        chat.customer("Hang on. Put me through to a human please.")
        chat.call(TRANSFER, result, note="asks for a person")
        if error:
            chat.turns[-1] = chat.turns[-1].model_copy(update={"error": True})
        chat.support(said)
        chat.customer("hello?? is anyone there")
        chat.support("They'll be with you shortly.")
        return chat.customer("forget it")

    left = Outcome(status="abandoned", reason="gave up", ended_by="customer")
    made = log({"status": "passed on"}, False, "Alright, the duty manager is picking this up.")
    assert not [f for f in made.verdict(left).findings if f.category == "ignored_escalation"]
    made = log({"status": "passed on"}, False, "Alright, I'm passing you to the duty manager now.")
    assert not [f for f in made.verdict(left).findings if f.category == "ignored_escalation"]
    refused = log("Error: no manager", True, "Alright, I'm passing you to the duty manager now.")
    refused = refused.verdict(left)
    assert "unperformed_handover" in {f.category for f in refused.findings}
