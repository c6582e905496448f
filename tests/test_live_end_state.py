"""Grading with a conversation's live records gives what replaying its calls gives; a call
whose arguments were unreadable is stored so that a replay refuses it as it was refused live."""

from __future__ import annotations

from tool_domain import orders_domain

from agents.calls import ReplyCalls, Request
from agents.checks.actions import task_result
from agents.checks.replay import Call, changes_key, live_world, replay, transcript_calls
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


def test_only_the_calls_that_changed_rows_make_the_changes_key() -> None:
    domain = orders_domain()
    one, two = domain.new_state(), domain.new_state()
    try:
        one.call("get_order", {"order_id": "ORD-10001"})
        one.call("refund_order", {"order_id": "ORD-10001"})
        one.call("refund_order", {"order_id": "ORD-10001"})  # refused: already refunded
        one.call("get_order", {"order_id": "ORD-20001"})
        two.call("refund_order", {"order_id": "ORD-10001"})
        assert one.changing_calls() == [("refund_order", {"order_id": "ORD-10001"})]
        assert changes_key(one) == changes_key(two) is not None
        assert one.snapshot() == two.snapshot()
        two.conn.execute("UPDATE orders SET total = 1 WHERE order_id = 'ORD-10002'")
        assert two.changing_calls() is None and changes_key(two) is None  # not a call's doing
    finally:
        one.close()
        two.close()


def test_a_changes_key_tells_apart_what_json_tells_apart() -> None:
    domain = orders_domain()
    states = [domain.new_state() for _ in range(3)]
    try:
        for state, order_id in zip(states, ("ORD-10001", "ORD-10001", "ORD-10002"), strict=True):
            state.call("refund_order", {"order_id": order_id})
            state.call("cancel_order", {"order_id": "ORD-10002"})
        a, b, c = (changes_key(s) for s in states)
        assert a == b != c
        states[0].calls[states[0]._changing[0]][1]["note"] = (1, 2)  # not plain JSON
        assert changes_key(states[0]) is None
    finally:
        for state in states:
            state.close()


def test_the_same_changing_calls_pass_and_other_calls_are_compared_by_their_records() -> None:
    domain = orders_domain()
    desk = Desk(domain.new_state())
    desk.run_sync("get_order", {"order_id": "ORD-20001"})
    desk.run_sync("refund_order", {"order_id": "ORD-10001"})
    desk.run_sync("get_order", {"order_id": "ORD-10001"})
    turns = [*desk.take(), _said("Refunded.")]
    with live_world(desk.state):
        same = task_result(domain, REFUND, [], turns)  # the keys match: no snapshot compared
        twice = task_result(domain, [*REFUND, *REFUND], [], turns)  # the second is refused
    assert same.end_state and twice.end_state
    assert same == task_result(domain, REFUND, [], turns)
    desk.close()
