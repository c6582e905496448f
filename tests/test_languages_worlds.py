"""Scenarios with a world play in the persona's language: what support says about its tool
results (lookups found, a status changed, a refusal) is worded by the language's bank; the
records and the tool calls are the same whatever the language."""

from __future__ import annotations

import asyncio
import random
import re

import pytest

from agents.checks.customer import detect_language
from agents.critic import grade
from agents.phrasing import LANGUAGES
from agents.phrasing.local_bank import bank
from agents.planner import Planner
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.scripted.tool_words import Words as _Words
from agents.tools import default_world
from agents.types import ConversationPlan, Turn, Verdict
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.run.graph import build_graph, run_conversation

(CANCEL,) = load_scenarios([builtin_library() / "ecommerce" / "cancel-pending-order.yaml"])


def plans(language: str, count: int) -> list[ConversationPlan]:
    planner = Planner(21, [CANCEL], load_edge_cases())
    found = [p for p in (planner.plan(i) for i in range(400)) if p.persona.language == language]
    return [p.model_copy(update={"edge_cases": ()}) for p in found[:count]]


def play(plan: ConversationPlan) -> tuple[list[Turn], Verdict]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=default_world)
    turns, _, verdict = asyncio.run(run_conversation(graph, plan))
    return turns, verdict


def test_tool_result_sentences_per_language() -> None:
    rng = random.Random(0)
    assert _Words("en").say("found", rng, noun="order", status="pending") == (
        "Thanks, I have the order here: it's pending."
    )
    said = {
        code: _Words(code).say("found_plain", random.Random(1), noun="order") for code in LANGUAGES
    }
    assert said == {
        "de": "Ich habe die Bestellung gefunden.",
        "es": "He localizado el pedido.",
        "fr": "J'ai retrouvé la commande.",
        "pt": "Localizei o pedido.",
    }
    # a noun or status the bank does not know: a neutral noun, the status left out (never
    # the record's word quoted, reading s13)
    text = _Words("es").say("found", random.Random(2), noun="gizmo", status="on hold")
    assert "el registro" in text and "on hold" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_world_scenario_plays_in_the_persona_language(language: str) -> None:
    statuses = set(bank(language).tools["statuses"].values())
    for plan in plans(language, 3):
        turns, verdict = play(plan)
        assert any(t.tool_calls for t in turns), plan.persona.language
        replies = [t.content for t in turns if t.role == "support" and t.content]
        assert detect_language(" ".join(replies)) == language, replies
        # a status is said in words of the language, never quoted as a label (reading s13)
        assert not any(re.search(r"«[^»\d]+»|„[^“\d]+“", r) for r in replies), replies
        assert statuses
        assert verdict.label == "ACCEPT", verdict.findings
