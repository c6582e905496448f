"""The scripted customer asked for its go-ahead ("It costs a 15 EUR fee. Shall I go ahead?").

Most customers say yes; some say no, more often the less patient and the heated ones, who
take a fee or a catch as a reason to leave things as they are. Without a catch in the question
(a plain "Proceed?" on the very thing the customer asked for) the answer is yes: saying no to
its own goal would fail the support side for the simulator's whim. Drawn from the turn's seeded
randomness, so a plan always answers the same way. The question is recognised by its act
(convsim's support) or its words (agents.understanding.confirm), so an LLM or a bot asking
in its own wording gets the same answer. A question that reads one of the customer's details
back wrong (agents.scripted.readback) is answered no, with the right value, never yes.
"""

from __future__ import annotations

import re

from agents import types as a
from agents.scripted.common import Move
from agents.scripted.readback import misread_fact
from agents.scripted.state import Ctx
from agents.types import ConversationPlan, Turn
from agents.understanding import SupportReading
from agents.understanding.acts import mentioned_facts
from agents.understanding.confirm import confirm_questions
from agents.understanding.languages import fold

_QUESTION = re.compile(r"[^.!?¿¡]*[?]")
# A catch in what it is asked to agree to (a fee, a charge, a loss, a wait, a condition): the
# only reason a customer says no to the very thing it came for. Without one ("A full refund
# of $46, order W2040857. Proceed?") the answer is its goal's: yes. Folded text, 5 languages.
_CATCH = re.compile(
    r"\b(?:fee|fees|charge[sd]?|cost[s]?|pay|penalty|non-?refundable|lose|forfeit|only|but|"
    r"however|instead|wait|deduct\w*|"
    r"tarifa|cargo|coste|costo|cuest\w+|cobr\w+|pagar|penali\w+|perder|solo|pero|"
    r"sin embargo|esperar|"
    r"frais|cout\w*|payer|perdre|seulement|mais|cependant|attendre|"
    r"gebuhr\w*|kostet|kosten|zahlen|verlier\w*|nur|aber|jedoch|warten|"
    r"taxa|custo|custa\w*|cobra\w*|perde\w*|somente|porem|esperar)\b"
)
# "Free of charge", "sin coste", "kostenlos": the words of a catch, saying there is none.
_FREE = re.compile(
    r"\b(?:free(?: of charge)?|(?:at )?no (?:extra |additional )?(?:cost|charge|fee)s?|"
    r"without (?:a )?(?:charge|fee)|gratis|gratuit\w*|sin (?:coste|costo|cargo)\w*|"
    r"sans (?:frais|cout)\w*|kostenlos\w*|kostenfrei\w*|gebuhrenfrei\w*|ohne kosten|"
    r"sem (?:custo|taxa|cobranca)\w*)\b"
)
# Chance of saying no, by patience; a heated tone adds HOT_NO.
DECLINE = {"low": 0.3, "medium": 0.15, "high": 0.08}
HOT_NO = 0.1
HESITATE = 0.12  # chance of first asking back ("is that really necessary?"), once


def is_question(
    last: Turn,
    act: str,
    slots: dict[str, str],
    reading: SupportReading | None,
    plan: ConversationPlan,
) -> bool:
    """Support's turn asks for the go-ahead: its act says so, or (a turn without one) its words
    do, and it neither claims the action done, hands over, nor asks for named details."""
    if last.act is not None:
        return last.act == a.CONFIRM
    if act in (a.ESCALATE, a.VERIFY_FAILED):
        return False
    if reading is not None and (reading.claims or reading.hands_over):
        return False
    questions = confirm_questions(last.content)
    if act == a.REQUEST_INFO and slots:
        # "Reason: no longer needed. Shall I cancel it?": the details named are read back,
        # not asked for, when the question that asks leave names none of them.
        # A question of its own for one of them ("What's the reason? Shall I cancel?") asks.
        others = [q for q in _QUESTION.findall(last.content) if q.strip() not in questions]
        return bool(questions) and not any(
            f in slots for q in [*questions, *others] for f in mentioned_facts(q, plan)
        )
    return bool(questions)


def answer(cx: Ctx) -> Move:
    """Yes (ACCEPT) or no (PUSH_BACK), worded as an answer to the question (`@confirm`);
    now and then a question back first, answered once support asks again."""
    persona = cx.persona
    chance = DECLINE.get(persona.patience, DECLINE["medium"]) + (HOT_NO if cx.hot() else 0.0)
    st = cx.st
    st.last_support = a.CONFIRM
    wrong = misread_fact(cx.plan.scenario, dict(cx.plan.variables), cx.last)
    if wrong is not None and wrong in cx.knows:
        st.given[wrong] = cx.knows[wrong]
        return Move(a.INFORM, {wrong: cx.knows[wrong]})  # "No: ...", worded `inform@confirm`
    if st.last_act == a.ASK:  # asked again after asking back: now it answers
        st.question = ""
    elif cx.rng.random() < HESITATE:
        return Move(a.ASK)  # worded as asking back (`ask_bare@confirm`)
    if cx.rng.random() < chance and _CATCH.search(_FREE.sub(" ", fold(cx.last))):
        return Move(a.PUSH_BACK)
    return Move(a.ACCEPT)
