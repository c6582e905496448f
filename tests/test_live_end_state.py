"""Grading with a conversation's live records gives what replaying its calls gives; a call
whose arguments were unreadable is stored so that a replay refuses it as it was refused live."""

from __future__ import annotations

from tool_domain import orders_domain

from agents.calls import ReplyCalls, Request
from agents.checks.actions import (
    Call,
    live_world,
    replay,
    task_result,
    transcript_calls,
)
from agents.tools import Desk
from agents.types import INVALID_ARGUMENTS, Turn

REFUND = [Call("refund_order", {"order_id": "ORD-10001"})]


def _said(text: str) -> Turn:
    return Turn(role="support", content=text)


def test_unreadable_arguments_are_stored_with_the_marker_and_replayed_as_refused() -> None:
    domain = orders_domain()
    desk = Desk(domain.new_state())
    calls = ReplyCalls(desk)
    [result] = calls.run([Request.parse("c1", "refund_order", '{"order_id": "ORD-10001"')])
    assert result.error
    turns = desk.take()
    stored = turns[0].tool_calls
    assert stored is not None
    assert stored[0].arguments == {INVALID_ARGUMENTS: '{"order_id": "ORD-10001"'}
    again = replay(domain, transcript_calls(turns))
    try:
        assert again.snapshot() == domain.pristine()  # the tool never ran
        [(name, _, refused)] = again.calls
        assert (name, refused.error) == ("refund_order", True)
        assert refused.content.startswith("Error: arguments are not a JSON object: ")
    finally:
        again.close()
    # live, the refused call is in the records' log too, so the live records stand in
    assert desk.state.calls[0][:2] == ("refund_order", stored[0].arguments)
    with live_world(desk.state):
        live = task_result(domain, REFUND, [], [*turns, _said("done")])
    replayed = task_result(domain, REFUND, [], [*turns, _said("done")])
    assert live == replayed
    assert [d.key for d in live.differing] == ["ORD-10001"]
    desk.close()


def test_live_records_grade_as_the_replay_does() -> None:
    domain = orders_domain()
    desk = Desk(domain.new_state())
    desk.run_sync("get_order", {"order_id": "ORD-10001"})
    desk.run_sync("refund_order", {"order_id": "ORD-10001"})
    turns = [*desk.take(), _said("Refunded.")]
    with live_world(desk.state):
        live = task_result(domain, REFUND, ["refunded"], turns)
    assert live == task_result(domain, REFUND, ["refunded"], turns)
    assert live.end_state and live.reward == 1.0
    wrong = [Call("cancel_order", {"order_id": "ORD-10002"})]
    with live_world(desk.state):
        live = task_result(domain, wrong, [], turns)
    assert live == task_result(domain, wrong, [], turns)
    assert sorted(d.key for d in live.differing) == ["ORD-10001", "ORD-10002"]
    desk.state.conn.execute("SELECT 1")  # the grader leaves the live records open
    desk.close()


def test_live_records_that_are_not_the_transcripts_are_not_used() -> None:
    domain = orders_domain()
    desk = Desk(domain.new_state())
    desk.state.call("refund_order", {"order_id": "ORD-10001"})  # made outside the transcript
    turns = [_said("Nothing to do.")]
    with live_world(desk.state):
        graded = task_result(domain, [], [], turns)
    assert graded.end_state  # replayed: no call in the transcript, nothing changed
    other = orders_domain()  # the same records, another domain object: not its records
    with live_world(desk.state):
        assert task_result(other, [], [], turns).end_state
    desk.close()


def test_an_unchanged_copy_snapshots_as_the_pristine_records() -> None:
    domain = orders_domain()
    state = domain.new_state()
    try:
        state.call("get_order", {"order_id": "ORD-10001"})
        assert state.conn.total_changes == 0
        pristine = state.snapshot()
        pristine["orders"].clear()  # a copy: the domain's own is untouched
        assert domain.pristine()["orders"]["ORD-10001"].startswith('{"email": "ada@')
        state.call("refund_order", {"order_id": "ORD-10001"})
        changed = state.snapshot()
        assert '"status": "refunded"' in changed["orders"]["ORD-10001"]
        assert changed["orders"]["ORD-10002"] == domain.pristine()["orders"]["ORD-10002"]
    finally:
        state.close()
