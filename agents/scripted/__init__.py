"""The scripted engine: deterministic, offline, seeded roles.

`ScriptedCustomer` (agents.scripted.customer) pursues the scenario's goal in the manner of its
persona; edge cases change what it does. `ScriptedSupport` (agents.scripted.support) follows
the scenario's policy: verify, then apply the first matching rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from scenarios.edge_case_model import EdgeCase

# Edge-case behaviours the scripted customer can enact. A user-defined edge case naming any
# other behaviour is refused when the plan is made, not half-way through a run.
KNOWN_BEHAVIORS: frozenset[str] = frozenset(
    {
        "against_policy",
        "demand_manager",
        "give_up_early",
        "heavy_typos",
        "impatient",
        "multi_issue",
        "off_topic",
        "overshare",
        "prompt_injection",
        "repeat_question",
        "return_to_issue",
        "sarcastic",
        "self_correct",
        "silence",
        "switch_language",
        "vague",
        "withhold",
        "wrong_identifier",
    }
)


class UnknownBehaviorError(ValueError):
    """An edge case names a behaviour the scripted engine does not implement."""


def check_behaviors(edge_cases: Iterable[EdgeCase]) -> None:
    """Raise UnknownBehaviorError, naming the edge case and the fix, for unknown behaviours."""
    for edge in edge_cases:
        if edge.behavior not in KNOWN_BEHAVIORS:
            known = ", ".join(sorted(KNOWN_BEHAVIORS))
            raise UnknownBehaviorError(
                f"edge case '{edge.id}': behavior '{edge.behavior}' has no scripted logic; "
                f"use one of: {known}"
            )


__all__ = ["KNOWN_BEHAVIORS", "UnknownBehaviorError", "check_behaviors"]
