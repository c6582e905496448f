"""The end-state check's shortcut (the calls that changed the records are the expected
actions themselves: no replay) grades every conversation as the plain rule does.

The plain rule replays the expected actions on a fresh copy and compares. Random
conversations of reads, writes, refused writes and repeats are graded against random
expectations (their own changing calls, those with one thing changed, reordered, doubled,
with a terminate tool, a float for a string, unreadable arguments), with the live records
and replayed, with and without the shortcut.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from tool_domain import orders_domain

from agents.checks import task_result as task_result_module
from agents.checks.actions import task_result
from agents.checks.replay import Call, live_world
from agents.tools import Desk
from agents.types import INVALID_ARGUMENTS, Turn

_IDS = ["ORD-10001", "ORD-10002", "ORD-20001", "ORD-99999"]
_TOOLS = ["get_order", "refund_order", "cancel_order"]


def _call(rng: random.Random) -> Call:
    arguments: dict[str, Any] = {"order_id": rng.choice(_IDS)}
    if rng.random() < 0.05:
        arguments = {"order_id": 10001.0}  # same JSON-ish look, another type
    return Call(rng.choice(_TOOLS), arguments)


def _expected(rng: random.Random, changing: list[tuple[str, dict[str, Any]]]) -> list[Call]:
    own = [Call(name, dict(arguments)) for name, arguments in changing]
    roll = rng.random()
    if roll < 0.4:
        return own
    if roll < 0.5:
        return [*own, Call("transfer_to_human_agents", {"summary": "done"})]
    if roll < 0.6 and own:
        return own[::-1]
    if roll < 0.7:
        return own + own
    if roll < 0.8 and own:
        changed = list(own)
        changed[rng.randrange(len(changed))] = _call(rng)
        return changed
    if roll < 0.85:
        return [Call("refund_order", {INVALID_ARGUMENTS: '{"order_id": '})]
    return [_call(rng) for _ in range(rng.randint(0, 3))]


@pytest.mark.parametrize("seed", range(4))
def test_the_shortcut_grades_as_the_replay(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    domain = orders_domain()
    shortcuts = 0
    for _ in range(150):
        desk = Desk(domain.new_state())
        for call in [_call(rng) for _ in range(rng.randint(0, 5))]:
            desk.run_sync(call.tool, call.arguments)
        turns = [*desk.take(), Turn(role="support", content="Done.")]
        changing = desk.state.changing_calls() or []
        expected = _expected(rng, changing)
        with live_world(desk.state):
            live = task_result(domain, expected, [], turns)
        shortcuts += task_result_module._made_as_expected(desk.state, expected)
        replayed = task_result(domain, expected, [], turns)
        with monkeypatch.context() as plain:
            plain.setattr(task_result_module, "_made_as_expected", lambda state, calls: False)
            with live_world(desk.state):
                plain_live = task_result(domain, expected, [], turns)
            plain_replayed = task_result(domain, expected, [], turns)
        assert live == plain_live == replayed == plain_replayed, (turns, expected)
        desk.close()
    assert shortcuts > 30  # the random expectations take the shortcut often enough
