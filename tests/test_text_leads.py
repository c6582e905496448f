"""Leads that claim something about the conversation must hold where they stand (issue #14,
reading s9): a rephrase lead only before words that differ from the last answer, no
progress lead ("Almost there") in support's first reply, and a fact about who is writing
said of oneself ("I'm an account holder"), never pasted under its form label ("the account
role is account holder") nor introduced as if read off a document ("Just checked")."""

from __future__ import annotations

import asyncio
import copy
import random
import re
from typing import Any

import pytest
from test_scripted_dialogue import SCENARIO, make_plan

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing import facts as fx
from agents.scripted.support import ScriptedSupport
from agents.types import ConversationPlan, Turn

_REPHRASES = re.compile(r"(?i)another way|wasn't clear|is that clearer")
_POINTS_BACK = re.compile(r"(?i)just above|last message|same (?:answer|as)")
_PROGRESS = re.compile(r"(?i)\b(almost there|one more thing|also need|next,)")


def _scenario(answers: list[str]) -> dict[str, Any]:
    sc = copy.deepcopy(SCENARIO)
    sc["support"]["knowledge"][0]["answer"] = answers
    return sc


def _ask_twice(plan: ConversationPlan) -> tuple[str, str]:
    """Support's two answers to the same question asked twice in a row."""
    support = ScriptedSupport()
    turns = [Turn(role="customer", content="My kettle arrived cracked.", act=a.OPEN)]
    memory: dict[str, Any] = {}
    said: list[str] = []
    for text in ("", "How long will the refund take?", "Sorry, how long will the refund take?"):
        if text:
            ask = Turn(role="customer", content=text, act=a.ASK, slots={"topic": "refund_timing"})
            turns.append(ask)
        reply = asyncio.run(support.respond(plan, turns, memory))
        memory = dict(reply.memory)
        turns.append(reply.turn)
        said.append(reply.turn.content)
    return said[1], said[2]


@pytest.mark.parametrize("seed", range(40))
def test_one_answer_said_again_claims_no_rephrase(seed: int) -> None:
    plan = make_plan(seed, scenario=_scenario(["Refunds reach your card within 5 days."]))
    first, again = _ask_twice(plan)
    # The one answer is said again or pointed to (text5, reading s16: a one-sentence answer
    # asked again right after is not pasted word for word), never claimed as put another way.
    assert "5 days" in first, first
    assert "5 days" in again or _POINTS_BACK.search(again), (first, again)
    assert not _REPHRASES.search(again), again


@pytest.mark.parametrize("seed", range(40))
def test_an_answer_asked_again_is_put_another_way(seed: int) -> None:
    lines = ["Refunds reach your card within 5 days.", "Expect the money back in 5 days."]
    plan = make_plan(seed, scenario=_scenario(lines))
    first, again = _ask_twice(plan)
    keys = ("reach your card", "money back")
    said = [k for k in keys if k in first]
    assert len(said) == 1, first
    assert said[0] not in again and any(k in again for k in keys), (first, again)


def _support(act: str, first_reply: bool, seed: int, **kw: Any) -> str:
    u = Utterance(
        role="support", act=act, facts={"shipping destination": ""}, first_reply=first_reply,
        turn_index=1, after=a.ASK, after_text="Do you do next-day delivery?", **kw,
    )  # fmt: skip
    return realize(u, None, random.Random(seed))


@pytest.mark.parametrize("flavor", ["details", "question"])
def test_no_progress_lead_opens_a_conversation(flavor: str) -> None:
    first = [_support(a.REQUEST_INFO, True, s, edge_case=flavor) for s in range(300)]
    assert not [t for t in first if _PROGRESS.search(t)], [t for t in first if _PROGRESS.search(t)]
    later = {_support(a.REQUEST_INFO, False, s, edge_case="details") for s in range(300)}
    assert any("Almost there" in t for t in later)  # the lead is kept where it fits


def test_the_first_reply_after_a_greeting_is_still_the_first() -> None:
    plan = make_plan(1)
    support = ScriptedSupport()
    hello = asyncio.run(support.respond(plan, [], {}))
    turns = [hello.turn, Turn(role="customer", content="My kettle arrived cracked.")]
    seen: set[str] = set()
    for seed in range(40):
        p = make_plan(seed)
        reply = asyncio.run(support.respond(p, turns, hello.memory))
        seen.add(reply.turn.content)
    assert not [t for t in seen if _PROGRESS.search(t)], seen


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("account holder", "I'm an account holder"),
        ("authorised user", "I'm an authorised user"),
        ("not on the account", "I'm not on the account"),
        ("the owner", "I'm the owner"),
    ],
)
def test_a_role_is_said_of_oneself(value: str, said: str) -> None:
    texts = {fx.customer_facts({"account role": value}, random.Random(s)) for s in range(60)}
    assert said in texts
    for text in texts:
        # never the label as a form's field ("account role: account holder", reading s17)
        assert text in (said, value), text
    many = {
        fx.customer_facts(
            {"role on the account": value, "account number": "AC-1"}, random.Random(s)
        )
        for s in range(60)
    }
    assert not [t for t in many if re.search(r"(?i)role (on the account )?(is|are) ", t)], many


def test_facts_known_by_heart_are_not_looked_up() -> None:
    assert fx.by_heart({"account role": "account holder"})
    assert fx.by_heart({"reason for cancelling": "I found a cheaper deal"})
    assert not fx.by_heart({"order number": "ORD-1"})
    assert not fx.by_heart({"account role": "account holder", "order number": "ORD-1"})
    looked = re.compile(r"(?i)found it|just checked|got it here|let me look|confirmation|receipt")
    for seed in range(300):
        u = Utterance(
            role="customer", act=a.INFORM, facts={"account role": "account holder"},
            after=a.REQUEST_INFO, after_text="Could you tell me your account role?", turn_index=3,
        )  # fmt: skip
        text = realize(u, None, random.Random(seed))
        assert not looked.search(text), text


def test_a_push_back_says_how_long_once() -> None:
    from agents.phrasing.customer import BANK as CUSTOMER

    slots = {"content": "It broke.", "content_lc": "it broke"}
    said = {CUSTOMER.render("push_reason", slots, random.Random(s)) for s in range(3000)}
    assert any("long-time customer" in t for t in said)
    assert not [t for t in said if re.search(r"(?i)always been an? long-time", t)]
