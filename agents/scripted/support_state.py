"""The scripted support agent's bookkeeping between turns (its reply's `memory`).

Every field is derived from earlier turns; the memory is a plain dict of strings, numbers and
flat lists, so a conversation restored from a record plays on exactly as it would have.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from agents.scripted.common import load_state


@dataclass
class SupportState:
    issue: bool = False  # the customer has said what they want
    verified: list[str] = field(default_factory=list)
    failures: int = 0
    unanswered: dict[str, int] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    decision: str = ""  # "", "resolve", "refuse"
    said: str = ""  # the decision in the rule's words, to restate it consistently
    deescalated: bool = False
    # the customer insisted on a person where the policy verifies before a handover: asked
    # for the missing details first, handed over once they check out
    handover_due: bool = False
    answered: list[str] = field(default_factory=list)
    # each answered topic's last answer, so the same question again is put another way
    answer_said: dict[str, str] = field(default_factory=dict)
    tool_refused: bool = False  # the decision is a tool's refusal, `said` gives its reason
    heard: list[str] = field(default_factory=list)  # facts the customer has said, any way
    # asked for to state or take the decision (agents.scripted.decisive), once per asking
    asked_extra: list[str] = field(default_factory=list)
    heard_vars: list[str] = field(default_factory=list)  # voiced variables the customer said
    confirm: str = ""  # a rule with `confirm`: "asked", "yes" (go ahead) or "no" (declined)
    confirm_said: str = ""  # the go-ahead question last asked, never asked again word for word
    # what the customer asked back about it (confirming.asked_back): "means", "around",
    # "needed" or "why"; the question asked again answers that first
    asked_back: str = ""
    offer: str = ""  # a refusal with `offer`: "offered", "taken" or "declined"
    stood: int = 0  # push-backs met with "I can't change this" once the rule's lines ran out

    @classmethod
    def load(cls, memory: Mapping[str, Any]) -> SupportState:
        return load_state(cls, memory)
