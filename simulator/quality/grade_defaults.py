"""What `convsim grade` fills in for fields the transcript contract leaves out.

The contract's outcome is `status` and `reason`; a user's own logs have no `ended_by`, and a
persona they write has no convsim id or only some traits. Those are accepted and the rest
defaulted, so grading asks no more of a record than the contract does.
"""

from __future__ import annotations

from typing import Any

from personas import Persona

ENDED_BY = {"resolved": "customer", "abandoned": "customer", "escalated": "support",
            "max_turns": "limit", "error": "system"}  # fmt: skip


def with_ended_by(outcome: Any) -> Any:
    """The outcome with `ended_by` derived from its status when missing."""
    if not isinstance(outcome, dict) or "ended_by" in outcome:
        return outcome
    return {**outcome, "ended_by": ENDED_BY.get(str(outcome.get("status")), "system")}


def with_persona_defaults(persona: Any, unknown: Persona) -> Any:
    """The persona over `unknown`'s fields (its identity merged field by field)."""
    if not isinstance(persona, dict):
        return persona
    base = unknown.model_dump(mode="json")
    identity = persona.get("identity", {})
    if isinstance(identity, dict):
        identity = {**base["identity"], **identity}
    return {**base, **persona, "identity": identity}
