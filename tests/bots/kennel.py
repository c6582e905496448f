"""A boarding-kennel bot for the hand-over tests (tests/test_actless15_handover.py).

It returns plain text (never a `handoff` flag) and hands a customer who asks for a person
over by calling the domain's transfer tool (`escalate_to_duty_manager`, tests/data/kennel).
Each callable says different words around that call; the call is the same, so every one of
them hands over:

- `kennel_done`: "Sure. I've transferred you to our duty manager." (a past-tense report of
  the transfer, which a reader of claims must not take for a write);
- `kennel_moved`: "Right you are, the duty manager has your case now and will message you.";
- `kennel_brief`: "Done, over to the duty manager." (an opening "Done" that, beside a
  transfer, reports the transfer).
"""

from __future__ import annotations

import json
import re
from typing import Any

STAY = re.compile(r"\bKN-?\d{4}\b", re.IGNORECASE)
PERSON = re.compile(
    r"manager|supervisor|human|\bperson\b|someone (?:else|senior|in charge|real)|real agent|"
    r"\bboss\b|representative|actual people|live agent|escalat",
    re.IGNORECASE,
)
YES = re.compile(r"\b(?:yes|yeah|yep|sure|ok(?:ay)?|go ahead|please do|do it|fine)\b", re.I)
NO = re.compile(r"\b(?:no|nope|don'?t|not now|leave it|rather not|not yet)\b", re.IGNORECASE)
WORDS = {
    "done": "Sure. I've transferred you to our duty manager.",
    "moved": "Right you are, the duty manager has your case now and will message you.",
    "brief": "Done, over to the duty manager.",
}


def _said(messages: list[dict[str, str]]) -> str:
    return " ".join(m["content"] for m in messages if m["role"] == "user")


def _reply(words: str, messages: list[dict[str, str]], tools: Any) -> str:
    last = messages[-1]["content"]
    if PERSON.search(last):
        tools["escalate_to_duty_manager"](note="The owner asked for a person.")
        return words
    found = STAY.search(_said(messages))
    if found is None:
        return "Happy to sort that. What's the stay number, and your pet's name?"
    stay_id = found.group(0).upper().replace("KN", "KN-").replace("--", "-")
    row = tools["find_stay"](stay_id=stay_id)
    if tools["find_stay"].last_error:
        return f"I can't find a stay {stay_id}. Could you check the number?"
    stay = json.loads(row)
    if stay["pet_name"].lower() not in _said(messages).lower():
        return "Thanks. And what's your pet's name?"
    if stay["deposit_paid"]:
        return f"The deposit on stay {stay_id} is already paid; nothing to do."
    asked = len(messages) > 1 and "Shall I charge" in messages[-2]["content"]
    if asked and YES.search(last) and not NO.search(last):
        tools["take_deposit"](stay_id=stay_id)
        return f"Done: the {stay['deposit']:.2f} deposit on stay {stay_id} is paid."
    if asked and NO.search(last):
        return "No problem, I'll leave the deposit for now."
    return (
        f"Found it: {stay['pet_name']}, {stay['nights']} nights. The deposit is "
        f"{stay['deposit']:.2f}. Shall I charge it to the card you booked with?"
    )


def kennel_done(messages: list[dict[str, str]], tools: Any) -> str:
    return _reply(WORDS["done"], messages, tools)


def kennel_moved(messages: list[dict[str, str]], tools: Any) -> str:
    return _reply(WORDS["moved"], messages, tools)


def kennel_brief(messages: list[dict[str, str]], tools: Any) -> str:
    return _reply(WORDS["brief"], messages, tools)
