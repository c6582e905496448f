"""Wording: turns a decided move (an `Utterance`) into human-sounding text.

The dialogue logic (agents/scripted) decides *what* a role does; this package decides *how it
reads*: phrase banks, persona tone, verbosity and writing quirks. Fact values are never altered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from personas import Persona


@dataclass(frozen=True)
class Utterance:
    """A move to word. `content` is scenario-authored text (already rendered) to carry."""

    role: str  # "customer" | "support"
    act: str  # an act constant from agents.types
    facts: dict[str, str] = field(default_factory=dict)  # label -> value ("" when requesting)
    content: str | None = None
    edge_case: str | None = None
    turn_index: int = 0


def realize(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    """Placeholder wording (being replaced by the phrase-bank implementation)."""
    parts = [u.content or u.act]
    parts += [f"{label}: {value}" if value else f"your {label}?" for label, value in u.facts.items()]
    return " ".join(parts)
