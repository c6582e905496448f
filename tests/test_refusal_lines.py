"""A refusal's lines are said in the rule's order: the first (which carries the reason) opens
the refusal, the next ones only after the customer pushes back (walkthrough 5: the push-back
line opened 28 of 53 refusals, with no push-back)."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from test_scripted_dialogue import SCENARIO, converse, make_plan

from agents import types as a
from agents.scripted.customer import ScriptedCustomer
from agents.types import ConversationPlan, Outcome, Reply, Turn

LINES = [
    "Order {order_id} is past our 30-day refund window, so I can't refund it.",
    "I understand the frustration, but that window is firm for every order.",
    "As I said, a refund isn't possible once those days have passed.",
]
KEYS = ["30-day refund window", "window is firm", "those days have passed"]
REFUSING: dict[str, Any] = copy.deepcopy(SCENARIO)
REFUSING["support"]["rules"] = [
    {"when": {"days": {"gt": 30}}, "action": "refuse", "reason": "past 30 days", "say": LINES},
    {"action": "resolve", "say": ["I've refunded order {order_id}."]},
]
SEEDS = range(16)


def _line(text: str) -> int:
    found = [i for i, key in enumerate(KEYS) if key in text]
    assert len(found) == 1, text
    return found[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_first_refusal_gives_the_reason_and_push_back_the_next_line(seed: int) -> None:
    plan = make_plan(seed, days=45, scenario=REFUSING, patience=("low", "high")[seed % 2])
    turns, _ = converse(plan)
    said: list[int] = []
    for i, turn in enumerate(turns):
        if turn.role != "support" or turn.act != a.REFUSE:
            continue
        line = _line(turn.content)
        if not said:
            assert line == 0, turn.content
        elif turns[i - 1].act == a.PUSH_BACK:
            # The next line in order, round to the first after the last: never the same twice.
            assert line == (said[-1] + 1) % len(LINES), [t.content for t in turns]
        else:  # the issue said again: the same answer in the same words
            assert line == said[-1]
        said.append(line)
    assert said, [t.act for t in turns]


class _Insisting:
    """The scripted customer, except that it pushes back on every refusal, up to four times
    (the scripted one pushes back once at most; a bot or an LLM customer may go on)."""

    def __init__(self) -> None:
        self.inner, self.pushes = ScriptedCustomer(), 0

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        if turns and turns[-1].act == a.REFUSE and self.pushes < 4:
            self.pushes += 1
            text = "That's not good enough, I still want my refund."
            return Reply(turn=Turn(role="customer", content=text, act=a.PUSH_BACK), memory=memory)
        if turns and turns[-1].act == a.REFUSE:
            return Reply(
                turn=Turn(role="customer", content="Fine.", act=a.GIVE_UP),
                stop=Outcome(status="abandoned", reason="gave up", ended_by="customer"),
            )
        return await self.inner.respond(plan, turns, memory)


@pytest.mark.parametrize("seed", range(4))
def test_pushed_back_again_and_again_it_says_each_line_once_then_that_it_stands(seed: int) -> None:
    """Each of the rule's lines once, in order; pushed back after the last, support says
    plainly that the decision stands, never a line (or its gist) again (reading s14: support
    repeated its last turn behind "As I mentioned" instead of answering), in new words each
    time."""
    turns, _ = converse(make_plan(seed, days=45, scenario=REFUSING), customer=_Insisting())
    refusals = [t.content for t in turns if t.act == a.REFUSE]
    assert [_line(t) for t in refusals[:3]] == [0, 1, 2], refusals
    assert len(refusals) == 5, refusals
    for text in refusals[3:]:
        assert not any(key in text for key in KEYS), text
        assert "as i said" not in text.lower(), text
    assert len(set(refusals)) == len(refusals), refusals
