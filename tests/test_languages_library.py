"""The built-in library in five languages: every scenario with a world (tools and records)
plays in es/fr/de/pt as well as English, the banks have a word for every tool the library's
domains offer, and what a non-English customer says never falls back to English wording."""

from __future__ import annotations

import random

import pytest
import yaml

from agents.phrasing import LANGUAGES
from agents.phrasing.local_bank import bank
from agents.phrasing.localized import _lead_in
from agents.planner import Planner
from agents.scripted.state import _schedule
from agents.scripted.tool_words import Words as _Words
from agents.scripted.tool_words import noun_of as _noun
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios

SCENARIOS = load_scenarios([builtin_library()])
FIVE = {"en", *LANGUAGES}


def test_the_library_plays_its_scenarios_in_five_languages() -> None:
    five = [s.id for s in SCENARIOS if s.languages() >= FIVE]
    assert len(five) * 3 >= len(SCENARIOS)  # the floor: a third of the library
    worlds = [s.id for s in SCENARIOS if s.world]
    assert worlds and set(worlds) <= set(five)  # tool conversations happen in every language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_library_tool_has_a_noun_in_the_bank(language: str) -> None:
    nouns = bank(language).tools["nouns"]
    for path in sorted((builtin_library() / "domains").glob("*.yaml")):
        for tool in yaml.safe_load(path.read_text(encoding="utf-8"))["tools"]:
            name = tool["name"]
            if name.startswith("transfer_to_human"):
                continue
            for writes in (False, True):
                key = _noun(name, writes).replace(" ", "_")
                assert key in nouns or key.split("_")[-1] in nouns, (language, name, key)


def test_a_status_the_bank_knows_is_said_in_the_language() -> None:
    said = _Words("de").say("found", random.Random(0), noun="card", status="blocked")
    assert "sie ist gesperrt" in said and "blocked" not in said and "„" not in said


@pytest.mark.parametrize(
    ("language", "lead", "text", "expected"),
    [
        (
            "es",
            "Sé que las normas son las normas, pero",
            "Pero eso no tiene sentido.",
            "Sé que las normas son las normas, pero eso no tiene sentido.",
        ),
        (
            "fr",
            "Les règles sont les règles, d'accord, mais",
            "Bonjour, mais ça n'a aucun sens.",
            "Bonjour, les règles sont les règles, d'accord, mais ça n'a aucun sens.",
        ),
        (
            "de",
            "Regeln sind Regeln, schon klar, aber",
            "Aber gut.",
            "Regeln sind Regeln, schon klar, aber gut.",
        ),
    ],
)
def test_a_lead_that_ends_on_a_conjunction_does_not_say_it_twice(
    language: str, lead: str, text: str, expected: str
) -> None:
    assert _lead_in(bank(language), lead, text) == expected


def test_a_non_english_side_question_is_about_a_topic_with_lines_in_the_language() -> None:
    """Only a flow beat words a question in the persona's language: the edge cases that ask
    one (a repeated question, a second issue) pick such a topic or none, never one that
    would be named in English."""
    edges = load_edge_cases()
    asked = 0
    for scenario in SCENARIOS:
        in_flow = {b.asks for b in scenario.flow if b.asks}
        planner = Planner(5, [scenario], edges)
        for i in range(60):
            plan = planner.plan(i)
            if plan.persona.language == "en":
                continue
            for timing in _schedule(plan):
                assert timing.topic is None or timing.topic in in_flow, (scenario.id, timing)
                asked += timing.topic is not None
    assert asked  # the edges still ask where the flow gives the words
