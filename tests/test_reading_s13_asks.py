"""Support's requests and hand-overs and the all-caps quirk, reading s13 and walkthrough 9
(the studio newcomer):

- a security ask that ends with "!" ("For security reasons, I'll have to ask for your
  account number!");
- "Would you also tell me your X?" when X was asked before and not given;
- a promise nobody wrote ("A specialist will follow up within a day or two!", "Man meldet sich
  noch heute bei Ihnen."): support promises no time or channel of its own;
- the all-caps quirk on about two thirds of an all-caps persona's turns, and typos that put
  lower-case letters into words typed in capitals.
"""

from __future__ import annotations

import asyncio
import random
import re
from typing import Any

import pytest
from test_support_coherence import DOMAIN, OPEN, said
from tool_domain import refund_plan

from agents import types as a
from agents.phrasing import Utterance, realize
from agents.phrasing.style import apply_quirks
from agents.scripted.support import ScriptedSupport
from agents.tools import Desk
from agents.types import Turn

LANGS = ("en", "de", "es", "fr", "pt")
_SECURITY = re.compile(r"(?i)security|verif|safety|check")


@pytest.mark.parametrize("edge", [None, "verify", "more", "details"])
def test_a_request_for_details_never_ends_with_an_exclamation(edge: str | None) -> None:
    for seed in range(300):
        u = Utterance(
            role="support",
            language="en",
            act=a.REQUEST_INFO,
            facts={"account number": "", "security PIN": ""},
            edge_case=edge,
            domain="telecom",
        )
        text = realize(u, None, random.Random(seed))
        assert not text.rstrip().endswith("!"), text
        for sentence in re.findall(r"[^.!?]+[.!?]", text):
            assert not (_SECURITY.search(sentence) and sentence.endswith("!")), text


def _conversation(customer: list[Turn], seed: int) -> list[Turn]:
    plan = refund_plan(seed, "ORD-10001")
    desk = Desk(DOMAIN.new_state())
    turns: list[Turn] = []
    memory: dict[str, Any] = {}
    for turn in customer:
        turns.append(turn)
        reply = asyncio.run(ScriptedSupport().respond(plan, turns, memory, desk))
        turns.extend(desk.take())
        turns.append(reply.turn)
        memory = reply.memory
    return turns


@pytest.mark.parametrize("seed", range(1, 41))
def test_a_detail_asked_again_is_not_asked_for_also(seed: int) -> None:
    order_only = said(a.INFORM, "It's ORD-10001.", order_id="ORD-10001")
    stall = said(a.INFORM, "Hang on, I'm looking for it.")
    turns = _conversation([OPEN, order_only, stall, stall], seed)
    asks = [t for t in turns if t.role == "support" and t.act == a.REQUEST_INFO]
    seen: set[str] = set()
    for turn in asks:
        again = set(turn.slots) <= seen
        if again:
            assert not re.search(r"(?i)\balso\b", turn.content), [t.content for t in asks]
        seen |= set(turn.slots)


_PROMISE = re.compile(
    r"(?i)within (?:24 hours|one business day|a day or two|the hour)|by email|noch heute|"
    r"per E-Mail|hoy mismo|por correo|aujourd'hui même|par e-mail|ainda hoje|por e-mail"
)


@pytest.mark.parametrize("language", LANGS)
@pytest.mark.parametrize("edge", [None, "request_escalation", "push_back"])
def test_a_hand_over_promises_no_time_or_channel_nobody_wrote(
    language: str, edge: str | None
) -> None:
    for seed in range(200):
        u = Utterance(
            role="support",
            language=language,
            act=a.ESCALATE,
            content="",
            after=edge,
            domain="telecom",
        )
        text = realize(u, None, random.Random(seed))
        assert not _PROMISE.search(text), text


def test_an_all_caps_writer_writes_every_turn_in_capitals() -> None:
    for seed in range(200):
        segments = [("I need my order refunded, it came broken", False)]
        out = apply_quirks(segments, ["all_caps", "typos"], "angry", random.Random(seed))
        text = "".join(t for t, _ in out)
        assert not re.search(r"[a-z]", text), text


def test_a_hurried_message_from_an_all_caps_writer_stays_in_capitals() -> None:
    from agents.phrasing.style import heavy_typos

    for seed in range(100):
        segments = apply_quirks(
            [("where is my parcel, it was due monday", False)],
            ["all_caps"],
            "angry",
            random.Random(seed),
        )
        out = heavy_typos(segments, random.Random(seed), shouts=True)
        text = "".join(t for t, _ in out)
        assert not re.search(r"[a-z]", text), text
