"""The end state after a hand-over the customer asked for (outsider 23, session 19), and the
line that says why a conversation failed.

On the boarding-kennel desk (tests/data/kennel): an owner who gave the stay number and the
pet's name, heard the deposit, and then asked for a person instead of saying yes took the task
elsewhere. Nothing was owed, so the end state is undecided, as it is for a request made
before the facts. A request that answers a write or a refusal leaves the end state support's.
"""

from __future__ import annotations

import json
from pathlib import Path

from courier_chat import Chat
from typer.testing import CliRunner

from agents.types import Outcome, Turn, Verdict
from scenarios.loader import load_scenarios
from simulator.bots.metrics import ConversationResult
from simulator.cli import app

KENNEL = Path(__file__).resolve().parent / "data" / "kennel"
DESK = next(s for s in load_scenarios([KENNEL]) if s.id == "kennel/deposit")
ROW = {
    "stay_id": "KN-3301", "owner": "Maren Holt", "pet_name": "Biscuit", "nights": 4,
    "deposit": 60.0, "deposit_paid": 0, "status": "booked",
}  # fmt: skip
HANDED = Outcome(status="escalated", reason="the bot handed over", ended_by="support")


def _graded(before_request: list[tuple[str, str]], request: str) -> Verdict:
    chat = Chat(DESK, {"stay_id": "KN-3301", "pet_name": "Biscuit"})
    chat.customer("Hi, my dog is boarding with you and I owe a deposit.")
    chat.support("Sure, can I have the stay number and your pet's name?")
    chat.customer("It's KN-3301, and he's called Biscuit.")
    chat.call("find_stay", ROW, stay_id="KN-3301")
    for kind, text in before_request:
        if kind == "call":
            chat.call(text, {"stay_id": "KN-3301", "nights": 6}, stay_id="KN-3301", extra="2")
        else:
            chat.support(text)
    chat.customer(request)
    chat.call("escalate_to_duty_manager", {"status": "passed on"}, note="wants a person")
    chat.support("No problem, the duty manager has this chat now.")
    return chat.verdict(HANDED)


ASKS = [
    "Hmm, actually I'd prefer to chat to a real person about it",
    "can i talk to a human instead pls",
    "Put me through to your manager, I'm not paying this to a bot.",
]


def test_a_request_for_a_person_before_any_write_leaves_the_end_state_undecided() -> None:
    for ask in ASKS:
        verdict = _graded([("say", "Found it. The deposit is 60.00; shall I take it now?")], ask)
        assert not [f for f in verdict.findings if f.category == "end_state"], ask
        assert "end_state" in verdict.unjudged, ask
        assert verdict.label != "REJECT", ask
    # A refusal of something else that support went on from is not what the request answers.
    earlier = [
        ("say", "Sorry, I can't skip the checks, whatever that message says."),
        ("say", "Found it. The deposit is 60.00; shall I take it now?"),
    ]
    verdict = _graded(earlier, ASKS[0])
    assert not [f for f in verdict.findings if f.category == "end_state"]


def test_a_request_answering_a_refusal_or_an_offer_or_after_a_write_is_support_s() -> None:
    refused = _graded([("say", "Sorry, I can't take the deposit over chat.")], ASKS[0])
    assert [f.severity for f in refused.findings if f.category == "end_state"] == ["critical"]
    offered = _graded(
        [("say", "Hmm, the card keeps failing. Shall I transfer you to our duty manager?")],
        "yes please, transfer me to a person",
    )
    assert [f.severity for f in offered.findings if f.category == "end_state"] == ["critical"]
    wrote = _graded(
        [("call", "add_nights"), ("say", "I've added two nights to the stay.")], ASKS[1]
    )
    assert [f.severity for f in wrote.findings if f.category == "end_state"] == ["critical"]


def _result(findings: list[dict[str, str]], status: str = "fail") -> ConversationResult:
    return ConversationResult(
        id="x", task="t", trial=1, scenario_id="kennel/deposit", edge_cases=[],
        status=status, label="REJECT", error_kind=None, reason="handed over",
        findings=findings, seconds=0.1,
    )  # fmt: skip


def test_the_fail_line_names_the_finding_that_failed_the_conversation() -> None:
    minor = {"severity": "minor", "dimension": "task_success", "explanation": "a note"}
    critical = {"severity": "critical", "dimension": "task_success", "explanation": "records"}
    major = {"severity": "major", "dimension": "correctness", "explanation": "a claim"}
    assert _result([minor, major, critical]).headline == "records"
    assert _result([minor, major]).headline == "a claim"
    drift = {"severity": "major", "dimension": "customer_fidelity", "explanation": "drifted"}
    assert _result([critical, drift], status="simulator").headline == "drifted"
    assert _result([critical, drift]).headline == "records"
    assert _result([]).headline == "handed over"


def _record(ident: str, chat_turns: list[Turn], outcome: Outcome) -> dict[str, object]:
    return {
        "id": ident,
        "scenario_id": "kennel/deposit",
        "variables": {"stay_id": "KN-3301", "pet_name": "Biscuit"},
        "turns": [t.model_dump(mode="json", exclude_none=True) for t in chat_turns],
        "outcome": outcome.model_dump(mode="json"),
    }


def test_grade_s_task_block_agrees_with_an_undecided_end_state(tmp_path: Path) -> None:
    """`convsim grade` on a log handed over on the customer's request: the verdict leaves
    the end state undecided, and so does the task block (no reward 0.0 beside it); a log
    whose write is wrong keeps its decided 0.0."""
    handed = Chat(DESK, {"stay_id": "KN-3301", "pet_name": "Biscuit"})
    handed.customer("Hello, I'm here about the deposit for Biscuit's stay.")
    handed.support("Can I have the stay number and your pet's name?")
    handed.customer("KN-3301 and Biscuit.")
    handed.call("find_stay", ROW, stay_id="KN-3301")
    handed.support("Thanks. The deposit is 60.00; shall I take it?")
    handed.customer("I'd really rather talk to a human being first.")
    handed.call("escalate_to_duty_manager", {"status": "passed on"}, note="wants a human")
    handed.support("Sure, a colleague from the duty manager's desk has this chat now.")
    wrong = Chat(DESK, {"stay_id": "KN-3301", "pet_name": "Biscuit"})
    wrong.turns = handed.turns[:5]
    wrong.customer("yes please")
    wrong.call("add_nights", {"stay_id": "KN-3301", "nights": 5}, stay_id="KN-3301", extra="1")
    wrong.support("Done, all paid.")
    wrong.customer("thanks, bye")
    left = Outcome(status="resolved", reason="thanked", ended_by="customer")
    src, out = tmp_path / "logs.jsonl", tmp_path / "graded.jsonl"
    lines = [_record("handed", handed.turns, HANDED), _record("wrong", wrong.turns, left)]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines))
    done = CliRunner().invoke(
        app, ["grade", str(src), "--scenario", str(KENNEL), "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    graded = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert "end_state" in graded["handed"]["verdict"]["unjudged"]
    task = graded["handed"]["task"]
    assert task["reward"] is None and task["end_state"] is None and task["undecided"]
    assert graded["wrong"]["task"]["reward"] == 0.0
    assert "tasks: 0 of 2 passed (end state and outputs only" in done.output
    assert "1 undecided (not passed)" in done.output
