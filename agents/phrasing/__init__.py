"""Wording: turns a decided move (an `Utterance`) into human-sounding text.

The dialogue logic (agents/scripted) decides *what* a role does; this package decides *how it
reads*: phrase banks, persona tone, verbosity and writing quirks. Fact values are never altered.
"""

from __future__ import annotations

import random
from dataclasses import replace

from agents import types as acts
from agents.phrasing.acks import declined
from agents.phrasing.customer_voice import realize_customer
from agents.phrasing.local_bank import LANGUAGES
from agents.phrasing.localized import realize_localized
from agents.phrasing.support_voice import realize_support
from agents.phrasing.utterance import Utterance
from personas import Persona

__all__ = ["LANGUAGES", "Utterance", "realize"]


def realize(u: Utterance, persona: Persona | None, rng: random.Random) -> str:
    """The text of one turn. Deterministic for a given `rng` state; cheap (banks are compiled
    at import). `persona` styles customer text; support text ignores it. A language with its
    own bank is written from it (the language-switch edge case keeps its own wording)."""
    if u.role == "customer" and u.after == acts.ANSWER and declined(u.after_text):
        # no "Now I see!" to "I can't tell you more": taken as a refusal is (resigned)
        u = replace(u, after=acts.REFUSE)
    switching = u.role == "customer" and u.edge_case == "switch_language"
    if u.language in LANGUAGES and not switching:
        return realize_localized(u, persona, rng)
    if u.role == "support":
        return realize_support(u, rng)
    return realize_customer(u, persona, rng)
