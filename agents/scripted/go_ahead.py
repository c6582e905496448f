"""The scripted customer asked for its go-ahead ("It costs a 15 EUR fee. Shall I go ahead?").

Most customers say yes; some say no, more often the less patient and the heated ones, who
take a fee or a catch as a reason to leave things as they are. Drawn from the turn's seeded
randomness, so a plan always answers the same way. The question is recognised by its act
(convsim's support) or its words (agents.understanding.confirm), so an LLM or a bot asking
in its own wording gets the same answer.
"""

from __future__ import annotations

from agents import types as a
from agents.scripted.common import Move
from agents.scripted.state import Ctx
from agents.types import Turn
from agents.understanding import SupportReading
from agents.understanding.confirm import asks_to_confirm

# Chance of saying no, by patience; a heated tone adds HOT_NO.
DECLINE = {"low": 0.3, "medium": 0.15, "high": 0.08}
HOT_NO = 0.1
HESITATE = 0.12  # chance of first asking back ("is that really necessary?"), once


def is_question(
    last: Turn, act: str, slots: dict[str, str], reading: SupportReading | None
) -> bool:
    """Support's turn asks for the go-ahead: its act says so, or (a turn without one) its words
    do, and it neither claims the action done, hands over, nor asks for named details."""
    if last.act is not None:
        return last.act == a.CONFIRM
    if act in (a.ESCALATE, a.VERIFY_FAILED) or (act == a.REQUEST_INFO and slots):
        return False
    if reading is not None and (reading.claims or reading.hands_over):
        return False
    return asks_to_confirm(last.content)


def answer(cx: Ctx) -> Move:
    """Yes (ACCEPT) or no (PUSH_BACK), worded as an answer to the question (`@confirm`);
    now and then a question back first, answered once support asks again."""
    persona = cx.persona
    chance = DECLINE.get(persona.patience, DECLINE["medium"]) + (HOT_NO if cx.hot() else 0.0)
    st = cx.st
    st.last_support = a.CONFIRM
    if st.last_act == a.ASK:  # asked again after asking back: now it answers
        st.question = ""
    elif cx.rng.random() < HESITATE:
        return Move(a.ASK)  # worded as asking back (`ask_bare@confirm`)
    if cx.rng.random() < chance:
        return Move(a.PUSH_BACK)
    return Move(a.ACCEPT)
