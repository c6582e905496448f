"""The scripted customer against support wording unlike convsim's own (formal, terse, chatty,
with typos), as a bot under test writes it: it understands other names for the facts it holds,
answers what was asked, notices an answer to its question, waits out a holding message
once, and never sends its opening again word for word."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from test_scripted_dialogue import EMAIL, ORDER, SCENARIO, converse, make_plan

from agents import types as a
from agents.scripted.customer import ScriptedCustomer
from agents.types import ConversationPlan, Reply, Turn

# The scenario calls it "order ID": a bot saying "order number" must still be understood.
ORDER_ID_SCENARIO: dict[str, Any] = copy.deepcopy(SCENARIO)
ORDER_ID_SCENARIO["customer"]["labels"] = {"order_id": "order ID"}


def plan(seed: int = 1, **persona: str) -> ConversationPlan:
    return make_plan(seed, scenario=ORDER_ID_SCENARIO, **persona)


def reply_to(text: str, memory: Mapping[str, Any] | None = None, seed: int = 1) -> Turn:
    p = plan(seed)
    turns = [Turn(role="customer", content="My kettle arrived cracked.", act=a.OPEN)]
    turns.append(Turn(role="support", content=text))
    memory = {"stated": True, "openings": [0], **(memory or {})}
    return asyncio.run(ScriptedCustomer().respond(p, turns, memory)).turn


@pytest.mark.parametrize(
    "text",
    [
        "Kindly furnish the order reference so that I may locate your purchase.",  # formal
        "order #?",  # terse
        "oh nooo so sorry!! could u pop over the number from your order confirmation so I "
        "can take a peek?",  # chatty
        "whats teh order no. plz",  # typos
        "To proceed I require the order number.",
    ],
)
def test_gives_the_fact_asked_for_under_another_name(text: str) -> None:
    turn = reply_to(text)
    assert turn.act == a.INFORM and turn.slots.get("order_id") == ORDER, turn
    assert ORDER in turn.content


def test_answers_what_was_asked_and_only_that() -> None:
    turn = reply_to("Could you confirm the e-mail address on file, please?")
    assert turn.act == a.INFORM and turn.slots == {"email": EMAIL}, turn


def test_a_question_about_an_unknown_fact_gets_an_honest_no() -> None:
    given = {"given": {"order_id": ORDER, "email": EMAIL}}
    turn = reply_to("And what is the serial printed under the base?", given)
    assert turn.act == a.INFORM and turn.slots == {}, turn
    assert "kettle arrived cracked" not in turn.content.casefold()


@pytest.mark.parametrize(
    "text",
    [
        "Would you mind outlining the issue for me once more?",
        "sorry, what seems to be wrong with it exactly?",
        "Please explain what the situation is.",
    ],
)
def test_asked_about_its_issue_it_says_the_issue(text: str) -> None:
    """A request that names no fact but the case itself, after every fact was given, is
    answered with the issue, not with "I don't know"; twice at most."""
    given = {"given": {"order_id": ORDER, "email": EMAIL}}
    turn = reply_to(text, given)
    assert turn.act == a.INFORM and turn.slots == {}, turn
    assert "kettle" in turn.content.casefold(), turn


def test_asked_about_its_issue_a_third_time_it_has_nothing_more() -> None:
    given = {"given": {"order_id": ORDER, "email": EMAIL}, "unnamed_asks": 2}
    spent = reply_to("Would you mind outlining the issue for me once more?", given)
    assert spent.act == a.INFORM and "kettle" not in spent.content.casefold(), spent


def test_an_answered_question_is_taken_in_not_restated() -> None:
    memory = {"question": "refund_timing", "last_act": a.ASK}
    turn = reply_to("It normally shows up on the card within five working days.", memory)
    assert turn.act == a.ACCEPT, turn


def test_a_holding_message_is_waited_out_once() -> None:
    turn = reply_to("One moment please, let me look into that for you.")
    assert turn.act == a.ACCEPT and turn.slots == {}, turn


class TextBot:
    """A support side that only writes text, the way a bot under test does."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = list(texts)

    async def respond(
        self, plan: ConversationPlan, turns: Sequence[Turn], memory: Mapping[str, Any]
    ) -> Reply:
        n = int(memory.get("n", 0))
        text = self.texts[min(n, len(self.texts) - 1)]
        return Reply(turn=Turn(role="support", content=text), memory={"n": n + 1})


def _customer_texts(turns: Sequence[Turn]) -> list[str]:
    return [" ".join(t.content.split()).casefold() for t in turns if t.role == "customer"]


@pytest.mark.parametrize("seed", range(8))
def test_never_sends_the_same_message_twice_to_an_unhelpful_bot(seed: int) -> None:
    bot = TextBot(["Hello there.", "I see.", "Right.", "Hmm, okay.", "Understood."])
    turns, outcome = converse(plan(seed, patience="high"), support=bot)
    said = [t for t in _customer_texts(turns) if len(t) >= 16]
    assert len(said) == len(set(said)), said
    assert outcome.status in ("abandoned", "max_turns")


@pytest.mark.parametrize("seed", range(6))
def test_a_stalling_bot_costs_patience(seed: int) -> None:
    bot = TextBot(["Hi! One moment please.", "Still checking...", "Bear with me.",
                   "Just a sec, looking into it."])  # fmt: skip
    turns, outcome = converse(plan(seed, patience="low"), support=bot)
    assert outcome.status == "abandoned" or any(
        t.act == a.REQUEST_ESCALATION for t in turns if t.role == "customer"
    )
    assert sum(t.role == "customer" for t in turns) < ORDER_ID_SCENARIO["max_turns"]


@pytest.mark.parametrize("seed", range(6))
def test_a_correct_bot_in_its_own_words_gets_the_facts_and_a_thank_you(seed: int) -> None:
    bot = TextBot([
        "Good day. So that I can look into this, may I have the order # please?",
        "Thank you. And the e-mail on the account?",
        "Many thanks - the reimbursement has been processed to your original payment method.",
        "Is there anything further I can assist with?",
    ])  # fmt: skip
    turns, outcome = converse(plan(seed), support=bot)
    customer = [t for t in turns if t.role == "customer"]
    given = {k: v for t in customer for k, v in t.slots.items()}
    assert given.get("order_id") == ORDER and given.get("email") == EMAIL
    assert outcome.status == "resolved", [t.content for t in turns]
