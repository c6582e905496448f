"""Reading turns that carry no dialogue act: text from an LLM, a real bot or a person.

- `agents.understanding.support`: `read_support(text, plan) -> SupportReading`, what a
  support turn did (asked for which facts, claimed or offered which action, refused, handed
  over, answered, stalled, greeted, closed; or undecided). Used by the checks and the
  scripted customer.
- `agents.understanding.facts`: which of a scenario's facts a text names, by any wording.
- `agents.understanding.acts`: the dialogue act of a turn for the scripted roles, and the
  customer-side cues (injection, language, escalation requests).
"""

from __future__ import annotations

from agents.understanding.acts import (
    INJECTION,
    authored_act,
    chitchat_kind,
    customer_act_from_text,
    extract_facts,
    foreign_language,
    knowledge_topic,
    mentioned_facts,
    support_act_from_text,
)
from agents.understanding.support import SupportReading, read_support

__all__ = [
    "INJECTION",
    "SupportReading",
    "authored_act",
    "chitchat_kind",
    "customer_act_from_text",
    "extract_facts",
    "foreign_language",
    "knowledge_topic",
    "mentioned_facts",
    "read_support",
    "support_act_from_text",
]
