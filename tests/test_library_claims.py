"""convsim's own support says only what it did. Reading s16 found the card-dispute scenario's
scripted support saying "I've blocked the card ending 4330 and ordered a replacement" in 42 of
78 conversations that never called `block_card` (the scenario's only write is
`dispute_transaction`), training data that teaches a bot to claim writes it did not make. The
policy now leaves blocking to the lost-card procedure, and no line says it happened."""

from __future__ import annotations

import asyncio
import re

from agents.critic import grade
from agents.planner import Planner
from agents.scripted.customer import ScriptedCustomer
from agents.scripted.support import ScriptedSupport
from agents.tools import default_world
from scenarios.edge_cases import load_edge_cases
from scenarios.loader import builtin_library, load_scenarios
from simulator.run.graph import build_graph, run_conversation

# "blocked", "bloqueado/bloqueei", "bloqué(e)", "gesperrt", in the five languages
_BLOCKED = re.compile(r"(?i)\b(blocked|bloquead[ao]|bloqueei|bloqu[ée]e?|gesperrt)\b")


def test_dispute_support_never_says_it_blocked_a_card_it_did_not_block() -> None:
    (scenario,) = load_scenarios([builtin_library() / "banking" / "dispute-unknown-charge.yaml"])
    planner = Planner(11, [scenario], load_edge_cases())
    graph = build_graph(ScriptedCustomer(), ScriptedSupport(), grade, world=default_world)
    languages: set[str] = set()
    resolved = 0
    for i in range(40):
        plan = planner.plan(i)
        turns, outcome, _ = asyncio.run(run_conversation(graph, plan))
        languages.add(plan.persona.language)
        resolved += outcome.status == "resolved"
        blocked = False
        for turn in turns:
            if turn.role != "support":
                continue
            blocked |= any(c.name == "block_card" for c in turn.tool_calls or ())
            assert blocked or not _BLOCKED.search(turn.content), (i, turn.content)
    assert resolved >= 10 and len(languages) >= 3, (resolved, languages)
