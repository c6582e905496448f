"""No English record value in a conversation held in another language.

The values a conversation draws from its world's records (`record:` variables) and from the
scenario's choices are data written in English; a Spanish customer who reads "tu nivel es
gold" or writes "Account role: account owner" is the bug this guards. The candidates come
from the data itself, not from a list written here: every value a played conversation drew
that reads as words (letters and spaces, a lower-case word of three letters or more; ids,
names, emails and amounts do not). A value is fine in a language when the domain's `display`
or the variable's `translations` say that language writes it the same way, or when the
language's own text (the library's lines in it and its phrase bank) uses it as a word
("active" is French too). Turns that enact the language-switch edge case are left out.
"""

from __future__ import annotations

import asyncio
import random
import re
from functools import cache
from importlib import resources
from typing import Any

import pytest

from agents.critic import grade
from agents.phrasing import LANGUAGES
from agents.planner import Planner
from agents.scripted.common import spoken_variables
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import default_world
from agents.types import ConversationPlan, Turn
from scenarios.domains.loader import domain_for
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from scenarios.model import Scenario
from simulator.run.graph import build_graph, run_conversation

LIBRARY = load_scenarios([builtin_library()])
WORDY = re.compile(r"[A-Za-z][A-Za-z' -]*")
PLANS_PER_LANGUAGE = 3


def _strings_in(node: Any, language: str, inside: bool = False) -> list[str]:
    """Every string of a dumped scenario that sits under the key `language`."""
    if isinstance(node, dict):
        out: list[str] = []
        for key, value in node.items():
            out += _strings_in(value, language, inside or key == language)
        return out
    if isinstance(node, list):
        return [s for item in node for s in _strings_in(item, language, inside)]
    return [node] if inside and isinstance(node, str) else []


@cache
def vocabulary(language: str) -> str:
    """The language's own text, lower-cased: the library's lines in it and its bank."""
    texts = [s for sc in LIBRARY for s in _strings_in(sc.model_dump(), language)]
    folder = resources.files("agents").joinpath(f"phrases/{language}")
    texts += [f.read_text("utf-8") for f in folder.iterdir() if f.name.endswith(".yaml")]
    return "\n".join(texts).lower()


def _occurs(value: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text) is not None


def word_values(plan: ConversationPlan) -> dict[str, str]:
    """The plan's values drawn from records or choices that read as words."""
    out = {}
    for name, value in plan.variables.items():
        var = plan.scenario.variables.get(name)
        if var is None or (var.choice is None and var.record is None):
            continue  # Faker values (names, usernames) and ranges are not English labels
        if WORDY.fullmatch(value) and re.search(r"\b[a-z]{3,}\b", value):
            out[name] = value
    return out


def english_values(plan: ConversationPlan, language: str) -> dict[str, str]:
    """The plan's word values that are English and not this language's."""
    scenario = plan.scenario
    spoken = spoken_variables(plan)
    out = {}
    for name, value in word_values(plan).items():
        if spoken.get(name) == value and _declared_same(scenario, name, value, language):
            continue  # the data says this language writes it the same way
        if _occurs(value.lower(), vocabulary(language)):
            continue
        out[name] = value
    return out


def _declared_same(scenario: Scenario, name: str, value: str, language: str) -> bool:
    var = scenario.variables[name]
    if var.record is not None:
        domain = domain_for(scenario)
        assert domain is not None
        column = var.column or domain.tables[var.record]
        return domain.said_in(var.record, column, value, language) == value
    return var.said_in(value, language) == value


def plans(scenario: Scenario, language: str) -> list[ConversationPlan]:
    planner = Planner(14, [scenario], load_edge_cases())
    rng = random.Random(f"{scenario.id}:{language}")
    out = []
    for i in range(PLANS_PER_LANGUAGE):
        plan = planner.assemble(i, scenario, {"language": [language]}, rng)
        assert plan.persona.language == language
        out.append(plan)
    return out


def play(plan: ConversationPlan) -> list[Turn]:
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=default_world)
    turns, _, _ = asyncio.run(run_conversation(graph, plan))
    return turns


def leaks(plan: ConversationPlan, turns: list[Turn]) -> list[str]:
    values = english_values(plan, plan.persona.language)
    found = []
    for turn in turns:
        if turn.role == "tool" or not turn.content or turn.edge_case == "switch_language":
            continue
        for name, value in values.items():
            if _occurs(value, turn.content):
                found.append(f"{plan.scenario.id} {name}={value!r}: {turn.role}: {turn.content}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_record_value_in_another_language(language: str) -> None:
    found: list[str] = []
    candidates = 0
    for scenario in LIBRARY:
        for plan in plans(scenario, language):
            candidates += len(word_values(plan))
            found += leaks(plan, play(plan))
    assert candidates > 0  # the library draws word values: the scan has something to find
    assert found == [], "\n".join(found[:20])


def test_the_scan_finds_an_english_value() -> None:
    """The check can fail: a record value without a display in the language is found."""
    (scenario,) = [s for s in LIBRARY if s.id == "travel/cancelled-flight-compensation"]
    plan = plans(scenario, "es")[0]
    stored = plan.variables["membership"]
    turn = Turn(role="customer", content=f"Mi nivel de socio es {stored}.")
    domain = domain_for(scenario)
    assert domain is not None
    assert domain.said_in("reservations", "membership", stored, "es") not in (None, stored)
    assert leaks(plan, [turn]) == [
        f"travel/cancelled-flight-compensation membership={stored!r}: customer: "
        f"Mi nivel de socio es {stored}."
    ]
